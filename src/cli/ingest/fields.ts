import { parse } from 'csv-parse/sync';

/** How a line splits into fields: a one-character delimiter, or runs of blanks (`whitespace`). */
export type Delimiter = { readonly kind: 'char'; readonly char: string } | { readonly kind: 'whitespace' };

/** Reads `--delimiter`: one character (`\t` or `tab` for a tab) or `whitespace`; default a comma. */
export function readDelimiter(value: string | undefined): Delimiter | undefined {
  if (value === undefined) return { kind: 'char', char: ',' };
  if (value === 'whitespace') return { kind: 'whitespace' };
  if (value === 'tab' || value === '\\t') return { kind: 'char', char: '\t' };
  return [...value].length === 1 ? { kind: 'char', char: value } : undefined;
}

/**
 * The one trimming rule of every reading path (quoted or not, byte path or text path): a field loses the
 * whitespace `String.prototype.trim` removes at either end — ASCII blanks and line breaks, the no-break space
 * U+00A0, the other Unicode space separators (U+2000–U+200A, U+202F, U+205F, U+3000, U+1680) and U+FEFF: the
 * set `FIELD_WHITESPACE` (src/transactions/fieldWhitespace.ts), which the SQL engines trim by (`DialectDescription.trim`).
 * Nothing inside a field is changed. The byte-level fast path (`isBareBytes`) reads a field itself only when
 * both its ends are printable ASCII, so it never needs a second rule.
 *
 * @example trimField('\u00a0C-7 ') === 'C-7'
 */
export function trimField(text: string): string {
  return text.trim();
}

const BLANKS = /[ \t]+/;

/** A line whose quoted field goes on in the next line (the caller joins the next line and retries). */
export const OPEN_QUOTE = Symbol('open quote');

/** A line that cannot be split: the reason. */
export interface BadLine {
  readonly bad: string;
}

/**
 * Splits one line into fields. Lines without a double quote (the common case) are split directly, and lines
 * quoted plainly by RFC 4180 by one pass (`splitPlainQuotes`); other lines with quotes go through csv-parse,
 * which applies RFC 4180 quoting (`"a, b"`, `""` for a quote), leniently for a quote inside an unquoted field
 * (`O"Brien` is read as it is written). Whitespace mode splits on runs of spaces and tabs, ignoring leading and
 * trailing blanks (as CDNOW's files are laid out).
 * Returns `OPEN_QUOTE` for a line whose quoted field does not close. `strict` (for a record joined over
 * several lines) reads quotes by the letter of RFC 4180: text after a closing quote (`"a\nb"c`) gives
 * `{ bad }`, so that a stray opening quote does not pull the next line into its record.
 */
export function splitFields(
  text: string,
  delimiter: Delimiter,
  strict = false,
): string[] | typeof OPEN_QUOTE | BadLine {
  if (delimiter.kind === 'whitespace') {
    const trimmed = trimField(text);
    return trimmed === '' ? [''] : trimmed.split(BLANKS);
  }
  if (!text.includes('"')) return text.split(delimiter.char);
  const plain = splitPlainQuotes(text, delimiter.char);
  if (plain !== undefined) return plain;
  try {
    const rows = parse(text, {
      delimiter: delimiter.char,
      relax_column_count: true,
      relax_quotes: !strict,
    }) as string[][];
    return rows[0] ?? [''];
  } catch (e) {
    if ((e as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') return OPEN_QUOTE;
    const reason =
      (e as { code?: string }).code === 'CSV_INVALID_CLOSING_QUOTE'
        ? 'text after a closing quote'
        : 'unreadable quoting';
    return { bad: `${reason} (RFC 4180: a quoted field is "…" with "" for a quote inside)` };
  }
}

/**
 * Splits a line with quotes whose quoting is plain RFC 4180 — each quoted field opens at the field's start and
 * closes before a delimiter or the end of the text, with `""` for a quote inside — into the fields csv-parse gives
 * it; undefined for every other line (a quote that does not close, text after a closing quote, a quote inside an
 * unquoted field, a carriage return, a delimiter of two code units), which csv-parse reads. One pass with
 * `indexOf`: csv-parse sets a parser up on every call, most of a quoted line's cost (the UCI Online Retail file
 * quotes its product descriptions).
 *
 * @example splitPlainQuotes('1,"a, ""b""",2', ',') // ['1', 'a, "b"', '2']
 */
export function splitPlainQuotes(text: string, d: string): string[] | undefined {
  if (d.length !== 1 || d === '"' || text.includes('\r')) return undefined;
  const fields: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      // A quoted field: its text up to the closing quote, "" read as one quote.
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return undefined;
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return fields;
      if (text[i] !== d) return undefined;
    } else {
      const end = text.indexOf(d, i);
      const field = end < 0 ? text.slice(i) : text.slice(i, end);
      if (field.includes('"') || field.includes('\n')) return undefined;
      fields.push(field);
      if (end < 0) return fields;
      i = end;
    }
    // text[i] is a delimiter: a field follows (an empty one at the end of the text).
    i++;
    if (i === n) {
      fields.push('');
      return fields;
    }
  }
}
