import { expect } from 'chai';
import { defaultDunningConfig } from '../../../config/dunning.js';
import { todayIn } from '../../../src/domain/clock.js';
import { demoClock, dollarsText, SCHEDULE_DAYS } from '../../../scripts/demo/collections.js';

describe('the demo\'s collections step (pure parts)', () => {
  it('writes cents as the deposit CSV\'s and the services\' dollars text, without floats', () => {
    expect(dollarsText(125050)).to.equal('1250.50');
    expect(dollarsText(7)).to.equal('0.07');
    expect(dollarsText(100)).to.equal('1.00');
    expect(dollarsText(900719925474099)).to.equal('9007199254740.99');
  });

  it('gives the services noon of the demo\'s office day, in the office\'s zone', () => {
    const clock = demoClock('2026-12-04', 'America/New_York');
    expect(clock.now().toISOString()).to.equal('2026-12-04T17:00:00.000Z');
    expect(todayIn(clock, 'America/New_York')).to.equal('2026-12-04');
    expect(todayIn(demoClock('2026-07-01', 'Pacific/Auckland'), 'Pacific/Auckland')).to.equal('2026-07-01');
  });

  it('runs the cycle as far as its last step, so every stage shows in the demo', () => {
    for (const step of defaultDunningConfig.steps) expect(SCHEDULE_DAYS, step.stage).to.include(step.day);
  });
});
