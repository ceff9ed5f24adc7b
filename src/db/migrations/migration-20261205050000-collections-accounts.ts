// An account's collections records (src/db/entities/collections.ts): statements sent, payment
// plans with their installments, and disputes. Later migrations add what each feature needs.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261205050000CollectionsAccounts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "statement" ("id" serial primary key, "account_id" int not null references "account" ("id"),
      "kind" text check ("kind" in ('statement', 'final-notice', 'agency-referral')) not null, "stage" varchar(40) not null,
      "statement_date" date not null, "amount_due_cents" bigint not null, "idempotency_key" varchar(200) not null unique,
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index "statement_account_id_index" on "statement" ("account_id", "statement_date");`);

    this.addSql(`create table "payment_plan" ("id" serial primary key, "account_id" int not null references "account" ("id"),
      "status" text check ("status" in ('current', 'missed', 'completed', 'cancelled')) not null default 'current',
      "total_cents" bigint not null check ("total_cents" > 0), "created_by_id" int null references "specialist" ("id"),
      "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "payment_plan_account_id_index" on "payment_plan" ("account_id");`);
    // At most one live plan per account: the cycle's pause and the missed-installment check read it.
    this.addSql(`create unique index "payment_plan_live_unique" on "payment_plan" ("account_id") where "status" in ('current', 'missed');`);

    this.addSql(`create table "payment_plan_installment" ("id" serial primary key, "plan_id" int not null references "payment_plan" ("id") on delete cascade,
      "sequence" int not null, "due_date" date not null, "amount_cents" bigint not null check ("amount_cents" > 0),
      "paid_cents" bigint not null default 0, "status" text check ("status" in ('due', 'paid', 'missed')) not null default 'due',
      unique ("plan_id", "sequence"));`);
    this.addSql(`create index "payment_plan_installment_due_index" on "payment_plan_installment" ("due_date") where "status" = 'due';`);

    this.addSql(`create table "account_dispute" ("id" serial primary key, "account_id" int not null references "account" ("id"),
      "status" text check ("status" in ('open', 'resolved')) not null default 'open', "task_id" int null references "task" ("id"),
      "opened_by_id" int null references "specialist" ("id"), "opened_at" timestamptz not null default now(), "resolved_at" timestamptz null);`);
    this.addSql(`create index "account_dispute_open_index" on "account_dispute" ("account_id") where "status" = 'open';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "account_dispute";`);
    this.addSql(`drop table if exists "payment_plan_installment";`);
    this.addSql(`drop table if exists "payment_plan";`);
    this.addSql(`drop table if exists "statement";`);
  }

}
