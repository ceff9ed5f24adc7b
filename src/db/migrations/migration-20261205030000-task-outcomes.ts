// Outcomes of tasks (issue #10, item 9): a person's free-text notes on a task (Postgres only:
// never in events, audit, jobs or logs), and one row per recorded outcome, which holds a
// write-off waiting for approval and the appeal follow-up's bookkeeping.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261205030000TaskOutcomes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "task_note" ("id" serial primary key, "task_id" int not null, "author_id" int not null, "text" text not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "task_note_task_id_index" on "task_note" ("task_id");`);
    this.addSql(`alter table "task_note" add constraint "task_note_task_id_foreign" foreign key ("task_id") references "task" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "task_note" add constraint "task_note_author_id_foreign" foreign key ("author_id") references "specialist" ("id") on update cascade;`);

    this.addSql(`create table "task_outcome" ("id" serial primary key, "task_id" int not null, "outcome" varchar(40) not null, "state" text check ("state" in ('applied', 'pending-approval', 'rejected')) not null, "recorded_by_id" int not null, "recorded_at" timestamptz not null, "amount_cents" bigint null, "decided_by_id" int null, "decided_at" timestamptz null, "follow_up_due_at" timestamptz null, "follow_up_task_id" int null, "follow_up_checked_at" timestamptz null);`);
    this.addSql(`create index "task_outcome_task_id_index" on "task_outcome" ("task_id");`);
    // One live outcome per task: a rejected write-off leaves its row and the task takes another.
    this.addSql(`create unique index "task_outcome_live_unique" on "task_outcome" ("task_id") where "state" <> 'rejected';`);
    this.addSql(`create index "task_outcome_pending_index" on "task_outcome" ("state") where "state" = 'pending-approval';`);
    this.addSql(`alter table "task_outcome" add constraint "task_outcome_task_id_foreign" foreign key ("task_id") references "task" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "task_outcome" add constraint "task_outcome_recorded_by_id_foreign" foreign key ("recorded_by_id") references "specialist" ("id") on update cascade;`);
    this.addSql(`alter table "task_outcome" add constraint "task_outcome_decided_by_id_foreign" foreign key ("decided_by_id") references "specialist" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "task_outcome" cascade;`);
    this.addSql(`drop table if exists "task_note" cascade;`);
  }

}
