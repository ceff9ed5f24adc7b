import { expect } from 'chai';
import {
  appealDeadlineOf, filingDeadlineNear, filingDeadlineOf, followUpTasksDue, statusInquiryDue,
} from '../../../src/domain/collections/insurance-follow-up.js';
import { taskPriority } from '../../../src/domain/tasks/priority.js';
import { recoverabilityTable, taskPriorityWeights } from '../../../config/task-priority.js';
import { PRIORITY_BANDS } from '../../../config/task-views.js';

describe('insurance follow-up rules', () => {
  it('asks for the claim\'s status the day after the payer\'s follow-up days, not on the last of them', () => {
    expect(statusInquiryDue('2026-11-07', '2026-12-07', 30)).to.equal(false); // day 30
    expect(statusInquiryDue('2026-11-06', '2026-12-07', 30)).to.equal(true);  // day 31
  });

  it('counts the filing deadline from the earliest date of service, warns inside the window and once it has passed', () => {
    expect(filingDeadlineOf('2026-01-31', 90)).to.equal('2026-05-01');
    expect(filingDeadlineNear('2026-12-21', '2026-12-07', 14)).to.equal(true);
    expect(filingDeadlineNear('2026-12-22', '2026-12-07', 14)).to.equal(false);
    expect(filingDeadlineNear('2026-12-01', '2026-12-07', 14)).to.equal(true);
  });

  it('puts a filing-deadline task in the high band: $10 or more 30 days out, $1 or more 14 days out', () => {
    const { deadlines } = followUpTasksDue('2026-12-07', [], [
      { claimId: 1, payerId: 2, balanceCents: 1000, filingDeadline: '2027-01-06', warningDays: 30 },
      { claimId: 3, payerId: 2, balanceCents: 100, filingDeadline: '2026-12-21', warningDays: 14 },
    ]);
    expect(deadlines[0]).to.deep.equal({
      type: 'filing-deadline', subjectType: 'claim', subjectId: 1, reasonCodes: ['FILING-DEADLINE'], amountAtRiskCents: 1000, deadline: '2027-01-06', payerId: 2,
    });
    const high = PRIORITY_BANDS.find((b) => b.name === 'high')!.min;
    for (const task of deadlines) expect(taskPriority(task, '2026-12-07', taskPriorityWeights, recoverabilityTable).score).to.be.at.least(high);
  });

  it('dates an appeal deadline from the denial\'s remittance date', () => {
    expect(appealDeadlineOf('2026-11-20', 120)).to.equal('2027-03-20');
  });
});
