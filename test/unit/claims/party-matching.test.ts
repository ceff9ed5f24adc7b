// Which imported claims bill the same person: payer, member id, name and birth date.
import { expect } from 'chai';
import { billedPerson, personKey, uniqueBy } from '../../../src/domain/claims/party-matching.js';
import { dependentClaim, sampleClaim } from '../x12/claim-samples.js';

describe('party matching', () => {
  it('bills the subscriber when there is no patient loop, as self (18)', () => {
    const person = billedPerson(sampleClaim(1), 7);
    expect(person).to.deep.equal({
      key: '7|MEMBER1|DOE|JAMIE|1980-01-01', payerId: 7, memberId: 'MEMBER1', last: 'DOE', first: 'JAMIE', middle: 'Q',
      birthDate: '1980-01-01', gender: 'F', address: { line1: '9 SAMPLE ST', city: 'TESTVILLE', state: 'NY', postalCode: '10001' },
      groupNumber: 'GRP1', rank: 'P', relationship: '18',
    });
  });

  it('bills the patient of a 2000C loop under the subscriber\'s coverage and relationship', () => {
    const person = billedPerson(dependentClaim(2), 7);
    expect(person).to.deep.include({ key: '7|MEMBER2|DOE|ALEX|2015-06-30', memberId: 'MEMBER2', first: 'ALEX', relationship: '19' });
  });

  it('matches names without regard to case, and tells people apart by birth date and payer', () => {
    expect(personKey(7, 'M1', 'Doe', 'Jamie', '1980-01-01')).to.equal(personKey(7, 'M1', 'DOE', 'JAMIE', '1980-01-01'));
    expect(personKey(7, 'M1', 'DOE', 'JAMIE', '1980-01-02')).not.to.equal(personKey(7, 'M1', 'DOE', 'JAMIE', '1980-01-01'));
    expect(personKey(8, 'M1', 'DOE', 'JAMIE', '1980-01-01')).not.to.equal(personKey(7, 'M1', 'DOE', 'JAMIE', '1980-01-01'));
  });

  it('keeps the first row of each key, in order', () => {
    expect(uniqueBy([{ key: 'a', n: 1 }, { key: 'b', n: 2 }, { key: 'a', n: 3 }])).to.deep.equal([{ key: 'a', n: 1 }, { key: 'b', n: 2 }]);
  });
});
