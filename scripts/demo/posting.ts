// Demo step: payment posting. The simulated clearinghouse answered the claims step's submissions
// with 835s, which the posting queue has posted; this step says what they did, then sends one
// ERA for a claim the office does not know (unapplied money, a task) and one that does not
// balance (quarantined, a task), so every kind of posting work shows on the board.
import { formatDollars, formatX12Amount, parseCents } from '../../src/domain/money.js';
import { simulate835 } from '../../src/clearinghouse/simulator-835.js';
import { receiveEra } from '../../src/services/intake.service.js';
import { RemittancesRepository } from '../../src/db/repositories/remittances.repository.js';
import type { DemoContext } from './context.js';
import { unfinishedTaskCounts } from './task-counts.js';

export async function demoPosting(ctx: DemoContext): Promise<void> {
  await ctx.settle();
  const stranger = simulate835([{ controlNumber: 'NOT-OURS-1', lines: [
    { lineControlNumber: 'NOT-OURS-1-1', procedure: '99213', chargeCents: 15000, serviceDate: '2024-01-02' },
  ] }], { seed: 404, denialRate: 0, payerIdentifier: '99CMA', traceNumber: 'DEMO-UNMATCHED-1' });
  const unbalanced = simulate835([{ controlNumber: 'DEMO-BAD-1', lines: [
    { lineControlNumber: 'DEMO-BAD-1-1', procedure: '99214', chargeCents: 20000, serviceDate: '2024-01-02' },
  ] }], { seed: 405, denialRate: 0, payerIdentifier: '99CMA', traceNumber: 'DEMO-BAD-1' })
    // One cent more in BPR02 than the claims pay: the whole file is rejected.
    .replace(/^BPR\*I\*([0-9.]+)/m, (_match, amount: string) => `BPR*I*${formatX12Amount(parseCents(amount) + 1)}`);
  await ctx.orm.em.fork().transactional(async (em) => {
    await receiveEra(em, { fileName: 'demo-unknown-claim.835', content: Buffer.from(stranger) });
    await receiveEra(em, { fileName: 'demo-unbalanced.835', content: Buffer.from(unbalanced) });
  });
  ctx.engine.relay.kick();
  await ctx.settle();

  const era = await new RemittancesRepository(ctx.orm.em.fork()).overview();
  ctx.say(`ERAs posted: ${era.posted} (${era.duplicates} duplicates, ${era.rejectedFiles} rejected); claims ${era.claims}: ${era.matched} matched, ${era.unmatched} unmatched`);
  ctx.say(`paid ${formatDollars(era.paidCents)}, denied ${formatDollars(era.deniedCents)}, patient responsibility ${formatDollars(era.patientRespCents)}`);
  const tasks = await unfinishedTaskCounts(ctx, ['denial', 'underpayment', 'unmatched-remittance', 'quarantined-file']);
  ctx.say(`open posting tasks: ${tasks} (rcm tasks list --json)`);
}
