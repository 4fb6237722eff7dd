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

const BLANKS = /[ \t]+/;

/**
 * Splits one line into fields. Lines without a double quote (the common case) are split directly; lines
 * with quotes go through csv-parse, which applies RFC 4180 quoting (`"a, b"`, `""` for a quote). Whitespace
 * mode splits on runs of spaces and tabs, ignoring leading and trailing blanks (as CDNOW's files are laid out).
 * Returns undefined for a line whose quotes do not close (the caller may join the next line and retry).
 */
export function splitFields(text: string, delimiter: Delimiter): string[] | undefined {
  if (delimiter.kind === 'whitespace') {
    const trimmed = text.trim();
    return trimmed === '' ? [''] : trimmed.split(BLANKS);
  }
  if (!text.includes('"')) return text.split(delimiter.char);
  try {
    const rows = parse(text, { delimiter: delimiter.char, relax_column_count: true }) as string[][];
    return rows[0] ?? [''];
  } catch {
    return undefined;
  }
}
