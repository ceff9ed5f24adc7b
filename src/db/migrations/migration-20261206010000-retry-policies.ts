// Retry policies that admins change (each change a new version row, with who, when and why) and
// dead letters: jobs that used up their policy, kept for operations to look at and replay.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206010000RetryPolicies extends Migration {

  override async up(): Promise<void> {
    // job_name '' is the queue's own policy; a job name overrides it for that job.
    this.addSql(`create table "retry_policy_version" ("id" serial primary key, "queue" varchar(40) not null, "job_name" varchar(40) not null default '',
      "version" int not null, "policy" jsonb not null, "reason" text not null check (length("reason") > 0),
      "changed_by" varchar(80) not null, "changed_at" timestamptz not null, unique ("queue", "job_name", "version"));`);

    this.addSql(`create table "dead_letter" ("id" serial primary key, "queue" varchar(40) not null, "job_id" varchar(200) not null,
      "job_name" varchar(40) not null, "payload" jsonb not null, "attempts" int not null, "error_class" varchar(80) not null,
      "error_message" text not null, "reason" varchar(40) not null, "first_queued_at" timestamptz not null, "failed_at" timestamptz not null,
      "status" text check ("status" in ('open', 'replayed')) not null default 'open', "task_id" int null references "task" ("id"),
      "replayed_by" varchar(80) null, "replayed_at" timestamptz null);`);
    // One open dead letter per job: a failure recorded twice (the worker retried its write) stays one.
    this.addSql(`create unique index "dead_letter_open_unique" on "dead_letter" ("queue", "job_id") where "status" = 'open';`);
    this.addSql(`create index "dead_letter_failed_at_index" on "dead_letter" ("queue", "failed_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dead_letter";`);
    this.addSql(`drop table if exists "retry_policy_version";`);
  }

}
