// Job schedules that run at a time of day in the office's zone (a cron pattern and its zone), not
// only on an interval: the daily task-priority recompute is one. Exactly one of the two is set.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261204235000DailySchedules extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "job_schedule" alter column "every_ms" drop not null;`);
    this.addSql(`alter table "job_schedule" add column "pattern" varchar(40) null, add column "tz" varchar(64) null;`);
    this.addSql(`alter table "job_schedule" add constraint "job_schedule_every_or_pattern_check" check (("every_ms" is null) <> ("pattern" is null));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "job_schedule" where "every_ms" is null;`);
    this.addSql(`alter table "job_schedule" drop constraint "job_schedule_every_or_pattern_check";`);
    this.addSql(`alter table "job_schedule" drop column "pattern", drop column "tz";`);
    this.addSql(`alter table "job_schedule" alter column "every_ms" set not null;`);
  }

}
