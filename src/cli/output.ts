/**
 * Output writers for the CLI: table, csv, json, ndjson. They format values; they compute nothing.
 */

/** One output cell: text, a number, a Decimal-like (anything with toString), or empty. */
export type Cell = string | number | boolean | null | undefined | { toString(): string };
export type Row = Readonly<Record<string, Cell>>;
export type OutputFormat = 'table' | 'csv' | 'json' | 'ndjson';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json', 'ndjson'];

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  return String(cell);
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Neutralises a CSV cell that a spreadsheet would run as a formula: one that starts with `=`, `+`, `-`, `@`,
 * a tab or a carriage return and is not a plain number gets a leading apostrophe (OWASP, "CSV injection").
 * Negative numbers such as `-12.5` are left as they are.
 *
 * @example guardSpreadsheetCell('=HYPERLINK("x")') === "'=HYPERLINK(\"x\")"; guardSpreadsheetCell('-3') === '-3'
 */
export function guardSpreadsheetCell(value: string): string {
  if (value === '' || NUMBER.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvQuote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV cell: numbers as they are, text guarded against formula injection and quoted when needed. */
export function csvCell(cell: Cell): string {
  return typeof cell === 'number' ? String(cell) : csvQuote(guardSpreadsheetCell(text(cell)));
}

/** CSV (RFC 4180) with a header row, every cell guarded against spreadsheet formula injection. */
export function formatCsv(rows: readonly Row[], columns: readonly string[] = columnsOf(rows)): string {
  const lines = [columns.map((c) => csvQuote(guardSpreadsheetCell(c))).join(',')];
  for (const row of rows) {
    let line = '';
    for (let j = 0; j < columns.length; j++) {
      const cell = row[columns[j] as string];
      // Numbers are safe as they are; only text can be a formula or need quotes.
      const value = csvCell(cell);
      line = j === 0 ? value : `${line},${value}`;
    }
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

/** JSON: an array of objects, Decimals as strings (so no digit is lost). */
export function formatJson(rows: readonly Row[]): string {
  return `${JSON.stringify(rows.map(plain), null, 2)}\n`;
}

/** Newline-delimited JSON: one object per line. */
export function formatNdjson(rows: readonly Row[]): string {
  return rows.map((r) => JSON.stringify(plain(r))).join('\n') + (rows.length > 0 ? '\n' : '');
}

/** An aligned text table; numbers right-aligned. */
export function formatTable(rows: readonly Row[], columns: readonly string[] = columnsOf(rows)): string {
  const cells = rows.map((r) => columns.map((c) => text(r[c])));
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((row) => (row[j] as string).length)));
  const numeric = columns.map(
    (_, j) => cells.length > 0 && cells.every((row) => NUMBER.test(row[j] as string) || row[j] === ''),
  );
  const pad = (v: string, j: number) =>
    numeric[j] ? v.padStart(widths[j] as number) : v.padEnd(widths[j] as number);
  const lines = [
    columns.map(pad).join('  '),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.map((row) => row.map(pad).join('  ')),
  ];
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

/** Formats rows in one of the output formats. */
export function formatRows(rows: readonly Row[], format: OutputFormat, columns?: readonly string[]): string {
  switch (format) {
    case 'csv':
      return formatCsv(rows, columns);
    case 'json':
      return formatJson(rows);
    case 'ndjson':
      return formatNdjson(rows);
    case 'table':
      return formatTable(rows, columns);
  }
}

function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

function plain(row: Row): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = v === undefined || v === null ? null : typeof v === 'object' ? v.toString() : v;
  }
  return out;
}
