import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdTable } from '../../src/cli/ingest/idTable.js';

/** Every key's id, read one by one while the table is in use. */
const labelsOf = (t: IdTable) => Array.from({ length: t.size }, (_, k) => t.labelOf(k));

describe('IdTable (ids interned by their bytes)', () => {
  it('gives each distinct id a dense key in order of first sight, canonical integers labelled as numbers', () => {
    const t = new IdTable();
    const line = Buffer.from('C-1,42,042,Zoë,C-1,42');
    const keys = [
      [0, 3],
      [4, 6],
      [7, 10],
      [11, 15],
      [16, 19],
      [20, 22],
    ].map(([from, to]) => t.keyOf(line, from as number, to as number));
    expect(keys).toEqual([0, 1, 2, 3, 0, 1]);
    expect(labelsOf(t)).toEqual(['C-1', 42, '042', 'Zoë']);
    expect(t.plain).toBe(false);
    expect(t.keyOfText('Zoë')).toBe(3);
    expect(t.keyOfText('new')).toBe(4);
  });
  it('keeps every key through the table growing, bytes and text alike (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }), { maxLength: 400 }),
        (ids) => {
          const t = new IdTable();
          const first = new Map<string, number>();
          for (const id of [...ids, ...ids]) {
            const bytes = Buffer.from(`,${id},`);
            const key = t.keyOf(bytes, 1, bytes.length - 1);
            if (!first.has(id)) first.set(id, first.size);
            expect(key).toBe(first.get(id));
            expect(t.keyOfText(id)).toBe(key);
          }
          const expected = [...first.keys()].map((id) => (/^(0|[1-9]\d{0,14})$/.test(id) ? Number(id) : id));
          expect(labelsOf(t)).toEqual(expected);
          expect(t.labels()).toEqual(expected);
          // Plain: every id printable ASCII without a blank (what similarIds would pass by).
          expect(t.plain).toBe(expected.every((id) => typeof id === 'number' || /^[\x21-\x7e]*$/.test(id)));
          // After release, plain ids are cut from one string of the arena: the same labels.
          t.release();
          expect(labelsOf(t)).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
  it('stays correct past 2^16 ids (the table grows)', () => {
    const t = new IdTable();
    for (let i = 0; i < 100_000; i++) expect(t.keyOfText(`C${i}`)).toBe(i);
    for (let i = 0; i < 100_000; i += 997) expect(t.keyOfText(`C${i}`)).toBe(i);
    const labels = t.labels();
    expect(labels).toHaveLength(100_000);
    expect([labels[0], labels[65_535], labels[99_999]]).toEqual(['C0', 'C65535', 'C99999']);
  });
  it('keeps the labels after release and refuses to give keys afterwards', () => {
    const t = new IdTable();
    for (const id of ['a', '42', 'a', 'b']) t.keyOfText(id);
    expect(t.plain).toBe(true);
    t.release();
    expect(t.labels()).toEqual(['a', 42, 'b']);
    expect(labelsOf(t)).toEqual(['a', 42, 'b']);
    expect(() => t.keyOfText('a')).toThrow('IdTable: a key was asked for after release()');
  });
  it('gives the same ids after release, plain or not, short or long, in any order asked', () => {
    const ids = ['cust-0001', '7', 'a-customer-id-longer-than-13', '0042', 'x'];
    for (const extra of [[], ['Zoë']]) {
      const t = new IdTable();
      for (const id of [...ids, ...extra]) t.keyOfText(id);
      const before = labelsOf(t);
      t.release();
      expect(t.plain).toBe(extra.length === 0);
      expect([4, 2, 0, 3, 1].map((k) => t.labelOf(k))).toEqual([4, 2, 0, 3, 1].map((k) => before[k]));
      expect(labelsOf(t)).toEqual(['cust-0001', 7, 'a-customer-id-longer-than-13', '0042', 'x', ...extra]);
    }
  });
});
