/**
 * Runs the built command line (`node dist/cli.js …`) as a user would, for the generated documentation pages
 * (docs/getting-started.md, docs/cli.md): the pages show what this prints, never a copy typed by hand.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The built CLI (`npm run build`). */
export const CLI = join(ROOT, 'dist/cli.js');

/** What one run printed. */
export interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `clvkit ...args` in `cwd` and returns what it printed; throws when the CLI is not built or the command
 * fails (exit code other than 0), quoting its stderr.
 */
export function runCli(args: readonly string[], cwd: string = ROOT): CliRun {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    // Columns and colours as in a pipe, whatever terminal runs the script.
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '120' },
  });
  if (r.status !== 0)
    throw new Error(`clvkit ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stderr || r.error}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** A fenced block of a generated page (trailing newlines of the text dropped). */
export const fence = (lang: string, text: string): string =>
  `\`\`\`${lang}\n${text.replace(/\n+$/, '')}\n\`\`\``;
