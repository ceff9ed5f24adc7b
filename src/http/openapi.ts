// /openapi.json, generated from the routes the app really serves (src/http/route-table.ts): each
// route's parameters, bodies and answers come from its Fastify schema, and `x-roles` from the
// roles the auth hook enforces, so the document cannot drift from the code. Pure: a route table
// in, an OpenAPI 3.1 document out. We write this small generator rather than use
// @fastify/swagger: our schemas are plain JSON Schema (which 3.1 takes as it is), the one thing
// we add is `x-roles`, and routes a plugin adds without our config (the board) are listed too.
import { STATUS_CODES } from 'node:http';
import type { RouteEntry } from './route-table.js';
import { X12_CONTENT_TYPES } from './upload.js';

export type JsonSchema = Record<string, unknown>;

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  'x-roles': readonly string[] | 'public';
  security: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema; description?: string }>;
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

export interface OpenApiOptions {
  info: OpenApiDocument['info'];
  /** More security schemes than the bearer token (the board's session cookie). */
  securitySchemes?: Record<string, JsonSchema>;
  /** Fills in what a plugin's routes (no schema of ours) cannot say themselves. */
  describe?: (route: RouteEntry, operation: OpenApiOperation) => void;
}

/** The error answer every route shares (src/http/error-handler.ts). */
export const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, requestId: { type: 'string' } },
  additionalProperties: true,
};

const ERROR_REF = { $ref: '#/components/schemas/Error' };

export function openApiDocument(routes: readonly RouteEntry[], options: OpenApiOptions): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const ids = new Set<string>();
  const sorted = [...routes].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  for (const route of sorted) {
    const path = openApiPath(route.url);
    const operation = operationOf(route, path);
    // `/board` and `/board/` would share an id.
    for (let n = 2; ids.has(operation.operationId); n++) operation.operationId = `${operation.operationId.replace(/\d+$/, '')}${n}`;
    ids.add(operation.operationId);
    options.describe?.(route, operation);
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: options.info,
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'an API token, rcm_<id>_<secret> (rcm tokens create, or POST /api/people/{login}/tokens)' },
        ...options.securitySchemes,
      },
    },
  };
}

/** `/api/claims/:controlNumber` -> `/api/claims/{controlNumber}`; a wildcard `*` becomes `{path}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}').replace(/\*/g, '{path}');
}

/** The path parameters' names, in order. */
export function pathParameterNames(url: string): string[] {
  return [...openApiPath(url).matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}

function operationOf(route: RouteEntry, path: string): OpenApiOperation {
  const schema = route.schema ?? {};
  const roles = route.roles ?? [];
  const operation: OpenApiOperation = {
    operationId: operationId(route.method, path),
    summary: schema.summary ?? `${route.method} ${path}`,
    'x-roles': roles,
    security: roles === 'public' ? [] : [{ bearerToken: [] }],
    responses: {},
  };
  if (schema.description) operation.description = schema.description;
  if (schema.tags) operation.tags = schema.tags;

  const parameters = [...pathParameters(route.url, schema.params as JsonSchema | undefined), ...queryParameters(schema.querystring as JsonSchema | undefined)];
  if (parameters.length > 0) operation.parameters = parameters;

  const body = requestBodyOf(route);
  if (body) operation.requestBody = body;

  const produces = schema.produces ?? ['application/json'];
  for (const [status, answer] of Object.entries((schema.response ?? {}) as Record<string, JsonSchema>)) {
    const code = status.toUpperCase();
    const { description, ...rest } = answer;
    operation.responses[code] = {
      description: typeof description === 'string' ? description : STATUS_CODES[Number(code)] ?? code,
      content: Object.fromEntries(produces.map((type) => [type, { schema: rest }])),
    };
  }
  if (Object.keys(operation.responses).length === 0) operation.responses.default = { description: 'the route does not describe its answer' };
  if (parameters.length > 0 || body) operation.responses['400'] ??= errorResponse('bad input (the error says which)');
  if (roles !== 'public') {
    operation.responses['401'] ??= errorResponse('no valid sign-in (missing, malformed, unknown, expired or revoked token)');
    operation.responses['403'] ??= errorResponse(`signed in with a role not in ${JSON.stringify(roles)}`);
  }
  return operation;
}

function pathParameters(url: string, params: JsonSchema | undefined): NonNullable<OpenApiOperation['parameters']> {
  const properties = (params?.properties ?? {}) as Record<string, JsonSchema>;
  return pathParameterNames(url).map((name) => parameter(name, 'path', true, properties[name] ?? { type: 'string' }));
}

function queryParameters(query: JsonSchema | undefined): NonNullable<OpenApiOperation['parameters']> {
  const properties = (query?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((query?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => parameter(name, 'query', required.has(name), schema));
}

function parameter(name: string, where: 'path' | 'query', required: boolean, schema: JsonSchema) {
  const { description, ...rest } = schema;
  return { name, in: where, required, schema: rest, ...(typeof description === 'string' ? { description } : {}) };
}

function requestBodyOf(route: RouteEntry): OpenApiOperation['requestBody'] | undefined {
  const schema = route.schema ?? {};
  const body = schema.body as JsonSchema | undefined;
  if (body === undefined && !route.takesUploads) return undefined;
  const types = schema.consumes ?? (route.takesUploads ? X12_CONTENT_TYPES : ['application/json']);
  const bodySchema = body ?? { type: 'string', description: 'the X12 file, sent as it is' };
  // A body schema that allows null means the body may be left out.
  const optional = [bodySchema.type].flat().includes('null');
  return { required: !optional, content: Object.fromEntries(types.map((type) => [type, { schema: bodySchema }])) };
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: ERROR_REF } } };
}

/** `GET /api/claims/{controlNumber}` -> `getApiClaimsByControlNumber`: unique per method and path. */
function operationId(method: string, path: string): string {
  const words = path.split('/').filter(Boolean).map((part) => {
    const param = /^\{(.+)\}$/.exec(part);
    const word = (param ? `by-${param[1]}` : part).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase());
    return word.charAt(0).toUpperCase() + word.slice(1);
  });
  return method.toLowerCase() + (words.join('') || 'Root');
}
