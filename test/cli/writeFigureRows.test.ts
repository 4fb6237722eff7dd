import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { type FigureFormat, figureValue } from '../../src/cli/figureCells.js';
import { csvCell } from '../../src/cli/output.js';
import { type FigureRowsOptions, writeFigureRows } from '../../src/cli/writeFigureRows.js';
import { moneyText } from '../../src/index.js';
import { startWorker } from '../../src/node/startWorker.js';

const FORMATS: FigureFormat[] = [
  { kind: 'number', places: 0 },
  { kind: 'rounded', places: 10 },
  { kind: 'fixed', places: 4 },
  { kind: 'moneyNumber', places: 2 },
  { kind: 'money', places: 2 },
];

/** A cell as predict's row objects print it (`figure`, `toFixed`, `cents`, `moneyText`), computed independently. */
function expectedCell(f: FigureFormat, x: number): string {
  switch (f.kind) {
    case 'number':
      return String(x);
    case 'rounded':
      return String(Math.round(x * 10 ** f.places) / 10 ** f.places);
    case 'fixed':
      return String(Number(x.toFixed(f.places)));
    case 'money':
      return moneyText(x);
    default:
      return String(Number(moneyText(x)));
  }
}

/** The CSV text written, with the io's chunks joined. */
async function written(
  n: number,
  seed: number,
  threads: number,
  minRows: number,
  extra: Pick<FigureRowsOptions, 'startPrinter'> = {},
  asKeys = false,
) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const labels = Array.from({ length: n }, (_, i) =>
    i % 5 === 0
      ? i
      : i % 5 === 1
        ? `c-${i}`
        : i % 5 === 2
          ? `O"Brien, ${i}`
          : i % 5 === 3
            ? `=cmd${i}`
            : `Zoë ${i}`,
  );
  const columns = FORMATS.map((_, c) =>
    Float64Array.from({ length: n }, (_, i) =>
      c === 0
        ? Math.floor(next() * 300)
        : (next() - 0.2) * 10 ** Math.floor(next() * 9 - 3) + (i % 7 === 0 ? 0.5 : 0),
    ),
  );
  const chunks: string[] = [];
  const io: CliIo = {
    stdout: (t) => chunks.push(typeof t === 'string' ? t : Buffer.from(t).toString('utf8')),
    stderr: () => {},
    stdoutIsTty: false,
  };
  const header = ['customer_id', 'a', 'b', 'c', 'd', 'e'];
  await writeFigureRows(
    io,
    asKeys
      ? {
          header,
          order,
          labels: labels.map((_, i) => i),
          labelOf: (k: string | number) => labels[k as number] as string | number,
          columns,
          formats: FORMATS,
        }
      : { header, order, labels, columns, formats: FORMATS },
    { threads, minRows, ...extra },
  );
  const expected = [
    `${header.join(',')}\n`,
    ...Array.from(
      order,
      (i) =>
        `${[csvCell(labels[i] as string | number), ...FORMATS.map((f, c) => expectedCell(f, (columns[c] as Float64Array)[i] as number))].join(',')}\n`,
    ),
  ].join('');
  return { text: chunks.join(''), expected };
}

describe('writeFigureRows', () => {
  it('prints every row in order as the row objects print it, on one thread and with the worker, across blocks', async () => {
    for (const n of [0, 1, 8191, 8192, 8193, 3 * 8192 + 5, 9 * 8192 + 17]) {
      const one = await written(n, n + 1, 1, 0);
      const two = await written(n, n + 1, 2, 0);
      expect(one.text).toBe(one.expected);
      expect(two.text).toBe(one.expected);
    }
  }, 60_000);
  it('prints the same bytes when the labels are keys and labelOf gives the ids (as predict from a log)', async () => {
    for (const n of [0, 1, 8193, 3 * 8192 + 5]) {
      const byIds = await written(n, n + 7, 2, 0);
      const one = await written(n, n + 7, 1, 0, {}, true);
      const two = await written(n, n + 7, 2, 0, {}, true);
      expect(one.text).toBe(byIds.expected);
      expect(two.text).toBe(byIds.expected);
    }
  }, 60_000);

  it('figureValue gives the row objects the value each format prints (the independent computation above)', () => {
    for (const x of [0, -0.5, 1.005, 42418.87, 101.42857142857143, 0.123456789, 1e-7, -3, 12345678.9])
      for (const f of FORMATS) expect(String(figureValue(f, x))).toBe(expectedCell(f, x));
  });

  it('hands every block to the worker when it works', async () => {
    let answers = 0;
    const counted: FigureRowsOptions['startPrinter'] = (setup) => {
      const w = startWorker(
        new URL('../../src/cli/writeFigureRows.ts', import.meta.url),
        'figureRowsWorker',
        setup,
      );
      w.on('message', () => answers++);
      return w;
    };
    const r = await written(3 * 8192 + 5, 3, 2, 0, { startPrinter: counted });
    expect(r.text).toBe(r.expected);
    expect(answers).toBe(4);
  }, 60_000);

  it('prints on the calling thread what a failed worker left: one that fails to load, one that stops', async () => {
    const broken = () => new Worker('throw new Error("no printer here")', { eval: true });
    const stopping = () => new Worker('setTimeout(() => process.exit(3), 20)', { eval: true });
    for (const startPrinter of [broken, stopping]) {
      const r = await written(5 * 8192 + 3, 7, 2, 0, { startPrinter });
      expect(r.text).toBe(r.expected);
    }
  }, 60_000);

  it('stays on the calling thread below minRows and gives the same bytes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20_000 }), fc.integer(), async (n, seed) => {
        const two = await written(n, seed, 2, 10_000);
        expect(two.text).toBe(two.expected);
      }),
      { numRuns: 6 },
    );
  }, 60_000);
});
