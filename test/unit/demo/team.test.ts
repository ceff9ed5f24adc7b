import { expect } from 'chai';
import { TASK_TYPES } from '../../../config/task-types.js';
import { taskRoutingRules } from '../../../config/task-routing.js';
import { parsePersonFields } from '../../../src/domain/people/person-fields.js';
import { isCertifiedCoder } from '../../../src/domain/tasks/eligibility.js';
import { DEMO_TEAM } from '../../../scripts/demo/office.js';
import { DEMO_PULLS } from '../../../scripts/demo/team.js';

describe('the demo team and its pulls', () => {
  const people = DEMO_TEAM.map((p) => ({ login: p.login, supervisor: p.supervisor, ...parsePersonFields(p.fields) }));

  it('gives everyone fields the people service accepts (valid skills, levels, certifications)', () => {
    expect(people.map((p) => p.login)).to.include.members(['demo.director', 'demo.supervisor', 'spec.claims', 'spec.coder', 'spec.senior']);
  });

  it('has a reporting chain: director at the top, the supervisor below, every specialist below the supervisor', () => {
    const byLogin = new Map(people.map((p) => [p.login, p]));
    expect(byLogin.get('demo.director')).to.include({ role: 'director', supervisor: undefined });
    expect(byLogin.get('demo.supervisor')).to.include({ role: 'supervisor', supervisor: 'demo.director' });
    for (const p of people.filter((q) => (q.role ?? 'specialist') === 'specialist')) expect(p.supervisor, p.login).to.equal('demo.supervisor');
  });

  it('has a certified coder and a senior who both work denials', () => {
    const coder = people.find((p) => p.login === 'spec.coder')!;
    const senior = people.find((p) => p.login === 'spec.senior')!;
    expect(isCertifiedCoder({ certifications: coder.certifications ?? [] }, taskRoutingRules)).to.equal(true);
    expect(senior.level).to.equal('senior');
    expect(coder.skills).to.include('denials');
    expect(senior.skills).to.include('denials');
  });

  it('gives each denial payer to one denials specialist only, so assignment does not depend on job order', () => {
    const denials = people.filter((p) => p.skills?.includes('denials') && (p.role ?? 'specialist') === 'specialist');
    const payers = denials.flatMap((p) => p.payers ?? []);
    expect(new Set(payers).size).to.equal(payers.length);
    expect(denials.every((p) => (p.payers ?? []).length > 0)).to.equal(true);
  });

  it('only asks for outcomes some task type allows', () => {
    const allowed = new Set<string>(Object.values(TASK_TYPES).flatMap((t) => [...t.outcomes]));
    for (const turn of DEMO_PULLS) for (const outcome of turn.outcomes) expect(allowed.has(outcome), outcome).to.equal(true);
    expect(DEMO_PULLS.map((t) => t.login).every((login) => people.some((p) => p.login === login))).to.equal(true);
  });
});
