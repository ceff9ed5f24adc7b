import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { loadConfig } from '../src/config.js';
import { ensureDatabase, openOrm, migrate } from '../src/db/orm.js';
import { write837p } from '../src/domain/x12/837p-writer.js';
import { read837p, stream837pClaims } from '../src/domain/x12/837p-reader.js';
import { receiveClaimFile, importClaimFile } from '../src/services/claims/claim-import.service.js';
import { readFileOrQuarantine } from '../src/services/file-jobs.js';
import { generateClaims } from '../scripts/demo/claim-generator.js';
import { DEMO_PAYERS, DEMO_PROVIDERS } from '../scripts/demo/office.js';
import { seededRandom } from '../scripts/demo/context.js';

const CLAIMS = 20000;
const suffix = randomBytes(3).toString('hex');
const base = loadConfig();
const config = loadConfig({ ...process.env, DATABASE_SCHEMA: `prof_claims_${suffix}`, LOG_LEVEL: 'silent' });
const today = DateTime.now().setZone(config.timezone).toISODate()!;
const claims = generateClaims(seededRandom(42), { count: CLAIMS, prefix: `B${suffix}-`, today, payers: DEMO_PAYERS, providers: DEMO_PROVIDERS, errorShare: 0.05, patients: CLAIMS / 4 }).map((g) => g.claim);
const text = write837p({ claims, sender: { id: 'P', name: 'P' }, receiver: { id: 'R', name: 'R' }, interchangeControlNumber: 1, groupControlNumber: 1, transactionControlNumber: 1, createdAt: new Date(), usage: 'P' });
let t = performance.now();
//read837p(text);
console.log('whole read', Math.round(performance.now() - t));
t = performance.now();
async function* pieces() { for (let i = 0; i < text.length; i += 262144) yield text.slice(i, i + 262144); }
let n = 0;
//for await (const b of stream837pClaims(pieces())) n += b.length;
console.log('stream read', Math.round(performance.now() - t), n);
await ensureDatabase(base.database.url);
const orm = await openOrm(config.database);
await migrate(orm);
t = performance.now();
const { fileId } = await orm.em.fork().transactional((tx) => receiveClaimFile(tx, { fileName: 'x.837', content: Buffer.from(text, 'latin1') }));
console.log('receive', Math.round(performance.now() - t));
t = performance.now();
if (process.env.PROFILE) { const { Session } = await import('node:inspector/promises'); }
const out = await readFileOrQuarantine(orm.em.fork(), { fileId, fileLabel: 'x', timezone: 'UTC' }, (tx) => importClaimFile(tx, fileId, { payerRules: config.payerRules }));
console.log('import', Math.round(performance.now() - t), out.newClaims);
await orm.em.getConnection().execute(`drop schema "${config.database.schema}" cascade`);
await orm.close();
