import { expect } from 'chai';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { segmentBatchesFromStream, segmentsFromStream } from '../../../src/domain/remittance/segment-stream.js';
import { write837p } from '../../../src/domain/x12/837p-writer.js';
import { iterateSegments, splitSegments, type Segment } from '../../../src/domain/x12/segments.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';
import { dependentClaim, sampleBatch, sampleClaim } from '../x12/claim-samples.js';

const ISA = 'ISA*00*          *00*          *ZZ*PAYERSENDER    *ZZ*OUROFFICE      *240105*1200*^*00501*000000001*0*T*:~';
const BODY = ['GS*HP*PAYERSENDER*OUROFFICE*20240105*1200*1*X*005010X221A1', 'ST*835*0001', 'CLP*CLAIM0001*1*300*215',
  'SVC*HC:99213:25*200*140**1', 'SE*4*0001', 'GE*1*1', 'IEA*1*000000001'];
const TEXT = [ISA.slice(0, -1), ...BODY].map((s) => `${s}~\n`).join('');

/** Cuts a text into byte chunks that end at the given offsets. */
function chunksAt(text: string, cuts: number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const ends = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  return [0, ...ends].map((start, i) => bytes.subarray(start, ends[i] ?? bytes.length));
}

async function batchesOf(chunks: Array<Buffer | string>): Promise<Segment[][]> {
  const batches: Segment[][] = [];
  for await (const batch of segmentBatchesFromStream(Readable.from(chunks))) batches.push(batch);
  return batches;
}

async function segmentsOf(chunks: Array<Buffer | string>): Promise<Segment[]> {
  return (await batchesOf(chunks)).flat();
}

async function failureOf(chunks: Array<Buffer | string>): Promise<{ error: X12Error; before: Segment[] }> {
  const before: Segment[] = [];
  try {
    for await (const segment of segmentsFromStream(Readable.from(chunks), 'bad.835')) before.push(segment);
  } catch (error) {
    expect(error).to.be.instanceOf(X12Error);
    return { error: error as X12Error, before };
  }
  throw new Error('expected an X12Error');
}

/** Every X12 sample we keep (837P, 835, 999, 277, TA1, the golden 837P files) and an 837P from the writer. */
function sampleTexts(): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  for (const folder of ['x12', 'golden']) {
    const dir = new URL(`../../fixtures/${folder}/`, import.meta.url);
    for (const name of readdirSync(dir).filter((n) => !n.endsWith('.md')).sort()) {
      texts.push([`${folder}/${name}`, readFileSync(new URL(name, dir), 'utf8')]);
    }
  }
  texts.push(['claim-samples', write837p(sampleBatch([sampleClaim(1), dependentClaim(2), sampleClaim(3)]))]);
  return texts;
}

/** What a read gave: its segments, and the rule and position of its error if it failed. */
interface Outcome { segments: Segment[]; rule?: string; position?: number }

function wholeOutcome(text: string): Outcome {
  const segments: Segment[] = [];
  try {
    for (const segment of iterateSegments(text, 'f')) segments.push(segment);
    return { segments };
  } catch (error) {
    if (!(error instanceof X12Error)) throw error;
    return { segments, rule: error.rule, position: error.position };
  }
}

async function streamedOutcome(chunks: Array<Buffer | string>): Promise<Outcome> {
  const segments: Segment[] = [];
  try {
    for await (const segment of segmentsFromStream(Readable.from(chunks), 'f')) segments.push(segment);
    return { segments };
  } catch (error) {
    if (!(error instanceof X12Error)) throw error;
    return { segments, rule: error.rule, position: error.position };
  }
}

const ISA_ELEMENTS = ISA.slice(0, -1).split('*');
const isa: Segment = { tag: 'ISA', elements: ISA_ELEMENTS, position: 1 };
const gs: Segment = { tag: 'GS', elements: ['GS', 'HP', 'A'], position: 2 };
const st: Segment = { tag: 'ST', elements: ['ST', '835', '1'], position: 3 };

describe('one tokenizer for whole texts and streams', () => {
  it('reads every sample file into the same segments whole, streamed, and streamed in small chunks', async () => {
    const samples = sampleTexts();
    const fixtureCount = readdirSync(new URL('../../fixtures/x12/', import.meta.url)).filter((n) => !n.endsWith('.md')).length;
    expect(fixtureCount).to.equal(16);
    expect(samples).to.have.length(fixtureCount + 2 + 1);
    for (const [name, text] of samples) {
      const whole = splitSegments(text);
      expect(whole[0].tag, name).to.equal('ISA');
      expect(whole.at(-1)!.tag, name).to.equal('IEA');
      expect(whole.map((s) => s.position), name).to.deep.equal(whole.map((_, i) => i + 1));
      expect(await segmentsOf([text]), name).to.deep.equal(whole);
      const everySeventhByte = Array.from({ length: Math.ceil(Buffer.byteLength(text) / 7) }, (_, i) => i * 7 + 3);
      expect(await segmentsOf(chunksAt(text, everySeventhByte)), name).to.deep.equal(whole);
    }
  });

  // Each case: a text and exactly what the tokenizer must make of it.
  const cases: Array<[string, string, Outcome]> = [
    ['a UTF-8 byte-order mark and blank lines before the ISA', `\uFEFF\r\n \n${ISA}GS*HP*A~`, { segments: [isa, gs] }],
    ['CRLF, CR or LF after each terminator', `${ISA}\r\nGS*HP*A~\rST*835*1~\n`, { segments: [isa, gs, st] }],
    ['spaces and tabs after a terminator, and trailing blank lines', `${ISA}  \t\nGS*HP*A~   \r\n\r\n  `, { segments: [isa, gs] }],
    ['a last segment without its terminator', `${ISA}GS*HP*A`, { segments: [isa, gs] }],
    ['a file wrapped at a fixed width (line breaks inside elements are not data)', `${ISA}\nGS*HP*\r\nA~ST*8\n35*1~`,
      { segments: [isa, gs, st] }],
    ['element values as written (the element readers trim them)', `${ISA}GS*HP* A *~`,
      { segments: [isa, { tag: 'GS', elements: ['GS', 'HP', ' A ', ''], position: 2 }] }],
    ['a line break as terminator, mixing CR, LF and CRLF', `${ISA.slice(0, -1)}\nGS*HP*A\r\nST*835*1\rSE*2*1`,
      { segments: [isa, gs, st, { tag: 'SE', elements: ['SE', '2', '1'], position: 4 }] }],
    ['a line break declared as component separator (ISA16), which is then data', `${ISA.slice(0, -2)}\n~GS*HP*A\nB~`,
      { segments: [{ ...isa, elements: [...ISA_ELEMENTS.slice(0, 16), '\n'] }, { tag: 'GS', elements: ['GS', 'HP', 'A\nB'], position: 2 }] }],
    ['a bad tag: the segments before it, then its position', `${ISA}GS*HP*A~gs*HP~ST*835~`,
      { segments: [isa, gs], rule: 'segment-tag', position: 3 }],
    ['a second ISA with another element separator', `${ISA}GS*HP*A~${ISA.replaceAll('*', '|')}ST*835*1~`,
      { segments: [isa, gs], rule: 'separators', position: 3 }],
    ['an empty file', '\uFEFF \r\n', { segments: [], rule: 'isa', position: undefined }],
    ['an ISA cut short', ISA.slice(0, 90), { segments: [], rule: 'isa', position: 1 }],
  ];
  for (const [what, text, expected] of cases) {
    it(`reads ${what} the same way whole and streamed, wherever the chunks end`, async () => {
      expect(wholeOutcome(text)).to.deep.equal(expected);
      expect(await streamedOutcome([text])).to.deep.equal(expected);
      // Every cut: inside the BOM's three bytes, a CRLF, a separator, an element or the ISA.
      for (let cut = 1; cut < Buffer.byteLength(text); cut += 1) {
        expect(await streamedOutcome(chunksAt(text, [cut])), `cut at ${cut}`).to.deep.equal(expected);
      }
      const oneByteChunks = [...Buffer.from(text, 'utf8')].map((b) => Buffer.from([b]));
      expect(await streamedOutcome(oneByteChunks), 'one-byte chunks').to.deep.equal(expected);
    });
  }
});

describe('segmentBatchesFromStream', () => {
  it('gives one batch per input chunk that completes a segment, never an empty one', async () => {
    const [isaAndGs, rest] = [TEXT.indexOf('ST*'), TEXT.length];
    const batches = await batchesOf(chunksAt(TEXT, [isaAndGs, isaAndGs + 3, rest]));
    expect(batches.map((b) => b.map((s) => s.tag))).to.deep.equal([['ISA', 'GS'], ['ST', 'CLP', 'SVC', 'SE', 'GE', 'IEA']]);
  });

  it('reads the same segments whatever the chunks: inside the ISA, a segment, a composite or a CRLF', async () => {
    const texts = [
      TEXT, TEXT.replace(/\n/g, '\r\n'), TEXT.replace(/~\n/g, '\r\n'), TEXT.replace(/~\n/g, '\r'), `\uFEFF \r\n${TEXT}`,
      TEXT.replace('CLAIM0001', 'CLAIM\r\n0001'), // a line break inside an element is not data, split or not
    ];
    for (const text of texts) {
      const whole = await segmentsOf([text]);
      expect(whole.map((s) => s.position)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(whole[4].elements).to.deep.equal(['SVC', 'HC:99213:25', '200', '140', '', '1']);
      const afterEachCr = [...text.matchAll(/\r/g)].map((m) => m.index + 1);
      const insideTheIsa = [50, 104, 105, 106];
      const insideTheComposite = [text.indexOf('HC:') + 2, text.indexOf('HC:') + 3];
      expect(await segmentsOf(chunksAt(text, [...afterEachCr, ...insideTheIsa, ...insideTheComposite]))).to.deep.equal(whole);
      await fc.assert(fc.asyncProperty(fc.array(fc.nat({ max: text.length }), { maxLength: 12 }), async (cuts) => {
        expect(await segmentsOf(chunksAt(text, cuts))).to.deep.equal(whole);
      }), { numRuns: 60 });
    }
  });

  it('reads one-byte chunks, a multi-byte character split between chunks, and text chunks', async () => {
    const text = TEXT.replace('CLAIM0001', 'CLAIMÉ001');
    const whole = await segmentsOf([text]);
    expect(whole[3].elements[1]).to.equal('CLAIMÉ001');
    expect(await segmentsOf([...Buffer.from(text, 'utf8')].map((b) => Buffer.from([b])))).to.deep.equal(whole);
    expect(await segmentsOf([text.slice(0, 50), text.slice(50)])).to.deep.equal(whole);
  });

  it('does not count blank lines or empty segments, as iterateSegments does not', async () => {
    const text = TEXT.replace('ST*835*0001~\n', 'ST*835*0001~\n\n  \n~~');
    const segments = await segmentsOf([text]);
    expect(segments.map((s) => s.position)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(segments.map((s) => s.position)).to.deep.equal([...iterateSegments(text)].map((s) => s.position));
  });

  it('reads a last segment that has no terminator', async () => {
    const segments = await segmentsOf([TEXT.replace(/~\n$/, '')]);
    expect(segments.at(-1)).to.deep.equal({ tag: 'IEA', elements: ['IEA', '1', '000000001'], position: 8 });
  });

  it('hands out the segments before a bad tag, then names its position but not its values', async () => {
    const text = TEXT.replace('SVC*', 'svc*');
    for (const chunks of [[text], chunksAt(text, [130, 180])]) {
      const { error, before } = await failureOf(chunks);
      expect(error).to.include({ rule: 'segment-tag', position: 5 });
      expect(error.message).to.contain('bad.835').and.not.contain('99213');
      expect(before.map((s) => s.tag)).to.deep.equal(['ISA', 'GS', 'ST', 'CLP']);
    }
  });

  it('refuses a second ISA with another component separator', async () => {
    const { error } = await failureOf([TEXT + ISA.replace(':~', '>~')]);
    expect(error).to.include({ rule: 'separators', segment: 'ISA', position: 9 });
  });

  it('rejects an empty input and an ISA cut short, whatever the chunks', async () => {
    expect((await failureOf([])).error).to.include({ rule: 'isa', message: 'file bad.835: the file is empty: no ISA segment [rule isa]' });
    expect((await failureOf(['\uFEFF', ' \r\n'])).error).to.include({ rule: 'isa', message: 'file bad.835: the file is empty: no ISA segment [rule isa]' });
    const cut = await failureOf(chunksAt(ISA.slice(0, 80), [10, 40]));
    expect(cut.error).to.include({ rule: 'isa', segment: 'ISA', position: 1 });
    expect(cut.error.detail).to.equal('the ISA segment is cut short: 80 characters, an ISA needs 106');
    expect(cut.before).to.deep.equal([]);
  });

  it('destroys the input when the caller stops early', async () => {
    const input = Readable.from(chunksAt(TEXT, [120, 200]));
    for await (const batch of segmentBatchesFromStream(input)) {
      expect(batch[0].tag).to.equal('ISA');
      break;
    }
    expect(input.destroyed).to.equal(true);
  });
});
