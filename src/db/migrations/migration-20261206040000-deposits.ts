// Bank deposits (src/db/entities/deposits.ts) and the bank files they come from, kept in edi_file
// like every other file the office receives (kinds BAI2 and deposits-csv).
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206040000Deposits extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "edi_file" drop constraint if exists "edi_file_kind_check";`);
    this.addSql(`alter table "edi_file" add constraint "edi_file_kind_check" check ("kind" in ('837P', 'claims-json', '835', '999', '277CA', 'TA1', 'BAI2', 'deposits-csv'));`);

    this.addSql(`create table "deposit" ("id" serial primary key, "file_id" int not null references "edi_file" ("id"), "line" int not null,
      "deposit_date" date not null, "amount_cents" bigint not null check ("amount_cents" > 0), "trace_number" varchar(80) null,
      "bank_reference" varchar(80) null, "customer_reference" varchar(80) null, "bank_account" varchar(12) not null, "type_code" varchar(3) null,
      "status" text check ("status" in ('unmatched', 'matched', 'variance')) not null default 'unmatched',
      "remittance_id" int null references "remittance" ("id"), "matched_at" timestamptz null, "created_at" timestamptz not null default now(),
      unique ("file_id", "line"),
      check (("status" = 'unmatched') = ("remittance_id" is null)));`);
    this.addSql(`create index "deposit_trace_number_index" on "deposit" ("trace_number");`);
    // Matching reads the unmatched ones; one deposit per remittance, settled by the database.
    this.addSql(`create index "deposit_unmatched_index" on "deposit" ("deposit_date") where "status" = 'unmatched';`);
    this.addSql(`create unique index "deposit_remittance_id_unique" on "deposit" ("remittance_id") where "remittance_id" is not null;`);
    // Matching asks which subjects ever had a variance task (open or closed: never opened twice).
    this.addSql(`create index "task_deposit_variance_subject_index" on "task" ("subject_type", "subject_id") where "type" = 'deposit-variance';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "task_deposit_variance_subject_index";`);
    this.addSql(`drop table if exists "deposit";`);
    this.addSql(`delete from "edi_file_part" where "file_id" in (select "id" from "edi_file" where "kind" in ('BAI2', 'deposits-csv'));`);
    this.addSql(`delete from "task" where "type" = 'quarantined-file' and "subject_type" = 'file' and "subject_id" in (select "id" from "edi_file" where "kind" in ('BAI2', 'deposits-csv'));`);
    this.addSql(`delete from "edi_file" where "kind" in ('BAI2', 'deposits-csv');`);
    this.addSql(`alter table "edi_file" drop constraint if exists "edi_file_kind_check";`);
    this.addSql(`alter table "edi_file" add constraint "edi_file_kind_check" check ("kind" in ('837P', 'claims-json', '835', '999', '277CA', 'TA1'));`);
  }

}
