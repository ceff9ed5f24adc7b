import { expect } from 'chai';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv, waitFor } from '../support/test-env.js';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine.js';
import { engineHandlers } from '../../workers/registry.js';
import { createFollowUpTask } from '../../src/services/tasks.service.js';
import { fixedClock } from '../../src/domain/clock.js';
import type { TaskType } from '../../config/task-types.js';
import { TASK_TYPES } from '../../config/task-types.js';
import { dropClaimFile, recentClaim, settledFile, upstream837 } from '../integration/claims/claims-support.js';
import { assign, query, team } from '../integration/tasks/outcome-support.js';

// Outcomes end to end: the HTTP API with bearer tokens, the real claims and tasks workers on
// Redis, and the file clearinghouse adapter, so what an outcome caused is seen leaving the
// office: a replacement claim (frequency 7, REF*F8), a rejection sent again, a claim billed to
// the secondary payer, an appeal's follow-up job run by the worker, a write-off approved.
describe('task outcomes over the API, with the workers', () => {
  const env = useTestEnv();
  const NOTE = 'Spoke to payer rep; NOTE-TEXT-5521';

  it('records outcomes whose jobs carry the claims out, opens the appeal follow-up, approves a write-off, and refuses what it must', async function () {
    this.timeout(60000);
    const mailbox = await mkdtemp(join(tmpdir(), 'rcm-outcomes-ch-'));
    const config = loadConfig({
      ...process.env, ...env.childEnv, PORT: '0', HOST: '127.0.0.1', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-outcomes-inbox-')),
      CLEARINGHOUSE_ADAPTER: 'file', CLEARINGHOUSE_OUTBOX_DIR: mailbox, TASK_WRITE_OFF_APPROVAL_CENTS: '1000',
    });
    const clock = fixedClock(new Date());
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: ['claims', 'tasks'], clock });
    env.defer(() => engine.stop(5000));
    const api = `http://127.0.0.1:${engine.port}`;

    // Five clean claims of PAYER01, imported and scrubbed by the workers (ready, nothing sent yet).
    const fileId = await dropClaimFile(env, engine, 'in.837', upstream837([1, 2, 3, 4, 5].map(recentClaim)));
    await settledFile(env, fileId);
    const claims = Object.fromEntries((await query(env, 'select control_number as cn, id, patient_id from claim order by id')).map((c) => [c.cn, c]));
    const people = await team(env);
    const [{ id: payerId }] = await query(env, `select id from payer where payer_id = 'PAYER01'`);
    await query(env, `update claim set status = 'denied', payer_claim_number = 'PAYERCN0001' where control_number in ('PCN00001', 'PCN00003', 'PCN00004', 'PCN00005')`);
    await query(env, `update claim set status = 'rejected' where control_number = 'PCN00002'`);
    const [{ id: secondaryPayer }] = await query(env, `insert into payer (payer_id, name, timely_filing_days, appeal_days, follow_up_days, created_at) values ('99SEC', 'INVENTED SECONDARY', 90, 180, 30, now()) returning id`);
    await query(env, `insert into coverage (patient_id, payer_id, member_id, rank, relationship, created_at) values (?, ?, 'S0000004', 'S', '18', now())`, [claims.PCN00004.patient_id, secondaryPayer]);
    const open = async (cn: string, type: TaskType) => {
      const { taskId } = await env.orm.em.fork().transactional((em) => createFollowUpTask(em, {
        type, subjectType: 'claim', subjectId: claims[cn].id, reasonCodes: type === 'denial' ? ['CO-16'] : ['A7'], amountAtRiskCents: 16600, payerId,
      }, { timezone: 'UTC' }));
      await assign(env, taskId, people.alice, 'in-progress');
      return taskId;
    };
    const tasks = {
      replace: await open('PCN00001', 'denial'), resubmit: await open('PCN00002', 'claim-rejection'), appeal: await open('PCN00003', 'denial'),
      secondary: await open('PCN00004', 'denial'), writeOff: await open('PCN00005', 'denial'),
    };
    const post = (path: string, who: { headers: Record<string, string> } | undefined, body: unknown) => fetch(`${api}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(who?.headers ?? {}) }, body: JSON.stringify(body),
    });

    // Refusals first: no token, another person's task (answered as an unknown one), an outcome
    // the type does not have (with the list), a specialist asking to approve.
    expect((await post(`/api/tasks/${tasks.replace}/outcome`, undefined, { outcome: 'appealed' })).status).to.equal(401);
    const stranger = await post(`/api/tasks/${tasks.replace}/outcome`, people.bob, { outcome: 'appealed', note: NOTE });
    const unknown = await post('/api/tasks/99999/outcome', people.bob, { outcome: 'appealed' });
    expect([stranger.status, await stranger.json()]).to.deep.equal([404, { error: `no task ${tasks.replace}` }]);
    expect([unknown.status, await unknown.json()]).to.deep.equal([404, { error: 'no task 99999' }]);
    const disallowed = await post(`/api/tasks/${tasks.replace}/outcome`, people.alice, { outcome: 'paid' });
    expect(disallowed.status).to.equal(422);
    expect((await disallowed.json()).allowed).to.deep.equal([...TASK_TYPES.denial.outcomes]);
    expect((await post(`/api/tasks/${tasks.replace}/outcome`, people.alice, { note: NOTE })).status).to.equal(400);
    expect((await post(`/api/tasks/${tasks.writeOff}/approve`, people.alice, {})).status).to.equal(403);
    expect(await query(env, `select count(*)::int as n from task where status = 'done'`)).to.deep.equal([{ n: 0 }]);

    // The outcomes.
    const record = async (taskId: number, outcome: string) => {
      const answer = await post(`/api/tasks/${taskId}/outcome`, people.alice, { outcome, note: NOTE });
      expect(answer.status, await answer.clone().text()).to.equal(200);
      return answer.json();
    };
    expect(await record(tasks.replace, 'corrected-and-resubmitted')).to.deep.include({ followUp: 'replacement', state: 'applied' });
    expect(await record(tasks.resubmit, 'resubmitted')).to.deep.include({ followUp: 'resubmission' });
    expect(await record(tasks.appeal, 'appealed')).to.deep.include({ followUp: 'appeal' });
    const secondary = await record(tasks.secondary, 'billed-secondary');
    expect(secondary).to.deep.include({ followUp: 'secondary' });
    const pending = await record(tasks.writeOff, 'written-off');
    // At most the claim's balance (165.50): never more than is open.
    expect(pending).to.deep.include({ state: 'pending-approval', amountCents: 16550 });
    expect(pending.task).to.deep.include({ id: tasks.writeOff, status: 'done', assignee: people.alice.login, leaseExpiresAt: null });

    // The claims workers scrub and send: the replacement with frequency 7 and the payer's claim
    // number, the rejection again, the new claim to the secondary payer.
    const sent = await waitFor(async () => {
      const rows = await query(env, `select id, control_number as cn, payer_id, status, frequency from claim where status = 'submitted' order by id`);
      return rows.length === 3 ? rows : undefined;
    }, 20000, 'three claims submitted');
    expect(sent.map((c) => [c.cn, c.frequency, c.payer_id])).to.deep.equal([
      ['PCN00001', '7', payerId], ['PCN00002', '1', payerId], ['PCN00004', '1', secondaryPayer],
    ]);
    expect(sent[2].id).to.equal(secondary.newClaimId);
    const files = (await readdir(mailbox)).filter((f) => f.endsWith('.837'));
    const x12 = (await Promise.all(files.map((f) => readFile(join(mailbox, f), 'latin1')))).join('\n');
    expect(x12).to.match(/CLM\*PCN00001\*[\d.]+\*\*\*11:B:7/);
    expect(x12).to.include('REF*F8*PAYERCN0001');
    expect(x12).to.include('NM1*PR*2*INVENTED SECONDARY*****PI*99SEC');
    expect(x12).to.include('S0000004');

    // The appeal's follow-up is due in 30 days and waits in Redis (20 days at most per job). Thirty
    // days on, brought forward, the tasks worker opens the inquiry.
    const queue = engine.queues.get('tasks');
    const delayed = await waitFor(async () => (await queue.getJobs(['delayed'])).find((j) => j.name === 'appeal-follow-up'), 10000, 'the delayed follow-up');
    expect(delayed.data).to.deep.equal({ taskId: tasks.appeal });
    expect(delayed.opts.delay).to.equal(20 * 86400000);
    clock.advance(30 * 86400000 + 1000);
    await delayed.promote();
    const inquiry = await waitFor(async () => (await query(env, `select subject_id, reason_codes, status from task where type = 'claim-status-inquiry'`))[0], 10000, 'the inquiry task');
    expect(inquiry).to.deep.equal({ subject_id: claims.PCN00003.id, reason_codes: ['APPEAL-NO-ANSWER'], status: 'open' });

    // The supervisor approves the write-off: one ledger entry.
    const approved = await post(`/api/tasks/${tasks.writeOff}/approve`, people.supervisor, {});
    expect(approved.status).to.equal(200);
    expect(await approved.json()).to.deep.include({ decision: 'approved', amountCents: 16550, repeated: false });
    expect(await query(env, `select kind, amount_cents::int as cents, claim_id from ledger_entry`)).to.deep.equal([{ kind: 'write-off', cents: 16550, claim_id: claims.PCN00005.id }]);

    // Notes stayed in Postgres: not in events, audit, outbox rows, job records or any job in Redis.
    const [leaks] = await query(env, `select
      (select count(*)::int from task_event where detail::text like '%NOTE-TEXT%') as events,
      (select count(*)::int from audit_event where detail::text like '%NOTE-TEXT%') as audits,
      (select count(*)::int from outbox where payload::text like '%NOTE-TEXT%') as outbox,
      (select count(*)::int from job_record where coalesce(error_message, '') like '%NOTE-TEXT%') as jobs,
      (select count(*)::int from task_note where text = ?) as notes`, [NOTE]);
    expect(leaks).to.deep.equal({ events: 0, audits: 0, outbox: 0, jobs: 0, notes: 5 });
    for (const name of ['claims', 'tasks'] as const) {
      const jobs = await engine.queues.get(name).getJobs(['completed', 'failed', 'delayed', 'waiting', 'active']);
      expect(jobs.length).to.be.greaterThan(0);
      expect(JSON.stringify(jobs.map((j) => [j.data, j.failedReason]))).not.to.include('NOTE-TEXT');
    }
  });
});
