import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clvkit } from '../cli/run.js';
import { cdnowSample, loadIntoPostgres, pgUrl, tempDir, writeCsv } from './fixtures.js';

// Loading a log into an engine on two shared cores can outlast the default 10 s hook timeout.
vi.setConfig({ hookTimeout: 120_000 });

const SPLIT = ['--time-unit', 'week', '--calibration-end', '1997-09-30', '--observation-end', '1998-06-30'];
const sample = cdnowSample();
const dir = tempDir();
const csv = writeCsv(sample, dir);

/** CSV output rows keyed by customer id (engines do not promise an order). */
function byCustomer(stdout: string): Map<string, string> {
  const [header, ...lines] = stdout.trim().split('\n');
  return new Map([
    ['header', header as string],
    ...lines.map((l) => [l.split(',')[0] as string, l] as [string, string]),
  ]);
}

/** The published BG/NBD estimates on the CDNOW sample (Fader, Hardie & Lee 2005). */
function expectPublishedFit(stdout: string): void {
  const est = (p: string) =>
    Number(
      stdout
        .split('\n')
        .find((l) => l.startsWith(`${p},`))
        ?.split(',')[1],
    );
  expect(est('r')).toBeCloseTo(0.2426, 3);
  expect(est('alpha')).toBeCloseTo(4.4136, 2);
  expect(est('a')).toBeCloseTo(0.7929, 3);
  expect(est('b')).toBeCloseTo(2.4259, 2);
}

describe('clvkit --engine duckdb (built CLI)', () => {
  it('summary: the same CSV as the in-process reader, row for row', () => {
    const engine = clvkit(['summary', '--engine', 'duckdb', csv, ...SPLIT, '--format', 'csv', '--quiet']);
    const node = clvkit(['summary', csv, ...SPLIT, '--format', 'csv', '--quiet']);
    expect(engine.code).toBe(0);
    expect(node.code).toBe(0);
    const a = byCustomer(engine.stdout);
    const b = byCustomer(node.stdout);
    expect(a.size).toBe(2358);
    expect([...a.entries()].filter(([k, v]) => b.get(k) !== v)).toEqual([]);
  });

  it('summary: ids read as text from a CSV, as in-process (leading zeros kept; not 7 for 007)', () => {
    const file = join(dir, 'zeros.csv');
    writeFileSync(file, 'customer_id,date,amount\n007,2024-01-05,5\n007,2024-02-01,12.5\n12,2024-01-10,4\n');
    const engine = clvkit(['summary', '--engine', 'duckdb', file, '--format', 'csv', '--quiet']);
    const node = clvkit(['summary', file, '--format', 'csv', '--quiet']);
    expect(engine.code).toBe(0);
    expect(byCustomer(engine.stdout)).toEqual(byCustomer(node.stdout));
    expect([...byCustomer(engine.stdout).keys()].sort()).toEqual(['007', '12', 'header']);
  });

  it('fit bgnbd: the published CDNOW estimates from the grouped summary', () => {
    const r = clvkit(['fit', 'bgnbd', '--engine', 'duckdb', csv, ...SPLIT, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/duckdb: 2357 customers in \d+ distinct \(frequency, recency, T\) rows/);
    expectPublishedFit(r.stdout);
  });

  it('refuses what the engines do not do, and reports engine errors as bad input (exit 2)', () => {
    const cases: [string[], RegExp][] = [
      [['summary', '--engine', 'duckdb', '-'], /not standard input/],
      [
        ['summary', '--engine', 'duckdb', csv, '--date-format', 'yyyyMMdd'],
        /--date-format is for the in-process reader/,
      ],
      [['summary', '--engine', 'sqlite', csv], /--engine: expected node, duckdb, postgres or clickhouse/],
      [['summary', '--engine', 'postgres', '--table', 'orders'], /needs --db/],
      [['fit', 'bgbb', '--engine', 'duckdb', csv], /not with --engine/],
      [['summary', '--engine', 'duckdb', join(dir, 'missing.csv')], /cannot read '.*missing\.csv'/], // the in-process reader's words
      [['summary', '--engine', 'duckdb', csv, '--customer-col', 'who" FROM x; --'], /who" FROM x; --/],
    ];
    for (const [args, message] of cases) {
      const r = clvkit(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('clvkit --engine postgres (built CLI)', () => {
  const table = `clvkit_cli_${process.pid}`;
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    await loadIntoPostgres(client, table, sample);
  });
  afterAll(async () => {
    await client?.query(`DROP TABLE IF EXISTS ${table}`);
    await client?.end();
  });

  it('fit bgnbd --db … --table …: the published CDNOW estimates', () => {
    const r = clvkit([
      'fit',
      'bgnbd',
      '--engine',
      'postgres',
      '--db',
      pgUrl(),
      '--table',
      `public.${table}`,
      ...SPLIT,
      '--format',
      'csv',
    ]);
    expect(r.code).toBe(0);
    expectPublishedFit(r.stdout);
  });

  it('summary --db … --table …: the same rows as the in-process reader', () => {
    const engine = clvkit([
      'summary',
      '--engine',
      'postgres',
      '--db',
      pgUrl(),
      '--table',
      table,
      ...SPLIT,
      '--format',
      'csv',
      '--quiet',
    ]);
    const node = clvkit(['summary', csv, ...SPLIT, '--format', 'csv', '--quiet']);
    const a = byCustomer(engine.stdout);
    const b = byCustomer(node.stdout);
    expect(a.size).toBe(2358);
    expect([...a.entries()].filter(([k, v]) => b.get(k) !== v)).toEqual([]);
  });
});
