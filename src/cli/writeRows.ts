import type { CliIo } from './command.js';
import { CsvBytes } from './csvBytes.js';
import { formatRows, type OutputFormat, type Row } from './output.js';

const CHUNK = 10_000;

/**
 * Writes `count` rows made on demand by `row(i)`, in chunks, so that a million customers never sit in
 * memory as one string: csv and ndjson stream chunk by chunk; json streams the array's elements; a table
 * (meant for a terminal) needs every row for its column widths and is built whole.
 */
export function writeRows(
  io: CliIo,
  format: OutputFormat,
  columns: readonly string[],
  count: number,
  row: (i: number) => Row,
  /** A faster CSV row i written straight into bytes (no row object, no line string), when the caller has one. */
  csvRow?: (i: number, out: CsvBytes) => void,
): void {
  if (format === 'csv' && csvRow) {
    io.stdout(formatRows([], 'csv', columns));
    const out = new CsvBytes((bytes) => io.stdout(bytes));
    for (let i = 0; i < count; i++) csvRow(i, out);
    out.end();
    return;
  }
  if (format === 'table') {
    io.stdout(
      formatRows(
        Array.from({ length: count }, (_, i) => row(i)),
        'table',
        columns,
      ),
    );
    return;
  }
  if (format === 'json') io.stdout(count === 0 ? '[]\n' : '[\n');
  for (let start = 0; start < count || (start === 0 && format === 'csv'); start += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, count - start) }, (_, k) => row(start + k));
    if (format === 'csv') {
      const text = formatRows(rows, 'csv', columns);
      io.stdout(start === 0 ? text : text.slice(text.indexOf('\n') + 1));
    } else if (format === 'ndjson') io.stdout(formatRows(rows, 'ndjson', columns));
    else if (rows.length > 0) {
      const body = formatRows(rows, 'json', columns).trim().slice(1, -1).trim();
      io.stdout(`  ${body}${start + rows.length < count ? ',' : ''}\n`);
    }
    if (count === 0) break;
  }
  if (format === 'json' && count > 0) io.stdout(']\n');
}
