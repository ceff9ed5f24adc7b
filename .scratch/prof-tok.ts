import { Readable } from 'node:stream';
import { DateTime } from 'luxon';
import { write837p } from '../src/domain/x12/837p-writer.js';
import { read837p, stream837pClaims } from '../src/domain/x12/837p-reader.js';
import { iterateSegments } from '../src/domain/x12/segments.js';
import { segmentBatchesFromStream } from '../src/domain/remittance/segment-stream.js';
import { generateClaims } from '../scripts/demo/claim-generator.js';
import { DEMO_PAYERS, DEMO_PROVIDERS } from '../scripts/demo/office.js';
import { seededRandom } from '../scripts/demo/context.js';
const CLAIMS = 20000;
const today = DateTime.now().toISODate()!;
const claims = generateClaims(seededRandom(42), { count: CLAIMS, prefix: `B-`, today, payers: DEMO_PAYERS, providers: DEMO_PROVIDERS, errorShare: 0.05, patients: CLAIMS / 4 }).map((g) => g.claim);
const text = write837p({ claims, sender: { id: 'P', name: 'P' }, receiver: { id: 'R', name: 'R' }, interchangeControlNumber: 1, groupControlNumber: 1, transactionControlNumber: 1, createdAt: new Date(), usage: 'P' });
async function* pieces() { for (let i = 0; i < text.length; i += 262144) yield text.slice(i, i + 262144); }
for (let round = 0; round < 3; round++) {
  let t = performance.now(); let n = 0;
  for (const s of iterateSegments(text)) n++;
  const a = performance.now() - t; t = performance.now();
  for await (const b of segmentBatchesFromStream(Readable.from(pieces(), { objectMode: true }))) n += b.length;
  const b = performance.now() - t; t = performance.now();
  read837p(text);
  const c = performance.now() - t; t = performance.now();
  for await (const x of stream837pClaims(pieces())) n += x.length;
  const d = performance.now() - t;
  console.log({ iterate: Math.round(a), streamTok: Math.round(b), wholeRead: Math.round(c), streamRead: Math.round(d) });
}
