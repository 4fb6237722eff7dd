/**
 * The fast path of the CSV reader for the common line: no quotes, no padding, the needed fields found by
 * scanning for the delimiter without splitting the whole line. Anything unusual returns false and the line
 * goes through the general path (csv-parse for quoted fields), which also reports problems.
 */

/** Field bounds found by `locateFields`: start and end offsets of field k at [2k] and [2k + 1]. */
export type FieldBounds = Int32Array;

/**
 * Finds the bounds of fields 0 … width − 1 of an unquoted line split by `delimiter` (one UTF-16 code unit);
 * false when the line has a double quote before the last needed field ends, or fewer fields.
 */
export function locateFields(text: string, delimiter: string, width: number, bounds: FieldBounds): boolean {
  let start = 0;
  for (let k = 0; k < width; k++) {
    const next = text.indexOf(delimiter, start);
    const end = next < 0 ? text.length : next;
    bounds[2 * k] = start;
    bounds[2 * k + 1] = end;
    if (next < 0 && k < width - 1) return false;
    start = next + 1;
  }
  const quote = text.indexOf('"');
  return quote < 0 || quote > (bounds[2 * width - 1] as number);
}

/** Whether text[from, to) is bare (no blank at either end): else the general path trims it. */
export function isBare(text: string, from: number, to: number): boolean {
  return to > from && text.charCodeAt(from) > 32 && text.charCodeAt(to - 1) > 32;
}

/**
 * An amount written as digits with at most four decimals (`12`, `12.5`, `0.0001`), read as a float64 that
 * is the nearest to it — so Math.round(x · 10^4) gives back its ten-thousandths exactly; undefined for
 * anything else (signs, exponents, more decimals, over 10^11), which the core then reads from the text.
 */
export function shortAmount(text: string, from: number, to: number): number | undefined {
  let units = 0;
  let decimals = -1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
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
  const scale = decimals <= 0 ? 1 : 10 ** decimals;
  return units / scale;
}
