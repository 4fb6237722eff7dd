import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClvError, ClvValidationError, makeIssue, thrownMessage } from '../errors.js';
import { guardedRead, optionsObject } from '../schemas/parse.js';
import { typedArrayKind } from '../schemas/typedArrayKind.js';
import type { OrderRows } from '../transactions/sortByCustomerDay.js';
import type { SortedRun, SortedRunStore } from '../transactions/sortedRunStore.js';
import { processGone } from './processGone.js';

/** Options of `temporaryRunStore`. */
export interface TemporaryRunStoreOptions {
  /** The directory in which the store makes its own temporary one (default: the system's, `os.tmpdir()`). */
  readonly parent?: string;
}

/** Where a run lives: its file, its rows, whether it carries the days in log order. */
interface RunFile {
  readonly path: string;
  readonly rows: number;
  readonly logDays: boolean;
}

/**
 * Checks `rows` are a run's three columns — customer keys in a Uint32Array, days in an Int32Array, amounts in a
 * Float64Array — of one length (a `ClvValidationError` naming `path`), read once under guard.
 */
function checkRows(where: string, path: string, rows: unknown): void {
  const columns = guardedRead(where, path, () =>
    rows !== null && typeof rows === 'object'
      ? [(rows as OrderRows).customer, (rows as OrderRows).day, (rows as OrderRows).units]
      : undefined,
  );
  const [customer, day, units] = columns ?? [];
  if (
    !(
      typedArrayKind(customer) === 'Uint32Array' &&
      typedArrayKind(day) === 'Int32Array' &&
      typedArrayKind(units) === 'Float64Array' &&
      (customer as Uint32Array).length === (day as Int32Array).length &&
      (day as Int32Array).length === (units as Float64Array).length
    )
  )
    throw new ClvValidationError(where, [
      makeIssue(path, '{ customer: Uint32Array, day: Int32Array, units: Float64Array } of one length', rows),
    ]);
}

/** Checks a run handed to `TemporaryRunStore.write`: its rows (`checkRows`) and its log-order days, if any. */
function checkRun(run: unknown): void {
  const where = 'TemporaryRunStore.write';
  const { rows, logDays } = guardedRead(where, 'run', () => {
    if (run === null || typeof run !== 'object')
      throw new ClvValidationError(where, [makeIssue('run', 'a run { rows, logDays? }', run)]);
    return { rows: (run as SortedRun).rows, logDays: (run as SortedRun).logDays };
  });
  checkRows(where, 'run.rows', rows);
  if (
    logDays !== undefined &&
    !(typedArrayKind(logDays) === 'Int32Array' && logDays.length === rows.customer.length)
  )
    throw new ClvValidationError(where, [
      makeIssue('run.logDays', 'an Int32Array of one day per row, or undefined', logDays),
    ]);
}

/** Checks the first row to read: a whole number, 0 or more. */
function checkFrom(where: string, from: unknown): void {
  if (!(Number.isSafeInteger(from) && (from as number) >= 0))
    throw new ClvValidationError(where, [makeIssue('from', 'a whole number of rows, 0 or more', from)]);
}

/** Runs `io`; a failure of the file system (a full disk, a directory removed) becomes a `ClvError` saying what failed. */
function attempt<T>(what: string, io: () => T): T {
  try {
    return io();
  } catch (e) {
    if (e instanceof ClvError) throw e;
    throw new ClvError(`temporaryRunStore: ${what}: ${thrownMessage(e)}`, {
      cause: e,
    });
  }
}

/** Writes all of `view` at `position` (a write may take fewer bytes than given). */
function writeAll(fd: number, view: ArrayBufferView, position: number): number {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  return position + bytes.length;
}

/** Reads `length` bytes at `position` into `view` from its start (a read may give fewer bytes than asked). */
function readAll(fd: number, view: ArrayBufferView, length: number, position: number): void {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, length);
  let done = 0;
  while (done < length) {
    const got = readSync(fd, bytes, done, length - done, position + done);
    if (got === 0) throw new ClvError(`temporaryRunStore: a run file ended early (${position + done} bytes)`);
    done += got;
  }
}

/** A store's directory is `clvkit-runs-PID-` and six random characters, e.g. `clvkit-runs-4242-Ab12Cd`: the process that made it is in its name. */
const RUNS_PREFIX = 'clvkit-runs-';

/**
 * Removes the run directories in `parent` left by runs that were killed (their process is gone): a kill cannot
 * be caught without making Ctrl-C wait for a long computation, so the next store tidies up instead, as the CLI's
 * outputs do with their temporary files.
 */
function removeStaleRunDirectories(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^clvkit-runs-(\d+)-[A-Za-z0-9]{6}$/.exec(name);
    if (!m || Number(m[1]) === process.pid || !processGone(Number(m[1]))) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true });
    } catch {}
  }
}

/**
 * A `SortedRunStore` on disk: a directory made with `mkdtemp` inside `parent` (default `os.tmpdir()`) when the
 * first run is written (a summary that never spills leaves no trace; `parent` is checked at once), one file
 * per run holding its columns raw, one after the other — customer keys (Uint32, 4 bytes a row), days (Int32, 4),
 * amounts in ten-thousandths (float64, 8) and, with the outlier-date rule, the days in log order (Int32, 4): 16
 * bytes a row on disk, 20 with the outlier rule. The directory's name holds the process id
 * (`clvkit-runs-PID-` and six random characters, e.g. `clvkit-runs-4242-Ab12Cd`), and a store about to make one first removes those of processes that are gone. Reading a block opens the run's file, reads each column's
 * slice and closes it, so no file stays open between calls. `dispose` removes the directory and every file in
 * it — the summarizer calls it once the summary is made or has failed; a caller that stops reading early calls
 * it too (it may be called more than once). Typed arrays are written in the machine's byte order and read back
 * by the same process.
 *
 * @example
 * const store = temporaryRunStore();
 * try {
 *   const s = createSummarizer({ spill: { store, memoryBudget: 256 * 2 ** 20 } });
 *   for (const row of rows) s.add(row);
 *   const result = s.finish(); // store.runs runs were written to store.directory, now removed
 * } finally {
 *   store.dispose();
 * }
 */
export class TemporaryRunStore implements SortedRunStore {
  /** The directory in which the store makes its own. */
  readonly parent: string;
  #directory: string | undefined;
  readonly #runs: RunFile[] = [];
  #bytes = 0;
  #rows = 0;
  #disposed = false;

  constructor(options: TemporaryRunStoreOptions = {}) {
    const parent = optionsObject('temporaryRunStore', options, {}).parent ?? tmpdir();
    if (typeof parent !== 'string' || parent === '')
      throw new ClvValidationError('temporaryRunStore', [makeIssue('parent', 'a directory path', parent)]);
    attempt(`no directory ${parent}`, () => {
      if (!statSync(parent).isDirectory()) throw new Error('not a directory');
    });
    this.parent = parent;
  }

  /** The store's own directory (removed by `dispose`), once a run was written; undefined before. */
  get directory(): string | undefined {
    return this.#directory;
  }

  /** The runs written so far. */
  get runs(): number {
    return this.#runs.length;
  }

  /** The rows written so far, in every run. */
  get rowsWritten(): number {
    return this.#rows;
  }

  /** The bytes written to disk so far (every run's columns). */
  get bytesWritten(): number {
    return this.#bytes;
  }

  /** Writes `run` to a new file of the directory; its handle is its number (0, 1, 2, …). */
  write(run: SortedRun): number {
    if (this.#disposed) throw new ClvError('temporaryRunStore: the store was disposed');
    checkRun(run);
    this.#directory ??= attempt(`could not make a directory in ${this.parent}`, () => {
      removeStaleRunDirectories(this.parent);
      return mkdtempSync(join(this.parent, `${RUNS_PREFIX}${process.pid}-`));
    });
    const handle = this.#runs.length;
    const path = join(this.#directory, `run-${handle}.bin`);
    attempt(`could not write ${path}`, () => {
      const fd = openSync(path, 'wx');
      try {
        let at = writeAll(fd, run.rows.customer, 0);
        at = writeAll(fd, run.rows.day, at);
        at = writeAll(fd, run.rows.units, at);
        if (run.logDays !== undefined) at = writeAll(fd, run.logDays, at);
        this.#bytes += at;
      } finally {
        closeSync(fd);
      }
    });
    this.#runs.push({ path, rows: run.rows.customer.length, logDays: run.logDays !== undefined });
    this.#rows += run.rows.customer.length;
    return handle;
  }

  /** Reads rows [from, from + into.customer.length) of run `handle` into `into`; the rows read. */
  read(handle: number, from: number, into: OrderRows): number {
    const run = this.#run(handle);
    checkFrom('TemporaryRunStore.read', from);
    checkRows('TemporaryRunStore.read', 'into', into);
    const n = Math.max(0, Math.min(into.customer.length, run.rows - from));
    if (n === 0) return 0;
    attempt(`could not read ${run.path}`, () => {
      const fd = openSync(run.path, 'r');
      try {
        readAll(fd, into.customer, 4 * n, 4 * from);
        readAll(fd, into.day, 4 * n, 4 * run.rows + 4 * from);
        readAll(fd, into.units, 8 * n, 8 * run.rows + 8 * from);
      } finally {
        closeSync(fd);
      }
    });
    return n;
  }

  /** Reads the run's days in log order [from, from + into.length) into `into`; the days read. */
  readLogDays(handle: number, from: number, into: Int32Array): number {
    const run = this.#run(handle);
    checkFrom('TemporaryRunStore.readLogDays', from);
    if (typedArrayKind(into) !== 'Int32Array')
      throw new ClvValidationError('TemporaryRunStore.readLogDays', [
        makeIssue('into', 'an Int32Array of day numbers', into),
      ]);
    const n = run.logDays ? Math.max(0, Math.min(into.length, run.rows - from)) : 0;
    if (n === 0) return 0;
    attempt(`could not read ${run.path}`, () => {
      const fd = openSync(run.path, 'r');
      try {
        readAll(fd, into, 4 * n, 16 * run.rows + 4 * from);
      } finally {
        closeSync(fd);
      }
    });
    return n;
  }

  /** Removes the directory and every run file in it (the store takes no more runs); later calls do nothing. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#directory !== undefined) rmSync(this.#directory, { recursive: true, force: true });
  }

  #run(handle: number): RunFile {
    const run = Number.isSafeInteger(handle) ? this.#runs[handle] : undefined;
    if (run === undefined || this.#disposed)
      throw new ClvError(
        `temporaryRunStore: no run ${typeof handle === 'number' ? handle : `of a handle of type ${typeof handle}`}${this.#disposed ? ' (the store was disposed)' : ''}`,
      );
    return run;
  }
}

/**
 * A `TemporaryRunStore` (see there): the sorted runs of a spilling summarizer (`SummarizeOptions.spill`; an
 * external merge sort, Knuth TAOCP vol. 3 §5.4) in a temporary directory inside `parent` (default
 * `os.tmpdir()`), 16 bytes a row on disk (20 with the outlier-date rule), removed by `dispose`.
 *
 * @example
 * const result = summarizeTransactions(rows, { spill: { store: temporaryRunStore(), memoryBudget: 64 * 2 ** 20 } });
 */
export function temporaryRunStore(options: TemporaryRunStoreOptions = {}): TemporaryRunStore {
  return new TemporaryRunStore(options);
}
