// A statement's PDF, fetched through the API as the person on the phone would: rendered with
// pdfkit, turned into an image with poppler's pdftoppm (it must show something), its text read with
// pdftotext (the amount due, the due date, how to pay), kept after the first request, and audited.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { loadConfig } from '../../../src/config.js';
import { Engine } from '../../../src/engine.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { runDunningPass } from '../../../src/services/collections/dunning.service.js';
import { engineHandlers } from '../../../workers/registry.js';
import { signedInPerson } from '../../support/sign-in.js';
import { useTestEnv } from '../../support/test-env.js';
import { officeVisit, seedAccount, seedOffice, statementsOf } from './dunning-support.js';

const run = promisify(execFile);

/** Share of dark pixels in a binary PGM (P5) page image. */
function darkShare(pgm: Buffer): number {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a binary PGM image');
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length, header[0].length + width * height);
  expect(pixels.length).to.equal(width * height);
  let dark = 0;
  for (const value of pixels) if (value < 128) dark++;
  return dark / pixels.length;
}

describe('statement PDFs', function () {
  this.timeout(60_000);
  const env = useTestEnv();

  it('renders a statement a patient can read: amount due, due date, visits, how to pay; kept once made; each read audited', async () => {
    const office = await seedOffice(env);
    const account = await seedAccount(env, office, [officeVisit('2026-02-10', 8750), officeVisit('2026-02-24', 3600)]);
    const folder = await mkdtemp(join(tmpdir(), 'rcm-statement-'));
    await runDunningPass(env.orm.em.fork(), '2026-03-02', { timezone: 'America/New_York', clock: fixedClock('2026-03-02T14:00:00Z'), agencyExportDir: folder });
    const [statement] = await statementsOf(env, account.accountId);
    expect(statement).to.include({ kind: 'statement', due: 12_350, due_date: '2026-03-27' });

    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', INBOX_ROOT: join(folder, 'inbox') });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    const url = `http://127.0.0.1:${engine.port}/api/statements/${statement.id}/pdf`;
    const specialist = await signedInPerson(env.orm, 'specialist');
    const operator = await signedInPerson(env.orm, 'operator');
    expect((await fetch(url, { headers: operator.headers })).status).to.equal(403);
    expect((await fetch(url.replace(`/${statement.id}/`, '/999999/'), { headers: specialist.headers })).status).to.equal(404);

    const answer = await fetch(url, { headers: specialist.headers });
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('content-type')).to.equal('application/pdf');
    const pdf = Buffer.from(await answer.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    const file = join(folder, 'statement.pdf');
    await writeFile(file, pdf);

    // The page as an image is neither blank nor solid.
    await run('pdftoppm', ['-r', '40', '-gray', '-f', '1', '-l', '1', file, join(folder, 'page')]);
    const share = darkShare(await readFile(join(folder, 'page-1.pgm')));
    expect(share).to.be.greaterThan(0.005).and.lessThan(0.5);

    const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
    for (const words of ['Riverside Family Medicine', 'Patient statement', account.accountNumber, 'Amount due', '$123.50', '03/27/2026',
      '02/10/2026', '99214', 'Evergreen Health Plan', '$150.00', '$87.50', '$36.00', 'How to pay', 'pay.riverside-family.example', '(555) 014-2290',
      'Ada Okafor', '12 Elm Street']) {
      expect(text, words).to.include(words);
    }
    expect(text).not.to.include('E119');

    // Kept as first rendered: the second read returns the same bytes even after the account moved on.
    await env.orm.em.fork().getConnection().execute('update account set patient_balance_cents = 0 where id = ?', [account.accountId]);
    const second = Buffer.from(await (await fetch(url, { headers: specialist.headers })).arrayBuffer());
    expect(second.equals(pdf)).to.equal(true);

    const audit = await env.orm.em.fork().getConnection().execute(
      `select actor, action, subject_type, subject_id, detail from audit_event where action = 'patient.read' and subject_type = 'statement' order by id`);
    expect(audit).to.have.length(2);
    expect(audit[0]).to.include({ actor: specialist.login, subject_id: String(statement.id) });
    expect(audit[0].detail).to.include({ accountId: account.accountId, as: 'statement-pdf' });
  });
});
