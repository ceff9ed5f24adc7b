// Claims: billed-party snapshots, scrub edits, status events, submissions and file outcomes.
// Written by hand (posting writes its migration concurrently); applies before posting's.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126180000Claims extends Migration {

  override async up(): Promise<void> {
    const statuses = `('draft', 'ready', 'edits', 'submitted', 'accepted', 'rejected', 'paid', 'partially-paid', 'denied', 'closed')`;
    this.addSql(`create table "claim_detail" ("claim_id" int primary key references "claim" ("id") on delete cascade, "detail" jsonb not null);`);

    this.addSql(`create table "claim_edit" ("id" serial primary key, "claim_id" int not null references "claim" ("id") on delete cascade, "code" varchar(40) not null, "severity" text check ("severity" in ('error', 'warning')) not null, "field" varchar(20) not null, "line" int null, "message" text not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "claim_edit_claim_id_index" on "claim_edit" ("claim_id");`);

    this.addSql(`create table "claim_event" ("id" bigserial primary key, "claim_id" int not null references "claim" ("id") on delete cascade, "from_status" text check ("from_status" in ${statuses}) null, "to_status" text check ("to_status" in ${statuses}) not null, "detail" jsonb null, "at" timestamptz not null);`);
    this.addSql(`create index "claim_event_claim_id_index" on "claim_event" ("claim_id");`);

    this.addSql(`create table "submission" ("id" serial primary key, "payer_id" int not null references "payer" ("id"), "clearinghouse" varchar(40) not null, "control_number" int not null, "file_id" int not null references "edi_file" ("id"), "claim_count" int not null, "charge_cents" bigint not null, "status" text check ("status" in ('built', 'sent', 'accepted', 'partially-accepted', 'rejected')) not null default 'built', "reference" varchar(120) null, "created_at" timestamptz not null, "sent_at" timestamptz null);`);
    this.addSql(`create index "submission_payer_id_index" on "submission" ("payer_id");`);
    this.addSql(`alter table "submission" add constraint "submission_control_number_unique" unique ("control_number");`);

    this.addSql(`create table "submission_claim" ("submission_id" int not null references "submission" ("id") on delete cascade, "claim_id" int not null references "claim" ("id"), primary key ("submission_id", "claim_id"));`);
    this.addSql(`create index "submission_claim_claim_id_index" on "submission_claim" ("claim_id");`);

    this.addSql(`create table "claim_file_outcome" ("file_id" int primary key references "edi_file" ("id"), "kind" varchar(20) not null, "claims" int not null default 0, "new_claims" int not null default 0, "charge_cents" bigint not null default 0, "accepted" int not null default 0, "rejected" int not null default 0, "unmatched" int not null default 0, "created_at" timestamptz not null);`);

    // ISA13, GS06 and ST02 of every outgoing interchange: one number, never reused. A sequence
    // (not a counter row) so concurrent submit jobs never wait on each other for it.
    this.addSql(`create sequence "x12_control_number_seq" minvalue 1 maxvalue 999999999 cycle;`);
    this.addSql(`create index "claim_source_file_id_index" on "claim" ("source_file_id");`);
    // Ready claims are picked per payer by the submit job.
    this.addSql(`create index "claim_payer_status_index" on "claim" ("payer_id", "status");`);
    // REF*6R from a practice system is unique within its claim only (two offices both number
    // lines "1", "2"...), and remittance lines are matched within their claim (CLP01 first).
    this.addSql(`alter table "claim_line" drop constraint "claim_line_line_control_number_unique";`);
    this.addSql(`alter table "claim_line" add constraint "claim_line_claim_id_line_control_number_unique" unique ("claim_id", "line_control_number");`);
    this.addSql(`create index "claim_line_line_control_number_index" on "claim_line" ("line_control_number");`);
    // A payer created without its own window uses the config default (config/payer-rules.ts, 90
    // days): the shorter window flags a claim early rather than missing a deadline.
    this.addSql(`alter table "payer" alter column "timely_filing_days" set default 90;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "payer" alter column "timely_filing_days" set default 365;`);
    this.addSql(`drop index if exists "claim_line_line_control_number_index";`);
    this.addSql(`alter table "claim_line" drop constraint if exists "claim_line_claim_id_line_control_number_unique";`);
    this.addSql(`alter table "claim_line" add constraint "claim_line_line_control_number_unique" unique ("line_control_number");`);
    this.addSql(`drop index if exists "claim_payer_status_index";`);
    this.addSql(`drop index if exists "claim_source_file_id_index";`);
    this.addSql(`drop sequence if exists "x12_control_number_seq";`);
    this.addSql(`drop table if exists "claim_file_outcome" cascade;`);
    this.addSql(`drop table if exists "submission_claim" cascade;`);
    this.addSql(`drop table if exists "submission" cascade;`);
    this.addSql(`drop table if exists "claim_event" cascade;`);
    this.addSql(`drop table if exists "claim_edit" cascade;`);
    this.addSql(`drop table if exists "claim_detail" cascade;`);
  }

}
