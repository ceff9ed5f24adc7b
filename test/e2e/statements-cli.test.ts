import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { useTestEnv } from '../support/test-env.js';
import { adminCli } from '../support/run-cli.js';
import { signedInPerson } from '../support/sign-in.js';
import { fixedClock } from '../../src/domain/clock.js';
import { runDunningPass } from '../../src/services/collections/dunning.service.js';
import { officeVisit, seedAccount, seedOffice, statementsOf } from '../integration/collections/dunning-support.js';

describe('rcm statements', () => {
  const env = useTestEnv();

  it('shows a statement, writes its PDF for a specialist (audited), refuses an operator and an unknown id', async function () {
    this.timeout(90_000);
    const office = await seedOffice(env);
    const account = await seedAccount(env, office, [officeVisit('2026-02-10', 4200)]);
    const folder = await mkdtemp(join(tmpdir(), 'rcm-statements-cli-'));
    await runDunningPass(env.orm.em.fork(), '2026-03-02', { timezone: 'America/New_York', clock: fixedClock('2026-03-02T14:00:00Z'), agencyExportDir: folder });
    const [statement] = await statementsOf(env, account.accountId);
    const specialist = await signedInPerson(env.orm, 'specialist');
    const operator = await signedInPerson(env.orm, 'operator');
    const { rcm, ok } = adminCli(env.childEnv);

    const file = join(folder, 'out.pdf');
    const shown = await ok('statements', 'show', String(statement.id), '--pdf', file, '--as', specialist.login);
    expect(shown).to.include({ id: statement.id, accountNumber: account.accountNumber, amountDueCents: 4200, dueDate: '2026-03-27', pdf: file });
    expect((await readFile(file)).subarray(0, 5).toString('latin1')).to.equal('%PDF-');

    const refused = await rcm('statements', 'show', String(statement.id), '--pdf', file, '--as', operator.login);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.include('the role operator may not read statements');
    const unknown = await rcm('statements', 'show', '999999', '--pdf', file, '--as', specialist.login);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.include('no statement 999999');

    const [audit] = await env.orm.em.fork().getConnection().execute(
      `select actor, subject_id from audit_event where action = 'patient.read' and subject_type = 'statement'`);
    expect(audit).to.deep.equal({ actor: specialist.login, subject_id: String(statement.id) });
  });
});
