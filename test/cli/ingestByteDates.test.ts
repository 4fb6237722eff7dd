import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDayOfBytes } from '../../src/cli/ingest/byteFields.js';
import { parseDay } from '../../src/transactions/calendar.js';
import { runInProcess } from './inProcess.js';

const two = (n: number) => String(n).padStart(2, '0');

describe('the byte path dates timestamps as the text path does', () => {
  it('reads a date, a local time or (in UTC) a …Z time as parseDay does, or leaves it to the text path', () => {
    const timestamp = fc
      .record({
        y: fc.integer({ min: 1990, max: 2030 }),
        m: fc.integer({ min: 1, max: 13 }),
        d: fc.integer({ min: 1, max: 31 }),
        h: fc.integer({ min: 0, max: 25 }),
        min: fc.integer({ min: 0, max: 61 }),
        sep: fc.constantFrom('T', ' ', 'x'),
        tail: fc.constantFrom('', ':07', ':07Z', ':07.123Z', 'Z', '+01:00', ':07-05:00', ' PM', ':7Z'),
        timed: fc.boolean(),
      })
      .map(
        (t) => `${t.y}-${two(t.m)}-${two(t.d)}${t.timed ? `${t.sep}${two(t.h)}:${two(t.min)}${t.tail}` : ''}`,
      );
    fc.assert(
      fc.property(timestamp, (text) => {
        const bytes = Buffer.from(text);
        for (const utc of [false, true]) {
          const day = isoDayOfBytes(bytes, 0, bytes.length, utc);
          if (day !== undefined) expect(day).toBe(parseDay(text));
        }
        // Without UTC, a zone is never read on the byte path (its day depends on the time zone).
        if (/[Z+]|:\d\d-/.test(text)) expect(isoDayOfBytes(bytes, 0, bytes.length, false)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
  it('a Stripe-style …Z timestamp is its UTC day, and its day in --time-zone', async () => {
    const csv = 'customer_id,date,amount\na,2024-01-10T23:30:00Z,1\na,2024-01-12T23:30:00.250Z,1\n';
    const utc = await runInProcess(['summary', '-', '--format', 'json'], csv);
    expect(JSON.parse(utc.stdout)[0]).toMatchObject({
      first_purchase: '2024-01-10',
      last_purchase: '2024-01-12',
    });
    const tokyo = await runInProcess(['summary', '-', '--format', 'json', '--time-zone', 'Asia/Tokyo'], csv);
    expect(JSON.parse(tokyo.stdout)[0]).toMatchObject({
      first_purchase: '2024-01-11',
      last_purchase: '2024-01-13',
    });
  });
});
