import { expect } from 'chai';
import { amountPoints, deadlinePoints, recoverabilityOf, taskPriority } from '../../../src/domain/tasks/priority.js';
import { recoverabilityTable, taskPriorityWeights, type RecoverabilityTable } from '../../../config/task-priority.js';

const weights = taskPriorityWeights;
const table: RecoverabilityTable = { byReason: { 'CO-16': 0.9, 'CO-97': 0.45, 'CO-18': 0.1 }, default: 0.5 };
const today = '2026-12-04';

describe('task priority', () => {
  it('scores dollars at risk per tenfold, capped', () => {
    expect(amountPoints(0, weights)).to.equal(0);
    expect(amountPoints(9_00, weights)).to.equal(15);            // log10(10) x 15
    expect(amountPoints(125_00, weights)).to.equal(32);          // log10(126) x 15 = 31.5
    expect(amountPoints(999_00, weights)).to.equal(45);          // log10(1000) x 15
    expect(amountPoints(10_000_000_00, weights)).to.equal(60);   // 105 capped at 60
    expect(amountPoints(-50_00, weights)).to.equal(0);
  });

  it('scores the deadline from the days left, all points once it is today or past', () => {
    expect(deadlinePoints(null, today, weights)).to.equal(0);
    expect(deadlinePoints('2026-12-04', today, weights)).to.equal(40);
    expect(deadlinePoints('2026-11-01', today, weights)).to.equal(40);
    expect(deadlinePoints('2026-12-14', today, weights)).to.equal(37); // 10 days: 40 x (1 - 10/120) = 36.7
    expect(deadlinePoints('2027-01-03', today, weights)).to.equal(30);                    // 30 days: 40 x 0.75
    expect(deadlinePoints('2027-04-03', today, weights)).to.equal(0);                     // 120 days
    expect(deadlinePoints('2027-12-31', today, weights)).to.equal(0);
  });

  it('takes the most recoverable of the reasons, else the default', () => {
    expect(recoverabilityOf(['CO-97', 'co-16'], table)).to.equal(0.9);
    expect(recoverabilityOf(['CO-18'], table)).to.equal(0.1);
    expect(recoverabilityOf(['XX-1'], table)).to.equal(0.5);
    expect(recoverabilityOf([], table)).to.equal(0.5);
  });

  it('adds the three parts into one score', () => {
    // $1,234.56 = 1235.56 dollars + 1 -> log10 = 3.092 x 15 = 46.4 -> 46; 30 days left -> 30; CO-16 0.9 x 30 = 27.
    expect(taskPriority({ amountAtRiskCents: 1234_56, deadline: '2027-01-03', reasonCodes: ['CO-16'] }, today, weights, table)).to.deep.equal({
      score: 103, parts: { amount: 46, deadline: 30, recoverability: 27 },
    });
  });

  it('orders a worklist: money, deadlines and recoverability each count', () => {
    // $5,000: log10(5001) x 15 = 55.5 -> 55 (rounded half-down by float); $50: 25.6 -> 26. Six days left: 38; 90 days: 10.
    const tasks = {
      bigRecoverableSoon: { amountAtRiskCents: 5_000_00, deadline: '2026-12-10', reasonCodes: ['CO-16'] },     // 55 + 38 + 27 = 120
      bigDuplicateSoon: { amountAtRiskCents: 5_000_00, deadline: '2026-12-10', reasonCodes: ['CO-18'] },       // 55 + 38 + 3 = 96
      smallRecoverableSoon: { amountAtRiskCents: 50_00, deadline: '2026-12-10', reasonCodes: ['CO-16'] },      // 26 + 38 + 27 = 91
      bigRecoverableLater: { amountAtRiskCents: 5_000_00, deadline: '2027-03-04', reasonCodes: ['CO-16'] },    // 55 + 10 + 27 = 92
      bigRecoverableNoDeadline: { amountAtRiskCents: 5_000_00, deadline: null, reasonCodes: ['CO-16'] },       // 55 + 0 + 27 = 82
    };
    const scored = Object.entries(tasks).map(([name, task]) => ({ name, ...taskPriority(task, today, weights, table) }));
    expect(Object.fromEntries(scored.map((s) => [s.name, s.score]))).to.deep.equal({
      bigRecoverableSoon: 120, bigDuplicateSoon: 96, smallRecoverableSoon: 91, bigRecoverableLater: 92, bigRecoverableNoDeadline: 82,
    });
    expect(scored.sort((a, b) => b.score - a.score).map((s) => s.name)).to.deep.equal([
      'bigRecoverableSoon', 'bigDuplicateSoon', 'bigRecoverableLater', 'smallRecoverableSoon', 'bigRecoverableNoDeadline',
    ]);
  });

  it('rises as the deadline nears, with nothing else changed (the daily recompute)', () => {
    const task = { amountAtRiskCents: 800_00, deadline: '2027-02-01', reasonCodes: ['CO-97'] };
    const scores = ['2026-10-01', '2026-12-04', '2027-01-20', '2027-02-01'].map((day) => taskPriority(task, day, weights, table).score);
    expect(scores).to.deep.equal([...scores].sort((a, b) => a - b));
    expect(new Set(scores).size).to.equal(4);
  });

  it('takes denial recoverability from the CARC table and lists the engine\'s own reasons', () => {
    expect(recoverabilityTable.byReason['CO-16']).to.equal(0.9);
    expect(recoverabilityTable.byReason['CO-45']).to.equal(undefined); // contractual: not a denial
    for (const code of ['UNDERPAID', 'NO-MATCHING-CLAIM', 'X12_WRITE']) expect(recoverabilityTable.byReason[code]).to.be.within(0, 1);
  });
});
