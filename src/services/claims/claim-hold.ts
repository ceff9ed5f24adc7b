// A claim that passed the scrubber but cannot be written as X12 (the writer refused it) goes
// back to edits with the writer's reason, and a claim-edit task, instead of blocking its batch.
import type { EntityManager } from '@mikro-orm/postgresql';
import { filingDeadline } from '../../domain/claims/scrub/index.js';
import type { X12Error } from '../../domain/x12/x12-error.js';
import { createFollowUpTask } from '../tasks.service.js';
import type { StoredClaim } from '../../db/repositories/claims.repository.js';
import { moveClaims } from './claim-status.js';
import { sqlRunner } from '../../db/sql.js';

export const WRITE_837P_CODE = 'X12_WRITE';

export async function holdUnwritableClaim(tx: EntityManager, stored: StoredClaim, error: X12Error, timezone: string): Promise<void> {
  const run = sqlRunner(tx);
  await run(`insert into claim_edit (claim_id, code, severity, field, line, message, created_at) values (?, ?, 'error', ?, null, ?, now())`,
    [stored.id, WRITE_837P_CODE, (error.element ?? error.segment ?? '').slice(0, 20), error.detail]);
  await moveClaims(run, [stored.id], ['ready'], 'edits', { reason: WRITE_837P_CODE });
  await createFollowUpTask(tx, {
    type: 'claim-edit', subjectType: 'claim', subjectId: stored.id, reasonCodes: [WRITE_837P_CODE],
    amountAtRiskCents: stored.claim.chargeCents, deadline: filingDeadline(stored.claim, stored.timelyFilingDays) ?? null,
    requiredSkills: ['claim-edits'], payerId: stored.payerDbId,
  }, { timezone });
}
