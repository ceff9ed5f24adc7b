// Runs the `rcm` command as a user would, with a test's environment: built, or from source when
// the build is older than the sources (cli-entry.ts).
import { spawn } from 'node:child_process';
import { cliEntry } from './cli-entry.js';

const entry = cliEntry();

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `rcm` for an administrators' CLI test: no actor from the shell (`RCM_USER` cleared, so each
 * command says `--as`), and `ok(...)` for a command that must succeed, its `--json` parsed.
 */
export function adminCli(childEnv: Record<string, string>): {
  rcm: (...args: string[]) => Promise<CliResult>;
  ok: (...args: string[]) => Promise<any>;
} {
  const rcm = (...args: string[]) => runCli(args, { ...childEnv, RCM_USER: '' });
  const ok = async (...args: string[]) => {
    const result = await rcm(...args, '--json');
    if (result.code !== 0) throw new Error(`rcm ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout);
  };
  return { rcm, ok };
}
