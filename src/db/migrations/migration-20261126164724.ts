import { Migration } from '@mikro-orm/migrations';

export class Migration20261126164724 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "account" ("id" serial primary key, "account_number" varchar(40) not null, "patient_balance_cents" bigint not null default 0, "dunning_stage" text check ("dunning_stage" in ('none', 'statement-1', 'statement-2', 'final-notice', 'agency', 'plan')) not null default 'none', "created_at" timestamptz not null);`);
    this.addSql(`alter table "account" add constraint "account_account_number_unique" unique ("account_number");`);

    this.addSql(`create table "audit_event" ("id" bigserial primary key, "at" timestamptz not null, "actor" varchar(80) not null, "action" varchar(60) not null, "subject_type" varchar(20) not null, "subject_id" varchar(40) not null, "detail" jsonb null);`);

    this.addSql(`create table "claim" ("id" serial primary key, "control_number" varchar(38) not null, "payer_id" int not null, "provider_id" int not null, "patient_id" int not null, "coverage_id" int null, "source_file_id" int null, "status" text check ("status" in ('draft', 'ready', 'edits', 'submitted', 'accepted', 'rejected', 'paid', 'partially-paid', 'denied', 'closed')) not null default 'draft', "frequency" varchar(1) not null default '1', "payer_claim_number" varchar(50) null, "place_of_service" varchar(2) not null, "service_date" date not null, "diagnoses" jsonb not null, "charge_cents" bigint not null, "paid_cents" bigint not null default 0, "contractual_cents" bigint not null default 0, "denied_cents" bigint not null default 0, "patient_resp_cents" bigint not null default 0, "balance_cents" bigint not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "claim" add constraint "claim_control_number_unique" unique ("control_number");`);
    this.addSql(`create index "claim_payer_id_index" on "claim" ("payer_id");`);
    this.addSql(`create index "claim_provider_id_index" on "claim" ("provider_id");`);
    this.addSql(`create index "claim_patient_id_index" on "claim" ("patient_id");`);
    this.addSql(`create index "claim_status_index" on "claim" ("status");`);

    this.addSql(`create table "claim_line" ("id" serial primary key, "claim_id" int not null, "line_number" int not null, "line_control_number" varchar(50) not null, "procedure" varchar(5) not null, "modifiers" jsonb not null, "units" numeric(10,3) not null, "unit_basis" varchar(2) not null default 'UN', "charge_cents" bigint not null, "diagnosis_pointers" jsonb not null, "service_date" date not null, "service_date_end" date null, "paid_cents" bigint not null default 0, "contractual_cents" bigint not null default 0, "denied_cents" bigint not null default 0, "patient_resp_cents" bigint not null default 0);`);
    this.addSql(`create index "claim_line_claim_id_index" on "claim_line" ("claim_id");`);
    this.addSql(`alter table "claim_line" add constraint "claim_line_line_control_number_unique" unique ("line_control_number");`);
    this.addSql(`alter table "claim_line" add constraint "claim_line_claim_id_line_number_unique" unique ("claim_id", "line_number");`);

    this.addSql(`create table "coverage" ("id" serial primary key, "patient_id" int not null, "payer_id" int not null, "member_id" varchar(80) not null, "group_number" varchar(50) null, "rank" varchar(1) not null default 'P', "relationship" varchar(2) not null default '18', "created_at" timestamptz not null);`);
    this.addSql(`create index "coverage_patient_id_index" on "coverage" ("patient_id");`);
    this.addSql(`create index "coverage_payer_id_index" on "coverage" ("payer_id");`);
    this.addSql(`alter table "coverage" add constraint "coverage_payer_id_member_id_patient_id_unique" unique ("payer_id", "member_id", "patient_id");`);

    this.addSql(`create table "edi_file" ("id" serial primary key, "kind" text check ("kind" in ('837P', 'claims-json', '835', '999', '277CA', 'TA1')) not null, "direction" text check ("direction" in ('inbound', 'outbound')) not null, "file_name" varchar(255) not null, "sha256" varchar(64) not null, "size_bytes" int not null, "content" bytea not null, "status" text check ("status" in ('received', 'processing', 'processed', 'duplicate', 'quarantined')) not null default 'received', "error" text null, "received_at" timestamptz not null, "processed_at" timestamptz null);`);
    this.addSql(`create index "edi_file_sha256_index" on "edi_file" ("sha256");`);

    this.addSql(`create table "job_record" ("id" bigserial primary key, "queue" varchar(40) not null, "job_id" varchar(80) not null, "name" varchar(40) not null, "attempt" int not null, "outcome" text check ("outcome" in ('completed', 'retrying', 'failed')) not null, "error_class" varchar(80) null, "error_message" text null, "queued_at" timestamptz not null, "started_at" timestamptz not null, "finished_at" timestamptz not null, "wait_ms" int not null, "run_ms" int not null);`);
    this.addSql(`alter table "job_record" add constraint "job_record_queue_job_id_attempt_unique" unique ("queue", "job_id", "attempt");`);

    this.addSql(`create table "ledger_entry" ("id" bigserial primary key, "kind" text check ("kind" in ('charge', 'payment', 'contractual', 'denial', 'patient-responsibility', 'transfer', 'write-off', 'refund', 'provider-adjustment', 'patient-payment', 'other-adjustment', 'unapplied')) not null, "amount_cents" bigint not null, "claim_id" int null, "claim_line_id" int null, "account_id" int null, "payer_id" int null, "group_code" varchar(2) null, "reason_code" varchar(5) null, "remark_codes" jsonb null, "source" varchar(80) not null, "idempotency_key" varchar(200) not null, "effective_date" date not null, "posted_at" timestamptz not null);`);
    this.addSql(`create index "ledger_entry_claim_id_index" on "ledger_entry" ("claim_id");`);
    this.addSql(`create index "ledger_entry_account_id_index" on "ledger_entry" ("account_id");`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_idempotency_key_unique" unique ("idempotency_key");`);

    this.addSql(`create table "outbox" ("id" bigserial primary key, "queue" varchar(40) not null, "job_name" varchar(40) not null, "payload" jsonb not null, "delay_ms" int not null default 0, "created_at" timestamptz not null, "sent_at" timestamptz null);`);

    this.addSql(`create table "patient" ("id" serial primary key, "account_id" int not null, "last_name" varchar(80) not null, "first_name" varchar(80) null, "middle_name" varchar(80) null, "birth_date" date null, "gender" varchar(1) null, "address" jsonb null, "created_at" timestamptz not null);`);
    this.addSql(`create index "patient_account_id_index" on "patient" ("account_id");`);

    this.addSql(`create table "payer" ("id" serial primary key, "payer_id" varchar(80) not null, "name" varchar(120) not null, "timely_filing_days" int not null default 365, "appeal_days" int not null default 180, "follow_up_days" int not null default 30, "created_at" timestamptz not null);`);
    this.addSql(`alter table "payer" add constraint "payer_payer_id_unique" unique ("payer_id");`);

    this.addSql(`create table "provider" ("id" serial primary key, "npi" varchar(10) not null, "tax_id" varchar(20) null, "name" varchar(120) not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "provider" add constraint "provider_npi_unique" unique ("npi");`);

    this.addSql(`create table "specialist" ("id" serial primary key, "login" varchar(60) not null, "display_name" varchar(120) not null, "role" text check ("role" in ('specialist', 'supervisor', 'admin', 'operator')) not null default 'specialist', "skills" jsonb not null, "payers" jsonb not null, "certifications" jsonb not null, "level" int not null default 1, "capacity" int not null default 25, "timezone" varchar(60) not null, "working_hours" jsonb not null, "supervisor_id" int null, "active" boolean not null default true, "created_at" timestamptz not null);`);
    this.addSql(`alter table "specialist" add constraint "specialist_login_unique" unique ("login");`);

    this.addSql(`create table "task" ("id" serial primary key, "type" varchar(40) not null, "status" text check ("status" in ('open', 'assigned', 'in-progress', 'done', 'cancelled')) not null default 'open', "subject_type" varchar(20) not null, "subject_id" int not null, "reason_key" varchar(200) not null, "reason_codes" jsonb not null, "amount_at_risk_cents" bigint not null default 0, "deadline" date null, "priority" int not null default 0, "priority_parts" jsonb null, "required_skills" jsonb not null, "payer_id" int null, "assignee_id" int null, "lease_expires_at" timestamptz null, "due_at" timestamptz null, "outcome" varchar(40) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "closed_at" timestamptz null);`);
    this.addSql(`create index "task_type_index" on "task" ("type");`);
    this.addSql(`create index "task_status_index" on "task" ("status");`);
    this.addSql(`create index "task_assignee_id_index" on "task" ("assignee_id");`);

    this.addSql(`create table "task_event" ("id" serial primary key, "task_id" int not null, "kind" varchar(40) not null, "actor" varchar(80) not null, "detail" jsonb null, "at" timestamptz not null);`);
    this.addSql(`create index "task_event_task_id_index" on "task_event" ("task_id");`);

    // Integrity the entity definitions do not express (they map foreign keys as plain ids).
    this.addSql(`alter table "patient" add constraint "patient_account_fk" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "coverage" add constraint "coverage_patient_fk" foreign key ("patient_id") references "patient" ("id");`);
    this.addSql(`alter table "coverage" add constraint "coverage_payer_fk" foreign key ("payer_id") references "payer" ("id");`);
    this.addSql(`alter table "claim" add constraint "claim_payer_fk" foreign key ("payer_id") references "payer" ("id");`);
    this.addSql(`alter table "claim" add constraint "claim_provider_fk" foreign key ("provider_id") references "provider" ("id");`);
    this.addSql(`alter table "claim" add constraint "claim_patient_fk" foreign key ("patient_id") references "patient" ("id");`);
    this.addSql(`alter table "claim" add constraint "claim_source_file_fk" foreign key ("source_file_id") references "edi_file" ("id");`);
    this.addSql(`alter table "claim_line" add constraint "claim_line_claim_fk" foreign key ("claim_id") references "claim" ("id") on delete cascade;`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_claim_fk" foreign key ("claim_id") references "claim" ("id");`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_claim_line_fk" foreign key ("claim_line_id") references "claim_line" ("id");`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_account_fk" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "task_event" add constraint "task_event_task_fk" foreign key ("task_id") references "task" ("id") on delete cascade;`);
    this.addSql(`alter table "task" add constraint "task_assignee_fk" foreign key ("assignee_id") references "specialist" ("id");`);
    this.addSql(`alter table "specialist" add constraint "specialist_supervisor_fk" foreign key ("supervisor_id") references "specialist" ("id");`);
    // One open task per subject, type and reason: concurrent workers cannot create a second.
    this.addSql(`create unique index "task_open_subject_unique" on "task" ("type", "subject_type", "subject_id", "reason_key") where "status" in ('open', 'assigned', 'in-progress');`);
    // The relay reads only unsent rows; keep that scan small however long the outbox grows.
    this.addSql(`create index "outbox_unsent_index" on "outbox" ("id") where "sent_at" is null;`);
    this.addSql(`create index "edi_file_status_index" on "edi_file" ("kind", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "account" cascade;`);

    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`drop table if exists "claim" cascade;`);

    this.addSql(`drop table if exists "claim_line" cascade;`);

    this.addSql(`drop table if exists "coverage" cascade;`);

    this.addSql(`drop table if exists "edi_file" cascade;`);

    this.addSql(`drop table if exists "job_record" cascade;`);

    this.addSql(`drop table if exists "ledger_entry" cascade;`);

    this.addSql(`drop table if exists "outbox" cascade;`);

    this.addSql(`drop table if exists "patient" cascade;`);

    this.addSql(`drop table if exists "payer" cascade;`);

    this.addSql(`drop table if exists "provider" cascade;`);

    this.addSql(`drop table if exists "specialist" cascade;`);

    this.addSql(`drop table if exists "task" cascade;`);

    this.addSql(`drop table if exists "task_event" cascade;`);
  }

}
