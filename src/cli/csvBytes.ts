import { moneyText, moneyUnits } from '../index.js';
import { csvCell } from './output.js';
import { POWERS_OF_TEN } from './powersOfTen.js';

const CHUNK = 1 << 20;
const COMMA = 44;
const NEWLINE = 10;

/**
 * CSV written straight into bytes: cells go into a 1 MB buffer that is handed to `flush` when full, so a
 * million output rows make no line strings, no concatenated chunks and little garbage. Cells follow the
 * same rules as `csvCell` (text guarded against formula injection and quoted when needed; numbers as
 * `String` prints them). It formats only; the figures come from the core.
 */
export class CsvBytes {
  readonly #flush: (bytes: Uint8Array) => void;
  #buffer = Buffer.allocUnsafe(CHUNK);
  #at = 0;

  constructor(flush: (bytes: Uint8Array) => void) {
    this.#flush = flush;
  }

  /** Room for `bytes` more bytes: a full buffer goes out first (a fresh one follows, as `flush` may keep it). */
  #room(bytes: number): void {
    if (this.#at + bytes <= this.#buffer.length) return;
    this.end();
    if (bytes > this.#buffer.length) this.#buffer = Buffer.allocUnsafe(bytes);
  }

  /** A text cell (an id, a name): plain printable ASCII is copied as it is; anything else goes through `csvCell`. */
  text(value: string): this {
    const n = value.length;
    let plain = n > 0 && n <= 256;
    if (plain) {
      const c0 = value.charCodeAt(0);
      plain = c0 !== 61 && c0 !== 43 && c0 !== 45 && c0 !== 64; // = + - @
      for (let i = 0; plain && i < n; i++) {
        const c = value.charCodeAt(i);
        plain = c >= 32 && c < 127 && c !== 34 && c !== 44; // printable, no quote, no comma
      }
    }
    return plain ? this.ascii(value) : this.#utf8(csvCell(value));
  }

  /** Text known to be ASCII and safe as a cell (dates, decimal figures printed by the core). */
  ascii(value: string): this {
    const n = value.length;
    this.#room(n);
    const b = this.#buffer;
    let at = this.#at;
    for (let i = 0; i < n; i++) b[at++] = value.charCodeAt(i);
    this.#at = at;
    return this;
  }

  /** A number as `String(x)` prints it; whole numbers below 10^15 digit by digit, without a string. */
  number(x: number): this {
    if (!(Number.isInteger(x) && Math.abs(x) < 1e15)) return this.ascii(String(x));
    this.#room(17);
    const b = this.#buffer;
    let v = x;
    if (v < 0) {
      b[this.#at++] = 45;
      v = -v;
    }
    // Below 10^9 the digits come from 32-bit integer arithmetic; above, the number is cut into a high part and
    // nine low digits (each below 10^9), so no digit needs a floating-point division.
    if (v < 1e9) {
      this.#at = writeDigits(b, this.#at, v, digitCount(v));
      return this;
    }
    const high = Math.floor(v / 1e9);
    const low = v - high * 1e9;
    this.#at = writeDigits(b, writeDigits(b, this.#at, high, digitCount(high)), low, 9);
    return this;
  }

  /**
   * A figure rounded to `places` decimals as `Number(x.toFixed(places))` prints it (trailing zeros dropped),
   * digit by digit; values within 1e-6 of a rounding tie go through `toFixed` itself.
   */
  fixed(x: number, places: number): this {
    const scale = POWERS_OF_TEN[places] ?? 10 ** places;
    const y = x * scale;
    const whole = Math.trunc(y);
    if (!(Math.abs(y) < 2 ** 52) || Math.abs(Math.abs(y - whole) - 0.5) < 1e-6)
      return this.number(Number(x.toFixed(places)));
    return this.#scaled(Math.round(y), places);
  }

  /**
   * `String(Math.round(x · 10^places) / 10^places)`, digit by digit when that text is the integer r = Math.round(x ·
   * 10^places) scaled by 10^−places: for 10^4 ≤ |r| < 10^15 the quotient is the double nearest a decimal of at
   * most 15 significant digits, and no other such decimal is that near (they lie more than 4 ulps apart), so its
   * shortest round-trip text (ECMA-262 Number::toString) is that decimal, in plain notation above 10^−6. Other
   * values (zero, tiny, huge, non-finite) go through `String`.
   *
   * @example new CsvBytes(write).rounded(101.42857142857143, 10) // writes 101.4285714286
   */
  rounded(x: number, places: number): this {
    const scale = POWERS_OF_TEN[places] ?? 10 ** places;
    // Whole numbers (counts, ages in days) and cents (money) first: there x · 10^places is exact (or within 0.5 of
    // c · 10^(places − 2): |x| · 10^places < 10^15 for cents, so not past 10 places), so the quotient is x itself
    // and its text is x's digits.
    if (Number.isInteger(x) && Math.abs(x) * scale < 2 ** 53) return this.number(x);
    if (places >= 2 && places <= 10 && Math.abs(x) < 1e5) {
      const cents = Math.round(x * 100);
      if (cents / 100 === x) return this.#scaled(cents, 2);
    }
    const r = Math.round(x * scale);
    const a = r < 0 ? -r : r;
    if (a >= 1e4 && a < 1e15 && places <= 10) return this.#scaled(r, places);
    return this.number(r / scale);
  }

  /**
   * A money figure: the core's `moneyUnits` (the number's decimal rounded half up to cents) written with
   * exactly two decimals, as `moneyText` prints it — or, with `asNumber`, as the rounded number prints
   * (`String(Number(moneyText(x)))`: trailing zeros dropped).
   */
  money(x: number, asNumber = false): this {
    const cents = moneyUnits(x);
    if (cents === undefined) {
      const text = moneyText(x);
      return this.ascii(asNumber ? String(Number(text)) : text);
    }
    if (asNumber) return this.#scaled(cents, 2);
    const a = cents < 0 ? -cents : cents;
    const whole = Math.floor(a / 100);
    const rest = a - whole * 100;
    if (cents < 0) this.ascii('-');
    this.number(whole);
    this.#room(3);
    const b = this.#buffer;
    b[this.#at++] = 46; // .
    b[this.#at++] = 48 + Math.floor(rest / 10);
    b[this.#at++] = 48 + (rest % 10);
    return this;
  }

  /** The integer r scaled by 10^−places, trailing zeros dropped (r·10^−places has at most 15 digits here). */
  #scaled(r: number, places: number): this {
    if (r === 0) return this.number(0);
    const scale = POWERS_OF_TEN[places] ?? 10 ** places;
    const negative = r < 0;
    const a = negative ? -r : r;
    const whole = Math.floor(a / scale);
    let fraction = a - whole * scale;
    if (negative) this.ascii('-');
    this.number(whole);
    if (fraction === 0) return this;
    // The fraction's `places` digits, leading zeros kept and trailing ones dropped, without a string: above 10^9 it
    // is cut into high digits and nine low ones, each part written with 32-bit integer arithmetic.
    let digits = places;
    let low = 0;
    let lowDigits = 0;
    if (places > 9) {
      const high = Math.floor(fraction / 1e9);
      low = fraction - high * 1e9;
      lowDigits = 9;
      fraction = high;
      digits = places - 9;
      while (low !== 0 && low % 10 === 0) {
        low /= 10;
        lowDigits--;
      }
      if (low === 0) lowDigits = 0;
    }
    if (lowDigits === 0)
      while (fraction % 10 === 0) {
        fraction /= 10;
        digits--;
      }
    this.#room(digits + lowDigits + 1);
    const b = this.#buffer;
    b[this.#at] = 46; // .
    const at = writeDigits(b, this.#at + 1, fraction, digits);
    this.#at = lowDigits === 0 ? at : writeDigits(b, at, low, lowDigits);
    return this;
  }

  /** A cell of either kind. */
  cell(value: string | number): this {
    return typeof value === 'number' ? this.number(value) : this.text(value);
  }

  comma(): this {
    this.#room(1);
    this.#buffer[this.#at++] = COMMA;
    return this;
  }

  newline(): this {
    this.#room(1);
    this.#buffer[this.#at++] = NEWLINE;
    return this;
  }

  #utf8(value: string): this {
    this.#room(3 * value.length);
    this.#at += this.#buffer.write(value, this.#at, 'utf8');
    return this;
  }

  /** Hands over what is buffered (call once more at the end). */
  end(): void {
    if (this.#at === 0) return;
    this.#flush(this.#buffer.subarray(0, this.#at));
    this.#buffer = Buffer.allocUnsafe(CHUNK);
    this.#at = 0;
  }
}

/** The number of decimal digits of v, a whole number in [0, 10^9). */
function digitCount(v: number): number {
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  return digits;
}

/**
 * Writes v, a whole number in [0, 10^9), as exactly `digits` decimal digits (leading zeros) at b[at…]; returns
 * the index after them. 32-bit integer arithmetic only.
 */
function writeDigits(b: Uint8Array, at: number, v: number, digits: number): number {
  let rest = v | 0;
  const end = at + digits;
  for (let i = end - 1; i >= at; i--) {
    const q = (rest / 10) | 0;
    b[i] = 48 + rest - q * 10;
    rest = q;
  }
  return end;
}
