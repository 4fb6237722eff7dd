import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { CliIo } from '../command.js';
import { CliUsageError } from '../command.js';

/**
 * Opens an input: `-` is standard input, a path ending in `.gz` is gunzipped on the fly, anything else is
 * read as it is. Returns the byte stream; nothing is read into memory whole.
 */
export function openSource(file: string, io: CliIo): AsyncIterable<Buffer | string> {
  if (file === '-') {
    if (!io.stdin) throw new CliUsageError('no standard input to read');
    return file.endsWith('.gz') ? io.stdin.pipe(createGunzip()) : io.stdin;
  }
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  return file.endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
}
