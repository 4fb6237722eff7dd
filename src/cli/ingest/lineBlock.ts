import { isUtf8 } from 'node:buffer';
import { isBareBytes, isoDayOfBytes, locateByteFields, shortAmountOfBytes } from './byteFields.js';
import { idHash } from './idTable.js';

/**
 * The first phase of the reader's byte fast path, on a block of whole lines: each line is found, checked to be
 * UTF-8 and, when it is a plain row (see `byteFields.ts`), split into its fields, its date and amount read and
 * its id hashed. Nothing here depends on earlier lines, so a block can be parsed on another thread
 * (`parseWorker.ts`) while the reader applies the previous one (interning ids, adding rows to the summarizer);
 * the reader then takes the lines in order and sends every line that is not `FAST_ROW` through its general
 * text path, which reports problems.
 */

/** A line the general text path reads (a quote, a blank field, a bad or implausible date, another field count…). */
export const TEXT_LINE = 0;
/** A plain row: its fields, day, amount and id hash are in the `ParsedLines` arrays. */
export const FAST_ROW = 1;
/** A line that is not valid UTF-8 (the reader stops there, naming the line). */
export const NOT_UTF8 = 2;

/** What the fast path needs of the column plan, in numbers only (it crosses to a worker thread). */
export interface FastLinePlan {
  /** The delimiter's UTF-8 bytes. */
  readonly delimiter: Uint8Array;
  /** Fields read (1 + the largest of the columns used) and fields a row must have. */
  readonly width: number;
  readonly fields: number;
  /** Field indices of the customer id, the date and the amount (−1: no amount column). */
  readonly customer: number;
  readonly date: number;
  readonly amount: number;
  /**
   * How the date is read from bytes: ISO (`yyyy-MM-dd`, a plain local time, and with `iso-utc` a `…Z` time, see
   * `isoDayOfBytes`), `yyyyMMdd`, or `text` (another format: the reader parses the date text itself).
   */
  readonly dayRule: 'iso' | 'iso-utc' | 'yyyyMMdd' | 'text';
  /** Days outside [firstDay, lastDay] are implausible and go to the text path, which rejects them. */
  readonly firstDay: number;
  readonly lastDay: number;
  /**
   * A field a fast row must hold exactly (the log's one currency, `USD`, in its currency column): a row with
   * anything else there goes to the text path, which reads the field by its rules.
   */
  readonly same?: { readonly index: number; readonly bytes: Uint8Array };
}

/**
 * One parsed block, as typed arrays indexed by line: its bounds in the block (a CR before the LF left out),
 * its kind (`TEXT_LINE`, `FAST_ROW`, `NOT_UTF8`) and, for a fast row, the bounds of its id, date and amount, the
 * id's hash (`idHash`), the day (−2^31 with the `text` day rule) and the amount (NaN: more than four decimals
 * or an exponent, read from its text by the reader).
 */
export interface ParsedLines {
  readonly count: number;
  readonly lineFrom: Int32Array;
  readonly lineTo: Int32Array;
  readonly kind: Uint8Array;
  readonly idFrom: Int32Array;
  readonly idTo: Int32Array;
  readonly idHash: Int32Array;
  readonly dateFrom: Int32Array;
  readonly dateTo: Int32Array;
  readonly day: Int32Array;
  readonly amountFrom: Int32Array;
  readonly amountTo: Int32Array;
  readonly amount: Float64Array;
}

/** The day of a fast row whose date the reader parses itself (the `text` day rule). */
export const DAY_FROM_TEXT = -(2 ** 31);

/**
 * Parses the lines of bytes[from, to): lines end at LF (a CR before it is left out); a last piece without an LF
 * is a line when `to` is the end of the input and it is not empty (a lone CR counts as empty), as the reader
 * reads the end of a file. Without `plan` (the header is not read yet) every line is a `TEXT_LINE`.
 *
 * @example parseLines(Buffer.from('a,2024-01-02,3.5\n'), 0, 17, plan, true).kind[0] // FAST_ROW
 */
export function parseLines(
  bytes: Uint8Array,
  from: number,
  to: number,
  plan: FastLinePlan | undefined,
  endOfInput: boolean,
): ParsedLines {
  let count = 0;
  for (let at = from; at < to; ) {
    const nl = bytes.indexOf(10, at);
    if (nl < 0 || nl >= to) {
      count++;
      break;
    }
    count++;
    at = nl + 1;
  }
  const out: ParsedLines = {
    count: 0,
    lineFrom: new Int32Array(count),
    lineTo: new Int32Array(count),
    kind: new Uint8Array(count),
    idFrom: new Int32Array(count),
    idTo: new Int32Array(count),
    idHash: new Int32Array(count),
    dateFrom: new Int32Array(count),
    dateTo: new Int32Array(count),
    day: new Int32Array(count),
    amountFrom: new Int32Array(count),
    amountTo: new Int32Array(count),
    amount: new Float64Array(count),
  };
  const checkEachLine = to > from && !isUtf8(bytes.subarray(from, to));
  const bounds = new Int32Array(2 * Math.max(1, plan?.width ?? 1));
  let n = 0;
  for (let at = from; at < to; ) {
    let nl = bytes.indexOf(10, at);
    let end: number;
    if (nl < 0 || nl >= to) {
      // The last piece, without an LF: a line only at the end of the input, and only when not empty.
      nl = to;
      end = to > at && bytes[to - 1] === 13 ? to - 1 : to;
      if (!endOfInput || end <= at) break;
    } else end = nl > at && bytes[nl - 1] === 13 ? nl - 1 : nl;
    out.lineFrom[n] = at;
    out.lineTo[n] = end;
    if (checkEachLine && !isUtf8(bytes.subarray(at, end))) out.kind[n] = NOT_UTF8;
    else if (plan !== undefined && fastRow(bytes, at, end, plan, bounds, out, n)) out.kind[n] = FAST_ROW;
    n++;
    at = nl + 1;
  }
  return { ...out, count: n };
}

/** Reads line n (bytes[from, to)) as a plain row into `out`; false sends it to the text path. */
function fastRow(
  b: Uint8Array,
  from: number,
  to: number,
  p: FastLinePlan,
  bounds: Int32Array,
  out: ParsedLines,
  n: number,
): boolean {
  if (!locateByteFields(b, from, to, p.delimiter, p.width, p.fields, bounds)) return false;
  const idFrom = bounds[2 * p.customer] as number;
  const idTo = bounds[2 * p.customer + 1] as number;
  const dateFrom = bounds[2 * p.date] as number;
  const dateTo = bounds[2 * p.date + 1] as number;
  if (!isBareBytes(b, idFrom, idTo) || !isBareBytes(b, dateFrom, dateTo)) return false;
  if (p.same !== undefined && !holds(b, bounds, p.same.index, p.same.bytes)) return false;
  let amount = 0;
  if (p.amount >= 0) {
    const af = bounds[2 * p.amount] as number;
    const at = bounds[2 * p.amount + 1] as number;
    if (!isBareBytes(b, af, at)) return false;
    amount = shortAmountOfBytes(b, af, at) ?? Number.NaN;
    out.amountFrom[n] = af;
    out.amountTo[n] = at;
  }
  let day = DAY_FROM_TEXT;
  if (p.dayRule !== 'text') {
    const d =
      p.dayRule === 'yyyyMMdd'
        ? dateTo - dateFrom === 8
          ? isoDayOfBytes(b, dateFrom, dateTo)
          : undefined
        : isoDayOfBytes(b, dateFrom, dateTo, p.dayRule === 'iso-utc');
    if (d === undefined || d < p.firstDay || d > p.lastDay) return false;
    day = d;
  }
  out.idFrom[n] = idFrom;
  out.idTo[n] = idTo;
  out.idHash[n] = idHash(b, idFrom, idTo);
  out.dateFrom[n] = dateFrom;
  out.dateTo[n] = dateTo;
  out.day[n] = day;
  out.amount[n] = amount;
  return true;
}

/** Whether field `index` (its bounds in `bounds`) is exactly `bytes`. */
function holds(b: Uint8Array, bounds: Int32Array, index: number, bytes: Uint8Array): boolean {
  const from = bounds[2 * index] as number;
  if ((bounds[2 * index + 1] as number) - from !== bytes.length) return false;
  for (let k = 0; k < bytes.length; k++) if (b[from + k] !== bytes[k]) return false;
  return true;
}
