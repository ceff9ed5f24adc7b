// A backup restored while work was in flight at backup time: the jobs that did that work ran
// after the backup, so Redis still holds them finished (for its retention) while the restored
// Postgres holds the work in flight again and no outcome for them. The repair sweep sends that
// work again under new job keys at once (README "Repair sweep"), and each piece is done once.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { useTestEnv, waitFor, type TestEnv } from '../support/test-env.js';
import { Engine } from '../../src/engine.js';
import { dropOwnSchema } from '../../src/db/orm.js';
import { receiveEra } from '../../src/services/intake.service.js';
import { engineHandlers } from '../../workers/registry.js';
import { postingTransactions } from '../../workers/posting.js';
import { defaultCarcTable } from '../../config/carc-actions.js';
import { dropClaimFile, importFile, query, recentClaim, settledFile, upstream837 } from '../integration/claims/claims-support.js';
import { ledgerOf, seedOffice } from '../integration/posting/posting-support.js';
import { eraText } from '../integration/posting/era-text.js';
import { repairRig } from '../integration/repair/repair-support.js';

const run = promisify(execFile);

/** An engine serving `queue`, sweeping often with a short grace, so a repair does not wait minutes. */
async function startEngine(env: TestEnv, queue: 'claims' | 'posting'): Promise<Engine> {
  const config = { ...env.config, repair: { intervalMs: 500, graceMs: 300 } };
  const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: [queue] });
  env.defer(() => engine.stop(5000));
  return engine;
}

async function backup(env: TestEnv): Promise<() => Promise<void>> {
  const dumpFile = join(mkdtempSync(join(tmpdir(), 'rcm-backup-')), 'backup.dump');
  const db = env.config.database;
  await run('pg_dump', [`--dbname=${db.url}`, '--schema', db.schema, '--format=custom', '--file', dumpFile]);
  return async () => {
    await dropOwnSchema(env.orm);
    await run('pg_restore', [`--dbname=${db.url}`, dumpFile]);
  };
}

/** The ledger in a fixed order (chunks post in parallel, so ids come in any order). */
async function ledgerByKey(env: TestEnv): Promise<Array<Record<string, unknown>>> {
  return (await ledgerOf(env)).sort((x, y) => String(x.idempotency_key).localeCompare(String(y.idempotency_key)));
}

describe('faults: a backup restored with work in flight at backup time', () => {
  const env = useTestEnv();

  it('files received and drafts not yet scrubbed at backup time are imported and scrubbed again at once, each claim once', async () => {
    const rig = repairRig(env);
    const file = (first: number, count: number, control: number) =>
      dropClaimFile(env, undefined, `f-${control}.837`, upstream837(Array.from({ length: count }, (_, i) => recentClaim(first + i)), control));
    // At backup time: A received with its import job in Redis, C imported with its scrub-batch
    // jobs in Redis (its drafts not scrubbed), B received with its import row not relayed yet.
    const a = await file(1, 3, 7001);
    const c = await file(6, 3, 7003);
    await importFile(env, c, { scrubBatchClaims: 2 });
    await rig.relayAll();
    const b = await file(4, 2, 7002);
    const restore = await backup(env);

    // After the backup the workers do it all; Redis keeps the finished jobs.
    const first = await startEngine(env, 'claims');
    for (const fileId of [a, b, c]) expect(await settledFile(env, fileId, 30000)).to.equal('processed');
    await first.stop(5000);

    await restore();
    const [inFlight] = await query(env, `select count(*) filter (where status = 'received')::int as received,
      (select count(*)::int from claim where status = 'draft') as drafts from edi_file`);
    expect(inFlight).to.deep.equal({ received: 2, drafts: 3 });

    const restarted = await startEngine(env, 'claims');
    for (const fileId of [a, b, c]) expect(await settledFile(env, fileId, 30000)).to.equal('processed');
    await restarted.stop(5000);
    const claims = await query(env, 'select control_number, status from claim order by control_number');
    expect(claims.map((r) => [r.control_number, r.status])).to.deep.equal(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => [`PCN${String(n).padStart(5, '0')}`, 'ready']));
    const [scrubbed] = await query(env, `select count(*)::int as n, count(distinct claim_id)::int as claims from claim_event where to_status = 'ready'`);
    expect(scrubbed).to.deep.equal({ n: 8, claims: 8 }); // each claim scrubbed once
    const repairs = await query(env, `select kind, subject from repair_event order by id`);
    expect(repairs.every((r) => r.kind === 'outbox' && String(r.subject).includes('run undone by a restore')), JSON.stringify(repairs)).to.equal(true);
    // A's, B's and C's import rows (C's re-run finds it processed and does nothing), C's two scrub-batch rows.
    expect(repairs.length, JSON.stringify(repairs)).to.equal(5);
  });

  it('a remittance staged at backup time is posted again at once, each ledger entry once', async () => {
    const rig = repairRig(env);
    const line = { procedure: '99213', chargeCents: 10000, cas: [['CO', '45', 2000]] as Array<[string, string, number]> };
    const controls = ['R1', 'R2', 'R3', 'R4'];
    await seedOffice(env.orm.em.fork(), controls.map((controlNumber) => ({ controlNumber, lines: [{ procedure: '99213', chargeCents: 10000 }] })));
    const text = eraText({ trace: 'TRACE9', claims: controls.map((control) => ({ control, lines: [line] })) });
    const { fileId } = await env.orm.em.fork().transactional((em) => receiveEra(em, { fileName: 'r.835', content: Buffer.from(text) }));
    // At backup time: the era job in Redis, its staging committed in two chunks, nothing posted.
    await rig.relayAll();
    const staged = await postingTransactions.stageEraFile(env.orm.em.fork(), fileId, { carcTable: defaultCarcTable, timezone: 'UTC', chunkClaims: 2 });
    expect(staged.remittances[0].chunks).to.have.length(2);
    const restore = await backup(env);

    const remittance = async () => (await query(env, 'select status, job_key from remittance'))[0];
    const first = await startEngine(env, 'posting');
    await waitFor(async () => (await remittance()).status === 'posted', 30000, 'the remittance to post');
    const ledger = await ledgerByKey(env);
    expect(ledger.length).to.be.greaterThan(0);
    await first.stop(5000);

    await restore();
    const before = await remittance();
    expect(before.status).to.equal('staged');
    expect(await ledgerOf(env)).to.deep.equal([]);

    const restarted = await startEngine(env, 'posting');
    await waitFor(async () => (await remittance()).status === 'posted', 30000, 'the remittance to post again');
    await restarted.stop(5000);
    expect((await remittance()).job_key).not.to.equal(before.job_key);
    expect(await ledgerByKey(env)).to.deep.equal(ledger); // the same entries, each once
    const paid = await query(env, 'select control_number, paid_cents::int as paid, status from claim order by control_number');
    expect(paid).to.deep.equal(controls.map((control_number) => ({ control_number, paid: 8000, status: 'paid' })));
  });
});
