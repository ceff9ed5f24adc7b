// Payment posting: remittances staged from 835 files, their claims, optional fee schedules.
// Written by hand (the claims migration is written concurrently); applies after it.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126190000Posting extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "remittance" ("id" serial primary key, "file_id" int not null, "transaction_sequence" int not null, "st_control_number" varchar(9) not null, "remittance_key" varchar(140) not null, "trace_number" varchar(80) not null, "payer_identifier" varchar(80) not null, "payer_id" int null, "status" text check ("status" in ('staged', 'posted', 'duplicate')) not null default 'staged', "duplicate_of_id" int null, "payment_cents" bigint not null, "payment_method" varchar(3) not null, "payment_date" date null, "claim_count" int not null default 0, "paid_cents" bigint not null default 0, "contractual_cents" bigint not null default 0, "denied_cents" bigint not null default 0, "patient_resp_cents" bigint not null default 0, "other_adjustment_cents" bigint not null default 0, "provider_adjustment_cents" bigint not null default 0, "provider_adjustments" jsonb not null, "posted_claims" int not null default 0, "matched_claims" int not null default 0, "unmatched_claims" int not null default 0, "claims_with_denial" int not null default 0, "tasks_created" int not null default 0, "created_at" timestamptz not null, "posted_at" timestamptz null);`);
    this.addSql(`create index "remittance_file_id_index" on "remittance" ("file_id");`);
    this.addSql(`alter table "remittance" add constraint "remittance_file_fk" foreign key ("file_id") references "edi_file" ("id");`);
    this.addSql(`alter table "remittance" add constraint "remittance_payer_fk" foreign key ("payer_id") references "payer" ("id");`);
    // The same payer and trace number twice is one payment: only one row may be more than a duplicate.
    this.addSql(`create unique index "remittance_key_unique" on "remittance" ("remittance_key") where "status" <> 'duplicate';`);

    this.addSql(`create table "remittance_claim" ("id" serial primary key, "remittance_id" int not null, "sequence" int not null, "control_number" varchar(38) not null, "status_code" varchar(2) not null, "charge_cents" bigint not null, "paid_cents" bigint not null, "detail" json not null, "claim_id" int null, "forwarded" boolean not null default false, "posted_at" timestamptz null);`);
    this.addSql(`alter table "remittance_claim" add constraint "remittance_claim_remittance_id_sequence_unique" unique ("remittance_id", "sequence");`);
    this.addSql(`create index "remittance_claim_claim_id_index" on "remittance_claim" ("claim_id");`);
    this.addSql(`alter table "remittance_claim" add constraint "remittance_claim_remittance_fk" foreign key ("remittance_id") references "remittance" ("id") on delete cascade;`);
    this.addSql(`alter table "remittance_claim" add constraint "remittance_claim_claim_fk" foreign key ("claim_id") references "claim" ("id");`);

    this.addSql(`create table "fee_schedule" ("id" serial primary key, "payer_id" int not null, "procedure" varchar(5) not null, "modifier" varchar(2) not null default '', "allowed_cents" bigint not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "fee_schedule" add constraint "fee_schedule_payer_id_procedure_modifier_unique" unique ("payer_id", "procedure", "modifier");`);
    this.addSql(`alter table "fee_schedule" add constraint "fee_schedule_payer_fk" foreign key ("payer_id") references "payer" ("id");`);

    this.addSql(`create table "carc_override" ("id" serial primary key, "carc_key" varchar(12) not null, "action" text check ("action" in ('contractual', 'denial', 'patient-responsibility', 'other-adjustment')) not null, "recoverability" numeric(3,2) not null default 0, "description" varchar(200) not null, "reason" varchar(200) not null, "changed_by" varchar(80) not null, "changed_at" timestamptz not null);`);
    this.addSql(`alter table "carc_override" add constraint "carc_override_carc_key_unique" unique ("carc_key");`);

    // Finalize checks a remittance's totals against its ledger entries (source 'remittance:<id>').
    this.addSql(`create index "ledger_entry_source_index" on "ledger_entry" ("source");`);
    // 835 files are read back in slices while they stream; uncompressed out-of-line storage lets
    // Postgres return a slice without decompressing the whole value each time.
    this.addSql(`alter table "edi_file" alter column "content" set storage external;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "edi_file" alter column "content" set storage extended;`);
    this.addSql(`drop index if exists "ledger_entry_source_index";`);
    this.addSql(`drop table if exists "carc_override" cascade;`);
    this.addSql(`drop table if exists "fee_schedule" cascade;`);
    this.addSql(`drop table if exists "remittance_claim" cascade;`);
    this.addSql(`drop table if exists "remittance" cascade;`);
  }

}
