// An independent structural check of an 837P we wrote: parsed with the x12-parser package (not
// our reader), then segment counts, HL hierarchy and CLM02 = sum of SV102 are verified.
import { Readable } from 'node:stream';
import { X12parser } from 'x12-parser';
import { parseCents } from '../../../src/domain/money.js';

type Parsed = Record<string, string> & { name: string };

export async function parseWithX12Library(text: string): Promise<Parsed[]> {
  const segments: Parsed[] = [];
  for await (const seg of Readable.from([Buffer.from(text, 'latin1')]).pipe(new X12parser())) segments.push(seg as Parsed);
  return segments;
}

/** Returns a list of problems; empty when the interchange is structurally sound. */
export async function structuralProblems(text: string): Promise<string[]> {
  const segs = await parseWithX12Library(text);
  const problems: string[] = [];
  const st = segs.findIndex((s) => s.name === 'ST');
  const se = segs.findIndex((s) => s.name === 'SE');
  if (Number(segs[se]['1']) !== se - st + 1) problems.push(`SE01 ${segs[se]['1']} but ${se - st + 1} segments`);
  if (segs.find((s) => s.name === 'GE')?.['1'] !== '1') problems.push('GE01 is not 1');
  if (segs.find((s) => s.name === 'IEA')?.['1'] !== '1') problems.push('IEA01 is not 1');
  const seen = new Set<string>();
  let claim: { total: number; lines: number } | undefined;
  const close = () => { if (claim && claim.total !== claim.lines) problems.push(`CLM02 ${claim.total} != sum of SV102 ${claim.lines}`); };
  for (const s of segs) {
    if (s.name === 'HL') {
      if (Number(s['1']) !== seen.size + 1) problems.push(`HL01 ${s['1']} out of sequence`);
      if (s['2'] && !seen.has(s['2'])) problems.push(`HL ${s['1']} names an unknown parent ${s['2']}`);
      seen.add(s['1']);
      close();
      claim = undefined;
    } else if (s.name === 'CLM') {
      close();
      claim = { total: parseCents(s['2']), lines: 0 };
    } else if (s.name === 'SV1' && claim) {
      claim.lines += parseCents(s['2']);
    }
  }
  close();
  return problems;
}
