import { csvCell } from './output.js';

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
    let digits = 1;
    for (let p = 10; p <= v; p *= 10) digits++;
    const end = this.#at + digits;
    for (let at = end - 1; at >= this.#at; at--) {
      const q = Math.floor(v / 10);
      b[at] = 48 + v - q * 10;
      v = q;
    }
    this.#at = end;
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
