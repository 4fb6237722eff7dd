import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

/** Runs the CLI in this process (no spawn: fast), stdout piped, and returns its exit code and output. */
export async function runInProcess(args: string[], input?: string | Buffer) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += typeof t === 'string' ? t : Buffer.from(t).toString('utf8');
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTty: false,
    ...(input === undefined
      ? {}
      : { stdin: Readable.from([typeof input === 'string' ? Buffer.from(input) : input]) }),
  });
  return { code, stdout, stderr };
}
