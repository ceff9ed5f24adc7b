// A file named on the command line, opened for intake: it is streamed into Postgres as it is
// read, never held whole (a 100 MB 835 from a clearinghouse mailbox is ordinary).
import type { ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError } from './context.js';

export async function openInputFile(path: string): Promise<{ fileName: string; content: ReadStream }> {
  const handle = await open(path).catch(() => {
    throw new CliError(`cannot read ${path}`);
  });
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new CliError(`cannot read ${path}`);
  }
  return { fileName: basename(path), content: handle.createReadStream() };
}
