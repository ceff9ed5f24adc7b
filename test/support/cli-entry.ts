// Which `rcm` the tests run: the built one (dist/, made by `npm run build`, which `npm ci` runs
// as `prepare`) when it is at least as new as every source file it is built from, else the
// sources through tsx. The built CLI starts in about half the time (0.18 s against 0.40 s for a
// command that opens the database), and the CLI tests spawn it hundreds of times; the check
// keeps an edited source file from being tested through a stale build.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILT_FROM = ['src', 'workers', 'config'];
const BUILT_CLI = 'dist/src/cli/main.js';

/** Node arguments that start `rcm` from the project's root. */
export function cliEntry(root = process.cwd()): string[] {
  return builtCliIsCurrent(root) ? [BUILT_CLI] : ['--import', 'tsx', 'src/cli/main.ts'];
}

/** Every .ts file under the built folders has its .js in dist/, written after the .ts last changed. */
export function builtCliIsCurrent(root: string): boolean {
  if (!modifiedAt(join(root, BUILT_CLI))) return false;
  return BUILT_FROM.every((folder) => sourcesIn(join(root, folder)).every((source) => {
    const built = modifiedAt(join(root, 'dist', source.slice(root.length + 1).replace(/\.ts$/, '.js')));
    return built !== undefined && built >= modifiedAt(source)!;
  }));
}

function sourcesIn(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function modifiedAt(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
