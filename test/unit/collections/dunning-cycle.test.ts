import { expect } from 'chai';
import { addDays } from '../../../src/domain/calendar-date.js';
import {
  checkDunningConfig, decideDunning, stepDue, type AccountCycleState,
} from '../../../src/domain/collections/dunning-cycle.js';
import { agencyReferralCsv, plainDollars } from '../../../src/domain/collections/agency-referral.js';
import { defaultDunningConfig as config, type DunningConfig } from '../../../config/dunning.js';

const steps = config.steps;
const fresh: AccountCycleState = {
  balanceCents: 12_345, cycleStart: null, lastStage: null, pausedSince: null, planCurrent: false, disputeOpen: false, stage: 'none',
};

describe('dunning cycle (pure)', () => {
  it('the default cycle: statements at 0, 30 and 60 days, a final notice at 90, the agency at 120', () => {
    expect(steps.map((s) => [s.stage, s.day, s.kind])).to.deep.equal([
      ['statement-1', 0, 'statement'], ['statement-2', 30, 'statement'], ['statement-3', 60, 'statement'],
      ['final-notice', 90, 'final-notice'], ['agency', 120, 'agency-referral'],
    ]);
    expect(() => checkDunningConfig(config)).not.to.throw();
  });

  it('stepDue: the next step once its day is reached, nothing the day before', () => {
    expect(stepDue(steps, 0, null)?.stage).to.equal('statement-1');
    expect(stepDue(steps, 0, 'statement-1')).to.equal(null);
    expect(stepDue(steps, 29, 'statement-1')).to.equal(null);
    expect(stepDue(steps, 30, 'statement-1')?.stage).to.equal('statement-2');
    expect(stepDue(steps, 59, 'statement-2')).to.equal(null);
    expect(stepDue(steps, 60, 'statement-2')?.stage).to.equal('statement-3');
    expect(stepDue(steps, 89, 'statement-3')).to.equal(null);
    expect(stepDue(steps, 90, 'statement-3')?.stage).to.equal('final-notice');
    expect(stepDue(steps, 119, 'final-notice')).to.equal(null);
    expect(stepDue(steps, 120, 'final-notice')?.stage).to.equal('agency');
    expect(stepDue(steps, 500, 'agency')).to.equal(null);
  });

  it('stepDue never skips a step: a cycle found late goes one step at a time', () => {
    expect(stepDue(steps, 200, null)?.stage).to.equal('statement-1');
    expect(stepDue(steps, 200, 'statement-1')?.stage).to.equal('statement-2');
  });

  it('walks a balance through the whole cycle, day by day, one step at each boundary', () => {
    let state = { ...fresh };
    const sent: Array<[number, string]> = [];
    for (let day = 0; day <= 200; day++) {
      const decision = decideDunning(state, addDays('2026-01-05', day), config);
      if (decision.send) sent.push([day, decision.send.stage]);
      state = { ...state, ...decision.next };
      // Deciding again the same day changes nothing.
      const again = decideDunning(state, addDays('2026-01-05', day), config);
      expect(again.changed).to.equal(false);
      expect(again.send).to.equal(null);
    }
    expect(sent).to.deep.equal([[0, 'statement-1'], [30, 'statement-2'], [60, 'statement-3'], [90, 'final-notice'], [120, 'agency']]);
    expect(state).to.include({ stage: 'agency', lastStage: 'agency', cycleStart: '2026-01-05' });
  });

  it('below the minimum no statement; at or below the write-off threshold the whole balance is written off', () => {
    const small = decideDunning({ ...fresh, balanceCents: config.minimumStatementCents - 1 }, '2026-01-05', config);
    expect(small).to.include({ send: null, writeOffCents: 0, changed: false });
    const tiny = decideDunning({ ...fresh, balanceCents: config.smallBalanceWriteOffCents }, '2026-01-05', config);
    expect(tiny.writeOffCents).to.equal(config.smallBalanceWriteOffCents);
    expect(tiny.send).to.equal(null);
    expect(decideDunning({ ...fresh, balanceCents: config.minimumStatementCents }, '2026-01-05', config).send?.stage).to.equal('statement-1');
  });

  it('a current plan or an open dispute pauses the cycle, and the pause does not count towards the next step', () => {
    const inCycle: AccountCycleState = { ...fresh, cycleStart: '2026-01-01', lastStage: 'statement-1', stage: 'statement-1' };
    const plan = decideDunning({ ...inCycle, planCurrent: true }, '2026-01-11', config);
    expect(plan.next).to.deep.equal({ cycleStart: '2026-01-01', lastStage: 'statement-1', pausedSince: '2026-01-11', stage: 'plan' });
    expect(plan.send).to.equal(null);
    const dispute = decideDunning({ ...inCycle, disputeOpen: true }, '2026-03-01', config);
    expect(dispute.next).to.include({ stage: 'statement-1', pausedSince: '2026-03-01' });
    expect(dispute.send).to.equal(null);
    // Paused from day 10 to day 50: 40 days do not count, so statement 2 is due on day 70.
    const resumed = decideDunning({ ...inCycle, ...plan.next, planCurrent: false }, '2026-02-20', config);
    expect(resumed.next).to.deep.equal({ cycleStart: '2026-02-10', lastStage: 'statement-1', pausedSince: null, stage: 'statement-1' });
    expect(resumed.send).to.equal(null);
    const state = { ...inCycle, ...resumed.next };
    expect(decideDunning(state, addDays('2026-02-10', 29), config).send).to.equal(null);
    expect(decideDunning(state, addDays('2026-02-10', 30), config).send?.stage).to.equal('statement-2');
  });

  it('a paid balance ends the cycle; an agency account stays out of the cycle until paid', () => {
    const inCycle: AccountCycleState = { ...fresh, cycleStart: '2026-01-01', lastStage: 'statement-2', stage: 'statement-2' };
    expect(decideDunning({ ...inCycle, balanceCents: 0 }, '2026-02-15', config).next)
      .to.deep.equal({ cycleStart: null, lastStage: null, pausedSince: null, stage: 'none' });
    const agency: AccountCycleState = { ...inCycle, lastStage: 'agency', stage: 'agency' };
    expect(decideDunning({ ...agency, disputeOpen: true }, '2026-09-01', config)).to.include({ changed: false, send: null, writeOffCents: 0 });
    expect(decideDunning({ ...agency, balanceCents: 200 }, '2026-09-01', config).writeOffCents).to.equal(0);
    expect(decideDunning({ ...agency, balanceCents: 0 }, '2026-09-01', config).next.stage).to.equal('none');
  });

  it('refuses a cycle that cannot run: out of order, not starting at 0, thresholds crossed', () => {
    const bad = (change: Partial<DunningConfig>) => () => checkDunningConfig({ ...config, ...change });
    expect(bad({ steps: [steps[1], steps[0]] })).to.throw(/steps\[0\]\.day/);
    expect(bad({ steps: [steps[0], { ...steps[1], day: 0 }] })).to.throw(/steps\[1\]\.day/);
    expect(bad({ steps: [steps[0], steps[4], steps[3]] })).to.throw(/agency referral ends the cycle/);
    expect(bad({ smallBalanceWriteOffCents: 2000 })).to.throw(/smallBalanceWriteOffCents/);
    expect(bad({ steps: [] })).to.throw(/no steps/);
  });

  it('the agency file carries the minimum: no diagnosis or procedure columns, quoted fields, plain amounts', () => {
    expect(plainDollars(123_456)).to.equal('1234.56');
    expect(plainDollars(5)).to.equal('0.05');
    const csv = agencyReferralCsv([{
      accountNumber: 'A-1', guarantorLastName: 'Rivera, Jr.', guarantorFirstName: 'Sam', referredOn: '2026-05-01', balanceCents: 45_000,
      address: { line1: '1 Main St', city: 'Springfield', state: 'ST', postalCode: '00001' },
      services: [{ date: '2026-01-02', cents: 30_000 }, { date: '2026-01-20', cents: 15_000 }],
    }]);
    const [header, row] = csv.trimEnd().split('\r\n');
    expect(header).to.equal('account_number,guarantor_last_name,guarantor_first_name,address_line1,address_line2,city,state,postal_code,balance,referred_on,dates_of_service,service_amounts');
    expect(row).to.equal('A-1,"Rivera, Jr.",Sam,1 Main St,,Springfield,ST,00001,450.00,2026-05-01,2026-01-02;2026-01-20,300.00;150.00');
  });
});
