import { ClvValidationError, makeIssue } from '../errors.js';
import { guardedRead } from '../schemas/parse.js';

/**
 * How an export writes its numbers, said once by a sample, never guessed: `1,234.56` (US, UK),
 * `1.234,56` (Germany, Brazil), `1 234,56` (France), `1'234.56` (Switzerland), `1234,56` (a decimal comma
 * without grouping), with an optional currency symbol before or after (`$1,234.56`, `1.234,56 €`).
 */
export interface AmountFormat {
  /** The sample it was made from, for messages. */
  readonly sample: string;
  /** The decimal separator: '.' or ','. */
  readonly decimal: '.' | ',';
  /** The thousands separator ('' when the sample groups no digits). */
  readonly thousands: string;
  /** The currency symbol the sample shows ('' when none): stripped where the sample has it, and only it. */
  readonly symbol: string;
  /** Whether the symbol comes before the number (`$1.00`) rather than after (`1,00 €`). */
  readonly symbolFirst: boolean;
}

/** Thousands separators a sample may show: comma, point, space, apostrophe, no-break and narrow no-break space. */
const THOUSANDS = [',', '.', ' ', "'", '\u00a0', '\u202f'];
/** A currency symbol of a sample: one to three characters that are not digits, separators, signs or blanks. */
const SYMBOL = /^[^\d\s.,'+\-\u00a0\u202f]{1,3}$/u;

/**
 * Reads an amount-format sample: the number 1234.56 written as the export writes it — `1,234.56`,
 * `1.234,56`, `1 234,56`, `1'234.56`, `1234,56`, `1234.56` — optionally with a currency symbol before or
 * after it, with or without a space (`$1,234.56`, `€1.234,56`, `1.234,56 €`, `CHF 1'234.56`). Undefined for
 * anything else (so a flag can say what it expects).
 *
 * @example readAmountFormat('1.234,56 €') // { decimal: ',', thousands: '.', symbol: '€', symbolFirst: false, … }
 */
export function readAmountFormat(sample: string): AmountFormat | undefined {
  if (typeof sample !== 'string') return undefined;
  const m = /^(?:(\S{1,3}) ?)?1(.?)234([.,])56(?: ?(\S{1,3}))?$/u.exec(sample);
  if (!m) return undefined;
  const [, before, thousands = '', decimal, after] = m;
  if (before !== undefined && after !== undefined) return undefined;
  const symbol = before ?? after ?? '';
  if (symbol !== '' && !SYMBOL.test(symbol)) return undefined;
  if (thousands !== '' && (!THOUSANDS.includes(thousands) || thousands === decimal)) return undefined;
  return {
    sample,
    decimal: decimal as '.' | ',',
    thousands,
    symbol,
    symbolFirst: before !== undefined,
  };
}

/** The spaces a sample's thousands separator may be, each standing for all of them. */
const SPACES = [' ', '\u00a0', '\u202f'];

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Compiles an amount format into a reader of field text: the amount as plain decimal text (`1234.56`,
 * `-9.99`), or undefined when the text is not written in that format. The rule: an optional minus sign
 * (before or after the symbol), the format's symbol where the sample has it (optional; another symbol is
 * not read), then digits, grouped by the thousands separator in threes (`1.234.567,8`) or not grouped at
 * all (`1234567,8`) — a space separator standing for any of the plain, no-break and narrow no-break
 * spaces — and optionally the decimal separator followed by one or more digits. Blanks at either
 * end are the reader's (see `trimField`). Nothing else is stripped: `$12.50` under the format `1.234,56 €`
 * is not an amount.
 *
 * Takes the format or its sample; an invalid one throws `ClvValidationError`.
 *
 * @example compileAmountFormat(readAmountFormat('1.234,56 €')!)('1.234,5 €') === '1234.5'
 * @example compileAmountFormat(readAmountFormat('1,234.56')!)('1,234') === '1234'
 */
export function compileAmountFormat(format: AmountFormat | string): (text: string) => string | undefined {
  // The format is read again from its sample (or the sample given): one reading rule, and nothing a caller's
  // object claims beyond it.
  const sample = guardedRead('compileAmountFormat', 'format', () =>
    typeof format === 'string'
      ? format
      : format !== null && typeof format === 'object'
        ? format.sample
        : format,
  );
  const checked = readAmountFormat(sample as string);
  if (checked === undefined)
    throw new ClvValidationError('compileAmountFormat', [
      makeIssue('format', "an amount format or its sample, e.g. '1.234,56 €' (see readAmountFormat)", format),
    ]);
  return compileChecked(checked);
}

function compileChecked(format: AmountFormat): (text: string) => string | undefined {
  // A space of any width groups digits as well as another: a sample typed with a plain space reads the
  // no-break and narrow no-break spaces that spreadsheets write.
  const t = SPACES.includes(format.thousands) ? '[ \u00a0\u202f]' : literal(format.thousands);
  const d = literal(format.decimal);
  const number = format.thousands === '' ? '\\d+' : `(?:\\d{1,3}(?:${t}\\d{3})+|\\d+)`;
  const symbol = format.symbol === '' ? '' : `(?:${literal(format.symbol)}\\s?)?`;
  const tail = format.symbol === '' ? '' : `(?:\\s?${literal(format.symbol)})?`;
  const pattern = format.symbolFirst
    ? new RegExp(`^(-?)${symbol}(-?)(${number})(?:${d}(\\d+))?$`, 'u')
    : new RegExp(`^(-?)()(${number})(?:${d}(\\d+))?${tail}$`, 'u');
  const strip = format.thousands === '' ? undefined : new RegExp(t, 'g');
  return (text) => {
    if (typeof text !== 'string') return undefined;
    const m = pattern.exec(text);
    if (!m || (m[1] === '-' && m[2] === '-')) return undefined;
    const whole = strip ? (m[3] as string).replace(strip, '') : (m[3] as string);
    const sign = m[1] === '-' || m[2] === '-' ? '-' : '';
    return m[4] === undefined ? `${sign}${whole}` : `${sign}${whole}.${m[4]}`;
  };
}
