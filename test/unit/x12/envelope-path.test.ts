// Every X12 reader and the intake's first look at a file take one envelope path: what precedes the
// ISA (a byte-order mark however the bytes were decoded, blank lines), the separators, and the
// implementation guide (GS08/ST03). Each reader gets the same samples with and without a BOM and
// must read them alike; a file of another guide (a 277 claim status response, an 837I, 4010) is
// refused with the file's id, the segment and element, and what was expected.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { read837p, stream837pClaims } from '../../../src/domain/x12/837p-reader.js';
import { readAcknowledgment } from '../../../src/domain/x12/ack.js';
import { read277ca } from '../../../src/domain/x12/ack-277ca.js';
import { read999 } from '../../../src/domain/x12/ack-999.js';
import { readTa1 } from '../../../src/domain/x12/ack-ta1.js';
import { x12FileKindOf } from '../../../src/domain/x12/x12-file-kind.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';
import { readEra, readEraStream } from '../../../src/domain/remittance/index.js';
import { claimBody, envelope, x12Failure } from './x12-text.js';

const fixtureBytes = (name: string): Buffer => readFileSync(new URL(`../../fixtures/x12/${name}`, import.meta.url));
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The same file as the readers meet it: decoded as latin1 (stored files) or UTF-8, with or without a BOM, with blank lines. */
function variants(bytes: Buffer): Array<[string, string]> {
  const bom = Buffer.concat([UTF8_BOM, bytes]);
  const bomAndBlankLines = Buffer.concat([UTF8_BOM, Buffer.from('\r\n\r\n'), bytes]);
  return [
    ['as sent', bytes.toString('latin1')],
    ['with a BOM, decoded as latin1', bom.toString('latin1')],
    ['with a BOM, decoded as UTF-8', bom.toString('utf8')],
    ['with a BOM and blank lines, decoded as latin1', bomAndBlankLines.toString('latin1')],
  ];
}

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function streamed837p(text: string, size: number, file?: string) {
  const claims = [];
  for await (const batch of stream837pClaims(pieces(text, size), { file })) claims.push(...batch);
  return claims;
}

/** A byte stream cut into `size`-byte chunks, so a cut falls inside the BOM's three bytes too. */
function byteStream(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

async function asyncFailure(fn: () => Promise<unknown>): Promise<X12Error> {
  try {
    await fn();
  } catch (error) {
    expect(error).to.be.instanceOf(X12Error);
    return error as X12Error;
  }
  throw new Error('expected an X12Error');
}

const SAMPLE_837P = Buffer.from(envelope([claimBody()]), 'latin1');

describe('one envelope path for every reader', () => {
  describe('a byte-order mark and blank lines before the ISA', () => {
    it('837P, whole and streamed: the same claims with and without a BOM', async () => {
      const plain = read837p(SAMPLE_837P.toString('latin1'));
      expect(plain.claims).to.have.length(1);
      for (const [how, text] of variants(SAMPLE_837P)) {
        expect(read837p(text), how).to.deep.equal(plain);
        expect(await streamed837p(text, 2), how).to.deep.equal(plain.claims);
      }
    });

    it('835, whole and streamed from bytes: the same remittance with and without a BOM', async () => {
      const bytes = fixtureBytes('lfh-managed-care.835');
      const plain = readEra(bytes.toString('latin1'));
      expect(plain.transactions[0].claims).to.have.length(2);
      for (const [how, text] of variants(bytes)) expect(readEra(text), how).to.deep.equal(plain);
      for (const size of [1, 2, 4096]) {
        const summary = await readEraStream(byteStream(Buffer.concat([UTF8_BOM, bytes]), size));
        expect(summary.transactions.map((t) => t.claimCount), `chunks of ${size}`).to.deep.equal([2]);
      }
    });

    const ACKS: Array<[string, string, (text: string) => unknown]> = [
      ['999', 'invented-999-partial.999', (text) => read999(text)],
      ['277CA', 'invented-277ca-mixed.277', (text) => read277ca(text)],
      ['TA1', 'invented-ta1-rejected.ta1', (text) => readTa1(text)],
    ];
    for (const [kind, name, read] of ACKS) {
      it(`${kind}: its reader and the acknowledgment dispatcher read it alike with and without a BOM`, () => {
        const plain = read(fixtureBytes(name).toString('latin1')) as { kind: string };
        expect(plain.kind).to.equal(kind);
        for (const [how, text] of variants(fixtureBytes(name))) {
          expect(read(text), how).to.deep.equal(plain);
          expect(readAcknowledgment(text), how).to.deep.equal(plain);
        }
      });
    }

    it('the first look at a file (intake) names each kind, with or without a BOM', () => {
      const files: Array<[string, Buffer]> = [
        ['837P', SAMPLE_837P], ['835', fixtureBytes('lfh-managed-care.835')], ['999', fixtureBytes('invented-999-partial.999')],
        ['277CA', fixtureBytes('invented-277ca-mixed.277')], ['TA1', fixtureBytes('invented-ta1-rejected.ta1')],
      ];
      for (const [kind, bytes] of files) {
        for (const [how, text] of variants(bytes)) expect(x12FileKindOf(text.slice(0, 4096)), `${kind} ${how}`).to.equal(kind);
      }
      expect(x12FileKindOf(fixtureBytes('lfh-claim-level-status.277').toString('latin1'))).to.equal(undefined); // X212: not a 277CA
      expect(x12FileKindOf('{"format": "rcm-claims/v1"}')).to.equal(undefined);
      expect(x12FileKindOf(SAMPLE_837P.toString('latin1').slice(0, 150))).to.equal(undefined); // GS cut off
    });
  });

  describe('the implementation guide (GS08, ST03)', () => {
    const X212 = fixtureBytes('lfh-claim-level-status.277').toString('latin1');
    const X212_MESSAGE = 'file 31, segment GS at position 2, element GS08, control number 1: GS08 names 005010X212 (277 claim status response), '
      + 'which is not read here; expected a 277CA (005010X214) [rule implementation-guide]';

    it('refuses a 277 claim status response (X212) as a 277CA, with or without a BOM', () => {
      for (const [how, text] of variants(Buffer.from(X212, 'latin1'))) {
        expect(x12Failure(() => read277ca(text, { file: '31' })).message, how).to.equal(X212_MESSAGE);
      }
      const dispatched = x12Failure(() => readAcknowledgment(X212, { file: '31' }));
      expect(dispatched).to.include({ rule: 'implementation-guide', segment: 'GS', position: 2, element: 'GS08', file: '31' });
      expect(dispatched.detail).to.equal('GS08 names 005010X212 (277 claim status response), which is not read here; '
        + 'expected a TA1 interchange acknowledgment, a 999 (005010X231A1) or a 277CA (005010X214)');
    });

    it('refuses an 837 of another guide, whole and streamed: an 837I, a 4010 837P', async () => {
      const cases: Array<[string, string]> = [
        ['005010X223A2', 'GS08 names 005010X223A2 (837 institutional claim), which is not read here; expected an 837P (005010X222A1)'],
        ['004010X098A1', 'GS08 names 004010X098A1, an implementation guide this engine does not read; expected an 837P (005010X222A1)'],
      ];
      for (const [version, detail] of cases) {
        const text = envelope([claimBody()], { version });
        const whole = x12Failure(() => read837p(text, { file: '12' }));
        expect(whole).to.include({ rule: 'implementation-guide', segment: 'GS', position: 2, element: 'GS08', controlNumber: '7', file: '12', detail });
        expect(whole.message).to.equal(`file 12, segment GS at position 2, element GS08, control number 7: ${detail} [rule implementation-guide]`);
        expect((await asyncFailure(() => streamed837p(text, 64, '12'))).message).to.equal(whole.message);
      }
    });

    it('accepts the 837P guide with or without its errata suffix', () => {
      for (const version of ['005010X222', '005010X222A1', '005010X222A2']) {
        expect(read837p(envelope([claimBody()], { version })).claims, version).to.have.length(1);
      }
    });

    it('refuses an ST03 that names another guide than its GS08', () => {
      const text = envelope([claimBody()]).replace('ST*837*0001*005010X222A1', 'ST*837*0001*005010X223A2');
      const error = x12Failure(() => read837p(text, { file: '12' }));
      expect(error).to.include({ rule: 'implementation-guide', segment: 'ST', position: 3, element: 'ST03', controlNumber: '0001' });
      expect(error.detail).to.equal('ST03 names 005010X223A2 (837 institutional claim) but GS08 names 005010X222A1: '
        + "a transaction set must follow its group's implementation guide");
    });

    it('refuses a transaction set whose ST01 is not the one its GS08 names', () => {
      const error = x12Failure(() => read837p(envelope([claimBody()], { stType: '835' })));
      expect(error).to.include({ rule: 'transaction-type', segment: 'ST', position: 3, element: 'ST01' });
      expect(error.detail).to.equal('ST01 835 does not match GS08, which names an 837P (005010X222A1): its transaction sets are 837');
    });

    it('refuses a file of another kind by what it is: a 999 to the 837P reader, an 835 to the acknowledgment reader, a TA1 to the 835 reader', () => {
      expect(x12Failure(() => read837p(fixtureBytes('invented-999-partial.999').toString('latin1'))).detail)
        .to.equal('GS08 names a 999 (005010X231A1), which is not read here; expected an 837P (005010X222A1)');
      expect(x12Failure(() => readAcknowledgment(fixtureBytes('lfh-managed-care.835').toString('latin1'))).detail)
        .to.equal('GS08 names an 835 (005010X221A1), which is not read here; expected a TA1 interchange acknowledgment, a 999 (005010X231A1) or a 277CA (005010X214)');
      const ta1 = x12Failure(() => readEra(fixtureBytes('invented-ta1-rejected.ta1').toString('latin1')));
      expect(ta1).to.include({ rule: 'transaction-type', segment: 'TA1', position: 2 });
      expect(ta1.detail).to.equal('the interchange holds a TA1 interchange acknowledgment, which is not read here; expected an 835 (005010X221A1)');
    });

    it('never echoes a GS08 or ST01 that is not shaped like a code (a shifted element may hold patient data)', () => {
      for (const version of ['DOE JOHN', 'DOEJOHN1970']) {
        const error = x12Failure(() => read837p(envelope([claimBody()], { version })));
        expect(error.message).not.to.contain('DOE');
        expect(error.detail).to.equal('GS08 names (not a code), an implementation guide this engine does not read; expected an 837P (005010X222A1)');
      }
      const st01 = x12Failure(() => read837p(envelope([claimBody()], { stType: 'DOE' })));
      expect(st01.detail).to.equal('ST01 (not a code) does not match GS08, which names an 837P (005010X222A1): its transaction sets are 837');
    });

    it('refuses a group without GS08', () => {
      const text = envelope([claimBody()]).replace('*X*005010X222A1~', '*X*~');
      expect(x12Failure(() => read837p(text))).to.include({ rule: 'required-element', segment: 'GS', position: 2, element: 'GS08' });
    });
  });
});
