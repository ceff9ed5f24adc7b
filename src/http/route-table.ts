// The routes an app serves, recorded as they are added (with whether each takes raw X12
// uploads), so tests can hold every route, including ones added later, to the same answers.
import type { FastifyInstance } from 'fastify';
import { X12_CONTENT_TYPES } from './upload.js';

export interface RouteEntry {
  method: string;
  url: string;
  /** Its scope hands X12 bodies to the route unread (src/http/upload.ts). */
  takesUploads: boolean;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Call before any route is added. */
export function recordRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', function (route) {
    // `this` is the scope the route is added in: its parsers are the route's.
    const takesUploads = this.hasContentTypeParser(X12_CONTENT_TYPES[0]);
    for (const method of [route.method].flat()) table.push({ method, url: route.url, takesUploads });
  });
}

export function routesOf(app: FastifyInstance): readonly RouteEntry[] {
  return tables.get(app) ?? [];
}
