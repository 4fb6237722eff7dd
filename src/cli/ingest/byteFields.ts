import { dayFromCivil, daysInMonth } from '../../transactions/calendar.js';
import { POWERS_OF_TEN } from '../powersOfTen.js';

/**
 * Field reading straight from the file's bytes, for the byte-level fast path of the reader: the common
 * line (ASCII digits and a one-byte delimiter, no quotes) is read without decoding it into a string.
 * Every function returns a miss (false, undefined or −1) for anything else, and the line is then read as
 * text by the general path, which also reports problems.
 */

/**
 * Bounds of fields 0 … width − 1 of bytes[from, to) split at `delimiter` (its UTF-8 bytes: one for `,` or a
 * tab, more for `§`; a lead byte never occurs inside another character, so matching the sequence is exact);
 * false on a quote anywhere in the line or when the line does not have exactly `total` fields (the general
 * path then reports it: a row is never read from its first fields alone).
 */
export function locateByteFields(
  bytes: Uint8Array,
  from: number,
  to: number,
  delimiter: Uint8Array,
  width: number,
  total: number,
  bounds: Int32Array,
): boolean {
  const first = delimiter[0] as number;
  const extra = delimiter.length - 1;
  let k = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = bytes[i] as number;
    if (c === 34) return false;
    if (c === first && (extra === 0 || continuesWith(bytes, i + 1, to, delimiter))) {
      if (k < width) {
        bounds[2 * k] = start;
        bounds[2 * k + 1] = i;
      }
      if (++k === total) return false;
      i += extra;
      start = i + 1;
    }
  }
  if (k !== total - 1) return false;
  if (k < width) {
    bounds[2 * k] = start;
    bounds[2 * k + 1] = to;
  }
  return true;
}

/** Whether bytes[at, …) continue with delimiter[1 …] before `to`. */
function continuesWith(bytes: Uint8Array, at: number, to: number, delimiter: Uint8Array): boolean {
  if (at + delimiter.length - 1 > to) return false;
  for (let j = 1; j < delimiter.length; j++) if (bytes[at + j - 1] !== delimiter[j]) return false;
  return true;
}

/**
 * Whether bytes[from, to) is non-empty and both its ends are printable ASCII, so that `trimField` would leave
 * it as it is; anything else (a blank, or a non-ASCII character that may be a no-break space) goes to the text
 * path, which trims by the one rule.
 */
export function isBareBytes(bytes: Uint8Array, from: number, to: number): boolean {
  if (to <= from) return false;
  const a = bytes[from] as number;
  const z = bytes[to - 1] as number;
  return a > 32 && a < 127 && z > 32 && z < 127;
}

function digitsAt(bytes: Uint8Array, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = (bytes[i] as number) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Whether bytes[from, to) is a time part the byte path reads as the day written: ` HH:mm` or `THH:mm:ss`
 * (a local time without a zone), and with `utc` also `THH:mm:ssZ` and `THH:mm:ss.sssZ` (an instant in UTC,
 * whose day in the UTC time zone is the day written); hours < 24, minutes and seconds < 60.
 */
function isPlainTime(bytes: Uint8Array, from: number, to: number, utc: boolean): boolean {
  let n = to - from;
  if (utc && (n === 10 || n === 14) && bytes[to - 1] === 90) {
    if (n === 14 && (bytes[from + 9] !== 46 || digitsAt(bytes, from + 10, 3) < 0)) return false;
    n = 9;
  }
  if ((n !== 6 && n !== 9) || (bytes[from] !== 84 && bytes[from] !== 32) || bytes[from + 3] !== 58)
    return false;
  if (n === 9) {
    const s = digitsAt(bytes, from + 7, 2);
    if (bytes[from + 6] !== 58 || s < 0 || s > 59) return false;
  }
  const h = digitsAt(bytes, from + 1, 2);
  const m = digitsAt(bytes, from + 4, 2);
  return h >= 0 && h < 24 && m >= 0 && m < 60;
}

/**
 * The day number of an ISO `yyyy-MM-dd` (with a plain time part, see `isPlainTime`) or a `yyyyMMdd` date in bytes, as
 * `parseDay` reads the same text (a local time after the date leaves the day written, as does a `…Z` time
 * when `utc`: the time zone is UTC); undefined otherwise.
 */
export function isoDayOfBytes(bytes: Uint8Array, from: number, to: number, utc = false): number | undefined {
  const n = to - from;
  let y: number;
  let m: number;
  let d: number;
  if (n >= 10 && bytes[from + 4] === 45 && bytes[from + 7] === 45) {
    // A time part is read here only when it is a plain local time (`HH:mm`, `HH:mm:ss`): anything else (a
    // zone, a fraction, a bad time) goes to the text path, which applies the time-zone rule or rejects it.
    if (n > 10 && !isPlainTime(bytes, from + 10, to, utc)) return undefined;
    y = digitsAt(bytes, from, 4);
    m = digitsAt(bytes, from + 5, 2);
    d = digitsAt(bytes, from + 8, 2);
  } else if (n === 8) {
    y = digitsAt(bytes, from, 4);
    m = digitsAt(bytes, from + 4, 2);
    d = digitsAt(bytes, from + 6, 2);
  } else return undefined;
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return dayFromCivil(y, m, d);
}

/** An amount of digits with at most four decimals (as the core reads the same text); undefined otherwise. */
export function shortAmountOfBytes(bytes: Uint8Array, from: number, to: number): number | undefined {
  let units = 0;
  let decimals = -1;
  for (let i = from; i < to; i++) {
    const c = bytes[i] as number;
    if (c === 46) {
      if (decimals >= 0) return undefined;
      decimals = 0;
      continue;
    }
    if (c < 48 || c > 57) return undefined;
    if (decimals >= 0 && ++decimals > 4) return undefined;
    units = units * 10 + (c - 48);
  }
  if (to === from || units >= 1e15 || (decimals === 0 && to - from === 1)) return undefined;
  return decimals <= 0 ? units : units / (POWERS_OF_TEN[decimals] as number);
}

/** A canonical integer id below 10^15 written in bytes ('42', not '042'), or −1. */
export function canonicalIntegerOfBytes(bytes: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n < 1 || n > 15 || (n > 1 && bytes[from] === 48)) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = (bytes[i] as number) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
