import { expect } from 'chai';
import { sqlRunner } from '../../../src/db/sql.js';
import { addPerson, deactivatePerson } from '../../../src/services/people/people.service.js';
import { createToken, revokeToken, verifyToken } from '../../../src/services/people/tokens.service.js';
import { useTestEnv } from '../../support/test-env.js';

describe('API tokens: verifying a presented token', () => {
  const env = useTestEnv();
  const at = new Date('2026-12-04T15:00:00Z');
  const later = (ms: number): Date => new Date(at.getTime() + ms);
  const run = () => sqlRunner(env.orm.em.fork());
  const lastUsed = async (id: string): Promise<Date | null> => {
    const [row] = await run()(`select last_used_at from api_token where public_id = ?`, [id]);
    return row.last_used_at === null ? null : new Date(row.last_used_at);
  };

  beforeEach(async () => {
    await addPerson(env.orm, 'ada', 'ada', { displayName: 'Ada', role: 'admin' }, { timeZone: 'UTC' }, at);
    await addPerson(env.orm, 'ada', 'dana', { displayName: 'Dana' }, { timeZone: 'UTC' }, at);
  });

  it('accepts a good token, naming its person, and records the use at most once a minute', async () => {
    const created = await createToken(env.orm, 'ada', 'dana', {}, at);
    const check = await verifyToken(run(), created.token, later(1000));
    expect('person' in check && check.person.login).to.equal('dana');
    expect(await lastUsed(created.id)).to.deep.equal(later(1000));
    await verifyToken(run(), created.token, later(30_000));
    expect(await lastUsed(created.id)).to.deep.equal(later(1000));
    await verifyToken(run(), created.token, later(61_000));
    expect(await lastUsed(created.id)).to.deep.equal(later(61_000));
    const [row] = await run()(`select secret_hash from api_token where public_id = ?`, [created.id]);
    expect(created.token).not.to.contain(row.secret_hash);
    expect(row.secret_hash).not.to.contain(created.token.split('_').slice(2).join('_'));
  });

  it('refuses missing, malformed, unknown, expired, revoked, and tokens of deactivated people', async () => {
    const good = await createToken(env.orm, 'ada', 'dana', {}, at);
    const short = await createToken(env.orm, 'ada', 'dana', { expiresIn: '90m' }, at);
    const revoked = await createToken(env.orm, 'ada', 'dana', {}, at);
    await revokeToken(env.orm, 'ada', revoked.id, later(1000));
    const wrongSecret = `${good.token.slice(0, -2)}${good.token.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherId = good.token.replace(good.id, good.id === '000000000000' ? '111111111111' : '000000000000');
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'missing'], ['  ', 'missing'], ['Bearer abc', 'malformed'], [good.token.slice(0, -1), 'malformed'],
      [wrongSecret, 'unknown'], [otherId, 'unknown'],
      [revoked.token, 'revoked'],
    ];
    for (const [presented, reason] of cases) expect(await verifyToken(run(), presented, later(2000)), String(presented)).to.deep.equal({ refused: reason });
    expect('person' in await verifyToken(run(), short.token, later(89 * 60_000))).to.equal(true);
    expect(await verifyToken(run(), short.token, later(90 * 60_000))).to.deep.equal({ refused: 'expired' });
    await deactivatePerson(env.orm, 'ada', 'dana', later(3000));
    expect(await verifyToken(run(), good.token, later(4000))).to.deep.equal({ refused: 'inactive' });
    expect(await lastUsed(revoked.id)).to.equal(null);
  });
});
