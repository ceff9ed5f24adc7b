import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { sampleClaim, dependentClaim } from '../../unit/x12/claim-samples.js';
import { dropClaimFile, fixture, importFile, query, recentClaim, scrubBatches, settledFile, startClaimsEngine, statuses, upstream837 } from './claims-support.js';

describe('claims import through the queue', () => {
  const env = useTestEnv();

  it('imports every sample 837P; the old claims then fail the scrub', async function () {
    this.timeout(40000);
    const engine = await startClaimsEngine(env);
    const files = ['lfh-demo.example1.837', 'lfh-demo.example2.837', 'lfh-demo.cob.example4.837', 'lfh-demo.cob.2ndary.example4.837'];
    for (const name of files) expect(await settledFile(env, await dropClaimFile(env, engine, name, fixture(name)))).to.equal('processed');
    expect(await statuses(env)).to.deep.equal({ 26463774: 'edits', 26462967: 'edits', '101KEN6055': 'edits', '125WILL': 'edits' });
    // Dates of service in 2006: the filing window closed long ago.
    const edits = await query(env, `select distinct e.code from claim_edit e join claim c on c.id = e.claim_id where c.control_number = '26463774'`);
    expect(edits.map((e) => e.code)).to.deep.equal(['TIMELY_FILING_PASSED']);
    const lines = await query(env, `select l.line_control_number from claim_line l join claim c on c.id = l.claim_id where c.control_number = '26463774' order by l.line_number`);
    expect(lines.map((l) => l.line_control_number)).to.deep.equal(['26463774-1', '26463774-2', '26463774-3', '26463774-4']);
    const [kept] = await query(env, `select l.line_control_number from claim_line l join claim c on c.id = l.claim_id where c.control_number = '125WILL'`);
    expect(kept.line_control_number).to.equal('01'); // REF*6R as sent
    const tasks = await query(env, `select type, reason_codes, subject_type from task where type = 'claim-edit' order by id`);
    expect(tasks).to.have.length(4);
    expect(tasks[0].reason_codes).to.deep.equal(['TIMELY_FILING_PASSED']);
  });

  it('stores claims, parties and lines once, and a clean claim becomes ready', async function () {
    this.timeout(40000);
    const engine = await startClaimsEngine(env);
    const recent = (n: number) => {
      const c = sampleClaim(n);
      c.lines.forEach((l) => { l.serviceDate = '2026-11-02'; delete l.serviceDateEnd; });
      return c;
    };
    const dependent = { ...dependentClaim(3), lines: recent(3).lines };
    const fileId = await dropClaimFile(env, engine, 'batch-1.837', upstream837([recent(1), recent(2), dependent]));
    await settledFile(env, fileId);
    expect(await statuses(env)).to.deep.equal({ PCN00001: 'ready', PCN00002: 'ready', PCN00003: 'ready' });
    // The same claims in another file: nothing new.
    const again = await dropClaimFile(env, engine, 'batch-2.837', upstream837([recent(2), recent(1)], 7002));
    await settledFile(env, again);
    const [counts] = await query(env, `select (select count(*)::int from claim) as claims, (select count(*)::int from claim_line) as lines,
      (select count(*)::int from payer) as payers, (select count(*)::int from provider) as providers,
      (select count(*)::int from patient) as patients, (select count(*)::int from coverage) as coverages`);
    // Three claims: two for members themselves, one for a member's child (the patient billed).
    expect(counts).to.deep.equal({ claims: 3, lines: 6, payers: 1, providers: 1, patients: 3, coverages: 3 });
    const [outcome] = await query(env, 'select claims, new_claims, charge_cents from claim_file_outcome where file_id = ?', [again]);
    expect(outcome).to.deep.include({ claims: 2, new_claims: 0 });
    const events = await query(env, `select e.from_status, e.to_status from claim_event e join claim c on c.id = e.claim_id where c.control_number = 'PCN00001' order by e.id`);
    expect(events).to.deep.equal([{ from_status: null, to_status: 'draft' }, { from_status: 'draft', to_status: 'ready' }]);
    const [payer] = await query(env, 'select timely_filing_days from payer');
    expect(payer.timely_filing_days).to.equal(90); // config default for a payer not in config/payer-rules.ts
  });

  it('reads several interchanges per file, single-line or CR/LF-wrapped, and JSON', async function () {
    this.timeout(30000);
    const engine = await startClaimsEngine(env);
    const twoInterchanges = upstream837([sampleClaim(1)], 8001).toString('latin1') + upstream837([sampleClaim(2)], 8002).toString('latin1');
    const singleLine = twoInterchanges.replace(/\n/g, '');
    const crlf = upstream837([sampleClaim(3)], 8003).toString('latin1').replace(/\n/g, '\r\n');
    const { lines, ...claim } = sampleClaim(4);
    const json = JSON.stringify({ format: 'rcm-claims/v1', claims: [{ ...claim, lines: lines.map(({ lineNumber: _n, ...l }) => l) }] });
    const files = [['one-line.837', singleLine], ['crlf.837', crlf], ['claims.json', json]] as const;
    const ids = [];
    for (const [name, text] of files) ids.push(await dropClaimFile(env, engine, name, Buffer.from(text, 'latin1')));
    for (const id of ids) expect(await settledFile(env, id)).to.equal('processed');
    // The files are imported concurrently, so claims arrive in any order.
    expect(Object.keys(await statuses(env)).sort()).to.deep.equal(['PCN00001', 'PCN00002', 'PCN00003', 'PCN00004']);
    const kinds = await query(env, 'select kind from edi_file order by id');
    expect(kinds.map((k) => k.kind)).to.deep.equal(['837P', '837P', 'claims-json']);
  });

  it('stores a file in chunks: claims across several chunks, conflicts across chunks, known claims once', async function () {
    this.timeout(30000);
    // PCN00020 is known from an earlier file; the big file repeats it, and repeats PCN00003 and
    // PCN00011 in later chunks with other charges (conflicts: the first copy holds the CLM01), and bills MEMBER2 again
    // under another control number in a later chunk (the same patient, found in the database).
    const earlier = await dropClaimFile(env, undefined, 'earlier.837', upstream837([recentClaim(20)], 6001));
    await importFile(env, earlier);
    const claims = Array.from({ length: 23 }, (_, i) => recentClaim(i + 1));
    const again = (n: number, charge: number) => {
      const c = recentClaim(n);
      c.lines[0].chargeCents += charge;
      c.chargeCents += charge;
      return c;
    };
    claims.splice(12, 0, again(3, 100));
    claims.splice(19, 0, again(11, 200));
    claims.push({ ...recentClaim(2), controlNumber: 'PCN90002', lines: recentClaim(2).lines.map((l) => ({ ...l, lineControlNumber: `X${l.lineControlNumber}` })) });
    const fileId = await dropClaimFile(env, undefined, 'big.837', upstream837(claims, 6002));
    const outcome = await importFile(env, fileId, { chunkClaims: 5, scrubBatchClaims: 3 });
    // 26 claims in the file: 23 new, PCN00020 a duplicate of the known claim, two conflicts.
    expect(outcome).to.deep.include({ status: 'imported', claims: 26, newClaims: 23, duplicates: 1, conflicts: 2 });
    const held = await query(env, `select id, control_number from claim where control_number in ('PCN00003', 'PCN00011') order by control_number`);
    expect(outcome.conflictClaims.map(({ message: _m, ...c }) => c)).to.deep.equal([
      { position: 'CLM at segment 223', controlNumber: 'PCN00003', existingClaimId: held[0].id, reasons: ['CHARGES_DIFFER'] },
      { position: 'CLM at segment 342', controlNumber: 'PCN00011', existingClaimId: held[1].id, reasons: ['CHARGES_DIFFER'] },
    ]);
    expect(outcome.conflictClaims[0].message).to.equal(`file ${fileId}, CLM at segment 223: CLM01 PCN00003 is already claim ${held[0].id} `
      + 'of this billing provider and payer, with other content (CHARGES_DIFFER); not imported, a claim-conflict task is open');
    const conflictTasks = await query(env, `select t.subject_type, t.reason_codes, t.amount_at_risk_cents, c.control_number from task t
      join claim_conflict c on c.id = t.subject_id where t.type = 'claim-conflict' order by t.id`);
    expect(conflictTasks).to.deep.equal([
      { subject_type: 'claim-conflict', reason_codes: ['CHARGES_DIFFER'], amount_at_risk_cents: String(recentClaim(3).chargeCents + 100), control_number: 'PCN00003' },
      { subject_type: 'claim-conflict', reason_codes: ['CHARGES_DIFFER'], amount_at_risk_cents: String(recentClaim(11).chargeCents + 200), control_number: 'PCN00011' },
    ]);
    const rows = await query(env, `select control_number, charge_cents, (select count(*)::int from claim_line l where l.claim_id = c.id) as lines
      from claim c where source_file_id = ? order by id`, [fileId]);
    expect(rows).to.have.length(23);
    expect(rows.map((r) => r.control_number)).to.include.members(['PCN00001', 'PCN00023', 'PCN90002']).and.not.include('PCN00020');
    expect(Number(rows.find((r) => r.control_number === 'PCN00003')!.charge_cents)).to.equal(recentClaim(3).chargeCents);
    expect(Number(rows.find((r) => r.control_number === 'PCN00011')!.charge_cents)).to.equal(recentClaim(11).chargeCents);
    expect(rows.every((r) => r.lines === 2)).to.equal(true);
    const [counts] = await query(env, `select (select count(*)::int from claim) as claims, (select count(*)::int from patient) as patients,
      (select count(*)::int from claim_event where to_status = 'draft') as events, (select count(*)::int from claim_detail) as details`);
    expect(counts).to.deep.equal({ claims: 24, patients: 23, events: 24, details: 24 });
    const [outcomeRow] = await query(env, 'select claims, new_claims, duplicates, conflicts, charge_cents from claim_file_outcome where file_id = ?', [fileId]);
    const fileCharge = claims.reduce((sum, c) => sum + c.chargeCents, 0);
    expect(outcomeRow).to.deep.equal({ claims: 26, new_claims: 23, duplicates: 1, conflicts: 2, charge_cents: String(fileCharge) });

    // The scrub fan-out: batches of at most 3 claims, within a chunk, covering every new claim once.
    const batches = await scrubBatches(env, fileId);
    const ids = (await query(env, 'select id from claim where source_file_id = ? order by id', [fileId])).map((r) => r.id);
    const covered = batches.flatMap((b) => ids.filter((id) => id >= b.fromClaimId && id <= b.toClaimId));
    expect(covered).to.deep.equal(ids);
    expect(batches.every((b) => ids.filter((id) => id >= b.fromClaimId && id <= b.toClaimId).length <= 3)).to.equal(true);
    // Chunks of 5 claims as read hold 5, 5, 4, 4, 4 and 1 new claims (copies and the known claim are not stored): 2 batches each, then 1.
    expect(batches).to.have.length(11);
  });
});
