// Test helpers: build small, invented X12 texts with correct envelopes so a test can break
// exactly one thing. All names and ids here are made up.

import { expect } from 'chai';
import { X12Error } from '../../../src/domain/x12/x12-error.js';

export const ISA_837 = 'ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *240102*0930*^*00501*000000101*0*T*:~';

/** Wraps transaction-set bodies (segments between ST and SE, without terminators) in ISA/GS/ST..SE/GE/IEA. */
export function envelope(bodies: string[][], opts: { isa?: string; stType?: string; version?: string; functionalId?: string; eol?: string } = {}): string {
  const eol = opts.eol ?? '\n';
  const isa = opts.isa ?? ISA_837;
  const version = opts.version ?? '005010X222A1';
  const lines: string[] = [isa.replace(/~$/, '') + '~'];
  lines.push(`GS*${opts.functionalId ?? 'HC'}*SUBMITTER01*RECEIVER01*20240102*0930*7*X*${version}~`);
  bodies.forEach((body, i) => {
    const control = String(i + 1).padStart(4, '0');
    lines.push(`ST*${opts.stType ?? '837'}*${control}*${version}~`);
    for (const seg of body) lines.push(`${seg}~`);
    lines.push(`SE*${body.length + 2}*${control}~`);
  });
  lines.push(`GE*${bodies.length}*7~`);
  lines.push('IEA*1*000000101~');
  return lines.join(eol) + eol;
}

/** A minimal valid 837P body: one billing provider, one subscriber-patient, one claim with two lines. */
export function claimBody(): string[] {
  return [
    'BHT*0019*00*0001*20240102*0930*CH',
    'NM1*41*2*INVENTED BILLING CO*****46*SUBMITTER01',
    'NM1*40*2*INVENTED CLEARINGHOUSE*****46*RECEIVER01',
    'HL*1**20*1',
    'NM1*85*2*INVENTED CLINIC*****XX*1234567893',
    'N3*1 TEST ROAD',
    'N4*TESTVILLE*NY*10001',
    'REF*EI*111223333',
    'HL*2*1*22*0',
    'SBR*P*18*GRP1******CI',
    'NM1*IL*1*DOE*JAMIE****MI*MEMBER0001',
    'DMG*D8*19800101*F',
    'NM1*PR*2*INVENTED HEALTH PLAN*****PI*PAYER01',
    'CLM*CLAIM0001*150.5***11:B:1*Y*A*Y*Y',
    'HI*ABK:J0300*ABF:R05',
    'LX*1',
    'SV1*HC:99213:25*100*UN*1***1:2',
    'DTP*472*D8*20240101',
    'REF*6R*CLAIM0001-1',
    'LX*2',
    'SV1*HC:87880*50.5*UN*1***1',
    'DTP*472*RD8*20240101-20240103',
    'REF*6R*CLAIM0001-2',
  ];
}

/** Replaces the first segment of a body that starts with `prefix`. */
export function replaceSegment(body: string[], prefix: string, replacement: string | null): string[] {
  const index = body.findIndex((s) => s.startsWith(prefix));
  if (index === -1) throw new Error(`test setup: no segment starts with ${prefix}`);
  const copy = [...body];
  if (replacement === null) copy.splice(index, 1);
  else copy[index] = replacement;
  return copy;
}

/** 1-based file position of the first segment starting with `prefix` in an envelope() text. */
export function positionOf(text: string, prefix: string): number {
  const segments = text.split('~').map((s) => s.trim()).filter((s) => s !== '');
  const index = segments.findIndex((s) => s.startsWith(prefix));
  if (index === -1) throw new Error(`test setup: no segment starts with ${prefix}`);
  return index + 1;
}

/** Runs `fn`, expecting it to throw an X12Error, and returns that error for the test to inspect. */
export function x12Failure(fn: () => unknown): X12Error {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(X12Error);
    return error as X12Error;
  }
  throw new Error('expected an X12Error');
}
