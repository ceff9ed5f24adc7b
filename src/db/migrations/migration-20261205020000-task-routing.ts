// Routing work to people (README "Tasks: assignment, pull and leases"): when each person was last
// given or took a task (ranking: idle longest first), and indexes for the pull, the assignment
// and the lease sweep. The pool is read per required skill in priority order, so a pull finds its
// best task in a few index entries even with 100,000 tasks waiting.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261205020000TaskRouting extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "specialist" add column "last_task_at" timestamptz null;`);
    this.addSql(`create index "task_pool_by_skill_index" on "task" (("required_skills" ->> 0), "priority" desc, "id") where "status" = 'open';`);
    this.addSql(`create index "task_pool_index" on "task" ("priority" desc, "id") where "status" = 'open';`);
    this.addSql(`create index "task_worklist_index" on "task" ("assignee_id", "priority" desc, "id") where "status" in ('assigned', 'in-progress');`);
    this.addSql(`create index "task_lease_index" on "task" ("lease_expires_at") where "status" = 'in-progress';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "task_lease_index";`);
    this.addSql(`drop index if exists "task_worklist_index";`);
    this.addSql(`drop index if exists "task_pool_index";`);
    this.addSql(`drop index if exists "task_pool_by_skill_index";`);
    this.addSql(`alter table "specialist" drop column "last_task_at";`);
  }

}
