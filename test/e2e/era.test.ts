import { expect } from 'chai';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv, waitFor } from '../support/test-env.js';
import { runCli } from '../support/run-cli.js';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine.js';
import { postingRegistry } from '../integration/posting/posting-registry.js';
import { seedOffice } from '../integration/posting/posting-support.js';
import { eraText } from '../integration/posting/era-text.js';
import { signedInPerson } from '../support/sign-in.js';

const CONTRACT_KEYS = ['file', 'status', 'traceNumber', 'paymentCents', 'claims', 'matched', 'unmatched', 'chargeCents', 'paidCents',
  'contractualCents', 'deniedCents', 'patientRespCents', 'otherAdjustmentCents', 'providerAdjustmentCents', 'claimsWithDenial', 'tasksCreated',
  'transactions'];

describe('ERA intake against a running engine: rcm era import, rcm tasks list, POST /api/remittances, the 835 inbox', () => {
  const env = useTestEnv();

  async function startEngine() {
    const inboxRoot = await mkdtemp(join(tmpdir(), 'rcm-era-inbox-'));
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', INBOX_ROOT: inboxRoot, INBOX_POLL_MS: '100' });
    const engine = await Engine.start({ config, logger: env.logger, registry: postingRegistry(), api: true, workerQueues: ['posting'] });
    env.defer(() => engine.stop(5000));
    return { engine, inboxRoot, baseUrl: `http://127.0.0.1:${engine.port}` };
  }

  it('imports files with --wait --json: one object per file, exit 1 when one is rejected; lists the tasks as JSON', async function () {
    this.timeout(60000);
    await seedOffice(env.orm.em.fork(), [{ controlNumber: 'E1', lines: [{ procedure: '99213', chargeCents: 12000 }, { procedure: '93000', chargeCents: 5000 }] }]);
    await startEngine();
    const dir = await mkdtemp(join(tmpdir(), 'rcm-era-'));
    const good = join(dir, 'good.835');
    const bad = join(dir, 'bad.835');
    const text = eraText({ trace: 'E2E1', claims: [{ control: 'E1', lines: [
      { procedure: '99213', chargeCents: 12000, cas: [['CO', '45', 2000], ['PR', '3', 1500]] },
      { procedure: '93000', chargeCents: 5000, cas: [['CO', '50', 5000]] },
    ] }], plb: [['L6', -25]] });
    await writeFile(good, text);
    await writeFile(bad, text.replace('TRN*1*E2E1', 'TRN*1*E2E2').replace('CLP*E1*1*170*85', 'CLP*E1*1*170*86'));

    const result = await runCli(['era', 'import', good, bad, '--wait', '--json'], env.childEnv);
    expect(result.code, result.stderr).to.equal(1);
    const [posted, rejected] = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(Object.keys(posted)).to.have.members(CONTRACT_KEYS);
    const money = { chargeCents: 17000, paidCents: 8500, contractualCents: 2000, deniedCents: 5000, patientRespCents: 1500, otherAdjustmentCents: 0, providerAdjustmentCents: -25 };
    expect(posted).to.deep.equal({
      file: 'good.835', status: 'posted', traceNumber: 'E2E1', paymentCents: 8525, claims: 1, matched: 1, unmatched: 0, ...money,
      claimsWithDenial: 1, tasksCreated: 1,
      transactions: [{ controlNumber: '0001', traceNumber: 'E2E1', status: 'posted', paymentCents: 8525, claims: 1, ...money }],
    });
    expect(rejected).to.include({ file: 'bad.835', status: 'rejected', tasksCreated: 1 });
    expect(Object.keys(rejected)).to.have.members([...CONTRACT_KEYS, 'error']);
    expect(rejected.error).to.include('[rule balance-claim]').and.include('segment CLP at position').and.include('control number 0001');

    const again = await runCli(['era', 'import', good, '--json'], env.childEnv);
    expect(again.code, again.stderr).to.equal(0);
    expect(JSON.parse(again.stdout)).to.include({ status: 'duplicate', paymentCents: 0, tasksCreated: 0 });

    // The same trace with another payment: refused with its reason and a task, exit code 1.
    const conflict = join(dir, 'conflict.835');
    await writeFile(conflict, eraText({ trace: 'E2E1', claims: [{ control: 'E1', lines: [{ procedure: '99213', chargeCents: 12000 }, { procedure: '93000', chargeCents: 5000 }] }] }));
    const refused = await runCli(['era', 'import', conflict, '--wait', '--json'], env.childEnv);
    expect(refused.code, refused.stderr).to.equal(1);
    const refusedSummary = JSON.parse(refused.stdout);
    expect(refusedSummary).to.include({ status: 'conflict', paymentCents: 0, tasksCreated: 1 });
    expect(refusedSummary.error).to.include('trace E2E1').and.include('payment 170.00 (earlier 85.25)');

    const tasks = await runCli(['tasks', 'list', '--json'], env.childEnv);
    expect(tasks.code, tasks.stderr).to.equal(0);
    const list = JSON.parse(tasks.stdout);
    expect(list.map((t: { type: string }) => t.type).sort()).to.deep.equal(['denial', 'quarantined-file', 'remittance-conflict']);
    const denial = list.find((t: { type: string }) => t.type === 'denial');
    expect(denial).to.deep.include({ status: 'open', claimControlNumber: 'E1', reasonCodes: ['CO-50'], amountAtRiskCents: 5000, assignee: null });
    // Due 40 business hours after it was opened (the denial SLA, config/task-types.ts).
    expect(Date.parse(denial.dueAt)).to.be.greaterThan(Date.now());
    expect(Object.keys(denial)).to.have.members(['id', 'type', 'status', 'priority', 'priorityParts', 'claimControlNumber', 'reasonCodes',
      'amountAtRiskCents', 'deadline', 'dueAt', 'assignee', 'leaseExpiresAt', 'allowedOutcomes']);
    const filtered = await runCli(['tasks', 'list', '--type', 'quarantined-file', '--status', 'open', '--json'], env.childEnv);
    expect(JSON.parse(filtered.stdout)).to.have.length(1).and.to.satisfy((rows: Array<{ claimControlNumber: null }>) => rows[0].claimControlNumber === null);
  });

  it('lets an admin change how a CARC posts, with a reason', async function () {
    this.timeout(30000);
    const set = await runCli(['era', 'carc', 'set', 'CO-45', 'denial', '--reason', 'contract dispute', '--recoverability', '0.4', '--by', 'sup.lead'], env.childEnv);
    expect(set.code, set.stderr).to.equal(0);
    const bad = await runCli(['era', 'carc', 'set', 'XX-45', 'denial', '--reason', 'typo'], env.childEnv);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.include('GROUP-REASON');
    const list = await runCli(['era', 'carc', 'list', '--json'], env.childEnv);
    const table = JSON.parse(list.stdout);
    expect(table.rules['CO-45']).to.deep.equal({ action: 'denial', recoverability: 0.4, description: 'Override of CO-45' });
    expect(table.rules['CO-16'].action).to.equal('denial');
  });

  it('takes an 835 over HTTP and from the inbox folder', async function () {
    this.timeout(60000);
    await seedOffice(env.orm.em.fork(), [{ controlNumber: 'H1', lines: [{ procedure: '99213', chargeCents: 10000 }] }]);
    const { baseUrl, inboxRoot } = await startEngine();
    const { headers: auth } = await signedInPerson(env.orm, 'admin');
    const text = eraText({ trace: 'HTTP1', claims: [{ control: 'H1', lines: [{ procedure: '99213', chargeCents: 10000, cas: [['CO', '45', 1000]] }] }] });
    const response = await fetch(`${baseUrl}/api/remittances?fileName=api.835`, { method: 'POST', headers: { ...auth, 'content-type': 'application/edi-x12' }, body: text });
    expect(response.status).to.equal(202);
    const { fileId } = await response.json() as { fileId: number };
    const summary = await waitFor(async () => {
      const s = await (await fetch(`${baseUrl}/api/remittances/files/${fileId}`, { headers: auth })).json() as { status: string; paidCents: number };
      return s.status === 'posted' ? s : undefined;
    }, 20000, 'the API file to post');
    expect(summary).to.include({ file: 'api.835', paidCents: 9000, matched: 1 });
    expect((await fetch(`${baseUrl}/api/remittances`, { method: 'POST', headers: { ...auth, 'content-type': 'application/edi-x12' }, body: text })).status).to.equal(200);

    await writeFile(join(inboxRoot, '835', 'mailbox.835'), text.replace('HTTP1', 'INBOX1'));
    await waitFor(async () => {
      const [row] = await env.orm.em.fork().getConnection().execute(`select count(*)::int as n from remittance where trace_number = 'INBOX1' and status = 'posted'`);
      return row.n === 1;
    }, 20000, 'the inbox file to post');
    const tasks = await (await fetch(`${baseUrl}/api/tasks?type=denial`, { headers: auth })).json();
    expect(tasks).to.deep.equal([]);
    const [taken] = await readdir(join(inboxRoot, '835', 'processed'));
    expect(await readFile(join(inboxRoot, '835', 'processed', taken), 'utf8')).to.include('INBOX1');
  });
});
