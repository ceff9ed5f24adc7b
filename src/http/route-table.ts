// The routes an app serves, recorded as they are added: their roles, schemas and whether each
// takes raw X12 uploads. Tests hold every route (including ones added later) to the same answers,
// and /openapi.json (src/http/openapi.ts) is generated from this table.
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { RouteRoles } from './auth.js';
import { X12_CONTENT_TYPES } from './upload.js';

declare module 'fastify' {
  interface FastifySchema {
    /** One line on what the route does, for /openapi.json. */
    summary?: string;
    description?: string;
    /** Groups in /openapi.json (e.g. "claims", "people"). */
    tags?: string[];
    /** Media types of the body when not JSON (uploads, the board's sign-in form). */
    consumes?: string[];
    /** Media types answered when not JSON (the board's HTML pages). */
    produces?: string[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  /** Its scope hands X12 bodies to the route unread (src/http/upload.ts). */
  takesUploads: boolean;
  /** Who may call it (src/http/auth.ts); undefined only if the app has no auth installed. */
  roles: RouteRoles | undefined;
  schema: FastifySchema | undefined;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Call before any route is added, and after installAuth (whose onRoute hook fills in plugin routes' roles). */
export function recordRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', function (route) {
    // `this` is the scope the route is added in: its parsers are the route's.
    const takesUploads = this.hasContentTypeParser(X12_CONTENT_TYPES[0]);
    for (const method of [route.method].flat()) {
      table.push({ method, url: route.url, takesUploads, roles: route.config?.roles, schema: route.schema });
    }
  });
}

export function routesOf(app: FastifyInstance): readonly RouteEntry[] {
  return tables.get(app) ?? [];
}
