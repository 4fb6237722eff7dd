import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, as a user runs it (`npm test` builds first: see the pretest script). */
export const CLI = join(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');

export function clvkit(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
