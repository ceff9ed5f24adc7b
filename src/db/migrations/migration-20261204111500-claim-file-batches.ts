// Scrub batches find their claims as a range of ids within one file: an index on (file, id)
// reads exactly those rows. Without it, right after a large import (before autovacuum's analyze)
// the planner combined the status and file indexes and read the whole file once per batch.
// It serves every query the single-column file index served, so that index goes.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261204111500ClaimFileBatches extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "claim_source_file_id_id_index" on "claim" ("source_file_id", "id");`);
    this.addSql(`drop index if exists "claim_source_file_id_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "claim_source_file_id_index" on "claim" ("source_file_id");`);
    this.addSql(`drop index if exists "claim_source_file_id_id_index";`);
  }

}
