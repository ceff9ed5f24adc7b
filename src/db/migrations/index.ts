// Migrations in the order they apply. Listing them here (rather than globbing a folder)
// makes the same list work under tsx and from the compiled dist/.
import { Migration20261126164724 } from './migration-20261126164724.js';
import { Migration20261126180000Claims } from './migration-20261126180000-claims.js';
import { Migration20261126190000Posting } from './migration-20261126190000-posting.js';
import { Migration20261127090000PostingChunks } from './migration-20261127090000-posting-chunks.js';
import { Migration20261204100000EdiFileParts } from './migration-20261204100000-edi-file-parts.js';
import { Migration20261204111500ClaimFileBatches } from './migration-20261204111500-claim-file-batches.js';
import { Migration20261204123000JobKeys } from './migration-20261204123000-job-keys.js';
import { Migration20261204140000ClaimIdentity } from './migration-20261204140000-claim-identity.js';
import { Migration20261204150000RemittanceConflicts } from './migration-20261204150000-remittance-conflicts.js';
import { Migration20261204180000OutboxSetAside } from './migration-20261204180000-outbox-set-aside.js';
import { Migration20261204190000RepairSweep } from './migration-20261204190000-repair-sweep.js';
import { Migration20261204210000People } from './migration-20261204210000-people.js';
import { Migration20261204230000ApiTokens } from './migration-20261204230000-api-tokens.js';
import { Migration20261204235000DailySchedules } from './migration-20261204235000-daily-schedules.js';
import { Migration20261205010000BoardSessions } from './migration-20261205010000-board-sessions.js';
import { Migration20261205020000TaskRouting } from './migration-20261205020000-task-routing.js';
import { Migration20261205030000TaskOutcomes } from './migration-20261205030000-task-outcomes.js';
import { Migration20261205040000TaskEscalation } from './migration-20261205040000-task-escalation.js';
import { Migration20261205050000CollectionsAccounts } from './migration-20261205050000-collections-accounts.js';
import { Migration20261206010000RetryPolicies } from './migration-20261206010000-retry-policies.js';
import { Migration20261206020000ThrottleOverrides } from './migration-20261206020000-throttle-overrides.js';
import { Migration20261206040000Deposits } from './migration-20261206040000-deposits.js';
import { Migration20261206050000Books } from './migration-20261206050000-books.js';
import { Migration20261206060000DunningCycle } from './migration-20261206060000-dunning-cycle.js';
import { Migration20261206070000PatientPayments } from './migration-20261206070000-patient-payments.js';
import { Migration20261206080000KpiSnapshots } from './migration-20261206080000-kpi-snapshots.js';

export const migrationsList = [
  { name: 'migration-20261126164724', class: Migration20261126164724 },
  { name: 'migration-20261126180000-claims', class: Migration20261126180000Claims },
  { name: 'migration-20261126190000-posting', class: Migration20261126190000Posting },
  { name: 'migration-20261127090000-posting-chunks', class: Migration20261127090000PostingChunks },
  { name: 'migration-20261204100000-edi-file-parts', class: Migration20261204100000EdiFileParts },
  { name: 'migration-20261204111500-claim-file-batches', class: Migration20261204111500ClaimFileBatches },
  { name: 'migration-20261204123000-job-keys', class: Migration20261204123000JobKeys },
  { name: 'migration-20261204140000-claim-identity', class: Migration20261204140000ClaimIdentity },
  { name: 'migration-20261204150000-remittance-conflicts', class: Migration20261204150000RemittanceConflicts },
  { name: 'migration-20261204180000-outbox-set-aside', class: Migration20261204180000OutboxSetAside },
  { name: 'migration-20261204190000-repair-sweep', class: Migration20261204190000RepairSweep },
  { name: 'migration-20261204210000-people', class: Migration20261204210000People },
  { name: 'migration-20261204230000-api-tokens', class: Migration20261204230000ApiTokens },
  { name: 'migration-20261204235000-daily-schedules', class: Migration20261204235000DailySchedules },
  { name: 'migration-20261205010000-board-sessions', class: Migration20261205010000BoardSessions },
  { name: 'migration-20261205020000-task-routing', class: Migration20261205020000TaskRouting },
  { name: 'migration-20261205030000-task-outcomes', class: Migration20261205030000TaskOutcomes },
  { name: 'migration-20261205040000-task-escalation', class: Migration20261205040000TaskEscalation },
  { name: 'migration-20261205050000-collections-accounts', class: Migration20261205050000CollectionsAccounts },
  { name: 'migration-20261206010000-retry-policies', class: Migration20261206010000RetryPolicies },
  { name: 'migration-20261206020000-throttle-overrides', class: Migration20261206020000ThrottleOverrides },
  { name: 'migration-20261206040000-deposits', class: Migration20261206040000Deposits },
  { name: 'migration-20261206050000-books', class: Migration20261206050000Books },
  { name: 'migration-20261206060000-dunning-cycle', class: Migration20261206060000DunningCycle },
  { name: 'migration-20261206070000-patient-payments', class: Migration20261206070000PatientPayments },
  { name: 'migration-20261206080000-kpi-snapshots', class: Migration20261206080000KpiSnapshots },
];
