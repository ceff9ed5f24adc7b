import { expect } from 'chai';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../../support/test-env.js';
import { sampleClaim } from '../../unit/x12/claim-samples.js';
import { clearinghouseConfig, type ClearinghouseConfig } from '../../../config/clearinghouse.js';
import { submitReadyClaims } from '../../../src/services/claims/claim-submit.service.js';
import { processAckFile } from '../../../src/services/claims/claim-ack.service.js';
import { simulatedRejection } from '../../../src/clearinghouse/simulator-replies.js';
import { read837p } from '../../../src/domain/x12/837p-reader.js';
import type { Claim } from '../../../src/domain/claims/claim.js';
import { dropAckFile, dropClaimFile, query, settledFile, startClaimsEngine, statuses, upstream837 } from './claims-support.js';
import { waitFor } from '../../support/test-env.js';
import type { Engine } from '../../../src/engine.js';
import { scheduleSubmissions, submitSchedulerId } from '../../../src/services/claims/claim-schedule.js';
import { structuralProblems } from './x12-structure.js';

const GOLDEN = 'test/fixtures/golden/claims-submission.837';
const FIXED_NOW = () => new Date(Date.UTC(2026, 10, 24, 15, 30));

function recentClaim(n: number): Claim {
  const c = sampleClaim(n);
  c.lines.forEach((l) => { l.serviceDate = '2026-11-02'; delete l.serviceDateEnd; });
  return c;
}

function config(overrides: Partial<ClearinghouseConfig> = {}): ClearinghouseConfig {
  return { ...clearinghouseConfig, batchSize: 2, ...overrides };
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
    const outcome = await submitReadyClaims(env.orm.em.fork(), payerId, { timezone: 'UTC', clearinghouse: sim, now: FIXED_NOW });
    expect(outcome.submissions.map((s) => s.claims)).to.deep.equal([2, 2, 1]);
    expect(new Set(outcome.submissions.map((s) => s.controlNumber)).size).to.equal(3);
    engine.relay.kick();

    // Our own output reads back and is structurally sound; the first batch is the golden file.
    const files = await query(env, `select (select string_agg(p.bytes, ''::bytea order by p.part) from edi_file_part p where p.file_id = f.id) as content, s.control_number
       from submission s join edi_file f on f.id = s.file_id order by s.id`);
    for (const f of files) {
      const text = f.content.toString('latin1');
      const parsed = read837p(text);
      expect(parsed.interchanges).to.equal(1);
      for (const { claim } of parsed.claims) {
        expect(claim.lines.every((l) => l.lineControlNumber)).to.equal(true);
        expect(claim.chargeCents).to.equal(claim.lines.reduce((s, l) => s + l.chargeCents, 0));
      }
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
    const tasks = await query(env, `select c.control_number, t.reason_codes, t.deadline, t.priority from task t join claim c on c.id = t.subject_id
      where t.type = 'claim-rejection' order by c.control_number`);
    expect(tasks.map((t) => t.control_number)).to.deep.equal(Object.keys(expected).filter((cn) => expected[cn] === 'rejected'));
    expect(tasks[0].reason_codes[0]).to.match(/^A[3678]:/);
    expect(tasks[0].deadline).to.be.ok; // the filing clock: 2026-11-02 + 90 days
    const [sent] = await query(env, `select count(*)::int as n from submission where status = 'accepted'`);
    expect(sent.n).to.equal(3);

    // Nothing left to send; running it again changes nothing.
    const again = await submitReadyClaims(env.orm.em.fork(), payerId, { timezone: 'UTC', clearinghouse: sim });
    expect(again.submissions).to.deep.equal([]);
  });

  it('writes to the clearinghouse mailbox and applies TA1 and 999 rejections once', async function () {
    this.timeout(40000);
    const engine = await startClaimsEngine(env);
    const payerId = await readyClaims(env, engine, [1, 2, 3]);
    const outboxDir = await mkdtemp(join(tmpdir(), 'rcm-ch-'));
    const mailbox = config({ adapter: 'file', name: 'mailbox', file: { outboxDir } });
    const outcome = await submitReadyClaims(env.orm.em.fork(), payerId, { timezone: 'UTC', clearinghouse: mailbox });
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
    for (const fileId of [ta1File, nineFile]) await processAckFile(env.orm.em.fork(), fileId, { timezone: 'UTC' });
    const [counts] = await query(env, `select (select count(*)::int from task) as tasks, (select count(*)::int from claim_event) as events`);
    expect(counts).to.deep.equal({ tasks: 3, events: 3 * 4 });
  });

  it('holds batches back when the clearinghouse rate limit is reached', async function () {
    this.timeout(40000);
    const engine = await startClaimsEngine(env);
    const payerId = await readyClaims(env, engine, [1, 2, 3]);
    const limited = config({ rateLimit: { maxBatches: 1, perMs: 60_000 }, simulator: { seed: 1, rejectionRate: 0, denialRate: 0 } });
    const outcome = await submitReadyClaims(env.orm.em.fork(), payerId, { timezone: 'UTC', clearinghouse: limited });
    expect(outcome.submissions).to.have.length(1);
    expect(outcome.deferred).to.equal(true);
    const [later] = await query(env, `select delay_ms, payload from outbox where job_name = 'submit'`);
    expect(later.payload).to.deep.equal({ payerId });
    expect(later.delay_ms).to.be.greaterThan(50_000);
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
