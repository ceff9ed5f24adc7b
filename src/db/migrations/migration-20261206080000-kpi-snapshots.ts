// KPI snapshots (src/db/entities/kpis.ts), and the time indexes the KPI queries read a day (or a
// period) of history through, so a day's snapshot touches that day's rows, not every row.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206080000KpiSnapshots extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "kpi_snapshot" ("as_of" date not null,
      "scope" text check ("scope" in ('office', 'payer', 'specialist')) not null, "scope_key" varchar(40) not null,
      "counts" jsonb not null, "histograms" jsonb not null, "carcs" jsonb not null, "computed_at" timestamptz not null,
      primary key ("as_of", "scope", "scope_key"));`);
    this.addSql(`create index "claim_event_at_index" on "claim_event" ("at");`);
    this.addSql(`create index "ledger_entry_posted_at_index" on "ledger_entry" ("posted_at");`);
    this.addSql(`create index "task_event_kind_at_index" on "task_event" ("kind", "at");`);
    this.addSql(`create index "task_outcome_recorded_at_index" on "task_outcome" ("recorded_at");`);
    this.addSql(`create index "remittance_claim_posted_at_index" on "remittance_claim" ("posted_at");`);
    this.addSql(`create index "remittance_posted_at_index" on "remittance" ("posted_at");`);
    this.addSql(`create index "task_due_at_index" on "task" ("due_at");`);
    this.addSql(`create index "task_subject_index" on "task" ("subject_type", "subject_id");`);
  }

  override async down(): Promise<void> {
    for (const index of ['task_subject_index', 'task_due_at_index', 'remittance_posted_at_index', 'remittance_claim_posted_at_index',
      'task_outcome_recorded_at_index', 'task_event_kind_at_index', 'ledger_entry_posted_at_index', 'claim_event_at_index']) {
      this.addSql(`drop index if exists "${index}";`);
    }
    this.addSql(`drop table if exists "kpi_snapshot";`);
  }
}
