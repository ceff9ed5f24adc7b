import { expect } from 'chai';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { builtCliIsCurrent, cliEntry } from '../../support/cli-entry.js';

describe('which rcm the tests run (test/support/cli-entry.ts)', () => {
  function project(files: Record<string, number>): string {
    const root = mkdtempSync(join(tmpdir(), 'rcm-cli-entry-'));
    for (const [path, seconds] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), '');
      utimesSync(join(root, path), seconds, seconds);
    }
    for (const folder of ['src', 'workers', 'config']) mkdirSync(join(root, folder), { recursive: true });
    return root;
  }

  it('runs the build when every source has its .js written after it', () => {
    const root = project({ 'src/cli/main.ts': 100, 'src/db/a.ts': 100, 'config/b.ts': 100,
      'dist/src/cli/main.js': 200, 'dist/src/db/a.js': 200, 'dist/config/b.js': 200 });
    expect(builtCliIsCurrent(root)).to.equal(true);
    expect(cliEntry(root)).to.deep.equal(['dist/src/cli/main.js']);
  });

  it('runs the sources through tsx when one source changed after its build, has none, or nothing is built', () => {
    const edited = project({ 'src/cli/main.ts': 100, 'workers/c.ts': 300, 'dist/src/cli/main.js': 200, 'dist/workers/c.js': 200 });
    expect(cliEntry(edited)).to.deep.equal(['--import', 'tsx', 'src/cli/main.ts']);
    const added = project({ 'src/cli/main.ts': 100, 'src/new.ts': 100, 'dist/src/cli/main.js': 200 });
    expect(builtCliIsCurrent(added)).to.equal(false);
    expect(builtCliIsCurrent(project({ 'src/cli/main.ts': 100 }))).to.equal(false);
  });
});
