// Claim identity at import: billing provider + payer + CLM01. Every claim of one CLM01 billed to
// other payers (or by other providers) is kept; the same claim again is a duplicate; another claim
// under a known identity is a conflict with one task, whatever happens to the import job.
import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { PAYER_RULES } from '../../../config/payer-rules.js';
import { importClaimFile } from '../../../src/services/claims/claim-import.service.js';
import type { Claim } from '../../../src/domain/claims/claim.js';
import { dependentClaim } from '../../unit/x12/claim-samples.js';
import { dropClaimFile, importFile, query, recentClaim, scrubBatches, upstream837 } from './claims-support.js';

const billedTo = (claim: Claim, payerId: string, npi = claim.billingProvider.npi): Claim => ({
  ...claim, payer: { payerId, name: `PLAN ${payerId}` }, billingProvider: { ...claim.billingProvider, npi },
});

/** The error a promise fails with (the test fails if it does not). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

async function counts(env: ReturnType<typeof useTestEnv>) {
  const [row] = await query(env, `select (select count(*)::int from claim) as claims, (select count(*)::int from claim_line) as lines,
    (select count(*)::int from patient) as patients, (select count(*)::int from claim_conflict) as conflicts,
    (select count(*)::int from task where type = 'claim-conflict') as tasks`);
  return row;
}

describe('claim identity at import', () => {
  const env = useTestEnv();

  it('keeps every claim of one CLM01 billed to different payers, or by another provider, in one file', async function () {
    this.timeout(20000);
    const base = recentClaim(1);
    const claims = [base, billedTo(base, 'PAYER02'), billedTo(base, 'PAYER03'), billedTo(base, 'PAYER01', '1912301953')];
    const fileId = await dropClaimFile(env, undefined, 'secondary.837', upstream837(claims));
    const outcome = await importFile(env, fileId);
    expect(outcome).to.deep.include({ claims: 4, newClaims: 4, duplicates: 0, conflicts: 0, conflictClaims: [] });
    const rows = await query(env, `select c.id, c.control_number, y.payer_id, v.npi, d.detail->>'payerName' as payer_name,
        (select array_agg(l.line_control_number order by l.line_number) from claim_line l where l.claim_id = c.id) as lines
      from claim c join payer y on y.id = c.payer_id join provider v on v.id = c.provider_id join claim_detail d on d.claim_id = c.id order by c.id`);
    expect(rows.map(({ id: _id, ...r }) => r)).to.deep.equal([
      { control_number: 'PCN00001', payer_id: 'PAYER01', npi: '1234567893', payer_name: 'INVENTED HEALTH PLAN', lines: ['C1-L1', 'C1-L2'] },
      { control_number: 'PCN00001', payer_id: 'PAYER02', npi: '1234567893', payer_name: 'PLAN PAYER02', lines: ['C1-L1', 'C1-L2'] },
      { control_number: 'PCN00001', payer_id: 'PAYER03', npi: '1234567893', payer_name: 'PLAN PAYER03', lines: ['C1-L1', 'C1-L2'] },
      { control_number: 'PCN00001', payer_id: 'PAYER01', npi: '1912301953', payer_name: 'PLAN PAYER01', lines: ['C1-L1', 'C1-L2'] },
    ]);
    expect(await scrubBatches(env, fileId)).to.deep.equal([{ fileId, fromClaimId: rows[0].id, toClaimId: rows[3].id }]);
    // The same file's claims again, in another file: four duplicates.
    const again = await dropClaimFile(env, undefined, 'secondary-again.837', upstream837(claims, 7002));
    expect(await importFile(env, again)).to.deep.include({ claims: 4, newClaims: 0, duplicates: 4, conflicts: 0 });
  });

  it('a different claim under a known identity is a conflict with one task, even when the import job runs again', async function () {
    this.timeout(20000);
    const earlier = await dropClaimFile(env, undefined, 'earlier.837', upstream837([recentClaim(1)], 6001));
    await importFile(env, earlier);
    const [{ id: knownId }] = await query(env, 'select id from claim');
    // Another patient under PCN00001 (same provider and payer), the known claim again, and a new claim.
    const other = { ...recentClaim(1), subscriber: { ...recentClaim(1).subscriber, memberId: 'MEMBER77', name: { last: 'ROE', first: 'SAM' } } };
    const fileId = await dropClaimFile(env, undefined, 'later.837', upstream837([recentClaim(1), other, recentClaim(2)], 6002));
    const before = await counts(env);

    // The first attempt dies before its transaction commits: nothing of it stays.
    const crash = new Error('worker killed before commit');
    const attempt = env.orm.em.fork().transactional(async (tx) => {
      await importClaimFile(tx, fileId, { payerRules: PAYER_RULES, timezone: 'UTC' });
      throw crash;
    });
    expect(await failure(attempt)).to.equal(crash);
    expect(await counts(env)).to.deep.equal(before);

    const outcome = await importFile(env, fileId, { timezone: 'UTC' });
    const expected = {
      fileId, status: 'imported', claims: 3, newClaims: 1, duplicates: 1, conflicts: 1, chargeCents: 3 * recentClaim(1).chargeCents,
      conflictClaims: [{
        position: 'CLM at segment 36', controlNumber: 'PCN00001', existingClaimId: knownId, reasons: ['PATIENT_DIFFERS'],
        message: `file ${fileId}, CLM at segment 36: CLM01 PCN00001 is already claim ${knownId} of this billing provider and payer, `
          + 'with other content (PATIENT_DIFFERS); not imported, a claim-conflict task is open',
      }],
    };
    expect(outcome).to.deep.equal(expected);
    // Delivered again after it committed: the same answer, nothing added.
    expect(await importFile(env, fileId, { timezone: 'UTC' })).to.deep.equal(expected);
    // One new claim; no patient for the conflicting claim's member; one conflict, one task.
    expect(await counts(env)).to.deep.equal({ claims: 2, lines: 4, patients: 2, conflicts: 1, tasks: 1 });
    const [task] = await query(env, `select t.subject_type, t.subject_id, t.reason_codes, t.amount_at_risk_cents, t.deadline::text, t.required_skills,
      t.payer_id = c.payer_id as same_payer from task t join claim c on c.id = ? where t.type = 'claim-conflict'`, [knownId]);
    const [conflict] = await query(env, 'select id, file_id, position, control_number, existing_claim_id, reasons from claim_conflict');
    expect(conflict).to.deep.equal({ id: task.subject_id, file_id: fileId, position: 'CLM at segment 36', control_number: 'PCN00001',
      existing_claim_id: knownId, reasons: ['PATIENT_DIFFERS'] });
    expect(task).to.deep.equal({ subject_type: 'claim-conflict', subject_id: conflict.id, reason_codes: ['PATIENT_DIFFERS'],
      amount_at_risk_cents: String(recentClaim(1).chargeCents), deadline: '2027-01-31', required_skills: ['claim-edits'], same_payer: true });
  });

  it('compares a claim stored before fingerprints by fingerprinting the stored claim', async function () {
    this.timeout(20000);
    const child = { ...dependentClaim(3), lines: recentClaim(3).lines };
    const first = await dropClaimFile(env, undefined, 'legacy.837', upstream837([recentClaim(1), child], 6001));
    await importFile(env, first);
    const stored = await query(env, 'select id, fingerprint from claim order by id');
    expect(stored.every((r) => /^v1:/.test(r.fingerprint))).to.equal(true);
    await query(env, 'update claim set fingerprint = null');

    const charged = { ...child, chargeCents: child.chargeCents + 100, lines: child.lines.map((l, i) => (i === 0 ? { ...l, chargeCents: l.chargeCents + 100 } : l)) };
    const later = await dropClaimFile(env, undefined, 'later.837', upstream837([recentClaim(1), charged], 6002));
    expect(await importFile(env, later)).to.deep.include({ claims: 2, newClaims: 0, duplicates: 1, conflicts: 1 });
    const [conflict] = await query(env, 'select existing_claim_id, reasons from claim_conflict');
    expect(conflict).to.deep.equal({ existing_claim_id: stored[1].id, reasons: ['CHARGES_DIFFER'] });
    // The stored claims got back the fingerprints they were imported with.
    expect(await query(env, 'select id, fingerprint from claim order by id')).to.deep.equal(stored);
  });

  it('a claim stored by a concurrent import meanwhile is compared on the retry, never skipped', async function () {
    this.timeout(20000);
    const a = await dropClaimFile(env, undefined, 'a.837', upstream837([recentClaim(1)], 6001));
    const b = await dropClaimFile(env, undefined, 'b.837', upstream837([recentClaim(1)], 6002));
    let commitFirst!: () => void;
    const gate = new Promise<void>((resolve) => { commitFirst = resolve; });
    let stored!: () => void;
    const firstStored = new Promise<void>((resolve) => { stored = resolve; });
    const first = env.orm.em.fork().transactional(async (tx) => {
      const outcome = await importClaimFile(tx, a, { payerRules: PAYER_RULES });
      stored();
      await gate;
      return outcome;
    });
    await firstStored;
    // The second import looks before the first commits, then waits for its rows.
    const second = importFile(env, b);
    await waitFor(async () => {
      const [row] = await query(env, `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      return row.n > 0 ? true : undefined;
    }, 10000, 'the second import to wait for the first');
    commitFirst();
    expect(await first).to.deep.include({ newClaims: 1 });
    expect((await failure(second)).message).to.equal(`file ${b}: 1 claim identities were stored by a concurrent import; retrying`);
    expect(await importFile(env, b)).to.deep.include({ claims: 1, newClaims: 0, duplicates: 1, conflicts: 0 });
    expect(await counts(env)).to.deep.include({ claims: 1, conflicts: 0 });
  });
});
