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
import { deleteOutboxRows, finishWithoutRecord, loseRedis, query, repairRig } from './repair-support.js';
import { runRepairSweep } from '../../../src/services/repair/repair-sweep.service.js';
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

  it('sends a relayed row again under a new job key when Redis saw its job finish and job_record has no outcome (a restored backup), once', async () => {
    const rig = repairRig(env);
    await env.orm.em.fork().transactional(async (em) => {
      await enqueue(em, 'claims', 'submit', { payerId: 4250 });
      await enqueue(em, 'claims', 'submit', { payerId: 4251 });
    });
    await rig.relayAll();
    const [restored, recorded] = await query(env, 'select id, job_key from outbox order by id');
    await finishWithoutRecord(env, 'claims', 2);
    // The second's outcome is on record (it finished before the backup was taken): it stays finished.
    await new JobRecordsRepository(env.orm.em.fork()).addMany([{
      queue: 'claims', jobId: jobIds.outbox(recorded.job_key), name: 'submit', attempt: 1, outcome: 'completed', errorClass: null, errorMessage: null,
      queuedAt: Date.now(), startedAt: Date.now(), finishedAt: Date.now(),
    }]);
    const claims = rig.queues.get('claims');
    expect(await claims.getJobState(jobIds.outbox(restored.job_key))).to.equal('completed');
    await query(env, `update outbox set sent_at = now() - interval '1 hour'`);

    // Finished in Redis less than the grace ago: its record may still be on its way, so left alone.
    const young = await runRepairSweep(env.orm, rig.queues, env.config.queuePrefix, { trigger: 'cli', graceMs: 60_000 }, env.logger);
    expect(young.repairs).to.deep.equal([]);

    const repaired = await rig.sweep();
    const [after] = await query(env, 'select job_key, sent_at from outbox where id = ?', [restored.id]);
    expect(after.job_key).not.to.equal(restored.job_key);
    expect(after.sent_at).to.equal(null);
    expect(repaired.repairs).to.deep.equal([{
      kind: 'outbox', subject: `outbox ${restored.id} (claims.submit, run undone by a restore)`, jobId: jobIds.outbox(after.job_key),
    }]);
    expect(await rig.relayAll()).to.equal(1);
    expect(await claims.getJobState(jobIds.outbox(after.job_key))).to.equal('waiting');
    expect((await rig.sweep()).repairs).to.deep.equal([]);
    const [other] = await query(env, 'select job_key, sent_at from outbox where id = ?', [recorded.id]);
    expect(other.job_key).to.equal(recorded.job_key);
    expect(other.sent_at).to.not.equal(null);
  });

  it('gives a received file whose import job ran before a restore undid it one new import job', async () => {
    const rig = repairRig(env);
    const { fileId } = await env.orm.em.fork().transactional((em) => receiveClaimFile(em, { fileName: 'b.837', content: upstream837([recentClaim(1)]) }));
    await rig.relayAll();
    const [old] = await query(env, `select job_key from outbox where job_name = 'import'`);
    await finishWithoutRecord(env, 'claims', 1);

    // Its row goes back to the relay under a new key; the file then counts its job pending.
    const repaired = await rig.sweep();
    expect(kinds(repaired)).to.deep.equal(['outbox']);
    const rows = await query(env, `select job_key, payload from outbox where job_name = 'import'`);
    expect(rows).to.have.length(1);
    expect(rows[0].job_key).not.to.equal(old.job_key);
    expect(await rig.relayAll()).to.equal(1);
    const job = await rig.queues.get('claims').getJob(jobIds.outbox(rows[0].job_key));
    expect(job?.data).to.deep.equal({ fileId });
    expect(await job?.getState()).to.equal('waiting');
    expect((await rig.sweep()).repairs).to.deep.equal([]);
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

  it('adds a staged remittance\'s flow again under a new job key when its jobs ran before a restore undid them', async () => {
    const rig = repairRig(env);
    const office = await seedBulkOffice(env.orm.em.fork(), 'RU', 4, 2);
    const text = simulate835(office.claims, { seed: 4, payerIdentifier: office.payerIdentifier });
    const { fileId } = await env.orm.em.fork().transactional((em) => receiveEra(em, { fileName: 'u.835', content: Buffer.from(text) }));
    const staged = await postingTransactions.stageEraFile(env.orm.em.fork(), fileId, { carcTable: defaultCarcTable, timezone: 'UTC', chunkClaims: 2 });
    const [remittance] = staged.remittances;
    expect(remittance.chunks).to.have.length(2);
    await query(env, 'delete from outbox');
    expect(kinds(await rig.sweep())).to.deep.equal(['remittance']); // its flow, added under its key
    const [{ job_key: oldKey }] = await query(env, 'select job_key from remittance where id = ?', [remittance.remittanceId]);
    await finishWithoutRecord(env, 'posting', 3); // both chunks and the finalize, nothing posted in Postgres
    const posting = rig.queues.get('posting');
    expect(await posting.getJobState(jobIds.postingFinalize(oldKey))).to.equal('completed');

    const repaired = await rig.sweep();
    const [{ job_key: newKey }] = await query(env, 'select job_key from remittance where id = ?', [remittance.remittanceId]);
    expect(newKey).not.to.equal(oldKey);
    expect(repaired.repairs).to.deep.equal([{
      kind: 'remittance', subject: `remittance ${remittance.remittanceId} (2 chunks to post, run undone by a restore)`, jobId: jobIds.postingFinalize(newKey),
    }]);
    expect(await posting.getJobState(jobIds.postingFinalize(newKey))).to.equal('waiting-children');
    const chunks = await posting.getJobs(['waiting']);
    expect(chunks.map((j) => j.id).sort()).to.deep.equal([jobIds.postingChunk(newKey, 1, 2), jobIds.postingChunk(newKey, 3, 4)].sort());
    expect((await rig.sweep()).repairs).to.deep.equal([]);
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
