// A trace number seen before is a duplicate only when it carries the same payment; another payment
// under a known trace is a `conflict` (refused, with its reason, for a person to settle). Rows keep
// what the comparison needs (payee), a digest of the transaction's content, the claims' charges
// (so a summary's categories can be added up against them) and the reason a transaction was refused.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261204150000RemittanceConflicts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "remittance" drop constraint if exists "remittance_status_check";`);
    this.addSql(`alter table "remittance" add constraint "remittance_status_check" check ("status" in ('staged', 'posted', 'duplicate', 'conflict'));`);
    this.addSql(`alter table "remittance" add column "payee_identifier" varchar(80) null, add column "content_sha256" varchar(64) null,
      add column "charge_cents" bigint not null default 0, add column "refusal" text null;`);
    // One payment per trace key: duplicates and conflicts are the rows that do not hold it.
    this.addSql(`drop index if exists "remittance_key_unique";`);
    this.addSql(`create unique index "remittance_key_unique" on "remittance" ("remittance_key") where "status" in ('staged', 'posted');`);
    // Charges of remittances posted before: their claims' rows have them (duplicates kept none).
    this.addSql(`update "remittance" r set "charge_cents" = s."charge" from (
        select "remittance_id", sum("charge_cents") as "charge" from "remittance_claim" group by "remittance_id") s
      where s."remittance_id" = r."id";`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "remittance" where "status" = 'conflict';`);
    this.addSql(`drop index if exists "remittance_key_unique";`);
    this.addSql(`create unique index "remittance_key_unique" on "remittance" ("remittance_key") where "status" <> 'duplicate';`);
    this.addSql(`alter table "remittance" drop column "payee_identifier", drop column "content_sha256", drop column "charge_cents", drop column "refusal";`);
    this.addSql(`alter table "remittance" drop constraint if exists "remittance_status_check";`);
    this.addSql(`alter table "remittance" add constraint "remittance_status_check" check ("status" in ('staged', 'posted', 'duplicate'));`);
  }

}
