// API tokens for issue #10: one row per token, found by its public id; only the sha256 of the
// secret is stored. Tokens belong to a person and go with them (a person is deactivated, not
// deleted, so the cascade is for cleanup only).
import { Migration } from '@mikro-orm/migrations';

export class Migration20261204230000ApiTokens extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_token" ("id" serial primary key, "public_id" varchar(12) not null, "secret_hash" varchar(64) not null, "person_id" int not null, "created_by" varchar(60) not null, "created_at" timestamptz not null, "expires_at" timestamptz null, "revoked_at" timestamptz null, "last_used_at" timestamptz null);`);
    this.addSql(`alter table "api_token" add constraint "api_token_public_id_unique" unique ("public_id");`);
    this.addSql(`create index "api_token_person_id_index" on "api_token" ("person_id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_person_id_foreign" foreign key ("person_id") references "specialist" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_token" cascade;`);
  }

}
