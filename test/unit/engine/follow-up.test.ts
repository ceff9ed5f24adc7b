import { expect } from 'chai';
import { followUpPriority, reasonKey } from '../../../src/domain/tasks/follow-up.js';
import { describeError, safeErrorText, BadInputError } from '../../../src/errors.js';

describe('follow-up tasks (domain)', () => {
  it('treats reason codes as a set', () => {
    expect(reasonKey(['CO-97', 'co-16', 'CO-97'])).to.equal('CO-16,CO-97');
    expect(reasonKey([])).to.equal('-');
  });

  it('ranks more money and nearer deadlines higher, and explains the score', () => {
    const small = followUpPriority(10_00, null, '2026-11-26');
    const large = followUpPriority(10_000_00, null, '2026-11-26');
    expect(large.score).to.be.greaterThan(small.score);
    const far = followUpPriority(500_00, '2027-06-01', '2026-11-26');
    const near = followUpPriority(500_00, '2026-11-30', '2026-11-26');
    const passed = followUpPriority(500_00, '2026-11-01', '2026-11-26');
    expect(near.score).to.be.greaterThan(far.score);
    expect(passed.parts.deadline).to.equal(40);
    expect(near.score).to.equal(near.parts.amount + near.parts.deadline);
  });
});

describe('error descriptions', () => {
  it('keeps our own messages and withholds others', () => {
    expect(describeError(new BadInputError('segment CLM at 27: CLM02 is not an amount'))).to.deep.equal({
      errorClass: 'BadInputError',
      message: 'segment CLM at 27: CLM02 is not an amount',
    });
    const foreign = Object.assign(new Error('duplicate key (last_name)=(Invented)'), { code: '23505' });
    expect(describeError(foreign)).to.deep.equal({ errorClass: 'Error', code: '23505' });
    expect(safeErrorText(foreign)).to.not.include('Invented');
  });
});
