import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clvkit } from './run.js';

/**
 * Past 8 MB the reader parses blocks of lines on a worker thread while it applies the blocks before
 * (`--threads`, default every core). These logs are larger than that, with every kind of line the text path
 * handles scattered through them (so also in blocks parsed on the worker, and across block ends): the run on
 * two threads must write what the run on one thread writes, byte for byte — stdout, stderr, --rejects — and
 * stop at the same line.
 */
const dir = mkdtempSync(join(tmpdir(), 'clvkit-read-threads-'));

/** A deterministic pseudo-random stream (a linear congruential generator), so the logs are the same every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The lines the fast path does not read: each goes through the text path, used or rejected there. */
const ODD_LINES = [
  '"C00042",2023-05-06,12.00', // quoted id: used
  '"C00043\nsecond line",2023-05-06,1', // a quoted field over two lines: used (an id with a line break)
  'O"Brien,2023-05-06,3', // a quote inside an unquoted field: read as written, used
  '"C00055\nC00056"x,2023-05-06,1', // a stray opening quote: its line rejected (unclosed quote), the next read again
  'C00044,2023-05-06', // too few fields
  'C00045,2023-05-06,1,2', // too many
  'C00046,2023-05-06,', // blank amount
  'C00047,2023-02-30,5', // no such day
  'C00048,1850-01-01,5', // implausible date
  'C00049,2023-05-06,-4', // a negative amount
  'C00050,2023-05-06,1.234567', // more than four decimals: used, exact
  'C00051,2023-05-06,1e3', // an exponent: used
  ' C00052 ,2023-05-06,2', // blanks trimmed: used
  ',2023-05-06,2', // no id
  'C00053,2023-05-06T10:00:00+02:00,2', // a zone: the text path dates it
  '', // an empty line
  'C00054,2023-05-06,7\r', // CRLF
];

/** A log of about `megabytes` MB: plain rows, with one of ODD_LINES every ~`every` lines. */
function writeLog(
  name: string,
  megabytes: number,
  every: number,
  seed: number,
  extra: string[] = [],
): string {
  const random = lcg(seed);
  const lines = ['customer_id,date,amount'];
  let bytes = 0;
  while (bytes < megabytes * 2 ** 20) {
    const line =
      random() < 1 / every
        ? (ODD_LINES[Math.floor(random() * ODD_LINES.length)] as string)
        : `C${String(Math.floor(random() * 60_000)).padStart(5, '0')},2023-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')},${Math.floor(random() * 50_000) / 100}`;
    lines.push(line);
    bytes += line.length + 1;
  }
  lines.push(...extra);
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const COMMON = ['--observation-end', '2024-01-01', '--quiet'];

describe('reading on two threads (--threads)', () => {
  it('summarizes a 12 MB log with bad rows everywhere as one thread does, byte for byte', () => {
    const log = writeLog('mixed.csv', 12, 2_000, 7);
    expect(statSync(log).size).toBeGreaterThan(12 * 2 ** 20);
    const run = (threads: string) => {
      const rejects = join(dir, `rejects-${threads}.csv`);
      const r = clvkit([
        'summary',
        log,
        ...COMMON,
        '--on-bad-row',
        'skip',
        '--rejects',
        rejects,
        '--format',
        'csv',
        '--threads',
        threads,
      ]);
      return { ...r, rejects: readFileSync(rejects, 'utf8') };
    };
    const one = run('1');
    const two = run('2');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(two.rejects).toBe(one.rejects);
    // Every kind of line was met: rejected rows of each reason, and the used odd ones (the two-line quoted id).
    expect(one.stderr).toMatch(/rejected \(.*field count.*\)/);
    for (const reason of ['unclosed quote', 'date', 'implausible date', 'amount', 'customer id'])
      expect(one.stderr).toContain(reason);
    expect(one.stdout).toContain('"C00043\nsecond line"');
    expect(one.rejects.split('\n').length).toBeGreaterThan(20);
  });

  it('stops at the same first bad row, deep in the log, and names its line', () => {
    const log = writeLog('late-bad.csv', 10, 1e12, 11, ['C00001,2023-05-06,abc', 'C00002,2023-05-06,1']);
    const one = clvkit(['summary', log, ...COMMON, '--threads', '1']);
    const two = clvkit(['summary', log, ...COMMON, '--threads', '2']);
    expect(one.code).toBe(2);
    expect(two.code).toBe(one.code);
    expect(two.stderr).toBe(one.stderr);
    const lines = readFileSync(log, 'utf8').split('\n').length - 2;
    expect(one.stderr).toContain(`line ${lines}: column amount`);
  });

  it('names the same line that is not UTF-8', () => {
    const log = writeLog('latin1.csv', 9, 1e12, 13);
    const bytes = readFileSync(log);
    const at = bytes.lastIndexOf(Buffer.from('\nC')) + 2; // the id of the last line
    bytes[at] = 0xe9;
    writeFileSync(log, bytes);
    const one = clvkit(['summary', log, ...COMMON, '--threads', '1']);
    const two = clvkit(['summary', log, ...COMMON, '--threads', '2']);
    expect(one.code).toBe(2);
    expect(two.stderr).toBe(one.stderr);
    expect(one.stderr).toMatch(/line \d+: not valid UTF-8 text/);
  });

  it("a currency column: rows in the log's one currency on the fast path, the rest read by the row reader, as the row reader reads them all", () => {
    // The mixed log with a currency column: USD on most rows, the same currency written otherwise here and there
    // (lower case, quoted, padded), and a blank (a rejected row).
    const random = lcg(5);
    const spellings = ['usd', '"USD"', ' USD', ''];
    // (Without the exponent line: --amount-format, the reference below, reads amounts written like 1234.56 only.)
    const text = readFileSync(writeLog('currency-base.csv', 10, 2_000, 7), 'utf8')
      .split('\n')
      .filter((line) => !line.endsWith(',1e3'))
      .map((line, i) =>
        i === 0
          ? `${line},currency`
          : line === ''
            ? line
            : `${line},${random() < 0.002 ? spellings[Math.floor(random() * 4)] : 'USD'}`,
      )
      .join('\n');
    const log = join(dir, 'currency.csv');
    writeFileSync(log, text);
    const run = (flags: string[], name: string) => {
      const rejects = join(dir, `currency-rejects-${name}.csv`);
      const r = clvkit(['summary', log, ...COMMON, '--on-bad-row', 'skip', '--rejects', rejects, ...flags]);
      return { ...r, rejects: readFileSync(rejects, 'utf8') };
    };
    // --amount-format 1234.56 (plain amounts) sends every row through the row reader of real exports.
    const rowReader = run(['--amount-format', '1234.56', '--threads', '1'], 'rows');
    expect(rowReader.code, rowReader.stderr).toBe(0);
    expect(rowReader.stderr).toContain(
      'columns: customer=customer_id, date=date, amount=amount, currency=currency\n',
    );
    expect(rowReader.rejects).toContain('expected a currency code');
    for (const threads of ['1', '2']) {
      const fast = run(['--threads', threads], threads);
      expect(fast.stdout).toBe(rowReader.stdout);
      expect(fast.stderr).toBe(rowReader.stderr);
      expect(fast.rejects).toBe(rowReader.rejects);
    }
    // Stripe writes its codes in lower case: rows spelled as the first row spells its currency are the plain ones.
    writeFileSync(log, text.replaceAll(',USD\n', ',usd\n'));
    const lower = run(['--amount-format', '1234.56', '--threads', '1'], 'rows-lower');
    expect(lower.code, lower.stderr).toBe(0);
    const lowerFast = run(['--threads', '2'], 'lower');
    expect([lowerFast.stdout, lowerFast.stderr, lowerFast.rejects]).toEqual([
      lower.stdout,
      lower.stderr,
      lower.rejects,
    ]);
    // A second currency deep in the log stops the run at its line, naming the first currency's line.
    const late = join(dir, 'currency-late.csv');
    writeFileSync(late, `${text.trimEnd()}\nC00001,2023-05-06,1,EUR\n`);
    const lines = text.trimEnd().split('\n').length + 1;
    const stops = ['1', '2'].map((threads) =>
      clvkit(['summary', late, ...COMMON, '--on-bad-row', 'skip', '--threads', threads]),
    );
    const rowStop = clvkit([
      'summary',
      late,
      ...COMMON,
      '--on-bad-row',
      'skip',
      '--amount-format',
      '1234.56',
    ]);
    expect(rowStop.code).toBe(2);
    expect(rowStop.stderr).toContain(
      `line ${lines}: column currency: amounts in EUR and USD (from line 2) cannot be added`,
    );
    for (const stop of stops) expect(stop.stderr).toBe(rowStop.stderr);
  });

  it('refuses a --threads that is not a whole number from 1 to 64 before reading', () => {
    const r = clvkit(['summary', join(dir, 'none.csv'), '--threads', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--threads: expected a whole number from 1 to 64, received '0'");
  });
});
