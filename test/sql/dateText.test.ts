import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOfText, ISO_DAY, timePartColumns } from '../../src/sql/dateText.js';
import { DIALECTS } from '../../src/sql/dialects.js';
import { formatDay, instantDayReader, parseDay } from '../../src/transactions/calendar.js';

/** Date texts near the edges of the rule: days that exist or not, times in range or not, every zone form. */
const dateText = fc
  .tuple(
    fc.constantFrom('1999', '2000', '2023', '2024'),
    fc.constantFrom('01', '02', '12', '13', '1'),
    fc.constantFrom('01', '28', '29', '30', '31', '00'),
    fc.boolean(),
    fc.option(
      fc.tuple(
        fc.constantFrom('T', ' ', '_'),
        fc.constantFrom('0', '00', '1', '11', '12', '13', '23', '24'),
        fc.constantFrom('00', '30', '59', '60'),
        fc.option(fc.constantFrom(':00', ':59', ':60', ':30.5', ':30,123456789')),
        fc.option(fc.constantFrom(' AM', 'PM', ' pm', 'am')),
        fc.option(
          fc.constantFrom(
            'Z',
            'z',
            ' UTC',
            'GMT',
            '+01:00',
            '-05:00',
            '+0530',
            '-11',
            '+14:00',
            '+19:00',
            '-03:60',
            ' +02:00',
          ),
        ),
      ),
    ),
  )
  .map(([y, m, d, compact, time]) => {
    const date = compact ? `${y}${m.padStart(2, '0')}${d}` : `${y}-${m}-${d}`;
    if (time === null || compact) return date;
    const [sep, h, min, sec, meridiem, zone] = time;
    return `${date}${sep}${h}:${min}${sec ?? ''}${meridiem ?? ''}${zone ?? ''}`;
  });

describe('dateOfText: the in-process reader date rule, in SQL (DuckDB runs it)', () => {
  it.each(['UTC', 'America/New_York', 'Asia/Kolkata'])(
    'every text gives parseDay day, or no date where parseDay gives none (%s)',
    async (zone) => {
      const texts = fc.sample(dateText, { numRuns: 400, seed: 14 });
      const d = DIALECTS.duckdb;
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      try {
        await connection.run('CREATE TABLE input (i INTEGER, date_text VARCHAR)');
        const appender = await connection.createAppender('input');
        texts.forEach((t, i) => {
          appender.appendInteger(i);
          appender.appendVarchar(t);
          appender.endRow();
        });
        appender.closeSync();
        const sql = `SELECT CAST(${dateOfText(d, 't.date_text', zone)} AS VARCHAR)
FROM (SELECT i, date_text, ${timePartColumns(d, 'date_text').join(', ')} FROM input) AS t ORDER BY i`;
        const got = (await connection.runAndReadAll(sql)).getColumns()[0] as (string | null)[];
        const reader = instantDayReader(zone);
        const want = texts.map((t) => {
          const day = parseDay(t, reader);
          return day === undefined ? null : formatDay(day);
        });
        const differ = texts.flatMap((t, i) => (got[i] === want[i] ? [] : [`${t}: ${got[i]} vs ${want[i]}`]));
        expect(differ).toEqual([]);
        // With a column already saying which texts are plain dates (false for some that are: tested again).
        const plain = `${d.matches('date_text', ISO_DAY)} AND i % 2 = 0`;
        const withPlain = `SELECT CAST(${dateOfText(d, 't.date_text', zone, 't.date_plain')} AS VARCHAR)
FROM (SELECT i, date_text, ${plain} AS date_plain, ${timePartColumns(d, 'date_text').join(', ')} FROM input) AS t ORDER BY i`;
        expect((await connection.runAndReadAll(withPlain)).getColumns()[0]).toEqual(got);
        expect(want.filter((w) => w === null).length).toBeGreaterThan(50); // the sample holds non-dates
        expect(want.filter((w) => w !== null).length).toBeGreaterThan(50); // and dates
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    },
  );
});
