// `rcm report kpis` end to end on the hand-worked office: the office's figures as JSON, a day's
// snapshot stored then repeated with nothing changed, and refusals exiting 2 with the reason.
import { expect } from 'chai';
import { runCli } from '../support/run-cli.js';
import { useTestEnv } from '../support/test-env.js';
import { seedKpiOffice } from '../integration/kpis/kpi-office.js';

describe('rcm report kpis', () => {
  const env = useTestEnv();

  it('prints the figures as JSON, stores a snapshot once, and refuses bad input with exit 2', async function () {
    this.timeout(60000);
    await seedKpiOffice(env.orm);
    const cliEnv = { ...env.childEnv, TIMEZONE: 'UTC' };
    const [report, snapshot, backwards, notTheirs] = await Promise.all([
      runCli(['report', 'kpis', '--from', '2026-11-02', '--to', '2026-11-13', '--json'], cliEnv),
      runCli(['report', 'kpi-snapshot', '--as-of', '2026-11-04', '--json'], cliEnv),
      runCli(['report', 'kpis', '--from', '2026-11-13', '--to', '2026-11-02'], cliEnv),
      runCli(['report', 'kpis', '--as', 'ann', '--specialist', 'bob'], cliEnv),
    ]);
    expect(report.code, report.stderr).to.equal(0);
    const office = JSON.parse(report.stdout).rows[0];
    expect(office.claims.cleanClaimRate).to.deep.equal({ value: 0.5, numerator: 2, denominator: 4 });
    expect(office.claims.netCollectionRate).to.deep.equal({ value: 0.6389, numerator: 23000, denominator: 36000 });
    expect(snapshot.code, snapshot.stderr).to.equal(0);
    expect(JSON.parse(snapshot.stdout)).to.include({ asOf: '2026-11-04', updated: 0, removed: 0 });
    const repeat = await runCli(['report', 'kpi-snapshot', '--as-of', '2026-11-04', '--json'], cliEnv);
    expect(JSON.parse(repeat.stdout)).to.include({ inserted: 0, updated: 0, removed: 0 });
    expect(backwards.code).to.equal(2);
    expect(backwards.stderr).to.contain('--from 2026-11-13 is after --to 2026-11-02');
    expect(notTheirs.code).to.equal(2);
    expect(notTheirs.stderr).to.contain("ann is a specialist and reads their own figures only, not bob's");
  });
});
