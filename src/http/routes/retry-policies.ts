// The admin API for retry policies: the same service as `rcm policies`, acting as the signed-in
// admin (each change a new version, audited under their login). Unknown queues and jobs answer 404,
// invalid values and a missing reason 422, anyone but an admin 403.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sqlRunner } from '../../db/sql.js';
import { catalog } from '../../queues/registry.js';
import { knownJobs, listPolicies, policyHistory, setPolicy, showPolicy, type PolicyDeps } from '../../services/operations/retry-policies.service.js';
import { signedIn } from '../auth.js';
import { POLICY_CHANGE_BODY, POLICY_CHANGE_SCHEMA, POLICY_VERSION_SCHEMA, POLICY_VIEW_SCHEMA } from '../schemas/operations.schemas.js';
import type { RouteDeps } from './index.js';

const ADMINS = { roles: ['admin'] } as const;
const tags = ['operations'];
const TARGET_PARAMS = {
  type: 'object', required: ['target'],
  properties: { target: { type: 'string', description: 'a queue (claims) or one of its jobs (claims.submit)' } },
} as const;

interface ChangeBody {
  attempts?: number; backoff?: string; delayMs?: number; maxDelayMs?: number | null; jitter?: number; deadlineMinutes?: number | null;
  neverRetry?: string[]; reason?: string; dryRun?: boolean;
}

export async function retryPolicyRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const known = knownJobs(catalog);
  const policyDeps = (): PolicyDeps => ({
    orm: deps.orm, known, prefix: deps.config.queuePrefix, now: () => deps.clock.now(),
    queue: (name) => deps.queues.get(name as never),
    redis: { incr: async (key) => (await deps.queues.all()[0].getBackend().client).runCommand('incr', [key]) },
  });
  const actor = (request: FastifyRequest) => signedIn(request).login;

  app.get('/api/policies', {
    config: ADMINS,
    schema: { summary: 'Every queue and job with the retry policy in force and where it comes from', tags, response: { 200: { type: 'array', items: POLICY_VIEW_SCHEMA } } },
  }, async () => listPolicies(sqlRunner(deps.orm.em.fork()), known));

  app.get<{ Params: { target: string } }>('/api/policies/:target', {
    config: ADMINS,
    schema: { summary: 'The retry policy in force for a queue or a job', tags, params: TARGET_PARAMS, response: { 200: POLICY_VIEW_SCHEMA } },
  }, async (request) => showPolicy(sqlRunner(deps.orm.em.fork()), known, request.params.target));

  app.get<{ Params: { target: string } }>('/api/policies/:target/history', {
    config: ADMINS,
    schema: { summary: 'Every version admins set for a queue or a job, newest first', tags, params: TARGET_PARAMS, response: { 200: { type: 'array', items: POLICY_VERSION_SCHEMA } } },
  }, async (request) => policyHistory(sqlRunner(deps.orm.em.fork()), known, request.params.target));

  app.put<{ Params: { target: string }; Body: ChangeBody }>('/api/policies/:target', {
    config: ADMINS,
    schema: {
      summary: 'Changes a retry policy (fields given only; a reason required); it reaches queued and retrying jobs within seconds. dryRun counts them and changes nothing',
      tags, params: TARGET_PARAMS, body: POLICY_CHANGE_BODY, response: { 200: POLICY_CHANGE_SCHEMA },
    },
  }, async (request) => {
    const b = request.body;
    return setPolicy(policyDeps(), actor(request), request.params.target, {
      attempts: b.attempts, backoffType: b.backoff, delayMs: b.delayMs, maxDelayMs: b.maxDelayMs, jitter: b.jitter,
      deadlineMinutes: b.deadlineMinutes, neverRetry: b.neverRetry,
    }, b.reason, { dryRun: b.dryRun });
  });
}
