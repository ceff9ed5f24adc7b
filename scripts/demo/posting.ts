// Demo step: payment posting. The simulated clearinghouse answered the claims step's submissions
// with 835s, which the posting queue has posted; this step says what they did, then sends one
// ERA for a claim the office does not know (unapplied money, a task) and one that does not
// balance (quarantined, a task), so every kind of posting work shows on the board.
import { formatDollars, formatX12Amount, parseCents } from '../../src/domain/money.js';
import { simulate835 } from '../../src/clearinghouse/simulator-835.js';
import { receiveEra } from '../../src/services/intake.service.js';
import type { DemoContext } from './context.js';

export async function demoPosting(ctx: DemoContext): Promise<void> {
  await ctx.settle();
  const run = <T>(sql: string, params: unknown[] = []) => ctx.orm.em.fork().getConnection().execute<T[]>(sql, params);
  const stranger = simulate835([{ controlNumber: 'NOT-OURS-1', lines: [
    { lineControlNumber: 'NOT-OURS-1-1', procedure: '99213', chargeCents: 15000, serviceDate: '2024-01-02' },
  ] }], { seed: 404, denialRate: 0, payerIdentifier: '99CMA', traceNumber: 'DEMO-UNMATCHED-1' });
  const unbalanced = simulate835([{ controlNumber: 'DEMO-BAD-1', lines: [
    { lineControlNumber: 'DEMO-BAD-1-1', procedure: '99214', chargeCents: 20000, serviceDate: '2024-01-02' },
  ] }], { seed: 405, denialRate: 0, payerIdentifier: '99CMA', traceNumber: 'DEMO-BAD-1' })
    // One cent more in BPR02 than the claims pay: the whole file is rejected.
    .replace(/^BPR\*I\*([0-9.]+)/m, (_match, amount: string) => `BPR*I*${formatX12Amount(parseCents(amount) + 1)}`);
  await ctx.orm.em.fork().transactional(async (em) => {
    await receiveEra(em, { fileName: 'demo-unknown-claim.835', content: Buffer.from(stranger) });
    await receiveEra(em, { fileName: 'demo-unbalanced.835', content: Buffer.from(unbalanced) });
  });
  ctx.engine.relay.kick();
  await ctx.settle();

  const [era] = await run<Record<string, string>>(
    `select count(*) filter (where status = 'posted') as posted, count(*) filter (where status = 'duplicate') as duplicates,
       coalesce(sum(claim_count), 0) as claims, coalesce(sum(matched_claims), 0) as matched, coalesce(sum(unmatched_claims), 0) as unmatched,
       coalesce(sum(paid_cents), 0) as paid, coalesce(sum(denied_cents), 0) as denied, coalesce(sum(patient_resp_cents), 0) as patient
     from remittance`);
  const [files] = await run<{ rejected: number }>(`select count(*)::int as rejected from edi_file where kind = '835' and status = 'quarantined'`);
  ctx.say(`ERAs posted: ${era.posted} (${era.duplicates} duplicates, ${files.rejected} rejected); claims ${era.claims}: ${era.matched} matched, ${era.unmatched} unmatched`);
  ctx.say(`paid ${formatDollars(Number(era.paid))}, denied ${formatDollars(Number(era.denied))}, patient responsibility ${formatDollars(Number(era.patient))}`);
  const tasks = await run<{ type: string; n: number }>(
    `select type, count(*)::int as n from task where type in ('denial', 'underpayment', 'unmatched-remittance', 'quarantined-file') and status = 'open'
     group by type order by type`);
  ctx.say(`open posting tasks: ${tasks.map((t) => `${t.type} ${t.n}`).join(', ') || 'none'} (rcm tasks list --json)`);
}
