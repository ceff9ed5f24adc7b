// A file's bytes are stored as numbered parts (edi_file_part) written while the upload streams in,
// instead of one bytea the process had to hold whole. Existing files are cut into parts here, in
// the database, so every file reads back the same way.
import { Migration } from '@mikro-orm/migrations';

const PART_BYTES = 1024 * 1024; // as src/services/edi-intake.service.ts writes them

export class Migration20261204100000EdiFileParts extends Migration {

  override async up(): Promise<void> {
    // lz4: X12 text shrinks several times at little CPU cost, and a part is always read whole
    // (slices no longer need the uncompressed storage the single column had).
    this.addSql(`create table "edi_file_part" ("file_id" int not null references "edi_file" ("id") on delete cascade, "part" int not null, "bytes" bytea compression lz4 not null, constraint "edi_file_part_pkey" primary key ("file_id", "part"));`);
    this.addSql(`insert into "edi_file_part" ("file_id", "part", "bytes")
      select f."id", g.n, substring(f."content" from g.n * ${PART_BYTES} + 1 for ${PART_BYTES})
      from "edi_file" f cross join lateral generate_series(0, (octet_length(f."content") - 1) / ${PART_BYTES}) as g(n)
      where octet_length(f."content") > 0;`);
    this.addSql(`alter table "edi_file" drop column "content";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "edi_file" add column "content" bytea null;`);
    this.addSql(`update "edi_file" f set "content" = coalesce((select string_agg(p."bytes", ''::bytea order by p."part") from "edi_file_part" p where p."file_id" = f."id"), ''::bytea);`);
    this.addSql(`alter table "edi_file" alter column "content" set not null, alter column "content" set storage external;`);
    this.addSql(`drop table if exists "edi_file_part" cascade;`);
  }
}
