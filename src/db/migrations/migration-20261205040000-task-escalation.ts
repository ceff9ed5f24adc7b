// SLA escalation on the task itself: how far up the reporting chain it has gone (0 none, 1 the
// supervisor, 2 the director), to whom and when, and when the next step falls due (the repair
// sweep finds missed escalations through it), and the repair kind 'overdue-task' for those it repairs.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261205040000TaskEscalation extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "task" add column "escalation_level" int not null default 0, add column "escalated_to_id" int null,
      add column "escalated_at" timestamptz null, add column "next_escalation_at" timestamptz null;`);
    // Open work that may still escalate, by the time its next step falls due (level 0: due_at).
    this.addSql(`create index "task_escalation_due_index" on "task" ((case when "escalation_level" = 0 then "due_at" else "next_escalation_at" end))
      where "status" in ('open', 'assigned', 'in-progress') and "escalation_level" < 2;`);
    this.addSql(`alter table "repair_event" drop constraint if exists "repair_event_kind_check";`);
    this.addSql(`alter table "repair_event" add constraint "repair_event_kind_check" check ("kind" in ('file', 'remittance', 'draft-claims', 'outbox', 'scheduler', 'overdue-task'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "repair_event" where "kind" = 'overdue-task';`);
    this.addSql(`alter table "repair_event" drop constraint if exists "repair_event_kind_check";`);
    this.addSql(`alter table "repair_event" add constraint "repair_event_kind_check" check ("kind" in ('file', 'remittance', 'draft-claims', 'outbox', 'scheduler'));`);
    this.addSql(`drop index if exists "task_escalation_due_index";`);
    this.addSql(`alter table "task" drop column "escalation_level", drop column "escalated_to_id", drop column "escalated_at", drop column "next_escalation_at";`);
  }

}
