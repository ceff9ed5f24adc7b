// The `claims.scrub` job's work: run the scrubber over one stored claim with its payer's rules
// (config/payer-rules.ts, with the payer row's own filing window laid over them). Clean claims
// become ready; others keep their edits and get one claim-edit task listing the edit codes.
import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { PAYER_RULES, type PayerRules, type PayerRulesTable } from '../../../config/payer-rules.js';
import { filingDeadline, isClean, resolvePayerRules, scrubClaim, type ClaimEdit } from '../../domain/claims/scrub/index.js';
import { BadInputError } from '../../errors.js';
import { createFollowUpTask } from '../tasks.service.js';
import { loadClaimForUpdate, type StoredClaim } from './claim-loader.js';
import { json, sqlRunner } from '../../db/sql.js';

export interface ScrubOptions {
  timezone: string;
  /** 'YYYY-MM-DD'; defaults to today in the office time zone. */
  today?: string;
  payerRules?: PayerRulesTable;
}

export interface ScrubOutcome {
  status: 'ready' | 'edits' | 'skipped';
  edits: ClaimEdit[];
}

/** The payer's rules: config defaults and payer entry, then the payer row's filing window (the office's own setting). */
export function payerRulesFor(stored: Pick<StoredClaim, 'claim' | 'timelyFilingDays'>, table: PayerRulesTable = PAYER_RULES): PayerRules {
  return { ...resolvePayerRules(stored.claim.payer.payerId, table), timelyFilingDays: stored.timelyFilingDays };
}

export async function scrubStoredClaim(em: EntityManager, claimId: number, options: ScrubOptions): Promise<ScrubOutcome> {
  return em.fork().transactional(async (tx) => {
    const run = sqlRunner(tx);
    // Only a draft is scrubbed: a second delivery of the job finds it ready or with edits and stops.
    const stored = await loadClaimForUpdate(run, claimId);
    if (!stored) throw new BadInputError(`no claim ${claimId}`);
    if (stored.status !== 'draft') return { status: 'skipped', edits: [] };
    const today = options.today ?? DateTime.now().setZone(options.timezone).toISODate()!;
    const rules = payerRulesFor(stored, options.payerRules);
    const edits = scrubClaim(stored.claim, { today, payerRules: rules });
    const clean = isClean(edits);
    const errors = edits.filter((e) => e.severity === 'error');
    // Earlier edits out, these in, the status change and its event: one statement (see loader).
    await run(
      `with gone as (delete from claim_edit where claim_id = ?),
            added as (insert into claim_edit (claim_id, code, severity, field, line, message, created_at)
              select ?, r.code, r.severity, left(r.field, 20), r.line, r.message, now()
              from json_to_recordset(?::json) as r(code text, severity text, field text, line int, message text)),
            moved as (update claim set status = ?, updated_at = now() where id = ? and status = 'draft' returning id)
       insert into claim_event (claim_id, from_status, to_status, detail, at) select id, 'draft', ?, ?::jsonb, now() from moved`,
      [claimId, claimId, json(edits), clean ? 'ready' : 'edits', claimId, clean ? 'ready' : 'edits',
        json({ errors: errors.length, warnings: edits.length - errors.length })],
    );
    if (!clean) {
      await createFollowUpTask(tx, {
        type: 'claim-edit', subjectType: 'claim', subjectId: claimId, reasonCodes: errors.map((e) => e.code),
        amountAtRiskCents: stored.claim.chargeCents, deadline: filingDeadline(stored.claim, rules.timelyFilingDays) ?? null,
        requiredSkills: ['claim-edits'], payerId: stored.payerDbId,
      }, { timezone: options.timezone });
    }
    return { status: clean ? 'ready' : 'edits', edits };
  });
}
