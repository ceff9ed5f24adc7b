import { expect } from 'chai';
import { answerFor, jsonProblem, RETRY_AFTER_SECONDS } from '../../../src/http/error-handler.js';
import { UploadError } from '../../../src/http/upload.js';
import { BadInputError } from '../../../src/errors.js';
import { InputError } from '../../../src/domain/input-error.js';

const context = { requestId: 'req-7', bodyLimitBytes: 64 * 1024 };
const fastifyError = (code: string, statusCode: number, message = 'fastify text') => Object.assign(new Error(message), { code, statusCode });

describe('HTTP error answers', () => {
  it('answers bad input with 400 and its own message, and a refused upload with its status', () => {
    expect(answerFor(new BadInputError('expected a JSON claims document'), context))
      .to.deep.equal({ status: 400, body: { error: 'expected a JSON claims document' }, headers: {}, log: 'none' });
    expect(answerFor(new InputError('segment ISA missing'), context).body).to.deep.equal({ error: 'segment ISA missing' });
    expect(answerFor(new UploadError('the file is larger than the upload limit of 4 KB', 413), context))
      .to.deep.equal({ status: 413, body: { error: 'the file is larger than the upload limit of 4 KB' }, headers: { connection: 'close' }, log: 'none' });
  });

  it('answers an outage with 503, Retry-After and the request id, and logs a warning', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(answerFor(refused, context)).to.deep.equal({
      status: 503,
      body: { error: 'service unavailable: the database or the queue store cannot be reached; try again shortly', requestId: 'req-7' },
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      log: 'warn',
    });
  });

  it('does not take a client that went away mid-upload for an outage', () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    expect(answerFor(aborted, context)).to.deep.equal({ status: 400, body: { error: 'the request was cut off before its body arrived' }, headers: {}, log: 'none' });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(answerFor(reset, context).status).to.equal(503);
  });

  it('names the limit for a body that is too large, the media type for one it cannot take', () => {
    expect(answerFor(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413), context))
      .to.deep.equal({ status: 413, body: { error: 'request body is larger than the limit of 64 KB' }, headers: { connection: 'close' }, log: 'none' });
    expect(answerFor(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415), { ...context, contentType: 'Application/XML; charset="<x>"' }).body)
      .to.deep.equal({ error: 'unsupported media type "application/xml" for this route' });
    expect(answerFor(fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', 400), context).body)
      .to.deep.equal({ error: 'request body is empty but its content type is application/json' });
  });

  it('answers any other error with a generic 500 and the request id, never its class or message', () => {
    const answer = answerFor(new TypeError("Cannot read properties of undefined (reading 'patientName')"), context);
    expect(answer).to.deep.equal({
      status: 500, body: { error: 'internal error; the log has its details under this request id', requestId: 'req-7' }, headers: {}, log: 'error',
    });
    expect(answerFor(Object.assign(new Error('boom'), { statusCode: 502 }), context).status).to.equal(500);
  });

  it('keeps a 4xx a plugin raised, with the status text rather than its message', () => {
    expect(answerFor(Object.assign(new Error('no file /x/y'), { statusCode: 404 }), context).body).to.deep.equal({ error: 'Not Found' });
  });

  it('says why a body is not JSON without quoting the body', () => {
    expect(jsonProblem('{"name": John Smith}')).to.equal("Unexpected token 'J'");
    // Newer V8 adds "(line 1 column 9)" after the position.
    expect(jsonProblem('{"a": 1,}')).to.match(/^Expected double-quoted property name in JSON at position 8( \(line 1 column 9\))?$/);
    expect(jsonProblem('{"member": "A1234567')).to.match(/^Unterminated string in JSON at position 20( \(line 1 column 21\))?$/);
    expect(jsonProblem(`{"a": "${'x'.repeat(100)}" oops}`)).to.match(/^Expected ',' or '}' after property value in JSON at position 109( \(line 1 column 110\))?$/);
    expect(jsonProblem(`${'['.repeat(30)}Jane Doe`)).to.equal("Unexpected token 'J'");
  });
});
