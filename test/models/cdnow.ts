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
