import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../support/test-env.js';
import { runCli } from '../support/run-cli.js';
import { sampleClaim } from '../unit/x12/claim-samples.js';
import { query, startClaimsEngine, upstream837 } from '../integration/claims/claims-support.js';
import { clearinghouseConfig } from '../../config/clearinghouse.js';
import { simulatedRejection } from '../../src/clearinghouse/simulator-replies.js';
import { waitFor } from '../support/test-env.js';
import { signedInPerson } from '../support/sign-in.js';

describe('rcm claims and acks commands against a running engine', () => {
  const env = useTestEnv();

  it('imports, lists, gets, submits and rejects bad files with exit code 1', async function () {
    this.timeout(60000);
    await startClaimsEngine(env);
    const dir = await mkdtemp(join(tmpdir(), 'rcm-cli-'));
    const claims = [1, 2].map((n) => {
      const c = sampleClaim(n);
      c.lines.forEach((l) => { l.serviceDate = '2026-11-02'; delete l.serviceDateEnd; });
      return c;
    });
    const good = join(dir, 'good.837');
    await writeFile(good, upstream837(claims));
    const imported = await runCli(['claims', 'import', good, '--wait', '--json'], env.childEnv);
    expect(imported.code, imported.stderr).to.equal(0);
    expect(JSON.parse(imported.stdout)).to.deep.include({
      file: 'good.837', status: 'imported', claims: 2, newClaims: 2, duplicates: 0, conflicts: 0, chargeCents: 2 * 16550,
    });

    // PCN00001 again as it was (a duplicate), and PCN00002 with another charge (a conflict, reported with its task).
    const changed = { ...claims[1], chargeCents: claims[1].chargeCents + 100, lines: claims[1].lines.map((l, i) => (i === 0 ? { ...l, chargeCents: l.chargeCents + 100 } : l)) };
    const resent = join(dir, 'resent.837');
    await writeFile(resent, upstream837([claims[0], changed], 7002));
    const conflicted = await runCli(['claims', 'import', resent, '--wait', '--json'], env.childEnv);
    expect(conflicted.code, conflicted.stderr).to.equal(0);
    const [known] = await query(env, `select id from claim where control_number = 'PCN00002'`);
    const report = JSON.parse(conflicted.stdout);
    expect(report).to.deep.include({ status: 'imported', claims: 2, newClaims: 0, duplicates: 1, conflicts: 1, chargeCents: 2 * 16550 + 100 });
    expect(report.conflictClaims).to.deep.equal([{
      position: 'CLM at segment 36', controlNumber: 'PCN00002', existingClaimId: known.id, reasons: ['CHARGES_DIFFER'],
      message: `file ${report.fileId}, CLM at segment 36: CLM01 PCN00002 is already claim ${known.id} of this billing provider and payer, `
        + 'with other content (CHARGES_DIFFER); not imported, a claim-conflict task is open',
    }]);
    const tasks = await runCli(['tasks', 'list', '--type', 'claim-conflict', '--json'], env.childEnv);
    expect(JSON.parse(tasks.stdout).map((t: { claimControlNumber: string; reasonCodes: string[] }) => [t.claimControlNumber, t.reasonCodes]))
      .to.deep.equal([['PCN00002', ['CHARGES_DIFFER']]]);

    const bad = join(dir, 'bad.837');
    await writeFile(bad, upstream837(claims).toString('latin1').replace(/IEA\*.*~\n?$/, ''));
    const rejected = await runCli(['claims', 'import', bad, '--wait', '--json'], env.childEnv);
    expect(rejected.code).to.equal(1);
    const body = JSON.parse(rejected.stdout);
    expect(body).to.include({ file: 'bad.837', status: 'rejected', claims: 0, chargeCents: 0 });
    expect(body.error).to.match(/IEA/);

    const list = await runCli(['claims', 'list', '--status', 'ready', '--json'], env.childEnv);
    expect(JSON.parse(list.stdout).map((c: { controlNumber: string }) => c.controlNumber)).to.deep.equal(['PCN00001', 'PCN00002']);

    const submitted = await runCli(['claims', 'submit', '--payer', 'PAYER01', '--wait', '--json'], env.childEnv);
    expect(submitted.code, submitted.stderr).to.equal(0);
    expect(JSON.parse(submitted.stdout).payers).to.deep.equal(['PAYER01']);

    // The simulator's 999 and 277CA are applied by the engine's ack jobs; its verdict is known in advance.
    const verdict = simulatedRejection(clearinghouseConfig, 'PCN00001') ? 'rejected' : 'accepted';
    await waitFor(async () => (await query(env, `select status from claim where control_number = 'PCN00001'`))[0].status === verdict, 20000, 'the 277CA applied');
    const got = await runCli(['claims', 'get', 'PCN00001', '--json'], env.childEnv);
    const claim = JSON.parse(got.stdout);
    expect(claim).to.include({ controlNumber: 'PCN00001', status: verdict, payerId: 'PAYER01', chargeCents: 16550, paidCents: 0, balanceCents: 16550 });
    expect(claim.lines.map((l: { lineControlNumber: string }) => l.lineControlNumber)).to.deep.equal(['C1-L1', 'C1-L2']);
    expect(claim.lines[1]).to.include({ procedure: '97110', units: 2, chargeCents: 4050 });
    expect(claim.events.map((e: { to: string }) => e.to)).to.deep.equal(['draft', 'ready', 'submitted', verdict]);

    const ack = join(dir, 'reply.ta1');
    await writeFile(ack, 'ISA*00*          *00*          *ZZ*CLEARHOUSE     *ZZ*RCMOFFICE      *261124*1200*^*00501*000000900*0*T*:~\nTA1*000000777*261124*1200*A*000~\nIEA*0*000000900~\n');
    const acked = await runCli(['acks', 'import', ack, '--wait', '--json'], env.childEnv);
    expect(acked.code, acked.stderr).to.equal(0);
    const { fileId: ackFileId, ...ackOutcome } = JSON.parse(acked.stdout);
    expect(ackFileId).to.be.a('number');
    expect(ackOutcome).to.deep.equal({ file: 'reply.ta1', kind: 'TA1', status: 'processed', accepted: 0, rejected: 0, unmatched: 1 });

    const missing = await runCli(['claims', 'get', 'NOPE'], env.childEnv);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('no claim NOPE');
  });

  it('serves the same through the API', async function () {
    this.timeout(60000);
    const engine = await startClaimsEngine(env, true);
    const base = `http://127.0.0.1:${engine.port}`;
    const { headers: auth } = await signedInPerson(env.orm, 'admin');
    const c = sampleClaim(5);
    const { lines, ...rest } = c;
    const doc = { format: 'rcm-claims/v1', claims: [{ ...rest, lines: lines.map(({ lineNumber: _n, ...l }) => ({ ...l, serviceDate: '2026-11-02', serviceDateEnd: undefined })) }] };
    const posted = await fetch(`${base}/api/claims`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(doc) });
    expect(posted.status).to.equal(202);
    const x12 = await fetch(`${base}/api/claims/import`, { method: 'POST', headers: { ...auth, 'content-type': 'application/edi-x12' }, body: upstream837([sampleClaim(6)]).toString('latin1') });
    expect(x12.status).to.equal(202);
    let claim: any;
    for (let i = 0; i < 100 && claim?.status !== 'ready'; i += 1) {
      claim = await (await fetch(`${base}/api/claims/PCN00005`, { headers: auth })).json();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(claim).to.include({ controlNumber: 'PCN00005', status: 'ready', chargeCents: 16550 });
    const list = await (await fetch(`${base}/api/claims?status=edits`, { headers: auth })).json() as Array<{ controlNumber: string }>;
    expect(list.map((x) => x.controlNumber)).to.deep.equal(['PCN00006']); // dated 2024: past the filing window
    expect((await fetch(`${base}/api/claims/NOPE`, { headers: auth })).status).to.equal(404);
    expect((await fetch(`${base}/api/claims?status=lost`, { headers: auth })).status).to.equal(400);
  });
});

describe('claims inbox folders', () => {
  const env = useTestEnv();

  it('takes 837P files from the 837 folder and acknowledgments from the acks folder', async function () {
    this.timeout(30000);
    const engine = await startClaimsEngine(env, true);
    const root = engine.config.inbox.root;
    const c = sampleClaim(8);
    c.lines.forEach((l) => { l.serviceDate = '2026-11-02'; delete l.serviceDateEnd; });
    await writeFile(join(root, '837', 'from-practice.837'), upstream837([c]));
    await writeFile(join(root, 'acks', 'reply.ta1'), 'ISA*00*          *00*          *ZZ*CLEARHOUSE     *ZZ*RCMOFFICE      *261124*1200*^*00501*000000900*0*T*:~\nTA1*000000777*261124*1200*A*000~\nIEA*0*000000900~\n');
    const { waitFor } = await import('../support/test-env.js');
    const kinds = await waitFor(async () => {
      const rows = await env.orm.em.fork().getConnection().execute<Array<{ kind: string; status: string }>>(`select kind, status from edi_file order by kind`);
      return rows.length === 2 && rows.every((r) => r.status === 'processed') ? rows.map((r) => r.kind) : undefined;
    }, 20000, 'both files processed');
    expect(kinds).to.deep.equal(['837P', 'TA1']);
  });
});
