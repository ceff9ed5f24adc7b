import { expect } from 'chai';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../../support/test-env.js';
import { sampleClaim } from '../../unit/x12/claim-samples.js';
import { clearinghouseConfig, type ClearinghouseConfig } from '../../../config/clearinghouse.js';
import { buildNextBatch, submitReadyClaims, type InTransaction } from '../../../src/services/claims/claim-submit.service.js';
import { RetryLaterError } from '../../../src/errors.js';
import { applyAckFile } from '../../../src/services/claims/claim-ack.service.js';
import { fixedClock, systemClock } from '../../../src/domain/clock.js';
import { simulatedRejection } from '../../../src/clearinghouse/simulator-replies.js';
import { read837p } from '../../../src/domain/x12/837p-reader.js';
import type { Claim } from '../../../src/domain/claims/claim.js';
import { dropAckFile, dropClaimFile, query, settledFile, startClaimsEngine, statuses, upstream837 } from './claims-support.js';
import { waitFor } from '../../support/test-env.js';
import type { Engine } from '../../../src/engine.js';
import { scheduleSubmissions, submitSchedulerId } from '../../../src/services/claims/claim-schedule.service.js';
import { structuralProblems } from './x12-structure.js';
import { testGuards } from '../../support/submission-guards.js';

const GOLDEN = 'test/fixtures/golden/claims-submission.837';
const FIXED_NOW = '2026-11-24T15:30:00Z';
/** A timestamp column as FIXED_NOW is written, to compare in SQL results. */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

function recentClaim(n: number): Claim {
  const c = sampleClaim(n);
  c.lines.forEach((l) => { l.serviceDate = '2026-11-02'; delete l.serviceDateEnd; });
  return c;
}

function config(overrides: Partial<ClearinghouseConfig> = {}): ClearinghouseConfig {
  return { ...clearinghouseConfig, batchSize: 2, ...overrides };
}

/** Each submission step in a transaction of its own, as the submit job runs it. */
function inTransactions(env: ReturnType<typeof useTestEnv>): InTransaction {
  return (work) => env.orm.em.fork().transactional(work);
}

async function readyClaims(env: ReturnType<typeof useTestEnv>, engine: Engine, numbers: number[], control = 7001): Promise<number> {
  // Claim 5, when present, replaces an earlier claim: frequency 7 with the payer's claim number.
  const claims = numbers.map((n) => (n === 5 ? { ...recentClaim(5), frequency: '7' as const, payerClaimNumber: 'ORIG0005' } : recentClaim(n)));
  const fileId = await dropClaimFile(env, engine, `in-${control}.837`, upstream837(claims, control));
  await settledFile(env, fileId);
  const [payer] = await query(env, `select id from payer where payer_id = 'PAYER01'`);
  return payer.id;
}

describe('claims submission and acknowledgments', () => {
  const env = useTestEnv();

  it('batches ready claims into valid 837P files and applies the simulator 999 and 277CA', async function () {
    this.timeout(40000);
    const engine = await startClaimsEngine(env);
    const payerId = await readyClaims(env, engine, [1, 2, 3, 4, 5]);
    const sim = config({ simulator: { seed: 7, rejectionRate: 0.4, denialRate: 0 } });
    const outcome = await submitReadyClaims(inTransactions(env), payerId, { timezone: 'UTC', clearinghouse: sim, clock: fixedClock(FIXED_NOW), guards: await testGuards(env) });
    expect(outcome.submissions.map((s) => s.claims)).to.deep.equal([2, 2, 1]);
    expect(new Set(outcome.submissions.map((s) => s.controlNumber)).size).to.equal(3);
    engine.relay.kick();

    // Our own output reads back and is structurally sound; the first batch is the golden file.
    const files = await query(env, `select (select string_agg(p.bytes, ''::bytea order by p.part) from edi_file_part p where p.file_id = f.id) as content, s.control_number
       from submission s join edi_file f on f.id = s.file_id order by s.id`);
    expect(files.map((f) => f.control_number)).to.deep.equal(outcome.submissions.map((s) => s.controlNumber));
    const batches = files.map((f) => read837p(f.content.toString('latin1')));
    expect(batches.map((b) => b.interchanges)).to.deep.equal([1, 1, 1]);
    // Each claim in its batch with every line's REF*6R and CLM02 = the sum of its lines.
    expect(batches.map((b) => b.claims.map(({ claim }) => [claim.controlNumber, claim.lines.map((l) => l.lineControlNumber), claim.chargeCents,
      claim.lines.reduce((s, l) => s + l.chargeCents, 0)]))).to.deep.equal([[1, 2], [3, 4], [5]].map((ns) => ns.map((n) => [
      `PCN0000${n}`, [`C${n}-L1`, `C${n}-L2`], 16550, 16550])));
    for (const f of files) {
      const text = f.content.toString('latin1');
      expect(text).to.include(`ISA*00*          *00*          *ZZ*RCMOFFICE`).and.include(`*${String(f.control_number).padStart(9, '0')}*0*T*:~`);
      expect(await structuralProblems(text)).to.deep.equal([]);
    }
    const last = files[2].content.toString('latin1');
    expect(last).to.include('CLM*PCN00005*165.5***11:B:7*').and.include('REF*F8*ORIG0005~');
    const first = files[0].content.toString('latin1');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, first); // review the change, then keep it
    expect(first).to.equal(await readFile(GOLDEN, 'latin1'));

    const expected = Object.fromEntries([1, 2, 3, 4, 5].map((n) => {
      const cn = `PCN0000${n}`;
      return [cn, simulatedRejection(sim, cn) ? 'rejected' : 'accepted'];
    }));
    expect(Object.values(expected)).to.include('rejected').and.include('accepted');
    await waitFor(async () => Object.values(await statuses(env)).every((s) => s === 'accepted' || s === 'rejected'), 15000, 'acks applied');
    expect(await statuses(env)).to.deep.equal(expected);
    const tasks = await query(env, `select c.control_number, t.reason_codes, to_char(t.deadline, 'YYYY-MM-DD') as deadline from task t
      join claim c on c.id = t.subject_id where t.type = 'claim-rejection' order by c.control_number`);
    const rejected = Object.keys(expected).filter((cn) => expected[cn] === 'rejected');
    // Each task carries the simulator's code for its claim; the deadline is the filing clock: 2026-11-02 + 90 days.
    expect(tasks.map((t) => [t.control_number, t.reason_codes, t.deadline])).to.deep.equal(
      rejected.map((cn) => [cn, [simulatedRejection(sim, cn)], '2027-01-31']),
    );
    // The batches, their events and the simulator's replies are dated by the clock handed in.
    const dates = await query(env, `select (select array_agg(distinct ${iso('created_at')}) from submission) as built,
      (select array_agg(distinct ${iso('sent_at')}) from submission) as sent,
      (select array_agg(distinct ${iso('at')}) from claim_event where to_status = 'submitted') as events`);
    expect(dates).to.deep.equal([{ built: [FIXED_NOW], sent: [FIXED_NOW], events: [FIXED_NOW] }]);
    const [reply] = await query(env, `select (select string_agg(p.bytes, ''::bytea order by p.part) from edi_file_part p where p.file_id = f.id) as content from edi_file f where f.kind = '277CA'`);
    expect(reply.content.toString('latin1')).to.include('DTP*050*D8*20261124~');
    const [sent] = await query(env, `select count(*)::int as n from submission where status = 'accepted'`);
    expect(sent.n).to.equal(3);

    // Nothing left to send; running it again changes nothing.
    const again = await submitReadyClaims(inTransactions(env), payerId, { timezone: 'UTC', clearinghouse: sim, clock: systemClock, guards: await testGuards(env) });
    expect(again.submissions).to.deep.equal([]);
  });

  it('writes to the clearinghouse mailbox and applies TA1 and 999 rejections once', async function () {
    this.timeout(40000);
    const engine = await startClaimsEngine(env);
    const payerId = await readyClaims(env, engine, [1, 2, 3]);
    const outboxDir = await mkdtemp(join(tmpdir(), 'rcm-ch-'));
    const mailbox = config({ adapter: 'file', name: 'mailbox', file: { outboxDir } });
    const outcome = await submitReadyClaims(inTransactions(env), payerId, { timezone: 'UTC', clearinghouse: mailbox, clock: systemClock, guards: await testGuards(env) });
    expect((await readdir(outboxDir)).sort()).to.deep.equal(outcome.submissions.map((s) => s.fileName).sort());
    expect(Object.values(await statuses(env))).to.deep.equal(['submitted', 'submitted', 'submitted']);
    const [a, b] = outcome.submissions;

    const ta1 = `ISA*00*          *00*          *ZZ*CLEARHOUSE     *ZZ*RCMOFFICE      *261124*1200*^*00501*000000900*0*T*:~\nTA1*${String(a.controlNumber).padStart(9, '0')}*261124*1200*R*022~\nIEA*0*000000900~\n`;
    const ta1File = await dropAckFile(env, engine, 'reply.ta1', Buffer.from(ta1));
    const nine = [
      'ISA*00*          *00*          *ZZ*CLEARHOUSE     *ZZ*RCMOFFICE      *261124*1200*^*00501*000000901*0*T*:~',
      'GS*FA*CLEARHOUSE*RCMOFFICE*20261124*1200*901*X*005010X231A1~', 'ST*999*0001*005010X231A1~',
      `AK1*HC*${b.controlNumber}*005010X222A1~`, `AK2*837*${String(b.controlNumber).padStart(4, '0')}*005010X222A1~`,
      'IK3*NM1*12*2010BA*8~', 'IK5*R*I5~', 'AK9*R*1*1*0~', 'SE*7*0001~', 'GE*1*901~', 'IEA*1*000000901~', '',
    ].join('\n');
    const nineFile = await dropAckFile(env, engine, 'reply.999', Buffer.from(nine));
    await waitFor(async () => Object.values(await statuses(env)).every((s) => s === 'rejected'), 15000, 'rejections applied');
    const tasks = await query(env, `select reason_codes from task where type = 'claim-rejection' order by subject_id`);
    expect(tasks.map((t) => t.reason_codes)).to.deep.equal([['TA1:022'], ['TA1:022'], ['999:R', 'IK5:I5', 'IK3:NM1:8']]);

    // Applying the same files again (a redelivered job) changes nothing.
    const again = [];
    for (const fileId of [ta1File, nineFile]) {
      again.push(await env.orm.em.fork().transactional((tx) => applyAckFile(tx, fileId, { timezone: 'UTC', clock: systemClock })));
    }
    expect(again).to.deep.equal([
      { fileId: ta1File, kind: 'TA1', status: 'processed', accepted: 0, rejected: 2, unmatched: 0 },
      { fileId: nineFile, kind: '999', status: 'processed', accepted: 0, rejected: 1, unmatched: 0 },
    ]);
    const [counts] = await query(env, `select (select count(*)::int from task) as tasks, (select count(*)::int from claim_event) as events`);
    expect(counts).to.deep.equal({ tasks: 3, events: 3 * 4 });
  });

  it('waits (RetryLaterError) when the clearinghouse rate limit is reached, and a later attempt sends the rest', async function () {
    this.timeout(40000);
    const engine = await startClaimsEngine(env);
    const payerId = await readyClaims(env, engine, [1, 2, 3]);
    const limited = config({ adapter: 'file', name: 'mailbox', file: { outboxDir: await mkdtemp(join(tmpdir(), 'rcm-ch-')) }, rateLimit: { maxBatches: 1, perMs: 1500 } });
    const options = { timezone: 'UTC', clearinghouse: limited, clock: fixedClock(FIXED_NOW), guards: await testGuards(env) };
    const waited = await submitReadyClaims(inTransactions(env), payerId, options).then(() => undefined, (error: unknown) => error);
    expect(waited).to.be.instanceOf(RetryLaterError);
    expect((waited as RetryLaterError).message).to.match(/^rate limit of clearinghouse mailbox reached \(1 batches per 1500 ms\)/);
    expect((waited as RetryLaterError).retryAfterMs).to.be.within(1, 1500);
    // The first batch went; the third claim is still ready, not built into a batch left waiting.
    expect(await statuses(env)).to.deep.equal({ PCN00001: 'submitted', PCN00002: 'submitted', PCN00003: 'ready' });
    expect(await query(env, `select count(*)::int as n from outbox where job_name = 'submit'`)).to.deep.equal([{ n: 0 }]);
    await new Promise((resolve) => setTimeout(resolve, (waited as RetryLaterError).retryAfterMs));
    const later = await submitReadyClaims(inTransactions(env), payerId, options);
    expect(later.submissions.map((s) => s.claims)).to.deep.equal([1]);
    expect(await statuses(env)).to.deep.equal({ PCN00001: 'submitted', PCN00002: 'submitted', PCN00003: 'submitted' });
  });

  it('sends a batch built but never sent (the process died in between) before building more', async function () {
    this.timeout(40000);
    const engine = await startClaimsEngine(env);
    const payerId = await readyClaims(env, engine, [1, 2, 3]);
    const outboxDir = await mkdtemp(join(tmpdir(), 'rcm-ch-'));
    const options = { timezone: 'UTC', clearinghouse: config({ adapter: 'file', name: 'mailbox', file: { outboxDir } }), clock: fixedClock(FIXED_NOW), guards: await testGuards(env) };
    // The first step commits its batch; the send that should follow never happens.
    const built = await env.orm.em.fork().transactional((tx) => buildNextBatch(tx, payerId, 0, options));
    expect(built).to.include({ claims: 2, chargeCents: 2 * 16550 });
    const orphan = built as { fileName: string; submissionId: number };
    expect(await readdir(outboxDir)).to.deep.equal([]);

    const outcome = await submitReadyClaims(inTransactions(env), payerId, options);
    expect(outcome.submissions.map((s) => s.claims)).to.deep.equal([1]); // only the claim left over is batched anew
    expect((await readdir(outboxDir)).sort()).to.deep.equal([orphan.fileName, outcome.submissions[0].fileName].sort());
    const sent = await query(env, `select id, status, reference, ${iso('sent_at')} as sent_at from submission order by id`);
    expect(sent).to.deep.equal([
      { id: orphan.submissionId, status: 'sent', reference: orphan.fileName, sent_at: FIXED_NOW },
      { id: outcome.submissions[0].submissionId, status: 'sent', reference: outcome.submissions[0].fileName, sent_at: FIXED_NOW },
    ]);
    expect(await statuses(env)).to.deep.equal({ PCN00001: 'submitted', PCN00002: 'submitted', PCN00003: 'submitted' });
  });

  it('holds back a ready claim the 837P writer cannot carry, with an edit and a task, and sends the rest', async function () {
    this.timeout(40000);
    const engine = await startClaimsEngine(env);
    const payerId = await readyClaims(env, engine, [1, 2, 3]);
    // Passed the scrubber, but lost its claim filing indicator (SBR09), which the writer requires.
    await query(env, `update claim_detail set detail = detail #- '{subscriber,claimFilingIndicator}'
      where claim_id = (select id from claim where control_number = 'PCN00002')`);
    const mailbox = config({ adapter: 'file', name: 'mailbox', file: { outboxDir: await mkdtemp(join(tmpdir(), 'rcm-ch-')) } });
    const outcome = await submitReadyClaims(inTransactions(env), payerId, { timezone: 'UTC', clearinghouse: mailbox, clock: fixedClock(FIXED_NOW), guards: await testGuards(env) });
    expect(outcome.submissions.map((s) => s.claims)).to.deep.equal([1, 1]);
    expect(await statuses(env)).to.deep.equal({ PCN00001: 'submitted', PCN00002: 'edits', PCN00003: 'submitted' });
    const edits = await query(env, `select e.code, e.severity, e.field, e.line, ${iso('e.created_at')} as created_at from claim_edit e join claim c on c.id = e.claim_id
      where c.control_number = 'PCN00002' and e.code = 'X12_WRITE'`);
    expect(edits).to.deep.equal([{ code: 'X12_WRITE', severity: 'error', field: 'SBR09', line: null, created_at: FIXED_NOW }]);
    const tasks = await query(env, `select t.type, t.reason_codes, to_char(t.deadline, 'YYYY-MM-DD') as deadline, t.required_skills
      from task t join claim c on c.id = t.subject_id where c.control_number = 'PCN00002'`);
    expect(tasks).to.deep.equal([{ type: 'claim-edit', reason_codes: ['X12_WRITE'], deadline: '2027-01-31', required_skills: ['claim-edits'] }]);
    const [event] = await query(env, `select from_status, to_status, detail, ${iso('at')} as at from claim_event e join claim c on c.id = e.claim_id
      where c.control_number = 'PCN00002' and e.to_status = 'edits'`);
    expect(event).to.deep.equal({ from_status: 'ready', to_status: 'edits', detail: { reason: 'X12_WRITE' }, at: FIXED_NOW });
  });

  it('schedules a submit job per payer, and removes the schedules again', async function () {
    this.timeout(30000);
    const engine = await startClaimsEngine(env);
    const payerId = await readyClaims(env, engine, [1]);
    const queue = engine.queues.get('claims');
    const first = await scheduleSubmissions(env.orm.em.fork(), queue, 600_000);
    await scheduleSubmissions(env.orm.em.fork(), queue, 600_000); // again: updated, not doubled
    expect(first.schedulers).to.deep.equal([submitSchedulerId(payerId)]);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.every, s.template?.data])).to.deep.equal([[submitSchedulerId(payerId), 600_000, { payerId }]]);
    // The scheduler's first run happens at once: the ready claim goes out.
    await waitFor(async () => (await statuses(env)).PCN00001 !== 'ready', 15000, 'the scheduled submit');
    await scheduleSubmissions(env.orm.em.fork(), queue, undefined);
    expect(await queue.getJobSchedulers()).to.deep.equal([]);
  });
});
