// `rcm install rebind --confirm`: this installation takes a queue prefix over on purpose. The
// jobs under the prefix belong to the installation it was bound to (another database), so they
// are removed, not adopted: run against this database they would be the wrong work. Order:
//   1. the key says "rebinding by us": the other installation's running processes see a foreign
//      binding at their next check and stop; ours wait instead of starting work;
//   2. wait one check interval (and a second more), so they have stopped taking jobs;
//   3. obliterate every queue of the catalogue (job schedulers included), then delete whatever
//      else is left under the prefix (parents waiting for children, queues of other versions);
//   4. the key says "bound to us": our engines start; their start-up repair re-enqueues this
//      installation's work from its database.
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { QueueSet } from './queue-set.js';
import { bindingKey, bindingValue, readBinding, type PrefixBinding, type ThisInstallation } from './installation-binding.js';

export interface RebindResult {
  /** What the prefix was bound to before; undefined when it was free. */
  previous: PrefixBinding | undefined;
  /** False when the prefix was already bound to this installation: nothing was removed. */
  rebound: boolean;
  /** Queues obliterated, and keys deleted besides them. */
  obliteratedQueues: string[];
  deletedKeys: number;
}

export interface RebindOptions {
  /** How long the other installation's processes need to notice (INSTALLATION_CHECK_MS + 1 s). */
  noticeMs: number;
}

export async function rebindPrefix(redis: Redis, queues: QueueSet, self: ThisInstallation, options: RebindOptions): Promise<RebindResult> {
  const prefix = queues.prefix;
  const key = bindingKey(prefix);
  const previous = await readBinding(redis, prefix);
  const nothing = { previous, obliteratedQueues: [], deletedKeys: 0 };
  if (previous?.installationId === self.id && previous.state === 'bound') return { ...nothing, rebound: false };
  if (!previous) {
    // A free prefix has nobody else's jobs to remove: binding it is all.
    if ((await redis.set(key, bindingValue(self, 'bound'), 'NX')) === 'OK') return { ...nothing, rebound: true };
    return rebindPrefix(redis, queues, self, options); // someone bound it meanwhile: decide again
  }

  await redis.set(key, bindingValue(self, 'rebinding'));
  // Only when another installation held it: a rebind of ours that stopped half-way has nobody to wait for.
  if (previous.installationId !== self.id) await sleep(options.noticeMs);
  const obliteratedQueues: string[] = [];
  for (const queue of queues.all()) {
    await queue.obliterate({ force: true });
    obliteratedQueues.push(queue.name);
  }
  const deletedKeys = await deleteAllBut(redis, `${prefix}:*`, key);
  await redis.set(key, bindingValue(self, 'bound'));
  return { previous, rebound: true, obliteratedQueues, deletedKeys };
}

async function deleteAllBut(redis: Redis, pattern: string, keep: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    const doomed = keys.filter((k) => k !== keep);
    if (doomed.length) deleted += await redis.unlink(...doomed);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}
