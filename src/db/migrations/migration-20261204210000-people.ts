// People for issue #10: the director role, and levels in the office's words. Existing integer
// levels map 1 (or less) -> entry, 2 -> mid, 3 and above -> senior. The audit is read by time
// (`rcm audit --since`), so it gets an index on `at`.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261204210000People extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "specialist" drop constraint if exists "specialist_role_check";`);
    this.addSql(`alter table "specialist" add constraint "specialist_role_check" check ("role" in ('specialist', 'supervisor', 'director', 'admin', 'operator'));`);
    this.addSql(`alter table "specialist" alter column "level" drop default;`);
    this.addSql(`alter table "specialist" alter column "level" type text using (case when "level" <= 1 then 'entry' when "level" = 2 then 'mid' else 'senior' end);`);
    this.addSql(`alter table "specialist" alter column "level" set default 'entry';`);
    this.addSql(`alter table "specialist" add constraint "specialist_level_check" check ("level" in ('entry', 'mid', 'senior'));`);
    this.addSql(`create index "specialist_supervisor_id_index" on "specialist" ("supervisor_id");`);
    this.addSql(`create index "audit_event_at_index" on "audit_event" ("at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "audit_event_at_index";`);
    this.addSql(`drop index if exists "specialist_supervisor_id_index";`);
    this.addSql(`alter table "specialist" drop constraint if exists "specialist_level_check";`);
    this.addSql(`alter table "specialist" alter column "level" drop default;`);
    this.addSql(`alter table "specialist" alter column "level" type int using (case "level" when 'entry' then 1 when 'mid' then 2 else 3 end);`);
    this.addSql(`alter table "specialist" alter column "level" set default 1;`);
    // Directors become supervisors: the older role list has no director.
    this.addSql(`update "specialist" set "role" = 'supervisor' where "role" = 'director';`);
    this.addSql(`alter table "specialist" drop constraint if exists "specialist_role_check";`);
    this.addSql(`alter table "specialist" add constraint "specialist_role_check" check ("role" in ('specialist', 'supervisor', 'admin', 'operator'));`);
  }

}
