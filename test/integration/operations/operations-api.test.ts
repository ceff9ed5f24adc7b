import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { loadConfig } from '../../../src/config.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { jobOptions } from '../../../src/queues/job-options.js';
import { rows } from './operations-support.js';

describe('operations API: retry policies and dead letters', () => {
  const env = useTestEnv();

  it('lets an admin read, dry-run and change a policy, refuses others and bad values, and lists dead letters for operators', async () => {
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-ops-')) });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    const base = `http://127.0.0.1:${engine.port}`;
    const admin = await signedInPerson(env.orm, 'admin');
    const operator = await signedInPerson(env.orm, 'operator');
    const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) => fetch(`${base}${path}`, {
      method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
    });

    const listed = await call('GET', '/api/policies', admin.headers);
    expect(listed.status).to.equal(200);
    const views = await listed.json() as Array<{ target: string; source: string; policy: { attempts: number } }>;
    expect(views.find((v) => v.target === 'claims.submit')).to.deep.include({ source: 'config' });
    expect(views.find((v) => v.target === 'claims.submit')!.policy.attempts).to.equal(8);

    // Two claim jobs queued (no worker runs here): the dry run counts them and changes nothing.
    await engine.queues.get('claims').add('scrub', { claimId: 1 }, jobOptions('claims', 'api-1'));
    await engine.queues.get('claims').add('scrub', { claimId: 2 }, jobOptions('claims', 'api-2', 60_000));
    const dry = await call('PUT', '/api/policies/claims.scrub', admin.headers, { attempts: 2, dryRun: true });
    expect(dry.status).to.equal(200);
    expect(await dry.json()).to.deep.include({ dryRun: true, affected: { waiting: 1, delayed: 1, retrying: 0, total: 2 } });
    expect(await rows(env, 'select * from retry_policy_version')).to.have.length(0);

    expect((await call('PUT', '/api/policies/claims.scrub', operator.headers, { attempts: 2, reason: 'r' })).status).to.equal(403);
    const negative = await call('PUT', '/api/policies/claims', admin.headers, { attempts: -1, reason: 'r' });
    expect(negative.status).to.equal(422);
    expect(await negative.json()).to.deep.equal({ error: 'claims: attempts must be at least 1 (got -1); nothing changed' });
    const unknown = await call('PUT', '/api/policies/billing', admin.headers, { attempts: 2, reason: 'r' });
    expect(unknown.status).to.equal(404);

    const set = await call('PUT', '/api/policies/claims.scrub', admin.headers, { attempts: 2, maxDelayMs: 30000, reason: 'payer flaky' });
    expect(set.status).to.equal(200);
    expect(await set.json()).to.deep.include({ version: 1, dryRun: false });
    const shown = await (await call('GET', '/api/policies/claims.scrub', admin.headers)).json() as { source: string; versions: number };
    expect(shown).to.deep.include({ source: 'claims.scrub v1', versions: 1 });
    const history = await (await call('GET', '/api/policies/claims.scrub/history', admin.headers)).json() as Array<{ changedBy: string; reason: string }>;
    expect(history.map((h) => [h.changedBy, h.reason])).to.deep.equal([[admin.login, 'payer flaky']]);
    const [audit] = await rows(env, `select actor, subject_id from audit_event where action = 'policy.set'`);
    expect(audit).to.deep.equal({ actor: admin.login, subject_id: 'claims.scrub' });

    expect((await call('GET', '/api/dead-letters', operator.headers)).status).to.equal(200);
    const replay = await call('POST', '/api/dead-letters/nope/replay', operator.headers);
    expect(replay.status).to.equal(404);
    expect(await replay.json()).to.deep.equal({ error: 'no dead letter for job nope; nothing replayed' });
  });
});
