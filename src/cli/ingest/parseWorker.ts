/**
 * The worker thread of `lineParser`: parses each block of whole lines it is sent (`parseLines`) and sends the
 * parsed arrays back (moved, not copied). The block's bytes stay in shared memory, read by both threads; the
 * worker keeps no state between blocks, so blocks come back in the order they were sent.
 */
import { parentPort } from 'node:worker_threads';
import { type FastLinePlan, parseLines } from './lineBlock.js';

/** A block to parse: bytes[from, to) of a shared buffer. */
export interface ParseRequest {
  readonly bytes: SharedArrayBuffer;
  readonly from: number;
  readonly to: number;
  readonly plan: FastLinePlan | undefined;
  readonly endOfInput: boolean;
}

const port = parentPort;
port?.on('message', (r: ParseRequest) => {
  const parsed = parseLines(new Uint8Array(r.bytes), r.from, r.to, r.plan, r.endOfInput);
  const moved = [
    parsed.lineFrom,
    parsed.lineTo,
    parsed.kind,
    parsed.idFrom,
    parsed.idTo,
    parsed.idHash,
    parsed.dateFrom,
    parsed.dateTo,
    parsed.day,
    parsed.amountFrom,
    parsed.amountTo,
    parsed.amount,
  ].map((a) => a.buffer as ArrayBuffer);
  port.postMessage(parsed, moved);
});
