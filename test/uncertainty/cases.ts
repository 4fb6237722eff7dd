/** Shared data of the uncertainty tests: the FHB (2010) donations and Fader & Hardie's (2007) regular cohort. */
import { readFileSync } from 'node:fs';
import { DATA_DIR } from '../models/cdnow.js';

/** FHB (2010) donations: (x, t_x, n = 6) patterns with whole counts. */
export function loadDonations() {
  const rows = readFileSync(`${DATA_DIR}donations.csv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  const col = (j: number) => Float64Array.from(rows, (r) => r[j] as number);
  return { frequency: col(0), recency: col(1), T: col(2), weights: col(3) };
}

/** Fader & Hardie (2007): the 'regular' cohort, survivors at the start of years 0–12; calibration years 0–7. */
export const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];

/** The cohort as customers at year 7: those who left at decision t (x = t − 1 renewals) and the 241 active. */
export function regularCustomers() {
  const frequency: number[] = [];
  const weights: number[] = [];
  for (let t = 1; t <= 7; t++) {
    frequency.push(t - 1);
    weights.push((REGULAR[t - 1] as number) - (REGULAR[t] as number));
  }
  frequency.push(7);
  weights.push(REGULAR[7] as number);
  return { frequency, recency: frequency, T: frequency.map(() => 7), weights };
}

/** Σ of an array's values (the Monte-Carlo tests compare sums over customers). */
export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s;
}
