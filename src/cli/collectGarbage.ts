import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** Memory let go from which a collection is asked for (a full one costs about 0.05–0.25 s). */
export const COLLECT_FROM_BYTES = 64 * 2 ** 20;

/**
 * A full garbage collection now. V8 frees an ArrayBuffer's memory only once a full collection finds it
 * unreachable, and a long typed-array loop allocates too little to bring one about: the CLI's 512 MB id table
 * (10 million ids), let go when the reading ends, stayed resident through the summary's sort and figures, and
 * the ten-million-customer run peaked at 2.47 GB instead of about 1.95. The collection (a quarter of a second
 * there) is asked for where the command knows that much was let go: `letGo` bytes, at least
 * `COLLECT_FROM_BYTES` (a smaller amount is left to V8). `gc` is exposed for the process the CLI
 * owns (`--expose-gc`, set at run time) and taken from a fresh context, the usual way to reach it without the
 * flag on the command line.
 */
export function collectGarbage(letGo: number): void {
  if (!(letGo >= COLLECT_FROM_BYTES)) return;
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
