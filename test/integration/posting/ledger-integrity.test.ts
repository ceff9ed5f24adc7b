import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { LedgerRepository, type LedgerRow } from '../../../src/db/repositories/ledger.repository.js';
import { seedOffice } from './posting-support.js';

// The ledger's references are checked once per statement (not by row-by-row foreign keys): these
// tests make sure that check still refuses what a foreign key would have refused.
describe('ledger references, checked per statement', () => {
  const env = useTestEnv();

  async function office() {
    const em = env.orm.em.fork();
    const seeded = await seedOffice(em, [
      { controlNumber: 'R1', lines: [{ procedure: '99213', chargeCents: 10000 }] },
      { controlNumber: 'R2', lines: [{ procedure: '93000', chargeCents: 5000 }] },
    ]);
    const lines = await em.getConnection().execute<Array<{ id: number; claim_id: number }>>('select id, claim_id from claim_line order by id');
    return { ...seeded, lines };
  }

  function row(over: Partial<LedgerRow>, key: string): LedgerRow {
    return { kind: 'payment', amount_cents: 100, idempotency_key: key, ...over };
  }

  async function insert(rows: LedgerRow[]): Promise<unknown> {
    return env.orm.em.fork().transactional((tx) => new LedgerRepository(tx).addEntries({ source: 'test:1', effectiveDate: '2024-02-01' }, rows)).then(() => undefined, (error: unknown) => error);
  }

  async function ledgerCount(): Promise<number> {
    const [{ n }] = await env.orm.em.fork().getConnection().execute('select count(*)::int as n from ledger_entry');
    return n;
  }

  it('accepts entries whose claim, line and account exist', async () => {
    const { claimIds, lines, accountId } = await office();
    const r1 = claimIds.get('R1')!;
    expect(await insert([
      row({ claim_id: r1, claim_line_id: lines.find((l) => l.claim_id === r1)!.id }, 'k1'),
      row({ kind: 'patient-responsibility', claim_id: r1, account_id: accountId }, 'k2'),
      row({ kind: 'unapplied' }, 'k3'),
    ])).to.equal(undefined);
    expect(await ledgerCount()).to.equal(3);
  });

  for (const [what, make] of [
    ['a claim that does not exist', (o: Awaited<ReturnType<typeof office>>) => row({ claim_id: 999999 }, 'bad')],
    ['a claim line that does not exist', (o: Awaited<ReturnType<typeof office>>) => row({ claim_id: o.claimIds.get('R1')!, claim_line_id: 999999 }, 'bad')],
    ['a line of another claim', (o: Awaited<ReturnType<typeof office>>) => row({
      claim_id: o.claimIds.get('R1')!, claim_line_id: o.lines.find((l) => l.claim_id === o.claimIds.get('R2'))!.id }, 'bad')],
    ['an account that does not exist', (o: Awaited<ReturnType<typeof office>>) => row({ kind: 'patient-responsibility', account_id: 999999 }, 'bad')],
  ] as const) {
    it(`refuses the whole statement when one entry names ${what} (SQLSTATE 23503)`, async () => {
      const o = await office();
      const error = await insert([row({ claim_id: o.claimIds.get('R1')! }, 'good'), make(o)]);
      expect((error as { code?: string }).code).to.equal('23503');
      expect(await ledgerCount()).to.equal(0);
    });
  }

  it('refuses to delete a claim, a claim line or an account that has ledger entries', async () => {
    const { claimIds, lines } = await office();
    const r1 = claimIds.get('R1')!;
    const line = lines.find((l) => l.claim_id === r1)!.id;
    // An account with no patient, so nothing but the ledger refers to it.
    const [{ id: accountId }] = await env.orm.em.fork().getConnection().execute(
      `insert into account (account_number, created_at) values ('A-LONE', now()) returning id`);
    await insert([row({ claim_id: r1, claim_line_id: line }, 'p1'), row({ kind: 'patient-responsibility', claim_id: r1, account_id: accountId }, 'p2')]);
    const connection = env.orm.em.fork().getConnection();
    const outcome = (sql: string, params: unknown[]) => connection.execute(sql, params).then(() => 'deleted', (e: Error) => e.message);
    expect(await outcome('delete from claim_line where id = ?', [line])).to.include('claim_line rows with ledger entries cannot be deleted');
    expect(await outcome('delete from account where id = ?', [accountId])).to.include('account rows with ledger entries cannot be deleted');
    // The claim's own lines first (no foreign key of theirs in the way), then the claim itself.
    await connection.execute('alter table claim_line disable trigger claim_line_ledger_guard');
    await connection.execute('delete from claim_line where claim_id = ?', [r1]);
    await connection.execute('alter table claim_line enable trigger claim_line_ledger_guard');
    expect(await outcome('delete from claim where id = ?', [r1])).to.include('claim rows with ledger entries cannot be deleted');
    // A claim line with no money posted to it can still go.
    expect(await outcome('delete from claim_line where id = ?', [lines.find((l) => l.claim_id === claimIds.get('R2'))!.id])).to.equal('deleted');
  });
});
