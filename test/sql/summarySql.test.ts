import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import {
  customerIdTypeSql,
  isDateType,
  quoteIdentifier,
  SQL_DIALECTS,
  type SqlDialect,
  summaryAccountSql,
  summarySql,
} from '../../src/sql/index.js';

const HOSTILE = 'orders"; DROP TABLE x; --';
const SPLIT = { timeUnit: 'week', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' } as const;

describe('summarySql: the three dialects not executed in CI, by snapshot', () => {
  for (const dialect of ['bigquery', 'snowflake', 'spark'] as const) {
    it(`${dialect}: per customer with a holdout, week occasions`, () => {
      const q = summarySql({ dialect, table: ['shop', 'orders'], granularity: 'week', ...SPLIT });
      // observationEnd twice: the bound of the rows used (later ones are rejected), then the window's end.
      expect(q.params).toEqual(['1998-06-30', '1998-06-30', '1997-09-30']);
      expect(q.sql).toMatchSnapshot();
    });
    it(`${dialect}: grouped, month occasions, observationEnd from the data`, () => {
      const q = summarySql({
        dialect,
        table: 'orders',
        granularity: 'month',
        timeUnit: 'month',
        grouped: true,
      });
      expect(q.params).toEqual([]);
      expect(q.columns).toEqual(['frequency', 'recency', 'T', 'count']);
      expect(q.sql).toMatchSnapshot();
    });
  }
});

describe('summarySql: dialect rules (docs/sql.md)', () => {
  const all = (dialect: SqlDialect) =>
    ['day', 'week', 'month', 'quarter', 'year'].map(
      (granularity) =>
        summarySql({ dialect, table: 'orders', granularity: granularity as 'day', ...SPLIT }).sql,
    );

  it('dates are bound parameters, each placeholder used once, in order; never spliced into the text', () => {
    for (const dialect of SQL_DIALECTS) {
      const q = summarySql({ dialect, table: 'orders', ...SPLIT });
      expect(q.sql).not.toContain('1997-09-30');
      expect(q.sql).not.toContain('1998-06-30');
      // Placeholders are outside string literals: a `?` inside one (a regular expression of the date rule) is text.
      const code = q.sql.replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
      if (dialect === 'duckdb' || dialect === 'postgres') {
        expect(code.match(/\$\d+/g)).toEqual(['$1', '$2', '$3']);
        expect(code).not.toContain('?');
      } else if (dialect === 'clickhouse') {
        // Named, typed placeholders: the ends subquery is nested twice (no CTEs), so each name may repeat.
        expect(new Set(q.sql.match(/\{p\d+:String\}/g))).toEqual(
          new Set(['{p1:String}', '{p2:String}', '{p3:String}']),
        );
        expect(code).not.toMatch(/\?|\$\d/);
      } else {
        expect(code.match(/\?/g)?.length).toBe(3);
        expect(code).not.toMatch(/\$\d/);
      }
    }
  });

  it('the DuckDB file path is a bound parameter too (the first)', () => {
    const q = summarySql({ dialect: 'duckdb', file: { path: "it's.csv", format: 'csv' }, ...SPLIT });
    expect(q.params).toEqual(["it's.csv", '1998-06-30', '1998-06-30', '1997-09-30']);
    expect(q.sql).toContain('FROM read_csv($1, all_varchar = true) AS src');
    expect(q.sql).not.toContain("it's");
    expect(summarySql({ dialect: 'duckdb', file: { path: 'a.parquet', format: 'parquet' } }).sql).toContain(
      'read_parquet($1)',
    );
  });

  it('each dialect writes its own day numbers, truncation and float type, and quotes names its way', () => {
    const rules: Record<SqlDialect, { must: RegExp[]; mustNot: RegExp[] }> = {
      duckdb: {
        must: [
          /"orders"/,
          /- DATE '1970-01-01'/,
          /date_trunc\('quarter'/,
          / AS DOUBLE\)/,
          /DECIMAL\(38, 10\)/,
        ],
        mustNot: [/`/, /DOUBLE PRECISION/],
      },
      postgres: {
        must: [/"orders"/, /- DATE '1970-01-01'/, /date_trunc\('year'/, /DOUBLE PRECISION/, /AS NUMERIC\)/],
        mustNot: [/`/, /\bDATEDIFF\b/],
      },
      clickhouse: {
        must: [
          /`orders`/,
          /toInt64\(order_date\)/,
          /toStartOfQuarter\(order_date\)/,
          /argMin\(spend, grain_day\)/,
          /AS Float64\)/,
          /AS Decimal\(38, 10\)\)/,
          /modulo\(modulo\(/,
        ],
        // No CTEs (18.16 has none), no MOD (18.16 has modulo only), no DATE literals.
        mustNot: [/"/, /\bWITH\b/, /\bMOD\(/, /DATE '/],
      },
      bigquery: {
        must: [/`orders`/, /UNIX_DATE\(/, /DATE_TRUNC\(order_date, MONTH\)/, /FLOAT64/, /AS NUMERIC\)/],
        mustNot: [/"/, /\bDOUBLE\b/],
      },
      snowflake: {
        must: [/"orders"/, /DATEDIFF\(day, DATE '1970-01-01', /, /DATE_TRUNC\('QUARTER'/, /NUMBER\(38, 10\)/],
        mustNot: [/`/, /UNIX_DATE/],
      },
      spark: {
        must: [
          /`orders`/,
          /DATEDIFF\(order_date, DATE '1970-01-01'\)/,
          /TRUNC\(order_date, 'YEAR'\)/,
          /DECIMAL\(38, 10\)/,
        ],
        mustNot: [/"/, /UNIX_DATE/],
      },
    };
    for (const dialect of SQL_DIALECTS) {
      const text = all(dialect).join('\n');
      for (const re of rules[dialect].must) expect(text, `${dialect} ${re}`).toMatch(re);
      for (const re of rules[dialect].mustNot) expect(text, `${dialect} ${re}`).not.toMatch(re);
      // ISO weeks from day numbers with a floor modulo (Monday start), the same in every dialect.
      expect(text).toMatch(/MOD\(MOD\(|modulo\(modulo\(/);
    }
  });

  it('time units divide by the mean Gregorian lengths; holdout columns only with calibrationEnd', () => {
    const q = summarySql({
      dialect: 'postgres',
      table: 'orders',
      timeUnit: 'month',
      calibrationEnd: '1997-09-30',
    });
    expect(q.sql).toContain('CAST(30.4375 AS DOUBLE PRECISION)');
    expect(q.columns).toContain('durationHoldout');
    expect(q.params).toEqual(['1997-09-30']);
    const whole = summarySql({ dialect: 'postgres', table: 'orders', timeUnit: 'quarter' });
    expect(whole.sql).toContain('CAST(91.3125 AS DOUBLE PRECISION)');
    expect(whole.columns).not.toContain('frequencyHoldout');
    expect(whole.sql).toContain('(SELECT MAX(');
  });

  it('an amount column is optional (spend 0)', () => {
    const q = summarySql({
      dialect: 'duckdb',
      table: 't',
      columns: { customerId: 'cid', date: 'day', amount: null },
    });
    expect(q.sql).toContain('src."cid"');
    expect(q.sql).toContain('CAST(0 AS DOUBLE) AS spend');
  });
});

describe('names: validated and quoted per dialect', () => {
  it('a hostile name stays one quoted identifier in every dialect', () => {
    expect(quoteIdentifier(HOSTILE, 'duckdb')).toBe('"orders""; DROP TABLE x; --"');
    expect(quoteIdentifier(HOSTILE, 'postgres')).toBe('"orders""; DROP TABLE x; --"');
    expect(quoteIdentifier(HOSTILE, 'snowflake')).toBe('"orders""; DROP TABLE x; --"');
    expect(quoteIdentifier(HOSTILE, 'bigquery')).toBe('`orders"; DROP TABLE x; --`');
    expect(quoteIdentifier(HOSTILE, 'spark')).toBe('`orders"; DROP TABLE x; --`');
    expect(quoteIdentifier(HOSTILE, 'clickhouse')).toBe('`orders"; DROP TABLE x; --`');
    expect(quoteIdentifier('a`b', 'spark')).toBe('`a``b`');
    for (const dialect of SQL_DIALECTS) {
      const sql = summarySql({ dialect, table: HOSTILE }).sql;
      // Every DROP TABLE is inside the one quoted name (ClickHouse nests the log's subquery more than once).
      const quoted = quoteIdentifier(HOSTILE, dialect);
      expect(sql.split('DROP TABLE').length).toBe(sql.split(quoted).length);
      expect(sql.split(quoted).length).toBeGreaterThan(1);
    }
  });

  it('names that cannot be quoted safely are refused with ClvValidationError naming the field', () => {
    const bad: [SqlDialect, Parameters<typeof summarySql>[0], RegExp][] = [
      [
        'bigquery',
        { dialect: 'bigquery', table: 'a`; DROP TABLE x; --' },
        /table: expected a name without backticks/,
      ],
      ['bigquery', { dialect: 'bigquery', table: 'a\\' }, /backslashes/],
      ['clickhouse', { dialect: 'clickhouse', table: 'a`b' }, /table: expected a name without backticks/],
      ['clickhouse', { dialect: 'clickhouse', table: 'orders', columns: { amount: 'a\\' } }, /backslashes/],
      ['postgres', { dialect: 'postgres', table: 'x'.repeat(64) }, /at most 63 bytes/],
      ['duckdb', { dialect: 'duckdb', table: 'a\u0000b' }, /control characters/],
      [
        'spark',
        { dialect: 'spark', table: 'orders', columns: { date: 'd\n; DROP' } },
        /columns.date: expected a name without control/,
      ],
      ['snowflake', { dialect: 'snowflake', table: ['db', ''] }, /table\[1\]: expected a non-empty name/],
    ];
    for (const [, options, message] of bad) {
      expect(() => summarySql(options)).toThrow(ClvValidationError);
      expect(() => summarySql(options)).toThrow(message);
    }
  });

  it('options are validated: dialect, source, dates, unknown fields', () => {
    expect(() => summarySql({ dialect: 'mysql' as never, table: 't' })).toThrow(/dialect/);
    expect(() => summarySql({ dialect: 'duckdb' })).toThrow(/either a table or a file/);
    expect(() => summarySql({ dialect: 'postgres', file: { path: 'a.csv', format: 'csv' } })).toThrow(
      /files are read by the 'duckdb' dialect only/,
    );
    expect(() =>
      summarySql({
        dialect: 'duckdb',
        table: 't',
        calibrationEnd: '1998-07-01',
        observationEnd: '1998-06-30',
      }),
    ).toThrow(/calibrationEnd: expected a date before observationEnd 1998-06-30/);
    expect(() =>
      summarySql({ dialect: 'duckdb', table: 't', observationEnd: "1998-06-30'; DROP TABLE x; --" }),
    ).toThrow(/observationEnd: expected a calendar date/);
    expect(() => summarySql({ dialect: 'duckdb', table: 't', granularity: 'fortnight' as never })).toThrow(
      /granularity/,
    );
    expect(() => summarySql({ dialect: 'duckdb', table: 't', onBadRow: 'collect' } as never)).toThrow(
      /onBadRow: expected no such field/,
    );
  });

  it('keptDays: whole day numbers, from ≤ to, written as literals into the last reason of every query', () => {
    const keptDays = { from: 9862, to: 10407, gap: 774 };
    expect(() =>
      summarySql({ dialect: 'duckdb', table: 't', keptDays: { ...keptDays, from: 9862.5 } }),
    ).toThrow(
      /keptDays\.from: expected a day number \(whole days since 1970-01-01\) of the years 1900 … 9999/,
    );
    expect(() =>
      summarySql({ dialect: 'duckdb', table: 't', keptDays: { ...keptDays, from: 10408 } }),
    ).toThrow(/keptDays\.to: expected a day on or after keptDays\.from 10408/);
    expect(() => summarySql({ dialect: 'duckdb', table: 't', keptDays: { ...keptDays, gap: -1 } })).toThrow(
      /keptDays\.gap: expected a whole number of days, 0 or more/,
    );
    for (const dialect of SQL_DIALECTS) {
      const plain = summarySql({ dialect, table: 't' });
      const kept = summarySql({ dialect, table: 't', keptDays });
      expect(plain.sql).not.toContain('outlier date');
      expect(kept.sql).toContain(' < 9862 OR ');
      expect(kept.sql).toContain(" > 10407) THEN 'outlier date' END AS reject_reason");
      expect(kept.params).toEqual(plain.params);
      const account = summaryAccountSql({ dialect, table: 't', keptDays });
      expect(account.account.sql).toContain("THEN 'outlier date'");
      expect(account.rejectedRows(0, 10).sql).toContain(
        "ORDER BY CASE WHEN reject_reason = 'outlier date' THEN 1 ELSE 0 END, id_text",
      );
      // The account by day: each reason with its count, the used rows (NULL reason) split by their day.
      const { days } = summaryAccountSql({ dialect, table: 't' });
      expect(days.columns).toEqual(['reason', 'day', 'rowCount']);
      expect(days.sql).toContain('CASE WHEN reject_reason IS NULL THEN');
      expect(days.sql).toMatch(/GROUP BY u\.clvkit_reason, u\.clvkit_day$/);
    }
  });
});

describe('typed DATE columns', () => {
  it('isDateType names the plain date types of every engine, nothing else', () => {
    for (const t of ['DATE', 'date', 'Date', 'Nullable(Date)', 'Date32', ' date '])
      expect(isDateType(t), t).toBe(true);
    for (const t of [
      'TIMESTAMP',
      'timestamp with time zone',
      'DateTime',
      'VARCHAR',
      'text',
      'Nullable(String)',
      'date_text',
    ])
      expect(isDateType(t), t).toBe(false);
    expect(() => isDateType(7 as never)).toThrow(/isDateType/);
  });

  it('typedDate reads the column as its day in every dialect; the type query names both columns', () => {
    for (const dialect of ['duckdb', 'postgres', 'clickhouse'] as const) {
      const typed = summarySql({ dialect, table: 'orders', typedDate: true }).sql;
      expect(typed).toContain('CAST(t.date_value AS DATE) AS order_date');
      expect(typed).not.toContain('tp_hours');
      const text = summarySql({ dialect, table: 'orders' }).sql;
      expect(text).not.toContain('date_value');
      // DuckDB names the amount's type too (a DOUBLE is read as its value: typedAmount).
      expect(customerIdTypeSql({ dialect, table: 'orders' })?.columns).toEqual(
        dialect === 'duckdb' ? ['type', 'dateType', 'amountType'] : ['type', 'dateType'],
      );
    }
  });
});
