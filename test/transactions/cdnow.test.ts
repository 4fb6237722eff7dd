import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { summarizeTransactions, type Transaction } from '../../src/transactions/index.js';

const DATA = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/cdnow');

function read(name: string): string {
  const file = join(DATA, name);
  if (!existsSync(file)) throw new Error(`reference data missing: ${file} (see README, 'Reference data')`);
  return readFileSync(file, 'utf8');
}

/** CDNOW_sample.txt: master id, sample id, yyyyMMdd, CDs, dollars — whitespace-separated, no header. */
function sampleLog(): Transaction[] {
  return read('CDNOW_sample.txt')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [, id, date, , amount] = l.trim().split(/\s+/);
      return { customerId: Number(id), date: date as string, amount: amount as string };
    });
}

describe('CDNOW sample → the published calibration summary (Fader, Hardie & Lee 2005)', () => {
  const log = sampleLog();
  const result = summarizeTransactions(log, {
    timeUnit: 'week',
    granularity: 'day',
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
  });

  it('reads every row and every customer', () => {
    expect(log.length).toBe(6919);
    expect(result.rowsRead).toBe(6919);
    expect(result.rowsUsed).toBe(6919);
    expect(result.rowsRejected).toBe(0);
    expect(result.customers.length).toBe(2357);
    expect(result.customersLeftOut).toBe(0);
  });

  it('reproduces x, t_x, T and zbar for all 2,357 customers to two decimals', () => {
    const byId = new Map(result.customers.map((c) => [c.customerId, c]));
    const lines = read('cdnow_customers_summary_with_transactions.csv').trim().split('\n').slice(1);
    expect(lines.length).toBe(2357);
    let checked = 0;
    for (const line of lines) {
      const [id, x, tx, T, zbar] = line.split(',').map(Number) as [number, number, number, number, number];
      const c = byId.get(id);
      expect(c, `customer ${id}`).toBeDefined();
      expect(c?.frequency).toBe(x);
      expect(Math.abs((c?.recency ?? Number.NaN) - tx)).toBeLessThanOrEqual(0.0051);
      expect(Math.abs((c?.T ?? Number.NaN) - T)).toBeLessThanOrEqual(0.0051);
      expect(Math.abs((c?.monetaryValue ?? Number.NaN) - zbar)).toBeLessThanOrEqual(0.0051);
      checked++;
    }
    expect(checked).toBe(2357);
  });

  it('counts the 39-week holdout', () => {
    const c = result.customers[0];
    expect(c?.durationHoldout).toBeCloseTo(273 / 7, 12); // 1997-09-30 → 1998-06-30
    const holdoutPurchases = result.customers.reduce((s, x) => s + (x.frequencyHoldout ?? 0), 0);
    // Independently: distinct (customer, day) pairs after 1997-09-30 in the raw log.
    const pairs = new Set(
      log.filter((t) => (t.date as string) > '19970930').map((t) => `${t.customerId}|${t.date}`),
    );
    expect(holdoutPurchases).toBe(pairs.size);
    expect(result.columns.frequencyHoldout?.length).toBe(2357);
  });
});
