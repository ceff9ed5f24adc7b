// Patient payments (src/db/entities/patient-payments.ts): what a patient paid, how, and which plan
// it went to. The ledger entry is the money; this row keeps what the office needs to answer the
// patient (method, reference) and makes a retried post find the first one.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206070000PatientPayments extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "patient_payment" ("id" serial primary key, "account_id" int not null references "account" ("id"),
      "amount_cents" bigint not null check ("amount_cents" > 0), "payment_date" date not null,
      "method" text check ("method" in ('card', 'check', 'cash', 'ach')) not null, "reference" varchar(80) not null,
      "idempotency_key" varchar(200) not null unique, "plan_id" int null references "payment_plan" ("id"),
      "applied_to_plan_cents" bigint not null default 0, "received_by_id" int null references "specialist" ("id"),
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index "patient_payment_account_id_index" on "patient_payment" ("account_id", "payment_date");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "patient_payment";`);
  }

}
