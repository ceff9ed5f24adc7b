// The PHI scanner (test/support/phi-scan.ts) that the fault suite's demo scan relies on
// (test/faults/phi-scan-demo.test.ts): it finds a planted value in each kind of Redis value, in key
// names and in log lines, as whole words only, so the demo scan's "zero hits" means something.
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { useTestEnv } from '../../support/test-env.js';
import { findNeedles, scanLog, scanRedis } from '../../support/phi-scan.js';

describe('the PHI scan of Redis and the logs', () => {
  const env = useTestEnv();

  it('finds a planted value in every kind of Redis value, in key names and in log lines, and only whole words', async () => {
    const prefix = env.config.queuePrefix;
    const redis = new Redis(env.config.redis.url);
    env.defer(() => redis.quit());
    const planted = 'Plantedname';
    await redis.set(`${prefix}:claims:1`, JSON.stringify({ claimId: 1, lastName: planted }));
    await redis.hset(`${prefix}:claims:2`, 'data', JSON.stringify({ note: `for ${planted}` }), 'name', 'submit');
    await redis.rpush(`${prefix}:claims:logs:3`, 'first', `called ${planted}`);
    await redis.sadd(`${prefix}:claims:set`, planted);
    await redis.zadd(`${prefix}:claims:failed`, 1, `job-${planted}`);
    await redis.xadd(`${prefix}:claims:events`, '*', 'event', 'failed', 'failedReason', `${planted} not found`);
    await redis.set(`${prefix}:${planted}:key`, 'x');
    // Not whole words, or not under the prefix: not hits.
    await redis.set(`${prefix}:claims:4`, `${planted}x 1796196104021`);
    await redis.set(`${prefix}x:claims:5`, planted);
    env.defer(() => redis.del(`${prefix}x:claims:5`));

    const scan = await scanRedis(env.config.redis.url, prefix, [planted, '19610402']);
    expect(scan.keys).to.equal(8);
    expect(scan.types).to.deep.equal({ string: 3, hash: 1, list: 1, set: 1, zset: 1, stream: 1 });
    expect(scan.hits.map((hit) => hit.where).sort()).to.deep.equal([
      `${prefix}:${planted}:key`, `${prefix}:claims:1`, `${prefix}:claims:2`, `${prefix}:claims:events`, `${prefix}:claims:failed`,
      `${prefix}:claims:logs:3`, `${prefix}:claims:set`,
    ]);

    const log = ['{"level":30,"msg":"fine","claimId":1}', `{"level":40,"msg":"claim for ${planted} refused"}`, '{"time":1796196104021}'].join('\n');
    expect(scanLog(log, [planted, '19610402']).map((hit) => hit.where)).to.deep.equal(['log line 2']);
    expect(findNeedles('born 1961-04-02.', ['1961-04-02'], 'x')).to.have.length(1);
  });
});
