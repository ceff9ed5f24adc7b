// Demo step 1: a small billing office. Payers, billing providers, patients with accounts and
// coverage, and a team of specialists with supervisors. Every name is invented. Running the
// demo again finds what it made before and adds nothing twice.
import { Account, Coverage, Patient, Payer, Provider, Specialist } from '../../src/db/entities/index.js';
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

const TEAM = [
  { login: 'sup.lead', displayName: 'Pat Supervisor (demo)', role: 'supervisor' as const, skills: ['denials', 'appeals', 'edi', 'claim-edits', 'collections'], level: 'senior' as const },
  { login: 'spec.claims', displayName: 'Chris Claims (demo)', role: 'specialist' as const, skills: ['claim-edits', 'rejections'], level: 'mid' as const },
  { login: 'spec.denials', displayName: 'Dana Denials (demo)', role: 'specialist' as const, skills: ['denials', 'appeals'], level: 'mid' as const },
  { login: 'spec.posting', displayName: 'Eli Posting (demo)', role: 'specialist' as const, skills: ['posting', 'edi', 'underpayments'], level: 'entry' as const },
  { login: 'spec.collect', displayName: 'Fran Collections (demo)', role: 'specialist' as const, skills: ['collections', 'patient-calls'], level: 'entry' as const },
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

    let supervisorId: number | undefined;
    for (const person of TEAM) {
      let row = await tx.findOne(Specialist, { login: person.login });
      if (!row) {
        row = tx.create(Specialist, {
          ...person, payers: [], certifications: person.role === 'supervisor' ? ['CPC', 'CRCR'] : ['CRCR'],
          capacity: 25, timezone: ctx.config.timezone, workingHours: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] },
          supervisorId: person.role === 'supervisor' ? null : supervisorId ?? null,
        });
        await tx.flush();
      }
      if (person.role === 'supervisor') supervisorId = row.id;
    }

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
  const counts = [await em.count(Payer, {}), await em.count(Provider, {}), await em.count(Patient, {}), await em.count(Specialist, {})];
  ctx.say(`office: ${counts[0]} payers, ${counts[1]} providers, ${counts[2]} patients, ${counts[3]} specialists`);
}
