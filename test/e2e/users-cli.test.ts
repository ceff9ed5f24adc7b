import { expect } from 'chai';
import { useTestEnv, type TestEnv } from '../support/test-env.js';
import { adminCli, runCli } from '../support/run-cli.js';

async function query<T = Record<string, any>>(env: TestEnv, sql: string, params: unknown[] = []): Promise<T[]> {
  return env.orm.em.fork().getConnection().execute(sql, params);
}

/** Everything about people and the audit, to show a refused change changed nothing. */
async function snapshot(env: TestEnv): Promise<unknown> {
  return {
    people: await query(env, 'select * from specialist order by id'),
    audit: await query(env, 'select id, actor, action, subject_id, detail from audit_event order by id'),
  };
}

describe('rcm users and rcm audit', () => {
  const env = useTestEnv();
  const rcm = (...args: string[]) => adminCli(env.childEnv).rcm(...args);
  const ok = (...args: string[]) => adminCli(env.childEnv).ok(...args);

  async function team(): Promise<void> {
    await ok('users', 'add', '--login', 'ada', '--name', 'Ada Admin', '--role', 'admin', '--as', 'ada');
    await ok('users', 'add', '--login', 'dir', '--name', 'Dee Director', '--role', 'director', '--as', 'ada');
    await ok('users', 'add', '--login', 'sup', '--name', 'Sam Supervisor', '--role', 'supervisor', '--supervisor', 'dir', '--as', 'ada');
  }

  it('adds, lists, updates and deactivates people, auditing each change as the --as admin', async function () {
    this.timeout(60000);
    await team();
    const added = await ok('users', 'add', '--login', 'dana', '--name', 'Dana Denials', '--skills', 'denial,underpayment',
      '--payers', '60054,87726', '--certifications', 'cpc', '--level', 'mid', '--capacity', '30', '--time-zone', 'America/Chicago',
      '--hours', '07:00-15:30', '--days', 'mon-thu', '--supervisor', 'sup', '--as', 'ada');
    expect(added.person).to.deep.include({
      login: 'dana', displayName: 'Dana Denials', role: 'specialist', skills: ['denial', 'underpayment'], payers: ['60054', '87726'],
      certifications: ['CPC'], level: 'mid', capacity: 30, timeZone: 'America/Chicago',
      workingHours: { start: '07:00', end: '15:30', days: [1, 2, 3, 4] }, supervisor: 'sup', active: true,
    });

    const updated = await ok('users', 'update', 'dana', '--level', 'senior', '--capacity', '0', '--as', 'ada');
    expect(updated.changed).to.deep.equal(['level', 'capacity']);
    const same = await ok('users', 'update', 'dana', '--level', 'senior', '--as', 'ada');
    expect(same.changed).to.deep.equal([]);
    const noBoss = await ok('users', 'update', 'dana', '--no-supervisor', '--as', 'ada');
    expect(noBoss.person.supervisor).to.equal(null);
    expect((await ok('users', 'deactivate', 'dana', '--as', 'ada')).person.active).to.equal(false);

    const everyone = await ok('users', 'list');
    expect(everyone.map((p: any) => p.login)).to.deep.equal(['ada', 'dana', 'dir', 'sup']);
    expect((await ok('users', 'list', '--active-only')).map((p: any) => p.login)).to.deep.equal(['ada', 'dir', 'sup']);
    const human = await rcm('users', 'list');
    expect(human.stdout).to.contain('dana (Dana Denials) specialist senior [deactivated] capacity 0 America/Chicago 07:00-15:30 mon,tue,wed,thu');

    const audit = await ok('audit', '--since', '1h');
    const [dana] = await query(env, `select id from specialist where login = 'dana'`);
    expect(audit.map((e: any) => [e.actor, e.action, e.subjectType])).to.deep.equal([
      ['ada', 'user.add', 'user'], ['ada', 'user.add', 'user'], ['ada', 'user.add', 'user'], ['ada', 'user.add', 'user'],
      ['ada', 'user.update', 'user'], ['ada', 'user.update', 'user'], ['ada', 'user.deactivate', 'user'],
    ]);
    expect(audit.slice(3).map((e: any) => [e.subjectId, e.detail])).to.deep.equal([
      [String(dana.id), { fields: ['login', 'displayName', 'level', 'skills', 'payers', 'certifications', 'capacity', 'timeZone', 'workingHours', 'supervisor'] }],
      [String(dana.id), { fields: ['level', 'capacity'] }],
      [String(dana.id), { fields: ['supervisor'] }],
      [String(dana.id), { fields: ['active'] }],
    ]);
    expect(JSON.stringify(audit)).not.to.contain('Dana Denials'); // field names, not values
    expect(await ok('audit', '--since', new Date(Date.now() + 60_000).toISOString())).to.deep.equal([]);
    const badSince = await rcm('audit', '--since', 'yesterday');
    expect([badSince.code, badSince.stderr]).to.deep.equal([2, 'rcm: --since "yesterday" is neither an ISO time (2026-12-04T09:00:00Z) nor a duration (30m, 24h, 7d)\n']);
    expect((await ok('audit', '--since', '1h', '--limit', '2')).map((e: any) => e.id)).to.deep.equal(audit.slice(0, 2).map((e: any) => e.id));
    const badLimit = await rcm('audit', '--since', '1h', '--limit', 'all');
    expect([badLimit.code, badLimit.stderr]).to.deep.equal([2, 'rcm: --limit must be a whole number of events (1 or more), not all\n']);
  });

  it('refuses bad input with a clear message and exit code 2, changing nothing', async function () {
    this.timeout(240000);
    await team();
    await ok('users', 'add', '--login', 'spec', '--name', 'Sid Specialist', '--supervisor', 'sup', '--as', 'ada');
    const before = await snapshot(env);
    const refusals: Array<[string[], string]> = [
      [['users', 'update', 'nobody', '--capacity', '3', '--as', 'ada'], 'unknown person "nobody"; nothing changed'],
      [['users', 'deactivate', 'nobody', '--as', 'ada'], 'unknown person "nobody"; nothing changed'],
      [['users', 'update', 'spec', '--time-zone', 'Mars/Olympus', '--as', 'ada'], 'time zone "Mars/Olympus" is not a known IANA zone'],
      [['users', 'add', '--login', 'tz', '--name', 'T Z', '--time-zone', 'EST', '--as', 'ada'], 'time zone "EST" is not an IANA zone name'],
      [['users', 'update', 'spec', '--hours', '17:00-08:00', '--as', 'ada'], 'working hours "17:00-08:00": the start must be before the end'],
      [['users', 'update', 'spec', '--hours', '8am-5pm', '--as', 'ada'], 'working hours "8am-5pm" must look like 08:00-17:00'],
      [['users', 'update', 'spec', '--days', 'fri-mon', '--as', 'ada'], 'runs backwards'],
      [['users', 'update', 'spec', '--capacity=-1', '--as', 'ada'], 'capacity cannot be below zero (got -1)'],
      [['users', 'update', 'spec', '--supervisor', 'spec', '--as', 'ada'], 'supervisor loop in the reporting chain: spec -> spec; nothing changed'],
      [['users', 'update', 'sup', '--supervisor', 'spec', '--as', 'ada'], 'supervisor loop in the reporting chain: sup -> spec -> sup; nothing changed'],
      [['users', 'update', 'dir', '--supervisor', 'spec', '--as', 'ada'], 'supervisor loop in the reporting chain: dir -> spec -> sup -> dir; nothing changed'],
      [['users', 'update', 'spec', '--supervisor', 'ghost', '--as', 'ada'], 'unknown supervisor "ghost"; nothing changed'],
      [['users', 'add', '--login', 'new', '--name', 'New', '--supervisor', 'ghost', '--as', 'ada'], 'unknown supervisor "ghost"; nothing changed'],
      [['users', 'add', '--login', 'new', '--name', 'New', '--supervisor', 'spec', '--as', 'ada'], '"spec" is a specialist; a supervisor must be a supervisor or director; nothing changed'],
      [['users', 'deactivate', 'sup', '--as', 'ada'], 'sup cannot be deactivated: spec report to them; give them another supervisor first'],
      [['users', 'update', 'sup', '--active', 'false', '--as', 'ada'], 'sup cannot be deactivated: spec report to them'],
      [['users', 'update', 'sup', '--role', 'specialist', '--as', 'ada'], 'sup cannot become specialist: spec report to them'],
      [['users', 'add', '--login', 'spec', '--name', 'Another Sid', '--as', 'ada'], 'login "spec" is already taken; nothing changed'],
      [['users', 'add', '--login', 'x', '--name', 'X', '--role', 'boss', '--as', 'ada'], 'role "boss" is not one of specialist, supervisor, director, admin, operator'],
      [['users', 'add', '--login', 'x', '--name', 'X', '--level', '2', '--as', 'ada'], 'level "2" is not one of entry, mid, senior'],
      [['users', 'update', 'spec', '--capacity', '3'], 'who is making this change? pass --as LOGIN or set RCM_USER'],
      [['users', 'update', 'spec', '--capacity', '3', '--as', 'spec'], '--as spec: only an active admin may change people (spec is a specialist)'],
      [['users', 'update', 'spec', '--capacity', '3', '--as', 'ghost'], '--as ghost: no such person'],
      [['users', 'add', '--login', 'eve', '--name', 'Eve', '--role', 'admin', '--as', 'eve'], '--as eve: no such person'], // an admin exists: no bootstrap
    ];
    for (const [args, message] of refusals) {
      const result = await rcm(...args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(2);
      expect(result.stderr, args.join(' ')).to.contain(message);
      expect(result.stdout, args.join(' ')).to.equal('');
    }
    expect(await snapshot(env)).to.deep.equal(before);

    // RCM_USER is the actor when --as is absent.
    const viaEnv = await runCli(['users', 'update', 'spec', '--capacity', '3', '--json'], { ...env.childEnv, RCM_USER: 'ada' });
    expect(viaEnv.code, viaEnv.stderr).to.equal(0);
    const [last] = await query(env, 'select actor, action from audit_event order by id desc limit 1');
    expect(last).to.deep.equal({ actor: 'ada', action: 'user.update' });
  });

  it('maps the former integer levels to entry, mid and senior when migrating', async function () {
    const migrator = env.orm.getMigrator();
    await migrator.down({ to: 'migration-20261204190000-repair-sweep' });
    await query(env, `insert into specialist (login, display_name, role, skills, payers, certifications, level, capacity, timezone, working_hours, created_at)
      select 'p' || n, 'P', 'specialist', '[]', '[]', '[]', n, 25, 'UTC', '{"start":"08:00","end":"17:00","days":[1]}', now() from generate_series(0, 4) n`);
    await migrator.up();
    const rows = await query(env, 'select login, level from specialist order by login');
    expect(rows.map((r) => `${r.login}:${r.level}`)).to.deep.equal(['p0:entry', 'p1:entry', 'p2:mid', 'p3:senior', 'p4:senior']);
  });
});
