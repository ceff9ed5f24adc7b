import { expect } from 'chai';
import { useTestEnv, type TestEnv } from '../support/test-env.js';
import { adminCli } from '../support/run-cli.js';

async function query<T = Record<string, any>>(env: TestEnv, sql: string, params: unknown[] = []): Promise<T[]> {
  return env.orm.em.fork().getConnection().execute(sql, params);
}

describe('rcm tokens', () => {
  const env = useTestEnv();
  const rcm = (...args: string[]) => adminCli(env.childEnv).rcm(...args);
  const ok = (...args: string[]) => adminCli(env.childEnv).ok(...args);

  it('creates (printing the token once), lists without secrets and revokes, auditing each change', async function () {
    this.timeout(60000);
    await ok('users', 'add', '--login', 'ada', '--name', 'Ada Admin', '--role', 'admin', '--as', 'ada');
    await ok('users', 'add', '--login', 'dana', '--name', 'Dana Denials', '--as', 'ada');
    const created = await ok('tokens', 'create', 'dana', '--expires-in', '30d', '--as', 'ada');
    expect(Object.keys(created)).to.deep.equal(['token']);
    expect(created.token).to.match(/^rcm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const plain = await rcm('tokens', 'create', 'ada', '--as', 'ada');
    expect(plain.code, plain.stderr).to.equal(0);
    expect(plain.stdout).to.match(/^rcm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);

    const id = created.token.slice(4, 16);
    const all = await ok('tokens', 'list');
    expect(all.map((t: any) => [t.id, t.login, t.createdBy, t.revokedAt])).to.deep.equal([[id, 'dana', 'ada', null], [plain.stdout.slice(4, 16), 'ada', 'ada', null]]);
    expect(Date.parse(all[0].expiresAt) - Date.parse(all[0].createdAt)).to.equal(30 * 86_400_000);
    expect(all[1].expiresAt).to.equal(null);
    expect((await ok('tokens', 'list', 'dana')).map((t: any) => t.id)).to.deep.equal([id]);
    const listed = (await rcm('tokens', 'list')).stdout;
    expect(listed).to.contain(`${id} dana created`);
    for (const shown of [JSON.stringify(all), listed]) {
      expect(shown).not.to.contain(created.token.slice(17));
      expect(shown).not.to.contain(plain.stdout.trim().slice(17));
    }

    expect((await ok('tokens', 'revoke', id, '--as', 'ada')).changed).to.equal(true);
    expect((await ok('tokens', 'revoke', id, '--as', 'ada')).changed).to.equal(false);
    expect((await ok('tokens', 'list', 'dana'))[0].revokedAt).to.be.a('string');
    const audit = await query(env, `select actor, action, subject_type, subject_id from audit_event where action like 'token.%' order by id`);
    expect(audit).to.deep.equal([
      { actor: 'ada', action: 'token.create', subject_type: 'token', subject_id: id },
      { actor: 'ada', action: 'token.create', subject_type: 'token', subject_id: plain.stdout.slice(4, 16) },
      { actor: 'ada', action: 'token.revoke', subject_type: 'token', subject_id: id },
    ]);
  });

  it('refuses bad input with a clear message and exit code 2, changing nothing', async function () {
    this.timeout(60000);
    await ok('users', 'add', '--login', 'ada', '--name', 'Ada Admin', '--role', 'admin', '--as', 'ada');
    await ok('users', 'add', '--login', 'dana', '--name', 'Dana Denials', '--as', 'ada');
    await ok('tokens', 'create', 'dana', '--as', 'ada');
    const snapshot = async () => ({ tokens: await query(env, 'select * from api_token order by id'), audit: await query(env, 'select * from audit_event order by id') });
    const before = await snapshot();
    const refusals: Array<[string[], string]> = [
      [['tokens', 'create', 'nobody', '--as', 'ada'], 'unknown person "nobody"; nothing changed'],
      [['tokens', 'create', 'dana', '--expires-in', '30', '--as', 'ada'], '--expires-in must be a positive number of days, hours or minutes'],
      [['tokens', 'create', 'dana', '--expires-in', '0d', '--as', 'ada'], '--expires-in must be'],
      [['tokens', 'create', 'dana', '--expires-in', '1w', '--as', 'ada'], '--expires-in must be'],
      [['tokens', 'revoke', 'abcdefabcdef', '--as', 'ada'], 'unknown token "abcdefabcdef"'],
      [['tokens', 'create', 'dana'], 'who is making this change? pass --as LOGIN or set RCM_USER'],
      [['tokens', 'create', 'dana', '--as', 'dana'], '--as dana: only an active admin may change people (dana is a specialist)'],
    ];
    for (const [args, message] of refusals) {
      const result = await rcm(...args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(2);
      expect(result.stderr, args.join(' ')).to.contain(message);
      expect(result.stdout, args.join(' ')).to.equal('');
    }
    expect(await snapshot()).to.deep.equal(before);
  });
});
