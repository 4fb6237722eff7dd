/**
 * The worker thread of `writeFigureRows`: prints each block of figure rows it is told of (`formatFigureRows`)
 * and sends the CSV bytes back (moved, not copied). The block's figures sit in a slot of the shared ring the
 * calling thread gathered them into; its labels come with the message. Blocks come back in the order they
 * were sent, and the worker keeps no state between them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CsvBytes } from './csvBytes.js';
import { type FigureFormat, formatFigureRows } from './figureCells.js';

/** What the worker is started with: the ring of slots, each `columns` buffers of `rows` floats, and the formats. */
export interface FigureRowsSetup {
  readonly ring: SharedArrayBuffer;
  readonly slots: number;
  readonly rows: number;
  readonly formats: readonly FigureFormat[];
}

/** A block to print: `rows` rows of slot `slot`, with their labels. */
export interface FigureRowsBlock {
  readonly slot: number;
  readonly rows: number;
  readonly labels: readonly (string | number)[];
}

const port = parentPort;
const setup = workerData as FigureRowsSetup;
if (port !== null) {
  const width = setup.formats.length;
  const views = Array.from({ length: setup.slots }, (_, s) =>
    Array.from(
      { length: width },
      (_, c) => new Float64Array(setup.ring, (s * width + c) * setup.rows * 8, setup.rows),
    ),
  );
  port.on('message', (block: FigureRowsBlock) => {
    const chunks: Uint8Array[] = [];
    const out = new CsvBytes((bytes) => chunks.push(bytes));
    formatFigureRows(out, block.labels, views[block.slot] as Float64Array[], setup.formats, block.rows);
    out.end();
    port.postMessage(
      chunks,
      chunks.map((c) => c.buffer as ArrayBuffer),
    );
  });
}
