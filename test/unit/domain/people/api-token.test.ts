import { expect } from 'chai';
import { expiresAt, hashSecret, mintToken, parseToken, secretMatches, shouldRecordUse } from '../../../../src/domain/people/api-token.js';
import { PersonRefused } from '../../../../src/domain/people/person.js';

describe('API tokens: shape, hash and life', () => {
  it('mints rcm_<id>_<secret> and keeps only the secret hash', () => {
    const minted = mintToken();
    const parts = parseToken(minted.token)!;
    expect(parts.publicId).to.equal(minted.publicId).and.match(/^[0-9a-f]{12}$/);
    expect(minted.secretHash).to.equal(hashSecret(parts.secret)).and.match(/^[0-9a-f]{64}$/);
    expect(minted.secretHash).not.to.contain(parts.secret);
    expect(mintToken().token).not.to.equal(minted.token);
  });

  it('matches only the right secret', () => {
    const minted = mintToken();
    const { secret } = parseToken(minted.token)!;
    expect(secretMatches(secret, minted.secretHash)).to.equal(true);
    expect(secretMatches(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`, minted.secretHash)).to.equal(false);
    expect(secretMatches(secret, 'abcd')).to.equal(false); // a damaged stored hash never matches
  });

  it('refuses the shape of anything that is not a token', () => {
    const { token } = mintToken();
    for (const bad of ['', 'Bearer x', token.slice(0, -1), `${token}x`, token.replace('rcm_', 'rcx_'), token.toUpperCase()]) {
      expect(parseToken(bad), bad).to.equal(undefined);
    }
  });

  it('reads --expires-in as days, hours or minutes, and refuses anything else', () => {
    const now = new Date('2026-12-04T15:00:00Z');
    expect(expiresAt('30d', now).toISOString()).to.equal('2027-01-03T15:00:00.000Z');
    expect(expiresAt('12h', now).toISOString()).to.equal('2026-12-05T03:00:00.000Z');
    expect(expiresAt('90m', now).toISOString()).to.equal('2026-12-04T16:30:00.000Z');
    for (const bad of ['0d', '-1d', '30', '1w', '1.5h', 'soon', '', '3651d']) {
      expect(() => expiresAt(bad, now), bad).to.throw(PersonRefused, '--expires-in must be');
    }
  });

  it('records a use at most once a minute', () => {
    const now = new Date('2026-12-04T15:00:00Z');
    expect(shouldRecordUse(null, now)).to.equal(true);
    expect(shouldRecordUse(new Date('2026-12-04T14:59:30Z'), now)).to.equal(false);
    expect(shouldRecordUse(new Date('2026-12-04T14:59:00Z'), now)).to.equal(true);
  });
});
