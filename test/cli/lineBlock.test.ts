import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { idHash } from '../../src/cli/ingest/idTable.js';
import {
  DAY_FROM_TEXT,
  FAST_ROW,
  type FastLinePlan,
  NOT_UTF8,
  type ParsedLines,
  parseLines,
  TEXT_LINE,
} from '../../src/cli/ingest/lineBlock.js';
import { lineParser } from '../../src/cli/ingest/lineParser.js';
import { dayFromCivil } from '../../src/transactions/calendar.js';

const PLAN: FastLinePlan = {
  delimiter: Buffer.from(','),
  width: 3,
  fields: 3,
  customer: 0,
  date: 1,
  amount: 2,
  dayRule: 'iso-utc',
  firstDay: dayFromCivil(1900, 1, 1),
  lastDay: dayFromCivil(2030, 1, 1),
};

/** The lines of a parse as text with their kind, and each fast row's fields as read. */
function readBack(bytes: Buffer, r: ParsedLines) {
  const out: unknown[] = [];
  for (let i = 0; i < r.count; i++) {
    const line = bytes.toString('latin1', r.lineFrom[i], r.lineTo[i]);
    if (r.kind[i] !== FAST_ROW) {
      out.push([line, r.kind[i]]);
      continue;
    }
    out.push([
      line,
      FAST_ROW,
      bytes.toString('utf8', r.idFrom[i], r.idTo[i]),
      r.idHash[i],
      r.day[i],
      r.amount[i],
      bytes.toString('utf8', r.amountFrom[i], r.amountTo[i]),
    ]);
  }
  return out;
}

describe('parseLines (the byte fast path, one block of lines at a time)', () => {
  it('finds lines (LF, CRLF, a last line without LF), reads plain rows and leaves every other line to the text path', () => {
    const text =
      'C1,2024-01-02,12.5\r\n' + // CRLF
      '42,2024-02-29T10:00:00Z,3\n' + // a UTC time: the day written
      '"C2",2024-01-02,1\n' + // a quote: text path
      'C3,2024-02-30,1\n' + // no such day
      'C4,1899-12-31,1\n' + // before 1900: implausible, the text path rejects it
      'C5,2024-01-02,1.23456\n' + // five decimals: the amount is read from its text
      'C6,2024-01-02\n' + // two fields
      '\n' + // an empty line
      ' C7,2024-01-02,1\n' + // a blank at an end: the text path trims it
      'C8,2024-01-02,7'; // the last line, without LF
    const bytes = Buffer.from(text);
    const day = dayFromCivil(2024, 1, 2);
    const hash = (id: string) => idHash(Buffer.from(id), 0, Buffer.byteLength(id));
    expect(readBack(bytes, parseLines(bytes, 0, bytes.length, PLAN, true))).toEqual([
      ['C1,2024-01-02,12.5', FAST_ROW, 'C1', hash('C1'), day, 12.5, '12.5'],
      ['42,2024-02-29T10:00:00Z,3', FAST_ROW, '42', hash('42'), dayFromCivil(2024, 2, 29), 3, '3'],
      ['"C2",2024-01-02,1', TEXT_LINE],
      ['C3,2024-02-30,1', TEXT_LINE],
      ['C4,1899-12-31,1', TEXT_LINE],
      ['C5,2024-01-02,1.23456', FAST_ROW, 'C5', hash('C5'), day, Number.NaN, '1.23456'],
      ['C6,2024-01-02', TEXT_LINE],
      ['', TEXT_LINE],
      [' C7,2024-01-02,1', TEXT_LINE],
      ['C8,2024-01-02,7', FAST_ROW, 'C8', hash('C8'), day, 7, '7'],
    ]);
    // Not at the end of the input, the piece after the last LF is not a line (it is carried to the next block).
    expect(parseLines(bytes, 0, bytes.length, PLAN, false).count).toBe(9);
    // Without a plan (the header not read yet), every line is for the text path.
    const unplanned = parseLines(bytes, 0, bytes.length, undefined, true);
    expect([...unplanned.kind]).toEqual(new Array(10).fill(TEXT_LINE));
  });

  it('marks the lines that are not UTF-8, and only them', () => {
    const bytes = Buffer.concat([
      Buffer.from('C1,2024-01-02,1\nC'),
      Buffer.from([0xe9]), // Latin-1 é
      Buffer.from(',2024-01-02,1\nZoëy,2024-01-02,1\nZoë,2024-01-02,1\n'), // Zoë ends in a non-ASCII letter: text path
    ]);
    const r = parseLines(bytes, 0, bytes.length, PLAN, true);
    expect([...r.kind]).toEqual([FAST_ROW, NOT_UTF8, FAST_ROW, TEXT_LINE]);
  });

  it('with the text day rule, leaves the day to the reader; yyyyMMdd reads eight digits only', () => {
    const bytes = Buffer.from('a,02/01/2024,1\nb,20240102,1\nc,2024012,1\n');
    const text = parseLines(bytes, 0, bytes.length, { ...PLAN, dayRule: 'text' }, true);
    expect([...text.kind]).toEqual([FAST_ROW, FAST_ROW, FAST_ROW]);
    expect([...text.day]).toEqual([DAY_FROM_TEXT, DAY_FROM_TEXT, DAY_FROM_TEXT]);
    const compact = parseLines(bytes, 0, bytes.length, { ...PLAN, dayRule: 'yyyyMMdd' }, true);
    expect([...compact.kind]).toEqual([TEXT_LINE, FAST_ROW, TEXT_LINE]);
    expect(compact.day[1]).toBe(dayFromCivil(2024, 1, 2));
  });

  it("with a field it must hold (the log's one currency), a row holding anything else goes to the text path", () => {
    const plan: FastLinePlan = {
      ...PLAN,
      width: 4,
      fields: 4,
      same: { index: 3, bytes: Buffer.from('USD') },
    };
    const bytes = Buffer.from(
      'a,2024-01-02,3.5,USD\nb,2024-01-02,1,usd\nc,2024-01-02,1, USD\nd,2024-01-02,1,USDX\ne,2024-01-02,1,\n',
    );
    const r = parseLines(bytes, 0, bytes.length, plan, true);
    expect([...r.kind.subarray(0, r.count)]).toEqual([FAST_ROW, TEXT_LINE, TEXT_LINE, TEXT_LINE, TEXT_LINE]);
  });

  it('parses a log split into blocks at any line ends as the whole log (property)', () => {
    const line = fc.oneof(
      fc
        .tuple(
          fc.stringMatching(/^[A-Za-z0-9 "é-]{0,6}$/),
          fc.constantFrom('2024-01-02', '2023-12-31T23:59:59Z', '1800-01-01', 'x', '2024-13-01'),
          fc.stringMatching(/^[0-9.e-]{0,8}$/),
        )
        .map(([id, date, amount]) => `${id},${date},${amount}`),
      fc.constantFrom('', '\r', 'a,b', 'a,2024-01-02,1,extra', '"q\r'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 4 }), (lines, cuts) => {
        const bytes = Buffer.from(`${lines.join('\n')}\n`);
        const whole = readBack(bytes, parseLines(bytes, 0, bytes.length, PLAN, true));
        // Cut after some of the LFs: each block holds whole lines.
        const ends = [...bytes.keys()].filter((k) => bytes[k] === 10).map((k) => k + 1);
        const at = [...new Set(cuts.map((c) => ends[c % ends.length] as number))].sort((a, b) => a - b);
        const pieces: unknown[] = [];
        let from = 0;
        for (const to of [...at, bytes.length]) {
          if (to <= from) continue;
          pieces.push(...readBack(bytes, parseLines(bytes, from, to, PLAN, to === bytes.length)));
          from = to;
        }
        expect(pieces).toEqual(whole);
      }),
    );
  });
});

describe('lineParser (blocks parsed on a worker thread)', () => {
  const parser = lineParser(true);
  afterAll(() => parser.close());

  it('gives the blocks back in order, parsed as on the calling thread', async () => {
    const blocks = [0, 1, 2, 3, 4].map((k) => {
      const text = Array.from(
        { length: 2000 },
        (_, i) => `C${(i * 7919 + k) % 613},2024-0${1 + (i % 9)}-1${i % 10},${i % 97}.${k}`,
      )
        .concat(k === 2 ? ['"quoted",2024-01-01,1', 'bad line'] : [])
        .join('\n');
      const shared = Buffer.from(new SharedArrayBuffer(text.length + 9));
      shared.write(`${text}\n`, 4); // the block at an offset in its buffer
      return shared;
    });
    for (const b of blocks) parser.submit(b, 4, b.length - 4, PLAN, false);
    expect(parser.queued).toBe(5);
    for (const b of blocks) {
      const got = await parser.next();
      expect(got.bytes.buffer).toBe(b.buffer);
      expect(got.to).toBe(b.length - 4);
      expect(readBack(got.bytes, got.lines)).toEqual(
        readBack(b, parseLines(b, 4, b.length - 4, PLAN, false)),
      );
    }
    expect(parser.queued).toBe(0);
  });

  it('parses on the calling thread once the worker is gone, with the same result', async () => {
    const p = lineParser(true);
    const b = Buffer.from(new SharedArrayBuffer(64));
    b.write('C1,2024-01-02,1\nC2,2024-01-03,2.5\n');
    p.close();
    p.submit(b, 0, 34, PLAN, false);
    const got = await p.next();
    expect(readBack(got.bytes, got.lines)).toEqual(readBack(b, parseLines(b, 0, 34, PLAN, false)));
    expect(got.lines.count).toBe(2);
  });
});
