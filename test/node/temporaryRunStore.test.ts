import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors.js';
import { temporaryRunStore } from '../../src/node/index.js';
import { createSummarizer, formatDay } from '../../src/transactions/index.js';
import { messageOf } from '../messageOf.js';
import { expectSameWithSpill, logArb, optionsArb } from '../transactions/spillCases.js';

const parent = mkdtempSync(join(tmpdir(), 'clvkit-store-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('temporaryRunStore', () => {
  it('gives exactly the in-memory summary, and leaves no file behind (property, real files)', () => {
    let spilled = 0;
    fc.assert(
      fc.property(logArb, optionsArb, fc.integer({ min: 1, max: 50 }), (rows, options, runRows) => {
        const store = temporaryRunStore({ parent });
        expectSameWithSpill(rows, options, store, runRows);
        if (store.runs > 0) {
          spilled++;
          expect(store.directory?.startsWith(join(parent, 'clvkit-runs-'))).toBe(true);
        } else expect(store.directory).toBeUndefined(); // nothing spilled: no directory made
        expect(readdirSync(parent)).toEqual([]);
      }),
      { numRuns: 150 },
    );
    expect(spilled).toBeGreaterThan(75);
  });

  it('writes 16 bytes a row (20 with the outlier-date rule) and removes its files when finish throws', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      customerId: i % 4,
      date: formatDay(10_000 + i),
      amount: i,
    }));
    for (const [options, perRow] of [
      [{ outlierDates: 'keep' as const }, 16],
      [{}, 20],
    ] as const) {
      const store = temporaryRunStore({ parent });
      const s = createSummarizer({ ...options, spill: { store, memoryBudget: 10 * 36 } });
      for (const r of rows) s.add(r);
      expect(store.runs).toBe(3);
      const directory = store.directory as string;
      const files = readdirSync(directory).sort();
      expect(files).toEqual(['run-0.bin', 'run-1.bin', 'run-2.bin']);
      expect(statSync(join(directory, 'run-0.bin')).size).toBe(10 * perRow);
      expect(store.bytesWritten).toBe(30 * perRow);
      s.finish();
      expect(existsSync(directory)).toBe(false);
    }
    const store = temporaryRunStore({ parent });
    const s = createSummarizer({ spill: { store, memoryBudget: 36 } });
    for (const r of rows) s.add(r);
    s.add({ customerId: 1, date: 'never', amount: 1 });
    expect(store.runs).toBe(30);
    expect(() => s.finish()).toThrow(/transactions\[30\]\.date/);
    expect(existsSync(store.directory as string)).toBe(false);
    store.dispose(); // a second call does nothing
  });

  it('names its directory after its process, and removes those of processes that are gone', () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number; // exited: its pid names no process
    const stale = join(parent, `clvkit-runs-${gone}-AbC123`);
    const live = join(parent, `clvkit-runs-${process.ppid}-AbC123`); // a process that is still running
    const other = join(parent, 'clvkit-runs-notes');
    for (const d of [stale, live, other]) {
      mkdirSync(d);
      writeFileSync(join(d, 'run-0.bin'), 'x');
    }
    const store = temporaryRunStore({ parent });
    const s = createSummarizer({ spill: { store, memoryBudget: 36 } });
    s.add({ customerId: 1, date: '2024-01-01', amount: 1 });
    expect(store.directory).toMatch(new RegExp(`clvkit-runs-${process.pid}-[A-Za-z0-9]{6}$`));
    expect([existsSync(stale), existsSync(live), existsSync(other)]).toEqual([false, true, true]);
    s.finish();
    for (const d of [live, other]) rmSync(d, { recursive: true });
    expect(readdirSync(parent)).toEqual([]);
  });

  it('says what failed when its directory is gone, and names a bad parent', () => {
    const store = temporaryRunStore({ parent });
    const s = createSummarizer({ spill: { store, memoryBudget: 36 } });
    s.add({ customerId: 1, date: '2024-01-01', amount: 1 });
    rmSync(store.directory as string, { recursive: true });
    expect(() => s.add({ customerId: 1, date: '2024-01-02', amount: 1 })).toThrow(
      /temporaryRunStore: could not write .*run-1\.bin: ENOENT/,
    );
    // The rows held could not go: the summarizer takes no more.
    expect(() => s.add({ customerId: 1, date: '2024-01-03', amount: 1 })).toThrow(ClvError);
    expect(() => s.add({ customerId: 1, date: '2024-01-03', amount: 1 })).toThrow(
      /could not be written as a run/,
    );
    expect(() => temporaryRunStore({ parent: join(parent, 'missing') })).toThrow(
      /temporaryRunStore: no directory .*missing: ENOENT/,
    );
    expect(() => temporaryRunStore({ parent: '' })).toThrow(/parent: expected a directory path/);
  });

  it('write, read and readLogDays refuse what is not a run or a column, naming it; a run reads back whole', () => {
    const store = temporaryRunStore({ parent });
    const rows = { customer: Uint32Array.of(1, 2), day: Int32Array.of(10, 11), units: Float64Array.of(5, 6) };
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error('trap: get');
        },
      },
    );
    for (const [call, words] of [
      [
        () => store.write(5 as never),
        'TemporaryRunStore.write: invalid input — run: expected a run { rows, logDays? }',
      ],
      [
        () => store.write(trap as never),
        'run: expected an object whose fields can be read (reading it threw: trap: get)',
      ],
      [
        () => store.write({ rows: { ...rows, day: [10, 11] } } as never),
        'run.rows: expected { customer: Uint32Array',
      ],
      [
        () => store.write({ rows: { ...rows, units: Float64Array.of(5) } }),
        'run.rows: expected { customer: Uint32Array',
      ],
      [
        () => store.write({ rows, logDays: Int32Array.of(10) }),
        'run.logDays: expected an Int32Array of one day per row',
      ],
    ] as const) {
      expect(messageOf(call)).toContain(words);
    }
    const handle = store.write({ rows, logDays: Int32Array.of(11, 10) });
    const into = { customer: new Uint32Array(2), day: new Int32Array(2), units: new Float64Array(2) };
    expect(store.read(handle, 0, into)).toBe(2);
    expect([Array.from(into.customer), Array.from(into.day), Array.from(into.units)]).toEqual([
      [1, 2],
      [10, 11],
      [5, 6],
    ]);
    const days = new Int32Array(2);
    expect(store.readLogDays(handle, 0, days)).toBe(2);
    expect(Array.from(days)).toEqual([11, 10]);
    expect(messageOf(() => store.read(handle, -1, into))).toContain('from: expected a whole number of rows');
    expect(messageOf(() => store.read(handle, 0, { ...into, units: [0, 0] } as never))).toContain(
      'into: expected',
    );
    expect(messageOf(() => store.readLogDays(handle, 0, [0, 0] as never))).toContain(
      'into: expected an Int32Array',
    );
    expect(() =>
      store.read(
        {
          toString: () => {
            throw new Error('x');
          },
        } as never,
        0,
        into,
      ),
    ).toThrow(/temporaryRunStore: no run/);
    store.dispose();
    expect(readdirSync(parent)).toEqual([]);
  });
});
