import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { processGone } from '../node/processGone.js';
import { CliInputError, CliUsageError } from './command.js';
import { fileErrorReason } from './fileErrors.js';

/**
 * An output file of the CLI (`-o`, `--save`, `--rejects`, …), written so that nothing is ever lost: it is
 * written to a temporary file in the same directory and renamed over the target only when complete
 * (`commit`), so a failure, a usage error or a kill mid-write leaves the previous file as it was (the
 * temporary file of a killed run is removed by the next run writing the same file). An output
 * that is one of the inputs (same path after symlinks, or same device and inode: a hard link) is refused.
 */
export interface OutputFile {
  /** The path as the user gave it. */
  readonly path: string;
  /** Appends text or bytes (buffered; written in blocks of about 1 MB). */
  write(data: string | Uint8Array): void;
  /** Writes what is buffered, flushes it to disk and renames the temporary file over the target. */
  commit(): void;
  /** Removes the temporary file; the target is untouched. Safe to call more than once, or after commit. */
  abort(): void;
}

/** Outputs opened and neither committed nor aborted: `abortOpenOutputs` removes their temporary files. */
const open = new Set<OutputFile & { readonly target: string }>();

const BLOCK = 1 << 20;

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The path an output really writes to: the target of a symlink, made absolute. */
function targetOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/** The temporary file name of `target` for this process: `.NAME.PID.RANDOM.tmp` beside it. */
function tempOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Removes the temporary files of `target` left by runs that were killed (their process is gone): a kill
 * cannot be caught without making Ctrl-C wait for a long computation, so the next run tidies up instead.
 */
function removeStaleTemps(target: string): void {
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || !processGone(Number(m[1]))) continue;
    try {
      unlinkSync(join(dirname(target), name));
    } catch {}
  }
}

/** `ENOENT` on an output: its directory is missing. Other reasons as `fileErrorReason` words them. */
function writeReason(e: unknown): string {
  return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : fileErrorReason(e);
}

/**
 * Opens `path` for `flag` after checking it is a file name, not a directory, not one of `inputs` (standard
 * input, `-`, is skipped) and not another open output, and that its directory takes a new file (the
 * temporary file is created now, so an unwritable output fails before any work).
 *
 * @example const out = openOutput('report.html', '-o', ['orders.csv']); out.write(html); out.commit();
 */
export function openOutput(path: string, flag: string, inputs: readonly string[]): OutputFile {
  if (path === '') throw new CliUsageError(`${flag}: expected a file name`);
  const existing = statOrUndefined(path);
  if (existing?.isDirectory()) throw new CliUsageError(`${flag} '${path}': is a directory`);
  const target = targetOf(path);
  for (const input of inputs) {
    if (input === '-') continue;
    const seen = statOrUndefined(input);
    const same =
      targetOf(input) === target ||
      (existing !== undefined &&
        seen !== undefined &&
        seen.dev === existing.dev &&
        seen.ino === existing.ino);
    if (same)
      throw new CliUsageError(
        `${flag} '${path}' is the input file '${input}': refusing to overwrite it; choose another file name`,
      );
  }
  for (const other of open)
    if (other.target === target)
      throw new CliUsageError(
        `${flag} '${path}': the same file as '${other.path}', written by another option`,
      );

  removeStaleTemps(target);
  const temp = tempOf(target);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o666);
    if (existing) fchmodSync(fd, existing.mode & 0o7777);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    throw new CliInputError(`cannot write ${flag} '${path}': ${writeReason(e)}`);
  }
  let pending: (string | Uint8Array)[] = [];
  let size = 0;
  let done = false;
  const flush = () => {
    for (const piece of pending) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      for (let at = 0; at < bytes.length; ) at += writeSync(fd as number, bytes, at, bytes.length - at);
    }
    pending = [];
    size = 0;
  };
  const failed = (e: unknown): never => {
    file.abort();
    throw new CliInputError(`cannot write ${flag} '${path}': ${writeReason(e)}`);
  };
  const file = {
    path,
    target,
    write(data: string | Uint8Array) {
      if (done) throw new Error(`${flag} '${path}' written after it was closed`);
      pending.push(data);
      size += data.length;
      if (size >= BLOCK) {
        try {
          flush();
        } catch (e) {
          failed(e);
        }
      }
    },
    commit() {
      if (done) return;
      try {
        flush();
        fsyncSync(fd as number);
        closeSync(fd as number);
        fd = undefined;
        renameSync(temp, target);
      } catch (e) {
        failed(e);
      }
      done = true;
      open.delete(file);
    },
    abort() {
      if (done) return;
      done = true;
      open.delete(file);
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {}
        fd = undefined;
      }
      try {
        unlinkSync(temp);
      } catch {}
    },
  };
  open.add(file);
  return file;
}

/** Removes the temporary file of every output not committed (after an error, or on a signal). */
export function abortOpenOutputs(): void {
  for (const file of [...open]) file.abort();
}
