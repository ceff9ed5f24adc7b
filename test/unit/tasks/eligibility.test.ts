// Who may take a task, and who gets it: each rule on its own, shifts across daylight saving, and
// the ranking (least loaded, then idle longest).
import { expect } from 'chai';
import type { TaskRoutingRules } from '../../../config/task-routing.js';
import { taskRoutingRules } from '../../../config/task-routing.js';
import {
  chooseAssignee, compareCandidates, mayTake, onShift, refusals, type Candidate, type RoutableTask, type RoutingPerson,
} from '../../../src/domain/tasks/eligibility.js';

const rules: TaskRoutingRules = { ...taskRoutingRules, seniorAboveCents: 1000_00 };
// A Wednesday, 15:00 UTC = 10:00 in Chicago (CST).
const wednesday = new Date('2026-12-02T15:00:00Z');

function person(fields: Partial<RoutingPerson> = {}): RoutingPerson {
  return {
    id: 1, login: 'ana', role: 'specialist', active: true, skills: ['denials'], payers: [], certifications: [], level: 'mid', capacity: 5,
    timeZone: 'America/Chicago', workingHours: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] }, ...fields,
  };
}

function candidate(fields: Partial<RoutingPerson> = {}, openTasks = 0, lastTaskAt: Date | null = null): Candidate {
  return { person: person(fields), openTasks, lastTaskAt };
}

function denial(fields: Partial<RoutableTask> = {}): RoutableTask {
  return { id: 10, type: 'denial', requiredSkills: ['denials'], payer: '60054', reasonCodes: ['CO-16'], amountAtRiskCents: 250_00, ...fields };
}

describe('task eligibility', () => {
  it('lets an active specialist with the skill, on shift and under capacity take a task', () => {
    expect(refusals(candidate(), denial(), wednesday, rules, 'assign')).to.deep.equal([]);
  });

  it('refuses a deactivated person', () => {
    expect(refusals(candidate({ active: false }), denial(), wednesday, rules, 'assign')).to.deep.equal(['inactive']);
  });

  it('assigns to specialists only; supervisors may pull; admins, directors and operators neither', () => {
    expect(refusals(candidate({ role: 'supervisor' }), denial(), wednesday, rules, 'assign')).to.deep.equal(['role']);
    expect(refusals(candidate({ role: 'supervisor' }), denial(), wednesday, rules, 'pull')).to.deep.equal([]);
    for (const role of ['admin', 'director', 'operator'] as const) {
      expect(refusals(candidate({ role }), denial(), wednesday, rules, 'pull'), role).to.deep.equal(['role']);
    }
  });

  it('needs every skill the task requires', () => {
    expect(refusals(candidate({ skills: ['posting'] }), denial(), wednesday, rules, 'assign')).to.deep.equal(['skill']);
    expect(mayTake(candidate({ skills: ['posting', 'denials'] }), denial(), wednesday, rules, 'assign')).to.equal(true);
    expect(refusals(candidate(), denial({ requiredSkills: ['denials', 'edi'] }), wednesday, rules, 'assign')).to.deep.equal(['skill']);
  });

  it('needs the payer covered: an empty list covers all, and work with no payer is anyone\'s', () => {
    expect(refusals(candidate({ payers: ['87726'] }), denial(), wednesday, rules, 'assign')).to.deep.equal(['payer']);
    expect(mayTake(candidate({ payers: ['87726', '60054'] }), denial(), wednesday, rules, 'assign')).to.equal(true);
    expect(mayTake(candidate({ payers: [] }), denial(), wednesday, rules, 'assign')).to.equal(true);
    expect(mayTake(candidate({ payers: ['87726'] }), denial({ payer: null }), wednesday, rules, 'assign')).to.equal(true);
  });

  it('gives coding denials (CO-4, CO-11, CO-167) to certified coders only', () => {
    for (const code of ['CO-4', 'CO-11', 'CO-167']) {
      const coding = denial({ reasonCodes: ['CO-16', code] });
      expect(refusals(candidate(), coding, wednesday, rules, 'assign'), code).to.deep.equal(['certification']);
      expect(refusals(candidate({ certifications: ['CBCS'] }), coding, wednesday, rules, 'assign'), `${code} CBCS`).to.deep.equal(['certification']);
      for (const cert of ['CPC', 'CCS', 'CCS-P', 'COC']) {
        expect(mayTake(candidate({ certifications: [cert] }), coding, wednesday, rules, 'assign'), `${code} ${cert}`).to.equal(true);
      }
    }
    expect(mayTake(candidate(), denial({ reasonCodes: ['CO-45'] }), wednesday, rules, 'assign')).to.equal(true);
  });

  it('gives appeals (denials, underpayments) above the configured amount to seniors only', () => {
    const large = denial({ amountAtRiskCents: 1000_01 });
    expect(refusals(candidate({ level: 'mid' }), large, wednesday, rules, 'assign')).to.deep.equal(['level']);
    expect(mayTake(candidate({ level: 'senior' }), large, wednesday, rules, 'assign')).to.equal(true);
    expect(mayTake(candidate({ level: 'entry' }), denial({ amountAtRiskCents: 1000_00 }), wednesday, rules, 'assign')).to.equal(true);
    const underpaid = denial({ type: 'underpayment', requiredSkills: ['payment-variance'], reasonCodes: ['UNDERPAID'], amountAtRiskCents: 5000_00 });
    expect(refusals(candidate({ skills: ['payment-variance'] }), underpaid, wednesday, rules, 'assign')).to.deep.equal(['level']);
    const unmatched = { ...underpaid, type: 'unmatched-remittance', requiredSkills: ['posting'] };
    expect(mayTake(candidate({ skills: ['posting'] }), unmatched, wednesday, rules, 'assign')).to.equal(true);
  });

  it('assigns only to people on shift in their own time zone; a pull is not held to the shift', () => {
    const evening = new Date('2026-12-02T23:30:00Z'); // 17:30 in Chicago
    expect(refusals(candidate(), denial(), evening, rules, 'assign')).to.deep.equal(['off-shift']);
    expect(mayTake(candidate({ timeZone: 'America/Los_Angeles' }), denial(), evening, rules, 'assign')).to.equal(true); // 15:30
    expect(mayTake(candidate(), denial(), evening, rules, 'pull')).to.equal(true);
    const saturday = new Date('2026-12-05T15:00:00Z');
    expect(refusals(candidate(), denial(), saturday, rules, 'assign')).to.deep.equal(['off-shift']);
  });

  it('keeps a shift at its local hours across a daylight-saving change, and runs a night shift past midnight', () => {
    const chicago = { timeZone: 'America/Chicago', workingHours: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] } };
    // Before the March change 08:00 CST is 14:00 UTC; after it 08:00 CDT is 13:00 UTC.
    expect(onShift(chicago, new Date('2026-03-06T13:30:00Z'))).to.equal(false); // Fri 07:30 CST
    expect(onShift(chicago, new Date('2026-03-06T14:00:00Z'))).to.equal(true); // Fri 08:00 CST
    expect(onShift(chicago, new Date('2026-03-09T13:00:00Z'))).to.equal(true); // Mon 08:00 CDT
    expect(onShift(chicago, new Date('2026-03-09T12:59:00Z'))).to.equal(false); // Mon 07:59 CDT
    expect(onShift(chicago, new Date('2026-03-09T22:00:00Z'))).to.equal(false); // Mon 17:00 CDT: the end is not in the shift
    const night = { timeZone: 'UTC', workingHours: { start: '22:00', end: '06:00', days: [5] } };
    expect(onShift(night, new Date('2026-12-04T23:00:00Z'))).to.equal(true); // Friday night
    expect(onShift(night, new Date('2026-12-05T05:59:00Z'))).to.equal(true); // Saturday morning, Friday's shift
    expect(onShift(night, new Date('2026-12-05T23:00:00Z'))).to.equal(false); // Saturday night
    expect(onShift(night, new Date('2026-12-04T05:00:00Z'))).to.equal(false); // Friday morning: Thursday's shift, not worked
  });

  it('refuses a person at capacity', () => {
    expect(refusals(candidate({ capacity: 2 }, 2), denial(), wednesday, rules, 'assign')).to.deep.equal(['at-capacity']);
    expect(refusals(candidate({ capacity: 0 }, 0), denial(), wednesday, rules, 'pull')).to.deep.equal(['at-capacity']);
    expect(mayTake(candidate({ capacity: 2 }, 1), denial(), wednesday, rules, 'assign')).to.equal(true);
  });

  it('names every rule that refuses', () => {
    const everything = candidate({ active: false, role: 'admin', skills: [], payers: ['87726'], level: 'entry', capacity: 1 }, 1);
    const task = denial({ reasonCodes: ['CO-4'], amountAtRiskCents: 5000_00 });
    expect(refusals(everything, task, new Date('2026-12-05T15:00:00Z'), rules, 'assign'))
      .to.deep.equal(['inactive', 'role', 'skill', 'payer', 'certification', 'level', 'off-shift', 'at-capacity']);
  });
});

describe('choosing among eligible people', () => {
  const earlier = new Date('2026-12-02T09:00:00Z');
  const later = new Date('2026-12-02T14:00:00Z');

  it('ranks the least loaded first, then the one idle longest (never given a task counts as longest), then by id', () => {
    const busy = candidate({ id: 1 }, 3, earlier);
    const idleSince9 = candidate({ id: 2 }, 1, earlier);
    const idleSince14 = candidate({ id: 3 }, 1, later);
    const never = candidate({ id: 4 }, 1, null);
    const ranked = [busy, idleSince14, idleSince9, never].sort(compareCandidates).map((c) => c.person.id);
    expect(ranked).to.deep.equal([4, 2, 3, 1]);
    expect([candidate({ id: 9 }, 0, later), candidate({ id: 8 }, 0, later)].sort(compareCandidates).map((c) => c.person.id)).to.deep.equal([8, 9]);
  });

  it('gives the task to the best-ranked eligible person, skipping those who may not take it', () => {
    const leastLoadedButNoSkill = candidate({ id: 1, skills: ['posting'] }, 0);
    const atCapacity = candidate({ id: 2, capacity: 1 }, 1);
    const loaded = candidate({ id: 3 }, 3, earlier);
    const lighter = candidate({ id: 4 }, 2, later);
    expect(chooseAssignee(denial(), [leastLoadedButNoSkill, atCapacity, loaded, lighter], wednesday, rules)?.person.id).to.equal(4);
  });

  it('gives it to nobody when nobody may take it', () => {
    expect(chooseAssignee(denial(), [candidate({ skills: [] }), candidate({ capacity: 0 })], wednesday, rules)).to.equal(undefined);
  });
});
