// The streamed 837P read (a stored file's slices, piece by piece) must give exactly what the
// whole-text read gives: the same claims with the same sources, and the same errors.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { read837p, stream837pClaims, type ReadClaim } from '../../../src/domain/x12/837p-reader.js';
import { write837p } from '../../../src/domain/x12/837p-writer.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';
import { dependentClaim, sampleBatch, sampleClaim } from './claim-samples.js';
import { claimBody, envelope, replaceSegment } from './x12-text.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/x12/${name}`, import.meta.url), 'latin1');

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function streamed(text: string, size: number, file?: string): Promise<ReadClaim[]> {
  const claims: ReadClaim[] = [];
  for await (const batch of stream837pClaims(pieces(text, size), { file })) {
    expect(batch).not.to.be.empty;
    claims.push(...batch);
  }
  return claims;
}

async function streamFailure(text: string, size: number): Promise<X12Error> {
  try {
    await streamed(text, size, 'bad.837');
  } catch (error) {
    expect(error).to.be.instanceOf(X12Error);
    return error as X12Error;
  }
  throw new Error('the streamed read did not fail');
}

function wholeFailure(text: string): X12Error {
  try {
    read837p(text, { file: 'bad.837' });
  } catch (error) {
    return error as X12Error;
  }
  throw new Error('the whole read did not fail');
}

const written = (claims = [sampleClaim(1), dependentClaim(2), sampleClaim(3)]) => write837p(sampleBatch(claims));
const twoInterchanges = () => written([sampleClaim(1)]) + written([dependentClaim(2)]).replace(/000000042/g, '000000043');

const SAMPLES: Array<[string, () => string]> = [
  ['lfh-demo.example1.837', () => fixture('lfh-demo.example1.837')],
  ['lfh-demo.example2.837', () => fixture('lfh-demo.example2.837')],
  ['lfh-demo.cob.example4.837', () => fixture('lfh-demo.cob.example4.837')],
  ['lfh-demo.cob.2ndary.example4.837 (composites with another separator)', () => fixture('lfh-demo.cob.2ndary.example4.837')],
  ['written claims, subscriber and dependent patients', () => written()],
  ['written claims on one line', () => written().replace(/\n/g, '')],
  ['written claims with CR/LF', () => written().replace(/\n/g, '\r\n')],
  ['two interchanges in one file', twoInterchanges],
  ['a BOM and blank lines before the ISA', () => `\uFEFF\n\n${written()}`],
  ['a minimal body with several transaction sets', () => envelope([claimBody(), claimBody().map((s) => s.replace('CLAIM0001', 'CLAIM0002'))])],
  ['150 claims', () => written(Array.from({ length: 150 }, (_, i) => (i % 3 === 0 ? dependentClaim(i) : sampleClaim(i))))],
];

describe('837P reader: streamed reads give the whole-file reader\'s claims', () => {
  for (const [name, make] of SAMPLES) {
    it(name, async () => {
      const text = make();
      const whole = read837p(text, { file: 'sample.837' }).claims;
      expect(whole).not.to.be.empty;
      for (const size of [1, 7, 106, 4096, text.length]) {
        expect(await streamed(text, size, 'sample.837'), `pieces of ${size}`).to.deep.equal(whole);
      }
    });
  }

  it('hands claims out as their pieces arrive, not all at the end', async () => {
    const text = written(Array.from({ length: 50 }, (_, i) => sampleClaim(i)));
    let batches = 0;
    for await (const _batch of stream837pClaims(pieces(text, 2048))) batches += 1;
    expect(batches).to.be.greaterThan(5);
  });

  const BAD: Array<[string, () => string]> = [
    ['a truncated file', () => written().slice(0, Math.floor(written().length / 2))],
    ['a claim with no lines', () => envelope([replaceSegment(replaceSegment(claimBody(), 'LX*1', 'NTE*ADD*X'), 'SV1*HC:99213', 'NTE*ADD*Y')
      .filter((s) => !/^(LX|SV1|DTP\*472|REF\*6R)/.test(s))])],
    ['a non-numeric claim charge', () => written().replace('CLM*PCN00003*165.5', 'CLM*PCN00003*16X.5')],
    ['no ISA', () => 'GS*HC*A*B*20240101*0101*1*X*005010X222A1~'.padEnd(200, ' ')],
    ['an empty file', () => ''],
  ];
  for (const [name, make] of BAD) {
    it(`fails like the whole-file reader on ${name}`, async () => {
      const text = make();
      const whole = wholeFailure(text);
      for (const size of [5, 4096]) {
        const error = await streamFailure(text, size);
        expect({ rule: error.rule, position: error.position, segment: error.segment }).to.deep.equal({ rule: whole.rule, position: whole.position, segment: whole.segment });
      }
    });
  }
});

describe('837P reader: HL order', () => {
  it('refuses a patient HL whose subscriber is not the latest subscriber HL', () => {
    const body = claimBody();
    const text = envelope([[
      ...body.slice(0, body.findIndex((s) => s.startsWith('CLM*'))),
      'HL*3*1*22*1', 'SBR*P*18*GRP1******CI', 'NM1*IL*1*ROE*SAM****MI*MEMBER0002', 'NM1*PR*2*INVENTED HEALTH PLAN*****PI*PAYER01',
      'HL*4*2*23*0', 'PAT*19', 'NM1*QC*1*DOE*ALEX',
      ...body.slice(body.findIndex((s) => s.startsWith('CLM*'))),
    ]]);
    const error = wholeFailure(text);
    expect(error).to.be.instanceOf(X12Error);
    expect(error).to.include({ rule: 'hl-parent', segment: 'HL', element: 'HL02' });
    expect(error.message).not.to.match(/DOE|ROE|MEMBER/);
  });
});
