// POST /api/deposits and GET /api/deposits: a CSV body imported (201), the same again (200,
// nothing added), a bad one refused whole (422 with its line); an operator lists what came in.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { loadConfig } from '../../../src/config.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';

describe('deposits API', () => {
  const env = useTestEnv();

  it('imports a bank file, answers a repeat with 200, refuses a bad file with 422, and lists deposits', async () => {
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', HOST: '127.0.0.1', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-deposits-inbox-')) });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    const api = `http://127.0.0.1:${engine.port}`;
    const ops = await signedInPerson(env.orm, 'operator');
    const post = (body: string) => fetch(`${api}/api/deposits?fileName=bank.csv`, { method: 'POST', headers: { ...ops.headers, 'content-type': 'text/csv' }, body });
    const csv = 'date,amount,trace,bank_account\n2026-12-03,1250.50,EFT1,000111222333\n2026-12-04,20.00,EFT2,000111222333\n';

    const created = await post(csv);
    expect(created.status).to.equal(201);
    const imported = await created.json();
    expect(imported).to.deep.include({ format: 'deposits-csv', status: 'imported', added: 2 });
    const repeat = await post(csv);
    expect(repeat.status).to.equal(200);
    expect(await repeat.json()).to.deep.include({ fileId: imported.fileId, status: 'duplicate', added: 0 });

    const refused = await post('date,amount,trace,bank_account\n2026-12-05,1.00,EFT3,000111222333\nnot-a-date,2.00,EFT4,000111222333\n');
    expect(refused.status).to.equal(422);
    const answer = await refused.json();
    expect(answer.error).to.equal(`deposit file ${answer.fileId} rejected: line 3, field date, not a date in YYYY-MM-DD form`);

    const listed = await fetch(`${api}/api/deposits?status=unmatched`, { headers: ops.headers });
    expect(listed.status).to.equal(200);
    expect((await listed.json()).map((d: { amountCents: number; bankAccount: string }) => [d.amountCents, d.bankAccount])).to.deep.equal([[2000, '****2333'], [125050, '****2333']]);
    const specialist = await signedInPerson(env.orm, 'specialist');
    expect((await fetch(`${api}/api/deposits`, { headers: specialist.headers })).status).to.equal(403);
  });
});
