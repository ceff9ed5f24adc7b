// The repair sweep: its sweeps and repairs (counted per kind), the job schedules it rebuilds, and
// partial indexes so each of its questions reads only work in flight, however large the tables grow.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261204190000RepairSweep extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "repair_sweep" ("id" bigserial primary key, "trigger" varchar(20) not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "repaired" int not null default 0);`);
    this.addSql(`create table "repair_event" ("id" bigserial primary key, "sweep_id" bigint not null, "kind" text check ("kind" in ('file', 'remittance', 'draft-claims', 'outbox', 'scheduler')) not null, "subject" varchar(120) not null, "job_id" varchar(120) not null, "at" timestamptz not null);`);
    this.addSql(`create index "repair_event_sweep_id_index" on "repair_event" ("sweep_id");`);
    this.addSql(`create table "job_schedule" ("scheduler_id" varchar(80) not null, "queue" varchar(40) not null, "job_name" varchar(40) not null, "payload" jsonb not null, "every_ms" int not null, "updated_at" timestamptz not null, constraint "job_schedule_pkey" primary key ("scheduler_id"));`);
    // Work in flight only: files being read, drafts, remittances not yet finalized, chunks not yet posted.
    this.addSql(`create index "edi_file_in_flight_index" on "edi_file" ("id") where "status" in ('received', 'processing');`);
    this.addSql(`create index "claim_draft_index" on "claim" ("id") where "status" = 'draft';`);
    this.addSql(`create index "remittance_staged_index" on "remittance" ("id") where "status" = 'staged';`);
    this.addSql(`create index "remittance_chunk_unposted_index" on "remittance_chunk" ("remittance_id") where "posted_at" is null;`);
    // The outbox rows that carry a file's or a claim's job, found by the id in their payload.
    this.addSql(`create index "outbox_file_id_index" on "outbox" ((("payload"->>'fileId'))) where ("payload"->>'fileId') is not null;`);
    this.addSql(`create index "outbox_claim_id_index" on "outbox" ((("payload"->>'claimId'))) where ("payload"->>'claimId') is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "outbox_claim_id_index";`);
    this.addSql(`drop index if exists "outbox_file_id_index";`);
    this.addSql(`drop index if exists "remittance_chunk_unposted_index";`);
    this.addSql(`drop index if exists "remittance_staged_index";`);
    this.addSql(`drop index if exists "claim_draft_index";`);
    this.addSql(`drop index if exists "edi_file_in_flight_index";`);
    this.addSql(`drop table if exists "job_schedule" cascade;`);
    this.addSql(`drop table if exists "repair_event" cascade;`);
    this.addSql(`drop table if exists "repair_sweep" cascade;`);
  }

}
