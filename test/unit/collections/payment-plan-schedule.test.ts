import { expect } from 'chai';
import {
  checkSchedule, evenSchedule, isPlanPaid, missedInstallments, nthDueDate, parseInstallmentList, PlanInputError,
} from '../../../src/domain/collections/payment-plan-schedule.js';

const rules = { maxInstallments: 12 };

describe('payment plan schedules (domain)', () => {
  it('reads DATE:AMOUNT lists and names the bad item', () => {
    expect(parseInstallmentList('2026-12-15:50.00, 2027-01-15:50')).to.deep.equal([
      { dueDate: '2026-12-15', amountCents: 5000 }, { dueDate: '2027-01-15', amountCents: 5000 },
    ]);
    expect(() => parseInstallmentList('')).to.throw(PlanInputError, /none given/);
    expect(() => parseInstallmentList('2026-12-15:50.00,2027-01-15')).to.throw(/item 2 is not DATE:AMOUNT/);
    expect(() => parseInstallmentList('2026-13-15:50.00')).to.throw(/item 1: "2026-13-15" is not a date/);
    expect(() => parseInstallmentList('2026-12-15:-5.00')).to.throw(/item 1 amount/);
    expect(() => parseInstallmentList('2026-12-15:0')).to.throw(/item 1 amount/);
  });

  it('splits a total evenly to the cent, the odd cents on the first installments, month ends kept', () => {
    const plan = evenSchedule(10001, 3, '2027-01-31', 'month');
    expect(plan).to.deep.equal([
      { dueDate: '2027-01-31', amountCents: 3334 }, { dueDate: '2027-02-28', amountCents: 3334 }, { dueDate: '2027-03-31', amountCents: 3333 },
    ]);
    expect(plan.reduce((s, i) => s + i.amountCents, 0)).to.equal(10001);
    expect(nthDueDate('2026-12-30', 2, 'two-weeks')).to.equal('2027-01-27');
    expect(nthDueDate('2026-11-15', 2, 'month')).to.equal('2027-01-15');
    expect(() => evenSchedule(2, 3, '2027-01-01', 'week')).to.throw(/cannot share/);
  });

  it('refuses installments that do not add up, dates out of order, past first dates and too many', () => {
    const ok = [{ dueDate: '2026-12-15', amountCents: 5000 }, { dueDate: '2027-01-15', amountCents: 5000 }];
    expect(() => checkSchedule(10000, ok, '2026-12-01', rules)).to.not.throw();
    expect(() => checkSchedule(10001, ok, '2026-12-01', rules)).to.throw(PlanInputError, /add up to 100.00, not the plan's total of 100.01/);
    expect(() => checkSchedule(10000, [...ok].reverse(), '2026-12-01', rules)).to.throw(/not after item 1/);
    expect(() => checkSchedule(10000, [ok[0], { ...ok[1], dueDate: ok[0].dueDate }], '2026-12-01', rules)).to.throw(/dates must ascend/);
    expect(() => checkSchedule(10000, ok, '2026-12-20', rules)).to.throw(/before today/);
    expect(() => checkSchedule(10000, [], '2026-12-01', rules)).to.throw(/at least one/);
    const many = evenSchedule(10000, 13, '2026-12-15', 'week');
    expect(() => checkSchedule(10000, many, '2026-12-01', rules)).to.throw(/more than the office allows \(12\)/);
  });

  it('calls an installment missed only after its grace days, and a plan paid when every installment is', () => {
    const i = [
      { id: 1, sequence: 1, dueDate: '2026-12-15', amountCents: 5000, paidCents: 4999, status: 'due' as const },
      { id: 2, sequence: 2, dueDate: '2027-01-15', amountCents: 5000, paidCents: 0, status: 'due' as const },
    ];
    expect(missedInstallments(i, '2026-12-25', 10)).to.deep.equal([]);
    expect(missedInstallments(i, '2026-12-26', 10).map((x) => x.id)).to.deep.equal([1]);
    expect(missedInstallments([{ ...i[0], status: 'missed' }], '2027-06-01', 10)).to.deep.equal([]);
    expect(missedInstallments([{ ...i[0], paidCents: 5000 }], '2027-06-01', 10)).to.deep.equal([]);
    expect(isPlanPaid(i)).to.equal(false);
    expect(isPlanPaid(i.map((x) => ({ ...x, paidCents: 5000 })))).to.equal(true);
    expect(isPlanPaid([])).to.equal(false);
  });
});
