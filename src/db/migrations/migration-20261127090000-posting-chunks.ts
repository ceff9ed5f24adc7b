// Posting at volume: an ERA is staged as one row per chunk of claims (not one JSON row per claim),
// and the ledger's references are checked once per statement instead of once per row.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261127090000PostingChunks extends Migration {

  override async up(): Promise<void> {
    // The claims of one chunk as the 835 sent them (patient names and ids left out), written once
    // by the era job and read once by the chunk job. lz4: cheap to compress, cheap to read back.
    this.addSql(`create table "remittance_chunk" ("id" serial primary key, "remittance_id" int not null references "remittance" ("id") on delete cascade, "first_sequence" int not null, "last_sequence" int not null, "claims" text compression lz4 not null, "posted_at" timestamptz null);`);
    this.addSql(`alter table "remittance_chunk" add constraint "remittance_chunk_remittance_id_first_sequence_unique" unique ("remittance_id", "first_sequence");`);

    // A remittance claim row is now written when its chunk posts; the claim as sent is kept only
    // when it matched no claim of ours, for the person who works the unmatched-remittance task.
    this.addSql(`alter table "remittance_claim" alter column "detail" drop not null;`);
    // Remittances the previous version staged and has not finished posting: their claims move into
    // chunk rows with the ranges their queued chunk jobs carry (500 claims each, as it staged them).
    // A range was posted whole or not at all (one transaction), so it is posted or open as a whole;
    // the open ranges' claim rows go, since the chunk writes them when it posts.
    this.addSql(`insert into "remittance_chunk" ("remittance_id", "first_sequence", "last_sequence", "claims", "posted_at")
      select rc."remittance_id", min(rc."sequence"), max(rc."sequence"), json_agg(rc."detail" order by rc."sequence")::text,
        case when bool_and(rc."posted_at" is not null) then max(rc."posted_at") end
      from "remittance_claim" rc join "remittance" r on r."id" = rc."remittance_id"
      where r."status" = 'staged'
      group by rc."remittance_id", (rc."sequence" - 1) / 500;`);
    this.addSql(`delete from "remittance_claim" rc using "remittance" r
      where r."id" = rc."remittance_id" and r."status" = 'staged' and rc."posted_at" is null;`);

    // A line's posted money is read from the ledger when someone looks at the claim: keeping it
    // cached on every line cost an update of each line per posting, for a figure read rarely.
    this.addSql(`alter table "claim_line" drop column "paid_cents", drop column "contractual_cents", drop column "denied_cents", drop column "patient_resp_cents";`);

    // Row-by-row foreign keys cost a lookup per ledger row, more than the insert itself. The
    // ledger is append-only and written in bulk, so one set-based check per statement replaces
    // them: any entry naming a claim, claim line or account that does not exist fails the whole
    // statement (SQLSTATE 23503, as a foreign key would). Claims, lines and accounts are never
    // deleted; the guards below keep it that way once money has been posted to them.
    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_claim_fk";`);
    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_claim_line_fk";`);
    this.addSql(`alter table "ledger_entry" drop constraint "ledger_entry_account_fk";`);
    this.addSql(`create function "ledger_entry_check_references"() returns trigger language plpgsql set search_path from current as $$
begin
  if exists (select 1 from new_entries e where e.claim_id is not null and not exists (select 1 from claim c where c.id = e.claim_id))
     or exists (select 1 from new_entries e where e.claim_line_id is not null
                and not exists (select 1 from claim_line l where l.id = e.claim_line_id and l.claim_id is not distinct from coalesce(e.claim_id, l.claim_id)))
     or exists (select 1 from new_entries e where e.account_id is not null and not exists (select 1 from account a where a.id = e.account_id)) then
    raise foreign_key_violation using message = 'ledger entry names a claim, claim line or account that does not exist (or a line of another claim)';
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger "ledger_entry_references" after insert on "ledger_entry" referencing new table as new_entries for each statement execute function "ledger_entry_check_references"();`);
    // One branch per table: PL/pgSQL plans a query when it first runs it, and each table's
    // transition table has its own columns. Both functions keep the schema they were created in
    // (search_path from current), whoever inserts or deletes.
    this.addSql(`create function "ledger_guard_delete"() returns trigger language plpgsql set search_path from current as $$
declare
  referenced boolean;
begin
  if tg_table_name = 'claim' then
    referenced := exists (select 1 from ledger_entry e join gone g on e.claim_id = g.id);
  elsif tg_table_name = 'claim_line' then
    referenced := exists (select 1 from ledger_entry e join gone g on e.claim_id = g.claim_id and e.claim_line_id = g.id);
  else
    referenced := exists (select 1 from ledger_entry e join gone g on e.account_id = g.id);
  end if;
  if referenced then
    raise foreign_key_violation using message = format('%s rows with ledger entries cannot be deleted', tg_table_name);
  end if;
  return null;
end $$;`);
    for (const table of ['claim', 'claim_line', 'account']) {
      this.addSql(`create trigger "${table}_ledger_guard" after delete on "${table}" referencing old table as gone for each statement execute function "ledger_guard_delete"();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['claim', 'claim_line', 'account']) this.addSql(`drop trigger if exists "${table}_ledger_guard" on "${table}";`);
    this.addSql(`drop function if exists "ledger_guard_delete"();`);
    this.addSql(`drop trigger if exists "ledger_entry_references" on "ledger_entry";`);
    this.addSql(`drop function if exists "ledger_entry_check_references"();`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_claim_fk" foreign key ("claim_id") references "claim" ("id");`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_claim_line_fk" foreign key ("claim_line_id") references "claim_line" ("id");`);
    this.addSql(`alter table "ledger_entry" add constraint "ledger_entry_account_fk" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "claim_line" add column "paid_cents" bigint not null default 0, add column "contractual_cents" bigint not null default 0, add column "denied_cents" bigint not null default 0, add column "patient_resp_cents" bigint not null default 0;`);
    this.addSql(`update "claim_line" l set "paid_cents" = s.paid, "contractual_cents" = s.contractual, "denied_cents" = s.denied, "patient_resp_cents" = s.patient
      from (select "claim_line_id", coalesce(sum("amount_cents") filter (where "kind" = 'payment'), 0) as paid,
              coalesce(sum("amount_cents") filter (where "kind" = 'contractual'), 0) as contractual,
              coalesce(sum("amount_cents") filter (where "kind" = 'denial'), 0) as denied,
              coalesce(sum("amount_cents") filter (where "kind" = 'patient-responsibility'), 0) as patient
            from "ledger_entry" where "claim_line_id" is not null group by "claim_line_id") s
      where l."id" = s."claim_line_id";`);
    // Chunks not posted yet go back to one row per claim, as the previous version stages them.
    this.addSql(`insert into "remittance_claim" ("remittance_id", "sequence", "control_number", "status_code", "charge_cents", "paid_cents", "detail", "forwarded")
      select c."remittance_id", (e->>'sequence')::int, e->>'controlNumber', e->>'status', (e->>'chargeCents')::bigint, (e->>'paidCents')::bigint,
        e, (e->>'status') in ('19', '20', '21')
      from "remittance_chunk" c cross join lateral json_array_elements(c."claims"::json) e where c."posted_at" is null;`);
    this.addSql(`update "remittance_claim" set "detail" = '{}' where "detail" is null;`);
    this.addSql(`alter table "remittance_claim" alter column "detail" set not null;`);
    this.addSql(`drop table if exists "remittance_chunk" cascade;`);
  }

}
