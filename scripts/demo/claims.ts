// Demo step: a few hundred invented claims with realistic codes, about one in seven with a
// deliberate error, arrive as 837P files (two interchanges per file, as practice systems send
// them). They are imported and scrubbed, the clean ones submitted through the simulated
// clearinghouse, and its 999/277CA replies applied. Same seed, same claims, same replies: files
// are imported and payers submitted one at a time, so claim ids and batch control numbers (which
// seed the simulator's answers) come out the same on every run.
import { write837p } from '../../src/domain/x12/837p-writer.js';
import type { Claim } from '../../src/domain/claims/claim.js';
import { receiveClaimFile } from '../../src/services/intake.service.js';
import { requestSubmission } from '../../src/services/claims/claim-submit.service.js';
import { countByStatus } from '../../src/services/claims/claim-queries.service.js';
import { ClaimsRepository } from '../../src/db/repositories/claims.repository.js';
import { generateClaims } from './claim-generator.js';
import { unfinishedTaskCounts } from './task-counts.js';
import { DEMO_PAYERS, DEMO_PROVIDERS } from './office.js';
import { demoToday, type DemoContext } from './context.js';

const CLAIMS = 300;
const PER_INTERCHANGE = 50;

export async function demoClaims(ctx: DemoContext): Promise<void> {
  const today = demoToday(ctx);
  const generated = generateClaims(ctx.random, {
    count: CLAIMS, prefix: 'DEMO-', today, payers: DEMO_PAYERS, providers: DEMO_PROVIDERS, errorShare: 0.15, patients: 60,
  });
  const broken = generated.filter((g) => g.error).length;
  ctx.say(`generated ${CLAIMS} claims, ${broken} with a deliberate error`);
  ctx.facts.claims = CLAIMS;
  ctx.facts.deliberateErrors = broken;

  const claims = generated.map((g) => g.claim);
  let control = 5000;
  for (let start = 0, n = 1; start < claims.length; start += 2 * PER_INTERCHANGE, n += 1) {
    const interchanges = [claims.slice(start, start + PER_INTERCHANGE), claims.slice(start + PER_INTERCHANGE, start + 2 * PER_INTERCHANGE)]
      .filter((part) => part.length > 0)
      .map((part) => practiceInterchange(part, (control += 1)));
    await ctx.orm.em.fork().transactional((em) => receiveClaimFile(em, { fileName: `demo-practice-${n}.837`, content: Buffer.from(interchanges.join(''), 'latin1') }));
    ctx.engine.relay.kick();
    await ctx.settle();
  }
  ctx.say(`after import and scrub: ${describe(await countByStatus(ctx.orm.em.fork()))}`);
  const edits = await new ClaimsRepository(ctx.orm.em.fork()).errorEditCounts();
  ctx.say(`edits: ${edits.map((e) => `${e.code} ${e.edits}`).join(', ') || 'none'}`);

  for (const payer of DEMO_PAYERS) {
    await ctx.orm.em.fork().transactional((em) => requestSubmission(em, payer.payerId));
    ctx.engine.relay.kick();
    await ctx.settle(); // the submit job sends batches; the simulator's replies are ack and era jobs
    await ctx.settle();
  }
  ctx.say(`submitted for ${DEMO_PAYERS.map((p) => p.payerId).join(', ')}; now: ${describe(await countByStatus(ctx.orm.em.fork()))}`);
  ctx.say(`open tasks: ${await unfinishedTaskCounts(ctx, ['claim-edit', 'claim-rejection'])}`);
}

/** One interchange as a practice management system would send it to the billing office. */
function practiceInterchange(claims: Claim[], control: number): string {
  return write837p({
    claims, sender: { id: 'DEMOPRACTICE', name: 'INVENTED PRACTICE SYSTEM' }, receiver: { id: 'RCMOFFICE', name: 'RCM BILLING OFFICE' },
    interchangeControlNumber: control, groupControlNumber: control, transactionControlNumber: control,
    createdAt: new Date(Date.UTC(2026, 0, 1)), usage: 'P',
  });
}

function describe(counts: Record<string, number>): string {
  return Object.entries(counts).map(([status, n]) => `${status} ${n}`).join(', ');
}
