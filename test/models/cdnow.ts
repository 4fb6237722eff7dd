import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared reference data folder, `../shared/data` relative to the repository root (never copied in). */
export const DATA_DIR = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** The CDNOW calibration summary (2,357 customers): columns x, t_x, T (weeks) and zbar. Throws if missing. */
export function loadCdnowSummary() {
  const path = `${DATA_DIR}cdnow/cdnow_customers_summary_with_transactions.csv`;
  if (!existsSync(path)) throw new Error(`reference data missing: ${path} (see /work/shared/data/README.md)`);
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1);
  const frequency = new Float64Array(lines.length);
  const recency = new Float64Array(lines.length);
  const T = new Float64Array(lines.length);
  const zbar = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [, x, tx, t, z] = line.split(',').map(Number);
    frequency[i] = x as number;
    recency[i] = tx as number;
    T[i] = t as number;
    zbar[i] = z as number;
  });
  return { frequency, recency, T, zbar };
}

/**
 * Holdout purchases of the CDNOW sample per customer (sample id order): distinct purchase days from
 * 1997-10-01 to 1998-06-30 (the 39-week holdout). Throws if the file is missing.
 */
export function loadCdnowHoldout(): Float64Array {
  const path = `${DATA_DIR}cdnow/CDNOW_sample.txt`;
  if (!existsSync(path)) throw new Error(`reference data missing: ${path} (see /work/shared/data/README.md)`);
  const days = new Map<number, Set<string>>();
  for (const line of readFileSync(path, 'utf8').trim().split(/\r?\n/)) {
    const [, id, date] = line.trim().split(/\s+/);
    if (date === undefined || date <= '19970930') continue;
    const key = Number(id);
    let set = days.get(key);
    if (set === undefined) days.set(key, (set = new Set()));
    set.add(date);
  }
  return Float64Array.from({ length: 2357 }, (_, i) => days.get(i + 1)?.size ?? 0);
}

/** CDNOW's customers with their mean repeat spend as `monetaryValue`: the input of the CLV and spend tests. */
export function loadCdnowWithSpend() {
  const cdnow = loadCdnowSummary();
  return { frequency: cdnow.frequency, recency: cdnow.recency, T: cdnow.T, monetaryValue: cdnow.zbar };
}
