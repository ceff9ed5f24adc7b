// Proving the books (src/db/entities/books.ts): aging snapshots with their rows, and the balance
// discrepancies reconciliation found. Plus an index for the follow-up job's question "has this
// claim had a task of this type before?", which the open-task index cannot answer for closed tasks.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206050000Books extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "aging_snapshot" ("id" serial primary key, "as_of" date not null unique,
      "basis" text check ("basis" in ('service-date', 'first-bill-date')) not null, "taken_at" timestamptz not null);`);
    this.addSql(`create table "aging_snapshot_row" ("id" serial primary key,
      "snapshot_id" int not null references "aging_snapshot" ("id") on delete cascade,
      "responsibility" text check ("responsibility" in ('insurance', 'patient')) not null, "payer_id" int null references "payer" ("id"),
      "items" int not null, "days_0_30_cents" bigint not null, "days_31_60_cents" bigint not null, "days_61_90_cents" bigint not null,
      "days_91_120_cents" bigint not null, "over_120_cents" bigint not null, "total_cents" bigint not null,
      "credit_items" int not null, "credit_cents" bigint not null,
      check ("total_cents" = "days_0_30_cents" + "days_31_60_cents" + "days_61_90_cents" + "days_91_120_cents" + "over_120_cents"));`);
    this.addSql(`create unique index "aging_snapshot_row_line_unique" on "aging_snapshot_row" ("snapshot_id", "responsibility", coalesce("payer_id", 0));`);

    this.addSql(`create table "balance_discrepancy" ("id" serial primary key, "as_of" date not null,
      "subject_type" text check ("subject_type" in ('claim', 'account')) not null, "subject_id" int not null,
      "task_id" int not null references "task" ("id"), "figures" jsonb not null, "found_at" timestamptz not null,
      unique ("as_of", "subject_type", "subject_id"));`);
    this.addSql(`create index "balance_discrepancy_task_id_index" on "balance_discrepancy" ("task_id");`);

    this.addSql(`create index "task_subject_type_index" on "task" ("subject_type", "subject_id", "type");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "task_subject_type_index";`);
    this.addSql(`drop table if exists "balance_discrepancy";`);
    this.addSql(`drop table if exists "aging_snapshot_row";`);
    this.addSql(`drop table if exists "aging_snapshot";`);
  }

}
