// A sender names files as it likes, sometimes after the patient ("DOE_JOHN_1970-01-01.837"). The
// name is kept on the file's row, and nowhere else: bad files of every kind, handed to intake, to
// the API and to the inbox folder, go through their jobs here, and their failures (BullMQ's
// failedReason and stack trace, the job record, the file's quarantine reason, the tasks, every
// log line, the API's request log included) name the file by its id only.
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Engine } from '../../src/engine.js';
import { engineHandlers } from '../../workers/registry.js';
import { receiveAckFile, receiveClaimFile, receiveEra } from '../../src/services/intake.service.js';
import { useTestEnv, waitFor } from '../support/test-env.js';
import { fixture, query, recentClaim, settledFile, upstream837 } from './claims/claims-support.js';
import { signedInPerson } from '../support/sign-in.js';

const SENDER_NAME = 'DOE_JOHN_1970-01-01';
const LEAKS = /DOE_JOHN|1970-01-01/;

describe('errors name files by id, never by the sender\'s file name', () => {
  const env = useTestEnv();

  it('bad 837P, JSON claims, acknowledgment and 835 files fail their jobs naming only the file id', async function () {
    this.timeout(60000);
    const logLines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => { logLines.push(line); } });
    const inboxRoot = mkdtempSync(join(tmpdir(), 'rcm-inbox-'));
    const config = { ...env.config, http: { ...env.config.http, port: 0, host: '127.0.0.1' }, inbox: { root: inboxRoot, pollMs: 100 } };
    const engine = await Engine.start({ config, logger, registry: engineHandlers(), api: true, workerQueues: ['claims', 'posting'] });
    env.defer(() => engine.stop(5000));

    const good837 = upstream837([recentClaim(1)]).toString('latin1');
    const jsonClaim = { ...recentClaim(2), lines: recentClaim(2).lines.map(({ lineNumber: _n, ...line }) => ({ ...line, chargeCents: 'twelve' })) };
    const receive = (em: EntityManager, fileName: string, content: string, kind: 'claims' | 'ack' | 'era') => {
      const upload = { fileName, content: Buffer.from(content, 'latin1') };
      return kind === 'claims' ? receiveClaimFile(em, upload) : kind === 'ack' ? receiveAckFile(em, upload) : receiveEra(em, upload);
    };
    const bad: Array<[string, string, 'claims' | 'ack' | 'era', RegExp]> = [
      [`${SENDER_NAME}.837`, good837.replace(/CLM\*([A-Z0-9]+)\*[\d.]+/, 'CLM*$1*16X.5'), 'claims', /CLM02/],
      [`${SENDER_NAME}-long.837`, good837.replace(/CLM\*([A-Z0-9]+)\*/, `CLM*$1${'9'.repeat(40)}*`), 'claims', /longer than 38/],
      [`${SENDER_NAME}.json`, JSON.stringify({ format: 'rcm-claims/v1', claims: [jsonClaim] }), 'claims', /claims\[0\]\.lines\[0\]\.chargeCents/],
      [`${SENDER_NAME}.277`, fixture('lfh-claim-level-status.277').toString('latin1'), 'ack', /GS08 names 005010X212/],
      [`${SENDER_NAME}.835`, fixture('lfh-tertiary-payment.835').toString('latin1'), 'era', /SVC/],
    ];
    const fileIds: number[] = [];
    for (const [fileName, content, kind] of bad) {
      fileIds.push((await env.orm.em.fork().transactional((em) => receive(em, fileName, content, kind))).fileId);
    }
    // The same bad 835 over HTTP, its name in the query string (which the request log would show);
    // a line break added so the bytes differ from the copy above (the same bytes would be a duplicate).
    const apiName = `${SENDER_NAME}-api.835`;
    const { headers: auth } = await signedInPerson(env.orm, 'operator');
    const response = await fetch(`http://127.0.0.1:${engine.port}/api/remittances?fileName=${apiName}`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/edi-x12' }, body: fixture('lfh-tertiary-payment.835').toString('latin1').replace('~', '~\n'),
    });
    expect(response.status).to.equal(202);
    fileIds.push(((await response.json()) as { fileId: number }).fileId);
    bad.push([apiName, '', 'era', /SVC/]);
    // And the X212 through the mailbox folder.
    const inboxName = `${SENDER_NAME}-inbox.277`;
    await writeFile(join(inboxRoot, 'acks', inboxName), fixture('lfh-claim-level-status.277').toString('latin1').replace('~', '~\r\n'));
    fileIds.push(await waitFor(async () => (await query(env, 'select id from edi_file where file_name = ?', [inboxName]))[0]?.id, 10000, 'the inbox file'));
    bad.push([inboxName, '', 'ack', /GS08 names 005010X212/]);
    engine.relay.kick();
    for (const fileId of fileIds) expect(await settledFile(env, fileId)).to.equal('quarantined');
    const records = await waitFor(async () => {
      const rows = await query(env, `select queue, name, outcome, error_class, error_message from job_record where outcome = 'failed' order by id`);
      return rows.length === bad.length && rows;
    }, 10000, 'a failed job record per file');

    // The name is kept where it belongs: on the file's row.
    const files = await query(env, 'select id, file_name, error from edi_file order by id');
    expect(files.map((f) => f.file_name)).to.deep.equal(bad.map(([fileName]) => fileName));
    files.forEach((file, i) => {
      expect(file.error).to.match(bad[i][3]).and.to.contain(`file ${file.id}`).and.not.to.match(LEAKS);
    });

    // Every failure names its file by id, with the reader's message, and nowhere the sender's name.
    const failed = [...await engine.queues.get('claims').getFailed(), ...await engine.queues.get('posting').getFailed()];
    expect(failed.map((job) => job.data.fileId).sort()).to.deep.equal([...fileIds].sort());
    for (const job of failed) {
      const i = fileIds.indexOf(job.data.fileId);
      expect(job.failedReason).to.match(bad[i][3]).and.to.contain(`file ${job.data.fileId}`);
      expect(job.failedReason).not.to.match(LEAKS);
      expect(JSON.stringify(job.stacktrace ?? [])).not.to.match(LEAKS);
    }
    expect(records).to.have.length(bad.length);
    for (const record of records) {
      expect(record.error_message).to.match(/^\[rcm\] .*file \d+/);
      expect(record.error_message).not.to.match(LEAKS);
    }

    const tasks = await query(env, `select t.*, (select json_agg(e) from task_event e where e.task_id = t.id) as events from task t order by t.subject_id`);
    expect(tasks.map((t) => [t.type, t.subject_id])).to.deep.equal(fileIds.map((id) => ['quarantined-file', id]));
    expect(JSON.stringify(tasks)).not.to.match(LEAKS);
    const outbox = await query(env, 'select queue, job_name, payload from outbox');
    expect(JSON.stringify(outbox)).not.to.match(LEAKS);

    await engine.stop(5000);
    expect(logLines.some((line) => line.includes('job attempt failed'))).to.equal(true);
    expect(logLines.filter((line) => LEAKS.test(line))).to.deep.equal([]);
  });
});
