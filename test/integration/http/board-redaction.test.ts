// The queue board, redacted: its JSON API (what the board's pages are drawn from) shows ids, names,
// states and timings of jobs, never their data values, return values, logs, stack traces or a
// failure reason the engine did not write; the engine's own failure text comes from job_record.
// Operators read, only admins act (403 to operators), every action is audited with the admin's
// login, the queue and the job, and the routes that would write job data are refused to everyone.
import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { loadConfig } from '../../../src/config.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { sqlRunner } from '../../../src/db/sql.js';
import { createRedis } from '../../../src/queues/connection.js';
import { JobRecordsRepository } from '../../../src/db/repositories/job-records.repository.js';
import { WITHHELD } from '../../../src/http/board-redaction.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
// Values standing in for patient data, planted where a careless producer or library could put them.
const PLANTED = {
  data: 'Testwood-Avery-planted', member: 'DM-PLANTED-4711', birth: '1961-04-02', returned: 'Mockley-returned-planted',
  reason: 'Patient Fakeridge, Quinn born 1961-04-02 not found', log: 'called Notreal-planted about the balance',
};

describe('the queue board, redacted', () => {
  const env = useTestEnv();

  it('shows no job data, return values, logs, stacks or foreign failure text; operators read, admins act and are audited', async function () {
    this.timeout(60000);
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-board-')) });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    const base = `http://127.0.0.1:${engine.port}`;

    // Jobs put straight into the claims queue by a producer that does not follow the rules, and
    // worked by a plain BullMQ worker: one fails with patient data in its error (and a stack), one
    // fails as the engine's worker would (its failure recorded in job_record), one completes
    // returning patient data and writing a job log, one waits delayed.
    const connection = createRedis(config.redis.url, 'worker');
    env.defer(() => connection.quit());
    const queue = new Queue('claims', { connection, prefix: config.queuePrefix });
    env.defer(() => queue.close());
    const data = { claimId: 4711, patientName: PLANTED.data, memberId: PLANTED.member, birthDate: PLANTED.birth };
    const foreign = await queue.add('submit', data, { attempts: 1 });
    const engineFailed = await queue.add('submit', { claimId: 4712, note: PLANTED.data }, { attempts: 1 });
    const completed = await queue.add('submit', { claimId: 4713, memberId: PLANTED.member }, { attempts: 1 });
    await new JobRecordsRepository(env.orm.em.fork()).addMany([{
      queue: 'claims', jobId: String(engineFailed.id), name: 'submit', attempt: 1, outcome: 'failed', errorClass: 'BadInputError',
      errorMessage: '[rcm] claim 4712 refused: no payer', queuedAt: Date.now() - 1000, startedAt: Date.now() - 900, finishedAt: Date.now() - 800,
    }]);
    const worker = new Worker('claims', async (job) => {
      if (job.id === completed.id) {
        await job.log(PLANTED.log);
        return { memberId: PLANTED.member, note: PLANTED.returned };
      }
      throw new Error(PLANTED.reason);
    }, { connection, prefix: config.queuePrefix });
    await waitFor(async () => {
      const counts = await queue.getJobCounts('failed', 'completed');
      return counts.failed === 2 && counts.completed === 1;
    }, 15000, 'the jobs to finish');
    await worker.close();
    const delayed = await queue.add('submit', { claimId: 4714, memberId: PLANTED.member }, { delay: 3_600_000 });
    // A job scheduler whose template carries data (the board lists schedulers with their template).
    await queue.upsertJobScheduler('hourly-planted', { every: 3_600_000, startDate: Date.now() + 3_600_000 }, { name: 'submit', data: { memberId: PLANTED.member } });
    // What BullMQ itself keeps: the raw reason and a stack trace (the board must not pass them on).
    const raw = await queue.getJob(String(foreign.id));
    expect(raw!.failedReason).to.equal(PLANTED.reason);
    expect(raw!.stacktrace!.join('\n')).to.include('board-redaction.test.ts');

    const signIn = async (token: string) => {
      const answer = await fetch(`${base}/board/login`, { method: 'POST', headers: FORM, body: new URLSearchParams({ token, next: '/board' }).toString(), redirect: 'manual' });
      return { cookie: answer.headers.get('set-cookie')!.split(';')[0] };
    };
    const operator = await signedInPerson(env.orm, 'operator');
    const admin = await signedInPerson(env.orm, 'admin');
    const operatorCookie = await signIn(operator.token);
    const adminCookie = await signIn(admin.token);

    // Everything the board's pages read, as the operator sees it.
    const reads = [
      ...['failed', 'completed', 'delayed', 'latest'].map((status) => `/board/api/queues?activeQueue=claims&status=${status}&page=1&jobsPerPage=50`),
      ...[foreign, engineFailed, completed, delayed].flatMap((job) => [`/board/api/queues/claims/${job.id}`, `/board/api/queues/claims/${job.id}/logs`]),
      '/board/api/job-schedulers',
    ];
    const bodies = new Map<string, string>();
    for (const path of reads) {
      const answer = await fetch(`${base}${path}`, { headers: operatorCookie });
      expect(answer.status, path).to.equal(200);
      bodies.set(path, await answer.text());
    }
    for (const [path, body] of bodies) {
      for (const value of Object.values(PLANTED)) expect(body, `${path} shows ${value}`).to.not.include(value);
      expect(body, `${path} shows a stack frame`).to.not.match(/\bat .+:\d+:\d+/);
    }
    const failedPage = JSON.parse(bodies.get(reads[0])!) as { queues: Array<{ name: string; jobs: Array<Record<string, any>> }> };
    const jobs = new Map(failedPage.queues.find((q) => q.name === 'claims')!.jobs.map((job) => [job.id, job]));
    const shownForeign = jobs.get(String(foreign.id))!;
    expect(shownForeign.failedReason).to.equal(WITHHELD);
    expect(shownForeign.stacktrace).to.deep.equal([]);
    expect(shownForeign.data).to.deep.equal({ claimId: '(hidden)', patientName: '(hidden)', memberId: '(hidden)', birthDate: '(hidden)' });
    expect(shownForeign.name).to.equal('submit');
    expect(shownForeign.timestamp).to.be.a('number');
    expect(shownForeign.finishedOn).to.be.a('number');
    expect(jobs.get(String(engineFailed.id))!.failedReason).to.equal('BadInputError: [rcm] claim 4712 refused: no payer');
    const schedulers = JSON.parse(bodies.get('/board/api/job-schedulers')!) as { schedulers: Array<Record<string, any>> };
    expect(schedulers.schedulers.map((s) => [s.id, s.template?.data])).to.deep.equal([['hourly-planted', { memberId: '(hidden)' }]]);
    const one = JSON.parse(bodies.get(`/board/api/queues/claims/${completed.id}`)!) as { job: Record<string, any>; status: string };
    expect(one.status).to.equal('completed');
    expect(one.job.returnValue).to.equal('(hidden)');
    expect(JSON.parse(bodies.get(`/board/api/queues/claims/${completed.id}/logs`)!)).to.deep.equal([]);

    // Operators may not act; admins may, and each action is audited with the queue and the job.
    const act = (path: string, cookie: { cookie: string }, method = 'PUT') => fetch(`${base}${path}`, { method, headers: cookie });
    const refused = await act(`/board/api/queues/claims/${foreign.id}/retry`, operatorCookie);
    expect(refused.status).to.equal(403);
    expect((await refused.json()).error).to.equal(`this route is for admin; ${operator.login} is operator`);
    expect(await queue.getJobState(String(foreign.id))).to.equal('failed');

    expect((await act(`/board/api/queues/claims/${foreign.id}/retry`, adminCookie)).status).to.equal(204);
    expect(await queue.getJobState(String(foreign.id))).to.equal('waiting');
    expect((await act(`/board/api/queues/claims/${delayed.id}/promote`, adminCookie)).status).to.equal(204);
    expect(await queue.getJobState(String(delayed.id))).to.equal('waiting');
    expect((await act(`/board/api/queues/claims/${completed.id}/clean`, adminCookie)).status).to.equal(204);
    expect(await queue.getJob(String(completed.id))).to.equal(undefined);
    expect((await act('/board/api/queues/claims/clean/failed', adminCookie)).status).to.equal(200);
    // Writing job data from the board is refused even to admins, and changes nothing.
    const add = await fetch(`${base}/board/api/queues/claims/add`, {
      method: 'POST', headers: { ...adminCookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'submit', data: { patientName: PLANTED.data } }),
    });
    expect(add.status).to.equal(403);
    expect((await add.json()).error).to.match(/^the board does not write job data/);
    expect((await queue.getJobCounts('waiting')).waiting).to.equal(2);
    await queue.removeJobScheduler('hourly-planted');

    const audit = await sqlRunner(env.orm.em.fork())<{ actor: string; action: string; subject_type: string; subject_id: string; detail: Record<string, unknown> }>(
      `select actor, action, subject_type, subject_id, detail from audit_event where action like 'board.%' and action not like 'board.sign-%' order by id`,
    );
    expect(audit.map((e) => [e.actor, e.action, e.subject_type, e.subject_id, e.detail.queue])).to.deep.equal([
      [admin.login, 'board.job.retry', 'job', String(foreign.id), 'claims'],
      [admin.login, 'board.job.promote', 'job', String(delayed.id), 'claims'],
      [admin.login, 'board.job.clean', 'job', String(completed.id), 'claims'],
      [admin.login, 'board.queue.clean', 'queue', 'claims', 'claims'],
    ]);
    expect(audit[0].detail).to.deep.equal({ method: 'PUT', route: '/board/api/queues/:queueName/:jobId/retry', queue: 'claims', jobId: String(foreign.id) });
    expect(audit[3].detail.status).to.equal('failed');
  });
});
