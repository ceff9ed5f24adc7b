import { expect } from 'chai';
import { TASK_TYPES, TASK_TYPE_NAMES } from '../../../config/task-types.js';
import {
  carcParts, followUpOf, isAllowedOutcome, mayApproveWriteOff, mayRecordOutcome, nextCoverageRank, writeOffNeedsApproval,
} from '../../../src/domain/tasks/outcomes.js';

describe('task outcomes (domain)', () => {
  it('names the work each outcome causes, a corrected denial being a replacement and a corrected rejection a correction', () => {
    expect(followUpOf('denial', 'corrected-and-resubmitted')).to.equal('replacement');
    expect(followUpOf('claim-rejection', 'corrected-and-resubmitted')).to.equal('correction');
    expect(followUpOf('filing-deadline', 'corrected-and-resubmitted')).to.equal('correction');
    expect(followUpOf('claim-edit', 'corrected')).to.equal('correction');
    expect(followUpOf('claim-edit', 'overridden')).to.equal('override');
    expect(followUpOf('claim-rejection', 'resubmitted')).to.equal('resubmission');
    expect(followUpOf('denial', 'appealed')).to.equal('appeal');
    expect(followUpOf('underpayment', 'appealed')).to.equal('appeal');
    expect(followUpOf('denial', 'billed-secondary')).to.equal('secondary');
    expect(followUpOf('denial', 'transferred-to-patient')).to.equal('transfer');
    expect(followUpOf('denial', 'written-off')).to.equal('write-off');
    expect(followUpOf('denial', 'no-action-needed')).to.equal('close');
    expect(followUpOf('patient-call', 'left-message')).to.equal('close');
  });

  it('allows exactly the outcomes of the type', () => {
    for (const type of TASK_TYPE_NAMES) {
      for (const outcome of TASK_TYPES[type].outcomes) expect(isAllowedOutcome(type, outcome)).to.equal(true);
    }
    expect(isAllowedOutcome('denial', 'paid')).to.equal(false);
    expect(isAllowedOutcome('claim-edit', 'appealed')).to.equal(false);
    expect(isAllowedOutcome('denial', '')).to.equal(false);
  });

  it('lets the assignee, someone above them in the chain, or an admin record an outcome; nobody else', () => {
    const assignee = 7;
    expect(mayRecordOutcome({ id: 7, role: 'specialist', teamBelow: [] }, assignee)).to.equal(true);
    expect(mayRecordOutcome({ id: 8, role: 'specialist', teamBelow: [] }, assignee)).to.equal(false);
    expect(mayRecordOutcome({ id: 2, role: 'supervisor', teamBelow: [7, 8] }, assignee)).to.equal(true);
    expect(mayRecordOutcome({ id: 1, role: 'director', teamBelow: [2, 7, 8] }, assignee)).to.equal(true);
    expect(mayRecordOutcome({ id: 3, role: 'supervisor', teamBelow: [9] }, assignee)).to.equal(false);
    expect(mayRecordOutcome({ id: 4, role: 'operator', teamBelow: [] }, assignee)).to.equal(false);
    expect(mayRecordOutcome({ id: 5, role: 'admin', teamBelow: [] }, assignee)).to.equal(true);
  });

  it('lets someone above the assignee or an admin approve a write-off, never the one who recorded it', () => {
    const supervisor = { id: 2, role: 'supervisor' as const, teamBelow: [7] };
    expect(mayApproveWriteOff(supervisor, 7, 7)).to.equal(true);
    expect(mayApproveWriteOff(supervisor, 7, 2)).to.equal(false);
    expect(mayApproveWriteOff({ id: 7, role: 'specialist', teamBelow: [] }, 7, 2)).to.equal(false);
    expect(mayApproveWriteOff({ id: 3, role: 'supervisor', teamBelow: [9] }, 7, 7)).to.equal(false);
    expect(mayApproveWriteOff({ id: 5, role: 'admin', teamBelow: [] }, 7, 7)).to.equal(true);
    expect(mayApproveWriteOff({ id: 5, role: 'admin', teamBelow: [] }, 7, 5)).to.equal(false);
  });

  it('needs approval only above the limit', () => {
    expect(writeOffNeedsApproval(50000, 50000)).to.equal(false);
    expect(writeOffNeedsApproval(50001, 50000)).to.equal(true);
    expect(writeOffNeedsApproval(0, 0)).to.equal(false);
  });

  it('reads a CARC into group and reason, and walks coverage ranks P, S, T', () => {
    expect(carcParts('CO-97')).to.deep.equal({ group: 'CO', reason: '97' });
    expect(carcParts(' pr-1 ')).to.deep.equal({ group: 'PR', reason: '1' });
    expect(carcParts('UNDERPAID')).to.equal(undefined);
    expect(carcParts('APPEAL-NO-ANSWER')).to.equal(undefined);
    expect(['P', 'S', 'T', 'X'].map(nextCoverageRank)).to.deep.equal(['S', 'T', undefined, undefined]);
  });
});
