// Job ids that are never reused for other work. BullMQ adds a job whose id it already holds as a
// no-op, and ids built from sequences repeat when the database is recreated or restored from a
// backup while Redis still holds finished jobs. So every outbox row and every remittance (whose
// posting flow is added straight to BullMQ) carries a random key that names its jobs; and each
// database gets an installation identity, which engine processes bind their queue prefix to.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261204123000JobKeys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "installation" (
      "id" uuid not null default gen_random_uuid(),
      "one_row" boolean not null default true,
      "created_at" timestamptz not null default now(),
      constraint "installation_pkey" primary key ("id"),
      constraint "installation_one_row" unique ("one_row"),
      constraint "installation_one_row_check" check ("one_row"));`);
    this.addSql(`insert into "installation" default values;`);
    this.addSql(`alter table "outbox" add column "job_key" uuid not null default gen_random_uuid();`);
    this.addSql(`alter table "remittance" add column "job_key" uuid not null default gen_random_uuid();`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "remittance" drop column "job_key";`);
    this.addSql(`alter table "outbox" drop column "job_key";`);
    this.addSql(`drop table if exists "installation";`);
  }

}
