import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { CliIo } from '../command.js';
import { CliInputError, CliUsageError } from '../command.js';
import { checkInputFile } from '../fileErrors.js';

/** Gunzips `source`, an error of the source (a missing file, a read error) ending the gunzipped stream. */
function gunzip(source: NodeJS.ReadableStream): Readable {
  const out = createGunzip();
  source.on('error', (e) => out.destroy(e));
  return source.pipe(out);
}

/**
 * Opens an input: `-` is standard input, a path ending in `.gz` is gunzipped on the fly, anything else is
 * read as it is. A missing file or a directory is an input error naming it before anything is read; errors
 * while reading (a truncated or corrupt gzip stream) surface from the iteration (see `asInputError`).
 * Returns the byte stream; nothing is read into memory whole.
 */
export function openSource(file: string, io: CliIo): AsyncIterable<Buffer | string> {
  if (file === '-') {
    if (!io.stdin) throw new CliUsageError('no standard input to read');
    return io.stdin;
  }
  checkInputFile(file);
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  return /\.gz$/i.test(file) ? gunzip(stream) : stream;
}

/** Bytes read from the start of a file to estimate its lines. */
const SAMPLE_BYTES = 1 << 18;

/**
 * About how many lines a plain file holds — its size over the mean line length of its first 256 KB, plus 2 % —
 * so that a reader can make room for its rows at once instead of doubling (a copy of every row each time, and the
 * old columns left to the garbage collector: hundreds of megabytes for tens of millions of orders). Undefined for
 * standard input, a gzip file (its size says little), a pipe, a file under 256 KB, one whose first 256 KB hold
 * fewer than 16 lines, or one that cannot be opened (the read reports it). A hint only: the reader grows past it.
 *
 * @example estimatedLines('orders.csv') // ≈ 9.5 M for a 236 MB file of 25-byte lines
 */
export function estimatedLines(file: string): number | undefined {
  if (file === '-' || /\.gz$/i.test(file)) return undefined;
  let fd: number;
  let size: number;
  try {
    // Only a regular file is opened here: opening a named pipe twice could cost its writer the data.
    const stat = statSync(file);
    if (!stat.isFile() || stat.size < SAMPLE_BYTES) return undefined;
    size = stat.size;
    fd = openSync(file, 'r');
  } catch {
    return undefined; // a hint only: the read itself reports a file it cannot open
  }
  try {
    const sample = Buffer.allocUnsafe(SAMPLE_BYTES);
    const read = sample.subarray(0, readSync(fd, sample, 0, SAMPLE_BYTES, 0));
    let lines = 0;
    for (let at = read.indexOf(10); at >= 0; at = read.indexOf(10, at + 1)) lines++;
    return lines < 16 ? undefined : Math.ceil((size / read.length) * lines * 1.02);
  } finally {
    closeSync(fd);
  }
}

/** The text encodings `--encoding` takes. UTF-8 is the default and is validated. */
export const ENCODINGS = ['utf8', 'latin1', 'utf16le'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Reads `--encoding` (`utf-8`, `iso-8859-1`, `utf16`, … accepted as their names here). */
export function readEncoding(value: string | undefined): Encoding | undefined {
  if (value === undefined) return 'utf8';
  const v = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (v === 'utf8') return 'utf8';
  if (v === 'latin1' || v === 'iso88591' || v === 'l1') return 'latin1';
  if (v === 'utf16le' || v === 'utf16' || v === 'ucs2') return 'utf16le';
  return undefined;
}

/** The advice printed with a file that is not UTF-8. */
export const ENCODING_HINT = 'pass --encoding latin1 (Latin-1, Windows-1252 exports) or --encoding utf16le';

/**
 * An input as UTF-8 bytes: UTF-8 passes through (its validity is checked line by line by the reader, which
 * knows the line numbers), Latin-1 and UTF-16LE are converted. A UTF-8 read that starts with a UTF-16
 * byte-order mark or holds NUL bytes is refused with `ENCODING_HINT`, as is any non-UTF-8 line later.
 */
export async function* utf8Bytes(
  chunks: AsyncIterable<Buffer | string>,
  encoding: Encoding,
  file: string,
): AsyncGenerator<Buffer> {
  const name = file === '-' ? 'stdin' : file;
  let first = true;
  const decoder = encoding === 'utf16le' ? new TextDecoder('utf-16le') : undefined;
  for await (const chunk of chunks) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (encoding === 'utf8') {
      if (first && b.length > 0) {
        first = false;
        const utf16 = b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
        if (utf16 || b.subarray(0, 4096).includes(0))
          throw new CliInputError(
            `${name}: the file looks like UTF-16 (${utf16 ? 'a UTF-16 byte-order mark' : 'NUL bytes'}), not UTF-8; ${ENCODING_HINT}`,
          );
      }
      yield b;
    } else if (decoder) yield Buffer.from(decoder.decode(b, { stream: true }), 'utf8');
    else yield Buffer.from(b.toString('latin1'), 'utf8');
  }
  if (decoder) {
    const rest = decoder.decode();
    if (rest.length > 0) yield Buffer.from(rest, 'utf8');
  }
}
