// Looks for patient data where it must never be: every Redis key under a queue prefix (its name and
// its value, whatever the type: string, hash, list, set, sorted set, stream) and log text. Values are
// read as bytes and searched as UTF-8, so msgpack-packed fields are searched too. A needle matches
// as a whole word (not inside a longer run of letters or digits), so a birth date 19610402 is not
// "found" inside a millisecond timestamp.
import { Redis } from 'ioredis';

export interface PhiHit {
  /** The Redis key, or `log line N`. */
  where: string;
  needle: string;
  /** A little of the text around the hit, to find it again. */
  excerpt: string;
}

/** One pattern for all needles (longest first), each matched as a whole word. */
export function needlePattern(needles: readonly string[]): RegExp {
  const words = [...new Set(needles.filter(Boolean))].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) throw new Error('no needles to look for: the scan would find nothing whatever it read');
  return new RegExp(`(?<![A-Za-z0-9])(?:${words.join('|')})(?![A-Za-z0-9])`, 'g');
}

export function findNeedles(text: string, needles: readonly string[] | RegExp, where: string): PhiHit[] {
  const pattern = needles instanceof RegExp ? new RegExp(needles.source, 'g') : needlePattern(needles);
  return [...text.matchAll(pattern)].map((match) => ({
    where, needle: match[0], excerpt: text.slice(Math.max(0, match.index - 60), match.index + match[0].length + 60),
  }));
}

/** Every key under `${prefix}:`, with its whole value as text. */
export async function* redisContents(redisUrl: string, prefix: string): AsyncGenerator<{ key: string; type: string; text: string }> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const parts: Buffer[] = [];
        if (type === 'string') parts.push((await redis.getBuffer(key)) ?? Buffer.alloc(0));
        else if (type === 'hash') {
          for (const [field, value] of Object.entries(await redis.hgetallBuffer(key))) parts.push(Buffer.from(field), value);
        }
        else if (type === 'list') parts.push(...await redis.lrangeBuffer(key, 0, -1));
        else if (type === 'set') parts.push(...await redis.smembersBuffer(key));
        else if (type === 'zset') parts.push(...await redis.zrangeBuffer(key, 0, -1, 'WITHSCORES'));
        else if (type === 'stream') {
          for (const [id, fields] of await redis.xrangeBuffer(key, '-', '+')) parts.push(Buffer.from(id), ...fields);
        } else if (type !== 'none') throw new Error(`key ${key} has type ${type}, which the scan cannot read`);
        yield { key, type, text: [key, ...parts.map((part) => part.toString('utf8'))].join('\n') };
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface RedisScan {
  keys: number;
  types: Record<string, number>;
  hits: PhiHit[];
}

export async function scanRedis(redisUrl: string, prefix: string, needles: readonly string[]): Promise<RedisScan> {
  const pattern = needlePattern(needles);
  const scan: RedisScan = { keys: 0, types: {}, hits: [] };
  for await (const { key, type, text } of redisContents(redisUrl, prefix)) {
    scan.keys += 1;
    scan.types[type] = (scan.types[type] ?? 0) + 1;
    scan.hits.push(...findNeedles(text, pattern, key));
  }
  return scan;
}

export function scanLog(log: string, needles: readonly string[]): PhiHit[] {
  const pattern = needlePattern(needles);
  return log.split('\n').flatMap((line, index) => findNeedles(line, pattern, `log line ${index + 1}`));
}
