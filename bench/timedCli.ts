import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI the command-line benches run. */
export const CLI = join(import.meta.dirname, '..', 'dist/cli.js');

/**
 * Runs the built CLI under /usr/bin/time: wall time (ms), peak RSS (bytes) and CPU time (user + system, ms) of
 * the whole process, and its stderr. Standard output is dropped, or written to the file descriptor `stdout`.
 */
export function timedCli(args: readonly string[], stdout?: number) {
  const r = spawnSync('/usr/bin/time', ['-f', '@@%e %M %U %S', process.execPath, CLI, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', stdout ?? 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`clvkit ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  const m = /@@([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (!m) throw new Error(`no timing in: ${r.stderr}`);
  return {
    ms: Number(m[1]) * 1000,
    rss: Number(m[2]) * 1024,
    cpuMs: (Number(m[3]) + Number(m[4])) * 1000,
    stderr: r.stderr,
  };
}
