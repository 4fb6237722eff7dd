import type { Worker } from 'node:worker_threads';
import { startWorker } from '../node/startWorker.js';
import type { CliIo } from './command.js';
import { CsvBytes } from './csvBytes.js';
import { type FigureFormat, formatFigureRows } from './figureCells.js';
import type { FigureRowsBlock, FigureRowsSetup } from './figureRowsWorker.js';
import { formatRows } from './output.js';
import { gatherPermuted } from './permutedColumns.js';

/** A table of figures to print as CSV: row k is customer `order[k]`'s label and figures. */
export interface FigureRows {
  /** The header's column names: the label's, then one per figure column. */
  readonly header: readonly string[];
  /** The rows to print, as indices into the labels and columns, in the order they are printed. */
  readonly order: ArrayLike<number>;
  readonly labels: readonly (string | number)[];
  /** When `labels` are keys: the id printed for each (made block by block, so not every id's string lives at once). */
  readonly labelOf?: (key: string | number) => string | number;
  readonly columns: readonly Float64Array[];
  /** How each column is printed. */
  readonly formats: readonly FigureFormat[];
}

/** Options of `writeFigureRows`. */
export interface FigureRowsOptions {
  /** Threads in all, the calling one included (default 2: one worker prints while this thread gathers). */
  readonly threads?: number;
  /** Fewest rows worth a worker (default 200,000: starting one takes about 50 ms). */
  readonly minRows?: number;
  /** Starts the printing worker (default `figureRowsWorker`; the tests start one that fails). */
  readonly startPrinter?: (setup: FigureRowsSetup) => Worker;
}

/** The printing worker, `figureRowsWorker`, beside this module. */
function startPrinter(setup: FigureRowsSetup): Worker {
  return startWorker(new URL(import.meta.url), 'figureRowsWorker', setup);
}

/** Rows per block handed to the worker (about 600 KB of CSV for a score row). */
const BLOCK_ROWS = 8192;
/** Blocks in flight: the worker prints up to three while this thread gathers the next. */
const SLOTS = 4;
const DEFAULT_MIN_ROWS = 200_000;

/**
 * Prints a table of figures as CSV to `io.stdout`, header first, rows in `order`. The rows are gathered in
 * blocks (`gatherPermuted`: a customer's columns sit far apart when the order is by value) and printed by
 * `formatFigureRows`. With a second thread and at least `minRows` rows, a worker prints (`figureRowsWorker`)
 * while this thread gathers the next blocks into a shared ring of `SLOTS` slots and writes the printed ones,
 * in order. The bytes are the same either way, and a worker that fails leaves its blocks to this thread. Ten
 * million score rows: the printing, about half of the writing's time, leaves this thread (18 s → 7–8 s).
 *
 * @example await writeFigureRows(io, { header: ['customer_id', 'clv'], order: [1, 0], labels: ['a', 'b'], columns: [Float64Array.of(1, 2)], formats: [{ kind: 'money', places: 2 }] })
 */
export async function writeFigureRows(
  io: CliIo,
  rows: FigureRows,
  options: FigureRowsOptions = {},
): Promise<void> {
  io.stdout(formatRows([], 'csv', rows.header));
  const count = rows.order.length;
  const gather = (start: number, values: readonly Float64Array[], labels: (string | number)[]) =>
    gatherPermuted(rows.order, rows.columns, rows.labels, start, BLOCK_ROWS, values, labels, rows.labelOf);
  /** Prints a gathered block on this thread. */
  const printHere = (values: readonly Float64Array[], labels: ArrayLike<string | number>, m: number) => {
    const out = new CsvBytes((bytes) => io.stdout(bytes));
    formatFigureRows(out, labels, values, rows.formats, m);
    out.end();
  };
  if ((options.threads ?? 2) < 2 || count < (options.minRows ?? DEFAULT_MIN_ROWS)) {
    const values = rows.columns.map(() => new Float64Array(BLOCK_ROWS));
    const labels: (string | number)[] = [];
    for (let start = 0; start < count; start += BLOCK_ROWS)
      printHere(values, labels, gather(start, values, labels));
    return;
  }
  const width = rows.columns.length;
  const ring = new SharedArrayBuffer(SLOTS * width * BLOCK_ROWS * 8);
  const slots = Array.from({ length: SLOTS }, (_, s) =>
    Array.from(
      { length: width },
      (_, c) => new Float64Array(ring, (s * width + c) * BLOCK_ROWS * 8, BLOCK_ROWS),
    ),
  );
  const worker = (options.startPrinter ?? startPrinter)({
    ring,
    slots: SLOTS,
    rows: BLOCK_ROWS,
    formats: rows.formats.map((f) => ({ kind: f.kind, places: f.places })),
  });
  // Blocks sent and not yet written, oldest first, and the worker's answers to them, in the same order.
  const inFlight: FigureRowsBlock[] = [];
  const printed: Uint8Array[][] = [];
  let failed = false;
  let wake: (() => void) | undefined;
  const settle = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  worker.on('message', (chunks: Uint8Array[]) => {
    // After a failure the blocks left are printed here, in order: a late answer would no longer match its block.
    if (failed) return;
    printed.push(chunks);
    settle();
  });
  const fail = () => {
    failed = true;
    settle();
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  /**
   * Writes the oldest block in flight once the worker has printed it. A worker that failed prints nothing more:
   * the blocks it left are printed here, from their slots (a slot is refilled only after its block is written).
   */
  const writeOldest = async () => {
    while (printed.length === 0 && !failed) await new Promise<void>((resolve) => (wake = resolve));
    const block = inFlight.shift() as FigureRowsBlock;
    const chunks = printed.shift();
    if (chunks === undefined) printHere(slots[block.slot] as Float64Array[], block.labels, block.rows);
    else for (const c of chunks) io.stdout(c);
  };
  try {
    const blocks = Math.ceil(count / BLOCK_ROWS);
    for (let b = 0; b < blocks; b++) {
      // Slot b mod SLOTS last held block b − SLOTS: written (so printed) before it is filled again.
      if (inFlight.length === SLOTS) await writeOldest();
      const labels: (string | number)[] = [];
      const m = gather(b * BLOCK_ROWS, slots[b % SLOTS] as Float64Array[], labels);
      const block: FigureRowsBlock = { slot: b % SLOTS, rows: m, labels };
      inFlight.push(block);
      if (!failed) worker.postMessage(block);
    }
    while (inFlight.length > 0) await writeOldest();
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
