import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../../support/test-env.js';
import { sampleClaim } from '../../unit/x12/claim-samples.js';
import { clearinghouseConfig } from '../../../config/clearinghouse.js';
import { importClaimFile } from '../../../src/services/claims/claim-import.service.js';
import { scrubClaimBatch, scrubStoredClaim, type ScrubOptions } from '../../../src/services/claims/claim-scrub.service.js';
import { readFileOrQuarantine } from '../../../src/services/file-jobs.service.js';
import { PAYER_RULES } from '../../../config/payer-rules.js';
import { submitReadyClaims } from '../../../src/services/claims/claim-submit.service.js';
import { applyAckFile } from '../../../src/services/claims/claim-ack.service.js';
import { systemClock } from '../../../src/domain/clock.js';
import type { Claim } from '../../../src/domain/claims/claim.js';
import { dropAckFile, dropClaimFile, fixture, importFile, query, scrubBatches, upstream837 } from './claims-support.js';
import { testGuards } from '../../support/submission-guards.js';

// Without workers: each job's service is called directly, twice, as a redelivery would, in the
// transaction its worker handler opens.
const scrubOptions: ScrubOptions = { timezone: 'UTC', today: '2026-12-04', payerRules: PAYER_RULES };
function recent(n: number): Claim {
  const c = sampleClaim(n);
  c.lines.forEach((l) => { l.serviceDate = '2026-11-02'; delete l.serviceDateEnd; });
  return c;
}

async function snapshot(env: ReturnType<typeof useTestEnv>) {
  const [row] = await query(env, `select (select count(*)::int from claim) as claims, (select count(*)::int from claim_line) as lines,
    (select count(*)::int from claim_event) as events, (select count(*)::int from claim_edit) as edits, (select count(*)::int from task) as tasks,
    (select count(*)::int from outbox) as outbox, (select count(*)::int from submission) as submissions, (select count(*)::int from patient) as patients`);
  return row;
}

describe('claims jobs delivered twice', () => {
  const env = useTestEnv();

  it('import, scrub, submit and ack change nothing the second time', async function () {
    this.timeout(30000);
    const old = sampleClaim(3); // dated 2024: fails the scrub, so edits and a task exist
    const fileId = await dropClaimFile(env, undefined, 'in.837', upstream837([recent(1), recent(2), old]));
    const importFile = () => readFileOrQuarantine(env.orm.em.fork(), { fileId, fileLabel: 'claims file', timezone: 'UTC' },
      (tx) => importClaimFile(tx, fileId, { payerRules: PAYER_RULES }));
    const first = await importFile();
    const afterImport = await snapshot(env);
    expect(await importFile()).to.deep.equal(first);
    expect(await snapshot(env)).to.deep.equal(afterImport);

    const ids = (await query(env, 'select id from claim order by id')).map((r) => r.id);
    const scrub = (id: number) => env.orm.em.fork().transactional((tx) => scrubStoredClaim(tx, id, scrubOptions));
    const firstScrub: string[] = [];
    for (const id of ids) firstScrub.push((await scrub(id)).status);
    expect(firstScrub).to.deep.equal(['ready', 'ready', 'edits']);
    const afterScrub = await snapshot(env);
    const secondScrub: string[] = [];
    for (const id of ids) secondScrub.push((await scrub(id)).status);
    expect(secondScrub).to.deep.equal(['skipped', 'skipped', 'skipped']);
    expect(await snapshot(env)).to.deep.equal(afterScrub);
    // outbox: the import's two jobs, and for the claim-edit task its assign-batch and its SLA check (tasks.sla).
    expect(afterScrub).to.deep.equal({ claims: 3, lines: 6, events: 6, edits: 1, tasks: 1, outbox: 4, submissions: 0, patients: 3 });

    const [payer] = await query(env, 'select id from payer');
    const mailbox = { ...clearinghouseConfig, adapter: 'file' as const, name: 'mailbox', file: { outboxDir: await mkdtemp(join(tmpdir(), 'rcm-ch-')) } };
    const submit = { timezone: 'UTC', clearinghouse: mailbox, clock: systemClock, guards: await testGuards(env) };
    await submitReadyClaims((work) => env.orm.em.fork().transactional(work), payer.id, submit);
    const afterSubmit = await snapshot(env);
    await submitReadyClaims((work) => env.orm.em.fork().transactional(work), payer.id, submit);
    expect(await snapshot(env)).to.deep.equal(afterSubmit);

    // A clearinghouse 277CA for PCN00001 (accepted) and PCN00002 (rejected twice over).
    const ackId = await dropAckFile(env, undefined, 'mixed.277', fixture('invented-277ca-mixed.277'));
    const applyAck = (fileId: number) => env.orm.em.fork().transactional((tx) => applyAckFile(tx, fileId, { timezone: 'UTC', clock: systemClock }));
    const applied = await applyAck(ackId);
    expect(applied).to.deep.equal({ fileId: ackId, kind: '277CA', status: 'processed', accepted: 1, rejected: 1, unmatched: 0 });
    const afterAck = await snapshot(env);
    expect(await applyAck(ackId)).to.deep.equal(applied);
    expect(await snapshot(env)).to.deep.equal(afterAck);
    const claims = await query(env, `select control_number, status, payer_claim_number from claim order by id`);
    expect(claims.map((c) => [c.control_number, c.status, c.payer_claim_number])).to.deep.equal([
      ['PCN00001', 'accepted', 'PAYERCLM1'], ['PCN00002', 'rejected', null], ['PCN00003', 'edits', null],
    ]);
    const [task] = await query(env, `select reason_codes, deadline, priority, priority_parts from task where type = 'claim-rejection'`);
    expect(task.reason_codes).to.deep.equal(['A7:21:77', 'A6:128:QC']);
    // 2026-11-02 (earliest date of service) + 90 timely-filing days; the deadline part of the
    // priority counts days left from the real clock, so only its sum with the other parts is fixed.
    expect(task.deadline).to.equal('2027-01-31');
    expect(task.priority_parts.amount).to.equal(33);
    expect(task.priority_parts.deadline).to.be.a('number');
    // A7/A6 rejection codes are not in the recoverability table: the default 0.5 x 30 = 15.
    expect(task.priority_parts.recoverability).to.equal(15);
    expect(task.priority).to.equal(task.priority_parts.amount + task.priority_parts.deadline + task.priority_parts.recoverability);

    // Someone else's 999 (group 42 is not ours) is applied and counted as not ours.
    const other = await dropAckFile(env, undefined, 'other.999', fixture('invented-999-partial.999'));
    expect(await applyAck(other)).to.include({ kind: '999', unmatched: 3 });
  });

  it('a scrub batch scrubs clean and dirty claims together, and changes nothing when delivered again', async function () {
    this.timeout(30000);
    const old = (n: number) => sampleClaim(n); // dated 2024: the filing window has closed
    const broken = (n: number) => {
      const c = recent(n);
      c.lines[0].procedure = '9921X'; // neither CPT nor HCPCS
      return c;
    };
    const fileId = await dropClaimFile(env, undefined, 'mixed.837', upstream837([recent(1), old(2), recent(3), broken(4), recent(5)]));
    await importFile(env, fileId, { scrubBatchClaims: 10 });
    const [batch] = await scrubBatches(env, fileId);
    expect(await scrubBatches(env, fileId)).to.have.length(1);
    const scrubBatch = () => env.orm.em.fork().transactional((tx) => scrubClaimBatch(tx, batch, scrubOptions));

    expect(await scrubBatch()).to.deep.equal({ ready: 3, edits: 2 });
    const statuses = await query(env, 'select control_number, status from claim order by id');
    expect(statuses.map((c) => [c.control_number, c.status])).to.deep.equal([
      ['PCN00001', 'ready'], ['PCN00002', 'edits'], ['PCN00003', 'ready'], ['PCN00004', 'edits'], ['PCN00005', 'ready'],
    ]);
    const edits = await query(env, `select c.control_number, e.code, e.severity, e.line from claim_edit e join claim c on c.id = e.claim_id
      where e.severity = 'error' order by c.id, e.id`);
    expect(edits.map((e) => [e.control_number, e.code, e.line])).to.deep.equal([
      ['PCN00002', 'TIMELY_FILING_PASSED', 1], ['PCN00004', 'PROC_FORMAT', 1],
    ]);
    const tasks = await query(env, `select t.reason_codes, t.amount_at_risk_cents, t.deadline, c.control_number from task t
      join claim c on c.id = t.subject_id where t.type = 'claim-edit' and t.subject_type = 'claim' order by c.id`);
    expect(tasks.map((t) => [t.control_number, t.reason_codes, Number(t.amount_at_risk_cents)])).to.deep.equal([
      ['PCN00002', ['TIMELY_FILING_PASSED'], old(2).chargeCents], ['PCN00004', ['PROC_FORMAT'], broken(4).chargeCents],
    ]);
    const events = await query(env, `select c.control_number, e.from_status, e.to_status, e.detail from claim_event e join claim c on c.id = e.claim_id
      where e.from_status = 'draft' order by c.id`);
    expect(events.map((e) => [e.control_number, e.to_status])).to.deep.equal([
      ['PCN00001', 'ready'], ['PCN00002', 'edits'], ['PCN00003', 'ready'], ['PCN00004', 'edits'], ['PCN00005', 'ready'],
    ]);
    expect(events[1].detail).to.deep.equal({ errors: 1, warnings: 0 });

    const afterScrub = await snapshot(env);
    expect(await scrubBatch()).to.deep.equal({ ready: 0, edits: 0 });
    expect(await snapshot(env)).to.deep.equal(afterScrub);
  });
});
