// API tokens: who may call the API as whom. Only the sha256 of each token's secret is kept.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

export const ApiToken = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: p.integer().primary().autoincrement(),
    publicId: p.string().length(12).unique(), // the `<id>` in rcm_<id>_<secret>
    secretHash: p.string().length(64),
    personId: p.integer().index(),
    createdBy: p.string().length(60),
    createdAt: p.datetime(),
    expiresAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
  },
});

// Board sign-in sessions (src/services/people/board-sessions.service.ts): the cookie carries a
// random secret; only its sha256 is kept. A session ends at its expiry, at sign-out, or when the
// token it was opened with is revoked or expires.
export const BoardSession = defineEntity({
  name: 'BoardSession',
  tableName: 'board_session',
  properties: {
    id: p.integer().primary().autoincrement(),
    secretHash: p.string().length(64).unique(),
    personId: p.integer(),
    tokenId: p.integer(),
    createdAt: p.datetime(),
    expiresAt: p.datetime().index(),
    endedAt: p.datetime().nullable(),
  },
});
