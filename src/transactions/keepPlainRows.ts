import { MAX_DAY_NUMBER } from './calendar.js';
import type { OrderLogReader } from './orderLogReader.js';

/** Whole ten-thousandths below this are kept at once (`accept` takes larger ones, up to its own bound). */
const PLAIN_UNITS = 2 ** 50;

/**
 * Keeps rows from, from + 1, … of typed columns in `reader` for as long as each is plain — a customer key in
 * [0, keyBound), a whole day number on or before the observation end, an amount (none: 0) of 0 or more with
 * at most four decimals — and returns the index of the first row that is not (`to` when all were). Such a row
 * is what `OrderLogReader.accept` keeps unchanged, so the caller sends the row returned through `accept` (which
 * rejects it or keeps it, a return for instance) and goes on from the next one: the rows kept, their order
 * and every rejection are those of `accept` row by row, without its calls and checks per row. The columnar
 * entries' fast path: `summarizeColumns`, `Summarizer.addDays` (the CLI's reader).
 *
 * @example
 * keepPlainRows(reader, Uint32Array.of(0, 1), Int32Array.of(19_723, 19_724), Float64Array.of(10, -5), 0, 2, 2) // 1: the return goes through accept
 */
export function keepPlainRows(
  reader: OrderLogReader,
  keys: Uint32Array | Int32Array,
  days: Int32Array | readonly number[],
  amounts: Float64Array | undefined,
  from: number,
  to: number,
  keyBound: number,
): number {
  const end = Math.min(reader.observationEnd, MAX_DAY_NUMBER);
  for (let i = from; i < to; i++) {
    const d = days[i] as number;
    const key = keys[i] as number;
    const a = amounts === undefined ? 0 : (amounts[i] as number);
    const u = Math.round(a * 10_000);
    if (
      !(
        d <= end &&
        d >= -MAX_DAY_NUMBER &&
        Number.isInteger(d) &&
        key >= 0 &&
        key < keyBound &&
        u >= 0 &&
        u < PLAIN_UNITS &&
        u / 10_000 === a
      )
    )
      return i;
    reader.keepChecked(key, d, u);
  }
  return to;
}
