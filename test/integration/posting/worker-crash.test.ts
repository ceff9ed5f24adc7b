import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { planTransactionPosting, readEra, remittanceKeyOf, summarizePosting } from '../../../src/domain/remittance/index.js';
import { simulate835 } from '../../../src/clearinghouse/simulator-835.js';
import { receiveEra } from '../../../src/services/intake.service.js';
import { eraFileSummary } from '../../../src/services/posting/posting-queries.service.js';
import { seedBulkOffice } from '../../../scripts/bench-posting-data.js';
import { ledgerTotals, startPosting } from './posting-support.js';

describe('a posting worker killed in the middle of a large file', () => {
  const env = useTestEnv();

  it('is taken over, and the ledger ends exactly as the file says, each entry once', async function () {
    this.timeout(120000);
    const office = await seedBulkOffice(env.orm.em.fork(), 'KX', 6000, 200);
    const text = simulate835(office.claims, { seed: 11, denialRate: 0.1, payerIdentifier: office.payerIdentifier, interestCents: 777 });
    const [transaction] = readEra(text).transactions;
    const planned = planTransactionPosting(transaction, { remittanceKey: remittanceKeyOf(transaction), carcTable: defaultCarcTable });
    const expected = summarizePosting(planned);

    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/posting/posting-worker-child.ts'], {
      env: { ...process.env, ...env.childEnv }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    env.defer(() => child.kill('SIGKILL'));
    child.stdout.resume();
    child.stderr.resume();

    const { fileId } = await env.orm.em.fork().transactional((em) => receiveEra(em, { fileName: 'large.835', content: Buffer.from(text) }));
    // The child's own outbox relay delivers the era job; its worker stages the file and posts.
    const postedClaims = async () => {
      const [row] = await env.orm.em.fork().getConnection().execute('select coalesce(sum(posted_claims), 0)::int as n from remittance');
      return row.n as number;
    };
    await waitFor(async () => (await postedClaims()) >= 500, 60000, 'the child to post its first chunks');
    child.kill('SIGKILL');
    await exited;
    const atKill = await postedClaims();
    const killedAt = Date.now();
    expect(atKill).to.be.lessThan(6000); // killed half-way, not after the end

    const survivor = startPosting(env, { lockDurationMs: 1000, stalledIntervalMs: 300 });
    survivor.relay.kick();
    const summary = await waitFor(async () => {
      const s = await eraFileSummary(env.orm.em.fork(), fileId);
      return s.status === 'posted' ? s : undefined;
    }, 90000, 'the survivor to finish the file');

    process.stdout.write(`      (killed after ${atKill} of 6000 claims; the survivor finished in ${Date.now() - killedAt} ms)\n`);
    expect(summary).to.include({ claims: 6000, matched: 6000, paidCents: expected.paidCents, deniedCents: expected.deniedCents, providerAdjustmentCents: -777 });
    const ledger = await ledgerTotals(env);
    expect(ledger.rows).to.equal(planned.length);
    expect(ledger.keys).to.equal(planned.length);
    expect(ledger.sums).to.deep.equal([expected.paidCents, expected.contractualCents, expected.deniedCents, expected.patientRespCents]);
    // Caches agree with the ledger, claim by claim, and the guarantors' balances with their entries.
    const [caches] = await env.orm.em.fork().getConnection().execute(
      `select sum(paid_cents)::bigint as paid, sum(denied_cents)::bigint as denied, sum(patient_resp_cents)::bigint as patient from claim`);
    expect([caches.paid, caches.denied, caches.patient].map(Number)).to.deep.equal([expected.paidCents, expected.deniedCents, expected.patientRespCents]);
    const [accounts] = await env.orm.em.fork().getConnection().execute('select sum(patient_balance_cents)::bigint as total from account');
    expect(Number(accounts.total)).to.equal(expected.patientRespCents);
    const [tasks] = await env.orm.em.fork().getConnection().execute(`select count(*)::int as n from task where type = 'denial'`);
    expect(tasks.n).to.equal(expected.claimsWithDenial);
  });
});
