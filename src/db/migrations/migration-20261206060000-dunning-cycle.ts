// The patient statement cycle (src/services/collections/dunning.service.ts): where each account
// stands in its cycle, a third statement stage, and each statement's due date and rendered PDF.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206060000DunningCycle extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "account" drop constraint if exists "account_dunning_stage_check";`);
    this.addSql(`alter table "account" add constraint "account_dunning_stage_check" check ("dunning_stage" in
      ('none', 'statement-1', 'statement-2', 'statement-3', 'final-notice', 'agency', 'plan'));`);
    // Day 0 of the cycle (moved later by pauses), the last step sent, and the first day a pass saw it paused.
    this.addSql(`alter table "account" add column "dunning_cycle_start" date null, add column "dunning_cycle_stage" varchar(40) null,
      add column "dunning_paused_since" date null;`);
    // The pass walks only accounts with something for the cycle: a balance, or a cycle to end or resume.
    this.addSql(`create index "account_dunning_index" on "account" ("id") where "patient_balance_cents" <> 0
      or "dunning_cycle_stage" is not null or "dunning_paused_since" is not null or "dunning_stage" <> 'none';`);

    // The PDF is rendered on first request (or by rcm statements render) and kept: what was sent stays what it was.
    this.addSql(`alter table "statement" add column "due_date" date null, add column "pdf" bytea null, add column "pdf_rendered_at" timestamptz null;`);
    this.addSql(`create index "statement_date_kind_index" on "statement" ("statement_date", "kind");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "statement_date_kind_index";`);
    this.addSql(`alter table "statement" drop column if exists "pdf_rendered_at", drop column if exists "pdf", drop column if exists "due_date";`);
    this.addSql(`drop index if exists "account_dunning_index";`);
    this.addSql(`alter table "account" drop column if exists "dunning_paused_since", drop column if exists "dunning_cycle_stage",
      drop column if exists "dunning_cycle_start";`);
    this.addSql(`update "account" set "dunning_stage" = 'statement-2' where "dunning_stage" = 'statement-3';`);
    this.addSql(`alter table "account" drop constraint if exists "account_dunning_stage_check";`);
    this.addSql(`alter table "account" add constraint "account_dunning_stage_check" check ("dunning_stage" in
      ('none', 'statement-1', 'statement-2', 'final-notice', 'agency', 'plan'));`);
  }

}
