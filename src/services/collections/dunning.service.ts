// The daily dunning pass (`collections.dunning`): every account with a patient balance or a cycle
// under way, a slice at a time, each slice one transaction: the accounts locked in id order, the
// domain's decision for each (src/domain/collections/dunning-cycle.ts), then one statement per
// kind of write. Slices rather than one transaction, so posting waits on a few thousand account
// locks for a moment, never on every account for the whole pass; each slice is idempotent on its
// own (statement and ledger keys, cycle columns that a second decision leaves as they are), so a
// pass cut short and run again finishes the work. PDFs are not made here (see statement-pdf.service.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays } from '../../domain/calendar-date.js';
import { systemClock, type Clock } from '../../domain/clock.js';
import { checkDunningConfig, decideDunning, statementKey, writeOffKey } from '../../domain/collections/dunning-cycle.js';
import type { FollowUpTaskInput } from '../../domain/tasks/follow-up.js';
import { defaultDunningConfig, type DunningConfig } from '../../../config/dunning.js';
import { DunningRepository, type CycleColumnsRow, type NewStatement, type SmallBalanceWriteOff } from '../../db/repositories/dunning.repository.js';
import { createFollowUpTasks } from '../tasks.service.js';
import { exportAgencyReferrals } from './agency-export.service.js';

export interface DunningOptions {
  timezone: string;
  /** "Now" for the tasks opened (due times, priorities); the day itself is `asOf`. */
  clock?: Clock;
  config?: DunningConfig;
  /** Where the agency referral file goes; config.agencyExportDir unless given. */
  agencyExportDir?: string;
}

export interface DunningSummary {
  asOf: string;
  accounts: number;
  statements: number;
  finalNotices: number;
  agencyReferrals: number;
  writeOffs: number;
  writtenOffCents: number;
  paused: number;
  patientCalls: number;
  /** The agency referral file written for asOf, or null when nobody was referred that day. */
  agencyFile: string | null;
}

export async function runDunningPass(em: EntityManager, asOf: string, options: DunningOptions): Promise<DunningSummary> {
  const config = options.config ?? defaultDunningConfig;
  checkDunningConfig(config);
  const summary: DunningSummary = {
    asOf, accounts: 0, statements: 0, finalNotices: 0, agencyReferrals: 0, writeOffs: 0, writtenOffCents: 0, paused: 0, patientCalls: 0, agencyFile: null,
  };
  for (let afterId = 0; ;) {
    const last = await em.transactional((tx) => dunningSlice(tx, asOf, afterId, config, options, summary));
    if (last === null) break;
    afterId = last;
  }
  summary.agencyFile = await exportAgencyReferrals(em, asOf, options.agencyExportDir ?? config.agencyExportDir);
  return summary;
}

/** One slice: returns the last account id it read, or null when there were none left. */
async function dunningSlice(tx: EntityManager, asOf: string, afterId: number, config: DunningConfig, options: DunningOptions,
  summary: DunningSummary): Promise<number | null> {
  const repository = new DunningRepository(tx);
  const accounts = await repository.lockCycleAccounts(afterId, config.sliceSize);
  if (accounts.length === 0) return null;
  const columns: CycleColumnsRow[] = [];
  const statements: NewStatement[] = [];
  const writeOffs: SmallBalanceWriteOff[] = [];
  const calls: FollowUpTaskInput[] = [];
  const dueDate = addDays(asOf, config.paymentDueDays);
  for (const account of accounts) {
    const decision = decideDunning(account, asOf, config);
    if (decision.next.pausedSince !== null) summary.paused++;
    if (decision.changed) {
      const next = decision.next;
      columns.push({ id: account.id, stage: next.stage, cycle_start: next.cycleStart, cycle_stage: next.lastStage, paused_since: next.pausedSince });
    }
    if (decision.writeOffCents > 0) {
      writeOffs.push({ account_id: account.id, amount_cents: decision.writeOffCents, idempotency_key: writeOffKey(account.id, asOf) });
    }
    const step = decision.send;
    if (step !== null && decision.next.cycleStart !== null) {
      statements.push({
        account_id: account.id, kind: step.kind, stage: step.stage, amount_due_cents: account.balanceCents, due_date: dueDate,
        idempotency_key: statementKey(account.id, decision.next.cycleStart, step.stage),
      });
      if (step.patientCall) {
        calls.push({ type: 'patient-call', subjectType: 'account', subjectId: account.id, reasonCodes: [step.stage], amountAtRiskCents: account.balanceCents });
      }
    }
  }
  summary.accounts += accounts.length;
  const written = await repository.writeOffSmallBalances({ source: `dunning:${asOf}`, effectiveDate: asOf }, writeOffs);
  summary.writeOffs += written.count;
  summary.writtenOffCents += written.cents;
  const sent = new Set(await repository.addStatements(asOf, statements));
  for (const s of statements) {
    if (!sent.has(s.account_id)) continue;
    if (s.kind === 'statement') summary.statements++;
    else if (s.kind === 'final-notice') summary.finalNotices++;
    else summary.agencyReferrals++;
  }
  await repository.setCycleColumns(columns);
  summary.patientCalls += await createFollowUpTasks(tx, calls.filter((c) => sent.has(c.subjectId)), { timezone: options.timezone, clock: options.clock ?? systemClock });
  return accounts[accounts.length - 1].id;
}
