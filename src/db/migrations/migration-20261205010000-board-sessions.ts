// Board sign-in sessions for issue #10: a browser cannot send a bearer token, so the person pastes
// their token once on /board/login and gets a session cookie. Only the sha256 of the cookie's
// secret is stored; the session names the token it was opened with, so revoking the token (or
// deactivating the person) ends the session too.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261205010000BoardSessions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "board_session" ("id" serial primary key, "secret_hash" varchar(64) not null, "person_id" int not null, "token_id" int not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "ended_at" timestamptz null);`);
    this.addSql(`alter table "board_session" add constraint "board_session_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`create index "board_session_expires_at_index" on "board_session" ("expires_at");`);
    this.addSql(`alter table "board_session" add constraint "board_session_person_id_foreign" foreign key ("person_id") references "specialist" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "board_session" add constraint "board_session_token_id_foreign" foreign key ("token_id") references "api_token" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "board_session" cascade;`);
  }

}
