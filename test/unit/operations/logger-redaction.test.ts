// The logger's redaction, the second line of defence: fields named like patient data lose their
// values at any depth, in objects and arrays and in child loggers' bindings, while ids, counts and
// the message stay, and the object logged is not changed.
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger, PHI_LOG_FIELDS, PHI_REDACT_DEPTH, REDACTED, redactPhi } from '../../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ logLevel: 'debug' }, { component: 'test' }, { destination });
  const last = () => JSON.parse(lines.at(-1)!) as Record<string, any>;
  return { logger, lines, last };
}

describe('log redaction of patient data', () => {
  it('replaces the values of PHI fields at the top level and nested, in objects and arrays', () => {
    const { logger, last, lines } = capture();
    logger.warn({
      claimId: 17, memberId: 'DM0012345', birthDate: '1961-04-02',
      patient: { lastName: 'Testwood', firstName: 'Avery' },
      claim: { subscriber: { memberId: 'DM0099999', address: { street: '1 Main St' } }, diagnoses: ['E11.9'] },
      lines: [{ patientName: 'Mockley, Quinn', amountCents: 1200 }],
      deep: { a: { b: { c: { d: { ssn: '123-45-6789' } } } } },
    }, 'claim 17 refused');
    const line = last();
    expect(line.msg).to.equal('claim 17 refused');
    expect(line.claimId).to.equal(17);
    expect(line.memberId).to.equal(REDACTED);
    expect(line.birthDate).to.equal(REDACTED);
    expect(line.patient).to.equal(REDACTED);
    expect(line.claim.subscriber).to.equal(REDACTED);
    expect(line.claim.diagnoses).to.equal(REDACTED);
    expect(line.lines[0]).to.deep.equal({ patientName: REDACTED, amountCents: 1200 });
    expect(line.deep.a.b.c.d.ssn).to.equal(REDACTED);
    const text = lines.join('\n');
    for (const value of ['DM0012345', '1961-04-02', 'Testwood', 'Avery', 'DM0099999', '1 Main St', 'E11.9', 'Mockley', '123-45-6789']) {
      expect(text, value).to.not.include(value);
    }
  });

  it('redacts each listed field at every depth up to the limit', () => {
    const { logger, lines } = capture();
    for (const field of PHI_LOG_FIELDS) {
      for (let depth = 0; depth <= PHI_REDACT_DEPTH; depth++) {
        let object: Record<string, unknown> = { [field]: `planted-${field}-${depth}` };
        for (let level = 0; level < depth; level++) object = { [`level${level}`]: object };
        logger.info(object, 'nested');
      }
    }
    expect(lines).to.have.length(PHI_LOG_FIELDS.length * (PHI_REDACT_DEPTH + 1));
    expect(lines.join('\n')).to.not.include('planted-');
  });

  it('leaves fields that are not patient data alone, and child loggers redact, bindings included', () => {
    const { logger, last, lines } = capture();
    const child = logger.child({ queue: 'claims', jobId: 'ob-1' });
    child.info({ name: 'submit', attempt: 2, memberId: 'DM7' }, 'job attempt');
    expect(last()).to.include({ queue: 'claims', jobId: 'ob-1', name: 'submit', attempt: 2, memberId: REDACTED, component: 'test' });
    logger.child({ patient: { lastName: 'Inventra' } }).warn('bound');
    expect(last()).to.include({ patient: REDACTED, msg: 'bound' });
    expect(lines.join('\n')).to.not.include('Inventra');
  });

  it('does not change the object logged, and copies nothing when there is nothing to hide', () => {
    const logged = { claimId: 3, claim: { memberId: 'DM9', lines: [{ dob: '1950-01-01' }] } };
    const redacted = redactPhi(logged);
    expect(redacted).to.deep.equal({ claimId: 3, claim: { memberId: REDACTED, lines: [{ dob: REDACTED }] } });
    expect(logged.claim.memberId).to.equal('DM9');
    expect(logged.claim.lines[0].dob).to.equal('1950-01-01');
    const clean = { queue: 'claims', counts: [1, 2], nested: { jobId: 'x' } };
    expect(redactPhi(clean)).to.equal(clean);
    const error = new Error('[rcm] claim 3 refused');
    expect(redactPhi({ err: error }).err).to.equal(error);
  });
});
