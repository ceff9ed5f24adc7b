import { expect } from 'chai';
import { Job } from 'bullmq';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { enqueue } from '../../../src/queues/producer.js';
import { jobIds } from '../../../src/queues/job-options.js';
import { receiveClaimFile, receiveEra } from '../../../src/services/intake.service.js';
import { scheduleSubmissions } from '../../../src/services/claims/claim-schedule.service.js';
import { postingTransactions } from '../../../workers/posting.js';
import { simulate835 } from '../../../src/clearinghouse/simulator-835.js';
import { seedBulkOffice } from '../../../scripts/bench-posting-data.js';
import { JobRecordsRepository } from '../../../src/db/repositories/job-records.repository.js';
import { importFile, recentClaim, upstream837 } from '../claims/claims-support.js';
import { deleteOutboxRows, loseRedis, query, repairRig } from './repair-support.js';
import { PrivateRedis } from '../../support/private-redis.js';

describe('the repair sweep', () => {
  const env = useTestEnv();

  const kinds = (result: { repairs: Array<{ kind: string }> }) => result.repairs.map((r) => r.kind);

  it('returns a relayed outbox row whose job Redis lost to the relay, under the same job id, once', async () => {
    const rig = repairRig(env);
    await env.orm.em.fork().transactional(async (em) => enqueue(em, 'claims', 'submit', { payerId: 4242 }));
    expect(await rig.sweep()).to.deep.include({ repairs: [] }); // pending in the outbox
    expect(await rig.relayAll()).to.equal(1);
    const [row] = await query(env, 'select id, job_key from outbox');
    const jobId = jobIds.outbox(row.job_key);
    expect(await rig.queues.get('claims').getJobState(jobId)).to.equal('waiting');
    expect((await rig.sweep()).repairs).to.deep.equal([]); // live in Redis

    await loseRedis(env);
    const repaired = await rig.sweep();
    expect(repaired.repairs).to.deep.equal([{ kind: 'outbox', subject: `outbox ${row.id} (claims.submit)`, jobId }]);
    expect((await query(env, 'select sent_at from outbox'))[0].sent_at).to.equal(null);
    expect(await rig.relayAll()).to.equal(1);
    expect(await rig.queues.get('claims').getJobState(jobId)).to.equal('waiting');
    expect((await rig.sweep()).repairs).to.deep.equal([]);
    const [counted] = await query(env, `select count(*)::int as n from repair_event where kind = 'outbox'`);
    expect(counted.n).to.equal(1);
  });

  it('leaves a relayed row alone when its job finished, even after Redis forgot it', async () => {
    const rig = repairRig(env);
    await env.orm.em.fork().transactional(async (em) => enqueue(em, 'claims', 'submit', { payerId: 4243 }));
    await rig.relayAll();
    const [row] = await query(env, 'select job_key from outbox');
    await new JobRecordsRepository(env.orm.em.fork()).addMany([{
      queue: 'claims', jobId: jobIds.outbox(row.job_key), name: 'submit', attempt: 1, outcome: 'completed', errorClass: null, errorMessage: null,
      queuedAt: Date.now(), startedAt: Date.now(), finishedAt: Date.now(),
    }]);
    await loseRedis(env);
    expect((await rig.sweep()).repairs).to.deep.equal([]);
    expect((await query(env, 'select sent_at from outbox'))[0].sent_at).to.not.equal(null);
  });

  it('gives a received file whose import job and outbox row are both gone a new import job, once', async () => {
    const rig = repairRig(env);
    const { fileId } = await env.orm.em.fork().transactional((em) => receiveClaimFile(em, { fileName: 'a.837', content: upstream837([recentClaim(1)]) }));
    expect((await rig.sweep()).repairs).to.deep.equal([]); // its import row is pending
    await rig.relayAll();
    expect((await rig.sweep()).repairs).to.deep.equal([]); // its job is waiting
    await loseRedis(env);
    await deleteOutboxRows(env, 'import');

    const repaired = await rig.sweep();
    expect(kinds(repaired)).to.deep.equal(['file']);
    expect(repaired.repairs[0].subject).to.equal(`file ${fileId} (claims.import)`);
    const rows = await query(env, `select queue, job_name, payload, job_key from outbox where job_name = 'import'`);
    expect(rows.map((r) => [r.queue, r.job_name, r.payload])).to.deep.equal([['claims', 'import', { fileId }]]);
    expect(repaired.repairs[0].jobId).to.equal(jobIds.outbox(rows[0].job_key));
    expect((await rig.sweep()).repairs).to.deep.equal([]); // the new row is pending
  });

  it('adds a staged remittance\'s posting flow again, with only the chunks not yet posted, once', async () => {
    const rig = repairRig(env);
    const office = await seedBulkOffice(env.orm.em.fork(), 'RS', 6, 3);
    const text = simulate835(office.claims, { seed: 3, payerIdentifier: office.payerIdentifier });
    const { fileId } = await env.orm.em.fork().transactional((em) => receiveEra(em, { fileName: 'r.835', content: Buffer.from(text) }));
    // The era job's staging, without its flow: as if Redis lost everything right after the commit.
    const staged = await postingTransactions.stageEraFile(env.orm.em.fork(), fileId, { carcTable: defaultCarcTable, timezone: 'UTC', chunkClaims: 2 });
    const [remittance] = staged.remittances;
    expect(remittance.chunks).to.have.length(3);
    await query(env, 'update remittance_chunk set posted_at = now() where remittance_id = ? and first_sequence = 1', [remittance.remittanceId]);
    await query(env, 'delete from outbox'); // the era row: its job is not what this test is about

    const repaired = await rig.sweep();
    const [{ job_key: key }] = await query(env, 'select job_key from remittance where id = ?', [remittance.remittanceId]);
    expect(repaired.repairs).to.deep.equal([{
      kind: 'remittance', subject: `remittance ${remittance.remittanceId} (2 chunks to post)`, jobId: jobIds.postingFinalize(key),
    }]);
    const posting = rig.queues.get('posting');
    expect(await posting.getJobState(jobIds.postingFinalize(key))).to.equal('waiting-children');
    const chunks = await posting.getJobs(['waiting']);
    expect(chunks.map((j) => j.id).sort()).to.deep.equal([jobIds.postingChunk(key, 3, 4), jobIds.postingChunk(key, 5, 6)].sort());
    expect((await rig.sweep()).repairs).to.deep.equal([]); // the flow is live

    await (await Job.fromId(posting, jobIds.postingChunk(key, 5, 6)))!.remove();
    expect(kinds(await rig.sweep())).to.deep.equal(['remittance']); // a chunk's job lost: added back
    expect(await posting.getJobState(jobIds.postingChunk(key, 5, 6))).to.equal('waiting');
  });

  it('gives drafts no scrub job will reach one scrub-batch job per run, and none to drafts still covered', async () => {
    const rig = repairRig(env);
    const claims = [1, 2, 3, 4, 5].map(recentClaim);
    const { fileId } = await env.orm.em.fork().transactional((em) => receiveClaimFile(em, { fileName: 'd.837', content: upstream837(claims) }));
    await importFile(env, fileId, { scrubBatchClaims: 2 });
    await query(env, `delete from outbox where job_name = 'import'`);
    const ids = (await query(env, 'select id from claim order by id')).map((r) => r.id as number);
    expect((await rig.sweep()).repairs).to.deep.equal([]); // three scrub-batch rows pending
    await rig.relayAll();
    expect((await rig.sweep()).repairs).to.deep.equal([]); // three jobs waiting

    // The first batch's job stays (restored below); the other two are lost with their rows.
    await loseRedis(env);
    const [first] = await query(env, `select id from outbox where job_name = 'scrub-batch' order by id limit 1`);
    await query(env, `delete from outbox where job_name = 'scrub-batch' and id <> ?`, [first.id]);
    await query(env, 'update outbox set sent_at = null where id = ?', [first.id]); // pending again

    const repaired = await rig.sweep();
    expect(repaired.repairs.map((r) => [r.kind, r.subject])).to.deep.equal([['draft-claims', `claims ${ids[2]}-${ids[4]} of file ${fileId}`]]);
    const [row] = await query(env, `select payload from outbox where job_name = 'scrub-batch' and id <> ?`, [first.id]);
    expect(row.payload).to.deep.equal({ fileId, fromClaimId: ids[2], toClaimId: ids[4] });
    expect((await rig.sweep()).repairs).to.deep.equal([]);
  });

  it('puts back a submit scheduler Redis lost, from its record in Postgres', async () => {
    const rig = repairRig(env);
    await query(env, `insert into payer (payer_id, name, created_at) values ('77001', 'INVENTED PAYER', now())`);
    const { schedulers } = await scheduleSubmissions(env.orm.em.fork(), rig.queues.get('claims'), 600_000);
    expect(schedulers).to.have.length(1);
    expect((await rig.sweep()).repairs).to.deep.equal([]);
    await loseRedis(env);
    const repaired = await rig.sweep();
    expect(repaired.repairs).to.deep.equal([{ kind: 'scheduler', subject: `scheduler ${schedulers[0]} (every 600000 ms)`, jobId: schedulers[0] }]);
    const scheduler = await rig.queues.get('claims').getJobScheduler(schedulers[0]);
    expect(scheduler).to.include({ every: 600000, name: 'submit' });
    expect((await rig.sweep()).repairs).to.deep.equal([]);

    await scheduleSubmissions(env.orm.em.fork(), rig.queues.get('claims'), undefined); // turned off: nothing to put back
    await loseRedis(env);
    expect((await rig.sweep()).repairs).to.deep.equal([]);
  });

  it('leaves work younger than the grace alone, and skips while another process holds the sweep', async () => {
    const rig = repairRig(env);
    await env.orm.em.fork().transactional(async (em) => enqueue(em, 'claims', 'submit', { payerId: 4244 }));
    await rig.relayAll();
    await loseRedis(env);
    const young = await (await import('../../../src/services/repair/repair-sweep.service.js'))
      .runRepairSweep(env.orm, rig.queues, env.config.queuePrefix, { trigger: 'interval', graceMs: 60_000 }, env.logger);
    expect(young.repairs).to.deep.equal([]);

    const holder = env.orm.em.fork();
    await holder.transactional(async (tx) => {
      await tx.getConnection().execute(`select pg_advisory_xact_lock(hashtext('rcm repair sweep'), hashtext(current_schema()))`, [], 'all', tx.getTransactionContext());
      expect(await rig.sweep()).to.deep.include({ skipped: 'locked', repairs: [] });
    });
    expect(kinds(await rig.sweep())).to.deep.equal(['outbox']);
  });

  it('fails in bounded time while Redis is down, holding nothing, and repairs once Redis is back empty', async function () {
    const redis = await PrivateRedis.start();
    env.defer(() => redis.down());
    const rig = repairRig(env, redis.url);
    await env.orm.em.fork().transactional(async (em) => enqueue(em, 'claims', 'submit', { payerId: 4245 }));
    await rig.relayAll();
    await redis.down();
    let failure: unknown;
    await rig.sweep().catch((error) => (failure = error));
    expect(failure).to.be.an('error');
    const [sweeps] = await query(env, 'select count(*)::int as n from repair_sweep');
    expect(sweeps.n).to.equal(0); // rolled back with its transaction, lock released

    await redis.up();
    await waitFor(async () => (await rig.sweep().then((r) => r.repairs.map((x) => x.kind)).catch(() => undefined))?.join() === 'outbox', 10000, 'a sweep once Redis is back');
    expect(await rig.relayAll()).to.equal(1);
    expect((await rig.sweep()).repairs).to.deep.equal([]);
  });
});
