import { expect } from 'chai';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { classifyCarc, validateCarcTable, withCarcOverrides } from '../../../src/domain/remittance/carc.js';

describe('CARC classification (config/carc-actions.ts)', () => {
  it('has a valid default table', () => {
    expect(() => validateCarcTable(defaultCarcTable)).not.to.throw();
    expect(Object.isFrozen(defaultCarcTable.rules)).to.equal(true);
  });

  it('classifies the listed codes', () => {
    const action = (group: 'CO' | 'PR' | 'OA' | 'PI', reason: string) => classifyCarc(defaultCarcTable, group, reason).action;
    for (const reason of ['45', '253', '42', '59']) expect(action('CO', reason), `CO-${reason}`).to.equal('contractual');
    for (const reason of ['16', '18', '22', '27', '29', '50', '96', '97', '109', '151', '167', '197', '204', '4', '11']) {
      expect(action('CO', reason), `CO-${reason}`).to.equal('denial');
    }
    for (const reason of ['1', '2', '3']) expect(action('PR', reason)).to.equal('patient-responsibility');
    expect(action('OA', '23')).to.equal('other-adjustment');
  });

  it('falls back to what the group means in the TR3, and says so', () => {
    // CO: a contractual obligation the provider bears (written off); PR: the patient's; OA, PI: other.
    for (const reason of ['999', '137', '161', '91']) {
      expect(classifyCarc(defaultCarcTable, 'CO', reason), `CO-${reason}`).to.include({ action: 'contractual', matched: 'group-default', key: `CO-${reason}` });
    }
    expect(classifyCarc(defaultCarcTable, 'PR', '999').action).to.equal('patient-responsibility');
    expect(classifyCarc(defaultCarcTable, 'OA', '999').action).to.equal('other-adjustment');
    expect(classifyCarc(defaultCarcTable, 'PI', '999').action).to.equal('other-adjustment');
    expect(classifyCarc(defaultCarcTable, 'CO', '45')).to.include({ matched: 'rule', key: 'CO-45' });
  });

  it('works an unlisted CO or PI code on a service paid nothing as a denial; listed codes and other groups keep their meaning', () => {
    const unpaid = { servicePaidNothing: true };
    expect(classifyCarc(defaultCarcTable, 'CO', '999', unpaid)).to.include({ action: 'denial', matched: 'unpaid-service-default', recoverability: 0.5 });
    expect(classifyCarc(defaultCarcTable, 'PI', '999', unpaid)).to.include({ action: 'denial', matched: 'unpaid-service-default' });
    expect(classifyCarc(defaultCarcTable, 'OA', '999', unpaid).action).to.equal('other-adjustment');
    expect(classifyCarc(defaultCarcTable, 'PR', '999', unpaid).action).to.equal('patient-responsibility');
    expect(classifyCarc(defaultCarcTable, 'CO', '45', unpaid)).to.include({ action: 'contractual', matched: 'rule' });
    // The remembered answers are kept apart per context.
    expect(classifyCarc(defaultCarcTable, 'CO', '999').action).to.equal('contractual');
    expect(classifyCarc(defaultCarcTable, 'CO', '999', unpaid).action).to.equal('denial');
  });

  it('ranks denials by recoverability: a missing-information denial before a timely-filing one', () => {
    const co16 = classifyCarc(defaultCarcTable, 'CO', '16').recoverability;
    const co29 = classifyCarc(defaultCarcTable, 'CO', '29').recoverability;
    expect(co16).to.be.greaterThan(co29);
    for (const rule of Object.values(defaultCarcTable.rules)) expect(rule.recoverability).to.be.within(0, 1);
  });

  it('applies admin overrides without changing the defaults', () => {
    const table = withCarcOverrides(defaultCarcTable, {
      'co-29': { action: 'contractual', recoverability: 0, description: 'Office writes off late filing' },
      PI: { action: 'denial', recoverability: 0.4, description: 'Review payer reductions' },
    });
    expect(classifyCarc(table, 'CO', '29').action).to.equal('contractual');
    expect(classifyCarc(table, 'PI', '104').action).to.equal('denial');
    expect(classifyCarc(defaultCarcTable, 'CO', '29').action).to.equal('denial');
    // A group override changes the paid service's default; the unpaid-service default stays.
    expect(classifyCarc(table, 'PI', '104', { servicePaidNothing: true })).to.include({ action: 'denial', recoverability: 0.5 });
    expect(table.unpaidServiceDefaults).to.deep.equal(defaultCarcTable.unpaidServiceDefaults);
  });

  it('refuses malformed overrides', () => {
    const rule = { action: 'denial' as const, recoverability: 0.5, description: 'x' };
    expect(() => withCarcOverrides(defaultCarcTable, { 'XX-1': rule })).to.throw(/GROUP-REASON/);
    expect(() => withCarcOverrides(defaultCarcTable, { 'CO-1': { ...rule, recoverability: 2 } })).to.throw(/between 0 and 1/);
    expect(() => withCarcOverrides(defaultCarcTable, { 'CO-1': { ...rule, action: 'refund' as never } })).to.throw(/unknown action/);
    const badUnpaid = { ...defaultCarcTable, unpaidServiceDefaults: { CO: { ...rule, recoverability: -1 } } };
    expect(() => validateCarcTable(badUnpaid)).to.throw(/CO \(service paid nothing\): recoverability/);
  });
});
