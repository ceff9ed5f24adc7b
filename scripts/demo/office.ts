// Demo step 1: a small billing office. Payers, billing providers, patients with accounts and
// coverage, and a team with its reporting chain, added through the people service. Every name is
// invented. Running the demo again finds what it made before and adds nothing twice.
import { Account, Coverage, Patient, Payer, Provider, Specialist } from '../../src/db/entities/index.js';
import { PeopleRepository } from '../../src/db/repositories/people.repository.js';
import { sqlRunner } from '../../src/db/sql.js';
import { addPerson, type PersonChangeInput } from '../../src/services/people/people.service.js';
import { pick, type DemoContext } from './context.js';

export const DEMO_PAYERS = [
  { payerId: '99MCR', name: 'Demo Medicare Administrative Contractor', timelyFilingDays: 365, appealDays: 120, followUpDays: 30 },
  { payerId: '99CMA', name: 'Demo Commercial Health Plan A', timelyFilingDays: 180, appealDays: 180, followUpDays: 21 },
  { payerId: '99MCD', name: 'Demo State Medicaid', timelyFilingDays: 95, appealDays: 60, followUpDays: 30 },
  { payerId: '99BCX', name: 'Demo Blue Plan X', timelyFilingDays: 90, appealDays: 180, followUpDays: 21 },
];

// Valid NPIs (Luhn check digit with the 80840 prefix), invented for the demo.
export const DEMO_PROVIDERS = [
  { npi: '1234567893', taxId: '990000001', name: 'Invented Family Medicine Group' },
  { npi: '1912301953', taxId: '990000002', name: 'Invented Orthopedic Associates' },
];

const FIRST = ['Avery', 'Blake', 'Casey', 'Devon', 'Emery', 'Finley', 'Harper', 'Jordan', 'Kendall', 'Logan', 'Morgan', 'Parker', 'Quinn', 'Reese', 'Rowan', 'Sage'];
const LAST = ['Testwood', 'Sampleton', 'Demoford', 'Mockley', 'Fakeridge', 'Placeholder', 'Inventra', 'Notreal', 'Fictive', 'Madeupson'];

/**
 * The team, added through the people service as an administrator would (`rcm users add`): an
 * admin (who adds themself first), a director, a supervisor reporting to the director, and
 * specialists reporting to the supervisor. Each kind of demo task has exactly one specialist who
 * may be given it, so assignment gives the same tasks to the same people whatever order the jobs
 * run in: the certified coder (CPC, for coding denials such as CO-97) takes denials of two payers,
 * the senior (appeals above the senior threshold) those of the other two, where coding denials
 * then wait for a coder. Everyone works all day, every day, so the demo shows the same at any hour.
 */
export const DEMO_ADMIN = 'demo.admin';
const ALL_DAY = { hours: '00:00-23:59', days: 'mon-sun' };
export const DEMO_TEAM: ReadonlyArray<{ login: string; supervisor?: string; fields: PersonChangeInput }> = [
  { login: 'demo.director', fields: { displayName: 'Dale Director (demo)', role: 'director', level: 'senior' } },
  { login: 'demo.supervisor', supervisor: 'demo.director', fields: { displayName: 'Pat Supervisor (demo)', role: 'supervisor', level: 'senior', skills: 'claim-edits,rejections,denials' } },
  { login: 'spec.claims', supervisor: 'demo.supervisor', fields: { displayName: 'Chris Claims (demo)', skills: 'claim-edits,rejections', level: 'mid', capacity: '80' } },
  { login: 'spec.coder', supervisor: 'demo.supervisor', fields: { displayName: 'Cody Coder (demo)', skills: 'denials', payers: '99MCR,99CMA', certifications: 'CPC', level: 'mid', capacity: '60' } },
  { login: 'spec.senior', supervisor: 'demo.supervisor', fields: { displayName: 'Sam Senior (demo)', skills: 'denials,payment-variance', payers: '99MCD,99BCX', level: 'senior', capacity: '60' } },
  { login: 'spec.posting', supervisor: 'demo.supervisor', fields: { displayName: 'Eli Posting (demo)', skills: 'posting,edi,reconciliation', level: 'entry' } },
  { login: 'spec.patients', supervisor: 'demo.supervisor', fields: { displayName: 'Fran Patients (demo)', skills: 'patient-accounts,follow-up', level: 'entry' } },
];

export const DEMO_PATIENTS = 60;

export async function seedOffice(ctx: DemoContext): Promise<void> {
  const em = ctx.orm.em.fork();
  await em.transactional(async (tx) => {
    for (const payer of DEMO_PAYERS) {
      if (!(await tx.findOne(Payer, { payerId: payer.payerId }))) tx.create(Payer, payer);
    }
    for (const provider of DEMO_PROVIDERS) {
      if (!(await tx.findOne(Provider, { npi: provider.npi }))) tx.create(Provider, provider);
    }
    await tx.flush();

    const payers = await tx.find(Payer, { payerId: { $in: DEMO_PAYERS.map((p) => p.payerId) } });
    for (let i = 1; i <= DEMO_PATIENTS; i++) {
      const accountNumber = `DEMO-${String(i).padStart(5, '0')}`;
      if (await tx.findOne(Account, { accountNumber })) continue;
      const account = tx.create(Account, { accountNumber });
      await tx.flush();
      const birthYear = 1940 + Math.floor(ctx.random() * 70);
      const patient = tx.create(Patient, {
        accountId: account.id,
        lastName: pick(ctx.random, LAST),
        firstName: pick(ctx.random, FIRST),
        birthDate: `${birthYear}-${String(1 + Math.floor(ctx.random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(ctx.random() * 28)).padStart(2, '0')}`,
        gender: pick(ctx.random, ['F', 'M', 'U']),
        address: { line1: `${100 + i} Invented Way`, city: 'Sampletown', state: 'FL', postalCode: '33000' },
      });
      await tx.flush();
      tx.create(Coverage, {
        patientId: patient.id, payerId: pick(ctx.random, payers).id,
        memberId: `DM${String(100000 + i * 7919).slice(-8)}`, rank: 'P', relationship: '18',
      });
    }
  });
  await addTeam(ctx);
  const counts = [await em.count(Payer, {}), await em.count(Provider, {}), await em.count(Patient, {}), await em.count(Specialist, {})];
  ctx.say(`office: ${counts[0]} payers, ${counts[1]} providers, ${counts[2]} patients, ${counts[3]} people`);
}

/** Adds each person once (a second run finds them), then prints the reporting chain. */
async function addTeam(ctx: DemoContext): Promise<void> {
  const at = new Date();
  const defaults = { timeZone: ctx.config.timezone };
  const people = new PeopleRepository(sqlRunner(ctx.orm.em.fork()));
  if (!(await people.findByLogin(DEMO_ADMIN))) {
    await addPerson(ctx.orm, DEMO_ADMIN, DEMO_ADMIN, { displayName: 'Ada Admin (demo)', role: 'admin' }, defaults, at);
  }
  for (const person of DEMO_TEAM) {
    if (await people.findByLogin(person.login)) continue;
    await addPerson(ctx.orm, DEMO_ADMIN, person.login, { ...ALL_DAY, ...person.fields, ...(person.supervisor ? { supervisor: person.supervisor } : {}) }, defaults, at);
  }
  for (const person of DEMO_TEAM) {
    const p = (await people.findByLogin(person.login))!;
    const extras = [p.skills.length ? `skills ${p.skills.join(',')}` : '', p.payers.length ? `payers ${p.payers.join(',')}` : '',
      p.certifications.length ? `certified ${p.certifications.join(',')}` : '', p.role === 'specialist' ? `capacity ${p.capacity}` : ''].filter(Boolean);
    ctx.say(`team: ${p.login} ${p.role} (${p.level})${person.supervisor ? ` reports to ${person.supervisor}` : ''}${extras.length ? `; ${extras.join('; ')}` : ''}`);
  }
}
