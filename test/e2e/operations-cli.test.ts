import { expect } from 'chai';
import { useTestEnv } from '../support/test-env.js';
import { runCli } from '../support/run-cli.js';
import { signedInPerson } from '../support/sign-in.js';

describe('rcm policies and rcm jobs', () => {
  const env = useTestEnv();

  it('sets a policy as an admin with a reason, refuses an invalid one (exit 2), and lists no dead letters', async () => {
    const admin = await signedInPerson(env.orm, 'admin');
    const set = await runCli(['policies', 'set', 'claims.submit', '--attempts', '3', '--backoff', 'fixed', '--delay', '2000', '--reason', 'payer outage',
      '--as', admin.login, '--json'], env.childEnv);
    expect(set.stderr).to.equal('');
    expect(set.code).to.equal(0);
    const result = JSON.parse(set.stdout);
    expect(result).to.deep.include({ target: 'claims.submit', version: 1, dryRun: false });
    expect(result.after).to.deep.include({ attempts: 3 });

    const refused = await runCli(['policies', 'set', 'claims', '--delay', '5000', '--max-delay', '1000', '--reason', 'x', '--as', admin.login], env.childEnv);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.equal('rcm: claims: max delay 1000 ms is below the delay 5000 ms; nothing changed\n');

    const failed = await runCli(['jobs', 'failed', '--queue', 'claims', '--json'], env.childEnv);
    expect(failed.code).to.equal(0);
    expect(JSON.parse(failed.stdout)).to.deep.equal([]);
  });
});
