// The relay never stops for one bad row: a row naming a queue or job this version does not know,
// or whose payload no longer validates, is set aside with its reason instead of being retried
// for ever. Sent rows are deleted after a retention period, found through an index on sent_at
// so the deletion never scans the table.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261204180000OutboxSetAside extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "outbox" add column "set_aside_at" timestamptz null, add column "set_aside_reason" varchar(300) null;`);
    // The relay's scan: rows neither sent nor set aside.
    this.addSql(`drop index if exists "outbox_unsent_index";`);
    this.addSql(`create index "outbox_waiting_index" on "outbox" ("id") where "sent_at" is null and "set_aside_at" is null;`);
    this.addSql(`create index "outbox_sent_at_index" on "outbox" ("sent_at") where "sent_at" is not null;`);
    this.addSql(`create index "outbox_set_aside_index" on "outbox" ("id") where "set_aside_at" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "outbox_set_aside_index";`);
    this.addSql(`drop index if exists "outbox_sent_at_index";`);
    this.addSql(`drop index if exists "outbox_waiting_index";`);
    this.addSql(`create index "outbox_unsent_index" on "outbox" ("id") where "sent_at" is null;`);
    this.addSql(`alter table "outbox" drop column "set_aside_reason", drop column "set_aside_at";`);
  }

}
