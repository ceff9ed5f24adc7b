// Who an overdue task goes to and when, and the statistics' bands and averages: pure rules.
import { expect } from 'chai';
import { escalationLevelAt, escalationTarget, nextEscalationDue, type ChainPerson } from '../../../src/domain/tasks/escalation.js';
import { averageSeconds, priorityBand, waitingByType } from '../../../src/domain/tasks/task-stats.js';
import { PRIORITY_BANDS } from '../../../config/task-views.js';

const person = (id: number, role: ChainPerson['role'], supervisorId: number | null, active = true): ChainPerson =>
  ({ id, login: `p${id}`, role, active, supervisorId });

describe('task escalation rules', () => {
  const due = new Date('2026-12-07T19:00:00Z');
  const second = new Date('2026-12-08T14:00:00Z');

  it('is level 0 before the due time, 1 from it, 2 from one more SLA later', () => {
    expect(escalationLevelAt(new Date('2026-12-07T18:59:59.999Z'), due, second)).to.equal(0);
    expect(escalationLevelAt(due, due, second)).to.equal(1);
    expect(escalationLevelAt(new Date('2026-12-08T13:59:59Z'), due, second)).to.equal(1);
    expect(escalationLevelAt(second, due, second)).to.equal(2);
    expect(nextEscalationDue(0, due, second)).to.equal(due);
    expect(nextEscalationDue(1, due, second)).to.equal(second);
    expect(nextEscalationDue(2, due, second)).to.equal(null);
  });

  // 1 director; 2 supervisor under 1; 3 specialist under 2; 4 supervisor under 2 (deactivated); 5 under 4.
  const office = [person(1, 'director', null), person(2, 'supervisor', 1), person(3, 'specialist', 2), person(4, 'supervisor', 2, false), person(5, 'specialist', 4)];

  it('goes to the assignee\'s supervisor, then to the director above', () => {
    expect(escalationTarget(1, 3, office)?.login).to.equal('p2');
    expect(escalationTarget(2, 3, office)?.login).to.equal('p1');
  });

  it('passes over a deactivated supervisor', () => {
    expect(escalationTarget(1, 5, office)?.login).to.equal('p2');
    expect(escalationTarget(2, 5, office)?.login).to.equal('p1');
  });

  it('sends an unassigned task to the office\'s director, and keeps it there at the top of the chain', () => {
    expect(escalationTarget(1, null, office)?.login).to.equal('p1');
    expect(escalationTarget(2, null, office)?.login).to.equal('p1');
    const twoDirectors = [...office, person(6, 'director', null)];
    twoDirectors[0] = person(1, 'director', 6);
    expect(escalationTarget(2, null, twoDirectors)?.login).to.equal('p6');
  });

  it('goes to the office director when a supervisor has nobody above, and to nobody in an office without one', () => {
    const loose = [person(1, 'director', null), person(2, 'supervisor', null), person(3, 'specialist', 2)];
    expect(escalationTarget(1, 3, loose)?.login).to.equal('p2');
    expect(escalationTarget(2, 3, loose)?.login).to.equal('p1');
    expect(escalationTarget(1, null, [person(3, 'specialist', null)])).to.equal(null);
    expect(escalationTarget(1, 3, [person(3, 'specialist', null)])).to.equal(null);
  });

  it('stops at a loop in the reporting chain', () => {
    const loop = [person(1, 'supervisor', 2), person(2, 'supervisor', 1), person(3, 'specialist', 1)];
    expect(escalationTarget(1, 3, loop)?.login).to.equal('p1');
    expect(escalationTarget(2, 3, loop)?.login).to.equal('p2');
  });
});

describe('task statistics rules', () => {
  it('puts a score in its priority band (high 70 and up, medium 40-69, low below)', () => {
    expect([100, 70, 69, 40, 39, 0, -5].map((s) => priorityBand(s, PRIORITY_BANDS))).to.deep.equal(['high', 'high', 'medium', 'medium', 'low', 'low', 'low']);
  });

  it('counts waiting work per type and band, every band present', () => {
    expect(waitingByType([{ type: 'denial', priority: 80, n: 2 }, { type: 'denial', priority: 10, n: 1 }, { type: 'claim-edit', priority: 50, n: 4 }], PRIORITY_BANDS))
      .to.deep.equal({ denial: { high: 2, medium: 0, low: 1, total: 3 }, 'claim-edit': { high: 0, medium: 4, low: 0, total: 4 } });
  });

  it('averages handle times in whole seconds, and has none to average without any', () => {
    expect(averageSeconds([60_000, 120_000, 90_500])).to.equal(90);
    expect(averageSeconds([])).to.equal(null);
  });
});
