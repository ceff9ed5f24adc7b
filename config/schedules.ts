// The scheduled jobs of reconciliation and collections: each a BullMQ job scheduler whose cron
// pattern is read in the office's time zone (config.timezone, env TIMEZONE), so "07:00" stays
// 07:00 across daylight-saving changes. Created when a process with that queue's workers starts
// (src/services/schedules/scheduled-jobs.service.ts); `enabled: false` removes it there.
// Patterns are minute hour day-of-month month day-of-week. Data only: nothing here imports from src/.

export interface ScheduleDefinition {
  /** How people name it: `rcm schedules run reconciliation.deposits`. Always `<queue>.<job>`. */
  readonly name: string;
  readonly queue: 'reconciliation' | 'collections';
  readonly job: string;
  /** Cron pattern in the office's time zone. */
  readonly pattern: string;
  readonly enabled: boolean;
  /** One line for people: what the run does. */
  readonly description: string;
}

// Ordered by time of day: the books are proved overnight, collections work before people arrive,
// and deposits after the bank's prior-day BAI2 report has come in.
export const SCHEDULES = [
  { name: 'reconciliation.kpi-snapshot', queue: 'reconciliation', job: 'kpi-snapshot', pattern: '30 0 * * *', enabled: true,
    description: "store the KPI figures of the day that just ended (docs/kpis.md); on demand, of the day given" },
  { name: 'reconciliation.accounts', queue: 'reconciliation', job: 'accounts', pattern: '0 1 * * *', enabled: true,
    description: 'recompute claim, line and account balances from the ledger; a difference opens a balance-discrepancy task' },
  { name: 'reconciliation.aging', queue: 'reconciliation', job: 'aging', pattern: '30 1 * * *', enabled: true,
    description: 'take the aging snapshot by payer and patient responsibility' },
  { name: 'collections.plans', queue: 'collections', job: 'plans', pattern: '0 4 * * *', enabled: true,
    description: 'payment-plan installments due or missed (a missed one puts the account back in the cycle)' },
  { name: 'collections.dunning', queue: 'collections', job: 'dunning', pattern: '30 4 * * *', enabled: true,
    description: 'advance the patient statement cycle: statements, final notices, agency referrals, small-balance write-offs' },
  { name: 'collections.follow-up', queue: 'collections', job: 'follow-up', pattern: '0 6 * * *', enabled: true,
    description: 'claims with no answer from the payer, and filing deadlines near' },
  { name: 'reconciliation.deposits', queue: 'reconciliation', job: 'deposits', pattern: '0 7 * * *', enabled: true,
    description: 'match bank deposits to ERAs by EFT trace; variances, deposits without ERA and ERAs without deposit become tasks' },
] as const satisfies readonly ScheduleDefinition[];
