// Claim identity (issue 9): CLM01 is unique per billing provider, and one encounter is billed under
// one CLM01 to each payer, so a claim is unique by (provider, payer, control number), not by
// control number alone. Claims get their content fingerprint (src/domain/claims/claim-identity.ts);
// existing claims keep null and are fingerprinted by the import, from the stored claim, the first
// time a claim with their identity arrives (the recipe lives in one place, the domain, not in SQL).
// A claim that collides with a known one is kept as a claim_conflict row (with its task), and the
// file outcome counts duplicates and conflicts. Remittances keep their payee (N1*PE) so posting
// matches a CLP to a claim by payee + payer + CLP01.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261204140000ClaimIdentity extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "claim" add column "fingerprint" varchar(100) null;`);
    this.addSql(`alter table "claim" drop constraint "claim_control_number_unique";`);
    // Control number first: the import's identity lookup, 835 CLP01 and 277CA TRN02 all start from
    // it, and it is the only selective column. With (provider, payer) first, the planner (no
    // statistics yet for the rows a large import inserts in its own transaction) took those two
    // as the index condition and filtered every claim of the provider: 22 s for 1,000 lookups
    // against 50,000 claims, instead of 4 ms.
    this.addSql(`alter table "claim" add constraint "claim_control_number_provider_id_payer_id_unique" unique ("control_number", "provider_id", "payer_id");`);

    this.addSql(`create table "claim_conflict" ("id" serial primary key, "file_id" int not null references "edi_file" ("id"), "position" varchar(40) not null, "control_number" varchar(38) not null, "existing_claim_id" int not null references "claim" ("id"), "reasons" jsonb not null, "fingerprint" varchar(100) not null, "charge_cents" bigint not null, "created_at" timestamptz not null);`);
    // One row per claim of a file, whatever happens to the import job.
    this.addSql(`alter table "claim_conflict" add constraint "claim_conflict_file_id_position_unique" unique ("file_id", "position");`);
    this.addSql(`create index "claim_conflict_existing_claim_id_index" on "claim_conflict" ("existing_claim_id");`);

    this.addSql(`alter table "claim_file_outcome" add column "duplicates" int not null default 0, add column "conflicts" int not null default 0;`);
    this.addSql(`alter table "remittance" add column "payee_npi" varchar(80) null, add column "payee_tax_id" varchar(80) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "remittance" drop column if exists "payee_npi", drop column if exists "payee_tax_id";`);
    this.addSql(`alter table "claim_file_outcome" drop column if exists "duplicates", drop column if exists "conflicts";`);
    this.addSql(`drop table if exists "claim_conflict" cascade;`);
    this.addSql(`alter table "claim" drop constraint if exists "claim_control_number_provider_id_payer_id_unique";`);
    this.addSql(`alter table "claim" add constraint "claim_control_number_unique" unique ("control_number");`);
    this.addSql(`alter table "claim" drop column if exists "fingerprint";`);
  }

}
