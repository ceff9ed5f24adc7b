// GET /openapi.json: the document for the routes this app serves (src/http/openapi.ts), built on
// the first request, when every route has been added, and kept.
import type { FastifyInstance } from 'fastify';
import { BOARD_PATH } from './board.js';
import { openApiDocument, type OpenApiDocument, type OpenApiOperation } from './openapi.js';
import { routesOf, type RouteEntry } from './route-table.js';

export const OPENAPI_PATH = '/openapi.json';

export function serveOpenApi(app: FastifyInstance): void {
  let document: OpenApiDocument | undefined;
  app.get(OPENAPI_PATH, {
    config: { roles: 'public' },
    schema: {
      summary: 'This document: every route with its parameters, bodies, answers and roles (x-roles)',
      tags: ['operations'],
      response: {
        200: {
          type: 'object',
          required: ['openapi', 'info', 'paths', 'components'],
          properties: {
            openapi: { type: 'string' },
            info: { type: 'object', additionalProperties: true },
            paths: { type: 'object', additionalProperties: true },
            components: { type: 'object', additionalProperties: true },
          },
        },
      },
    },
  }, async () => {
    document ??= openApiDocument(routesOf(app), {
      info: {
        title: 'RCM engine API',
        version: '1',
        description: 'Every operation names who may call it in x-roles ("public" or a list of roles). Send an API token as '
          + '`Authorization: Bearer rcm_<id>_<secret>`; no valid token is 401, a role not listed is 403.',
      },
      securitySchemes: {
        boardSession: { type: 'apiKey', in: 'cookie', name: 'rcm_board', description: 'the queue board sign-in (POST /board/login)' },
      },
      describe: describeBoardRoute,
    });
    return document;
  });
}

/** The board's own routes (bull-board) carry no schema of ours: say what they are, and that the session cookie works there. */
function describeBoardRoute(route: RouteEntry, operation: OpenApiOperation): void {
  if (!route.url.startsWith(BOARD_PATH) || operation['x-roles'] === 'public') return;
  operation.tags ??= ['board'];
  operation.security = [{ bearerToken: [] }, { boardSession: [] }];
  if (!route.schema?.summary) {
    operation.summary = route.url.startsWith(`${BOARD_PATH}/api/`)
      ? `Queue board (bull-board) API: ${route.method} ${operation.summary.replace(/^\S+ /, '')}`
      : `Queue board (bull-board) page or asset`;
  }
}
