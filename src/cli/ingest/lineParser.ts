import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../node/startWorker.js';
import { type FastLinePlan, type ParsedLines, parseLines } from './lineBlock.js';
import type { ParseRequest } from './parseWorker.js';

/** A block handed to a `LineParser`: its bytes (shared memory) and the lines parsed from bytes[from, to). */
export interface ParsedBlock {
  /** The whole buffer the block is in (its lines' bounds are offsets in it). */
  readonly bytes: Buffer;
  readonly lines: ParsedLines;
  /** Where the block ends in `bytes`, and whether it ends the input (see `parseLines`). */
  readonly to: number;
  readonly endOfInput: boolean;
}

/**
 * Parses blocks of whole lines in the order they are given (`parseLines`), on a worker thread when one was
 * started, so that the reader applies block k while block k + 1 is parsed. `next` gives the oldest block's
 * lines. If the worker fails, the blocks it had not returned are parsed on the calling thread: the lines are
 * the same either way.
 */
export interface LineParser {
  /** Queues bytes[from, to) (bytes in a SharedArrayBuffer when `threaded`), parsed with `plan`. */
  submit(
    bytes: Uint8Array,
    from: number,
    to: number,
    plan: FastLinePlan | undefined,
    endOfInput: boolean,
  ): void;
  /** Blocks queued and not yet taken by `next`. */
  readonly queued: number;
  /** The oldest queued block, parsed. */
  next(): Promise<ParsedBlock>;
  /** Whether blocks go to a worker thread (their bytes must then be in shared memory). */
  readonly threaded: boolean;
  /** Ends the worker (the parser takes no more blocks). */
  close(): void;
}

interface Entry {
  readonly request: ParseRequest;
  readonly bytes: Buffer;
  lines?: ParsedLines;
  wake?: () => void;
}

/**
 * A parser of line blocks; with `threaded`, on a worker thread (`parseWorker.ts`) started now.
 *
 * @example const parser = lineParser(true); parser.submit(block, 0, block.length, plan, false); const { lines } = await parser.next();
 */
export function lineParser(threaded: boolean): LineParser {
  const queue: Entry[] = [];
  let worker: Worker | undefined;
  let failed = false;
  /** Entries sent to the worker and not yet answered, oldest first. */
  let answered = 0;
  const fail = () => {
    failed = true;
    for (const e of queue) e.wake?.();
  };
  if (threaded) {
    worker = startWorker(new URL(import.meta.url), 'parseWorker');
    worker.on('message', (lines: ParsedLines) => {
      const e = queue[answered++];
      if (e === undefined) return;
      e.lines = lines;
      e.wake?.();
    });
    worker.on('error', fail);
    worker.on('exit', fail);
  }
  const local = (e: Entry): ParsedLines => {
    const r = e.request;
    return parseLines(e.bytes, r.from, r.to, r.plan, r.endOfInput);
  };
  return {
    threaded,
    get queued() {
      return queue.length;
    },
    submit(bytes, from, to, plan, endOfInput) {
      const request: ParseRequest = {
        bytes: bytes.buffer as SharedArrayBuffer,
        from: bytes.byteOffset + from,
        to: bytes.byteOffset + to,
        plan,
        endOfInput,
      };
      const entry: Entry = { request, bytes: Buffer.from(bytes.buffer) };
      queue.push(entry);
      if (worker !== undefined && !failed) worker.postMessage(request);
    },
    async next() {
      const e = queue[0];
      if (e === undefined) throw new Error('lineParser: next() with no block queued');
      if (e.lines === undefined && worker !== undefined && !failed)
        await new Promise<void>((resolve) => {
          e.wake = resolve;
        });
      queue.shift();
      answered = Math.max(0, answered - 1);
      const r = e.request;
      return { bytes: e.bytes, lines: e.lines ?? local(e), to: r.to, endOfInput: r.endOfInput };
    },
    close() {
      failed = true;
      void worker?.terminate();
      worker = undefined;
    },
  };
}
