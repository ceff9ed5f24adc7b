import { expect } from 'chai';
import { reasonKey } from '../../../src/domain/tasks/follow-up.js';
import { describeError, safeErrorText, BadInputError } from '../../../src/errors.js';

describe('follow-up tasks (domain)', () => {
  it('treats reason codes as a set', () => {
    expect(reasonKey(['CO-97', 'co-16', 'CO-97'])).to.equal('CO-16,CO-97');
    expect(reasonKey([])).to.equal('-');
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
