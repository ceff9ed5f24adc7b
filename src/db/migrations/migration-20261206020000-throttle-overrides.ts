// Admins' overrides of the clearinghouse and payer rate limits (src/db/entities/operations.ts).
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206020000ThrottleOverrides extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "throttle_override" ("id" serial primary key,
      "scope" text check ("scope" in ('clearinghouse', 'payer')) not null, "subject" varchar(80) not null,
      "max_batches" int not null check ("max_batches" > 0), "per_ms" int not null check ("per_ms" > 0),
      "changed_by" varchar(60) not null, "changed_at" timestamptz not null, unique ("scope", "subject"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "throttle_override";`);
  }

}
