import { ClvValidationError, makeIssue } from '../errors.js';
import type { RfmColumnsF64 } from './rfmCustomers.js';

/** One customer's RFM scores. Scores are integers 1..bins; higher is better on every axis. */
export interface RfmScore {
  readonly customerId: string | number;
  /** R: recency score (bought more recently = higher). */
  readonly recency: number;
  /** F: frequency score (more orders = higher). */
  readonly frequency: number;
  /** M: monetary score (more spend = higher). */
  readonly monetary: number;
  /** The three digits R, F, M, e.g. `'545'`. */
  readonly cell: string;
  /** R + F + M, in 3..3·bins (equal weights, the usual RFM sum). */
  readonly score: number;
  /** How many scores each axis has (5 for quintiles). */
  readonly bins: number;
}

/** The same scores in columns (element i belongs to customer i), as `rfmScores` returns them for columns. */
export interface RfmScoreColumns {
  readonly bins: number;
  /** The ids passed in, if any. */
  readonly customerId: readonly (string | number)[] | undefined;
  readonly recency: Uint8Array;
  readonly frequency: Uint8Array;
  readonly monetary: Uint8Array;
  /** R + F + M. */
  readonly score: Uint8Array;
}

/** Cell names for scores 1..9 on each axis, built once: index 100·R + 10·F + M. */
const CELLS: string[] = [];
for (let r = 1; r <= 9; r++)
  for (let f = 1; f <= 9; f++) for (let m = 1; m <= 9; m++) CELLS[100 * r + 10 * f + m] = `${r}${f}${m}`;

/**
 * The RFM cell of three scores: their digits, R first.
 *
 * @example rfmCell(5, 4, 5) === '545'
 */
export function rfmCell(recency: number, frequency: number, monetary: number): string {
  if (isDigitScore(recency) && isDigitScore(frequency) && isDigitScore(monetary))
    return CELLS[100 * recency + 10 * frequency + monetary] as string;
  const scores = { recency, frequency, monetary };
  throw new ClvValidationError(
    'rfmCell',
    Object.entries(scores)
      .filter(([, v]) => !isDigitScore(v))
      .map(([k, v]) => makeIssue(k, 'a whole-number score from 1 to 9', v)),
  );
}

/** A score that is one digit of a cell: a whole number 1..9. */
const isDigitScore = (s: unknown): s is number =>
  typeof s === 'number' && Number.isInteger(s) && s >= 1 && s <= 9;

/** Assembles per-customer scores (rows when `asRows`, else columns) from the three score columns. */
export function assembleScores(
  c: RfmColumnsF64,
  bins: number,
  r: Uint8Array,
  f: Uint8Array,
  m: Uint8Array,
  asRows: boolean,
): RfmScore[] | RfmScoreColumns {
  const n = c.n;
  if (asRows) {
    const ids = c.ids as readonly (string | number)[];
    const out = new Array<RfmScore>(n);
    for (let i = 0; i < n; i++) {
      const ri = r[i] as number;
      const fi = f[i] as number;
      const mi = m[i] as number;
      out[i] = {
        customerId: ids[i] as string | number,
        recency: ri,
        frequency: fi,
        monetary: mi,
        cell: CELLS[100 * ri + 10 * fi + mi] as string,
        score: ri + fi + mi,
        bins,
      };
    }
    return out;
  }
  const score = new Uint8Array(n);
  for (let i = 0; i < n; i++) score[i] = (r[i] as number) + (f[i] as number) + (m[i] as number);
  return { bins, customerId: c.ids, recency: r, frequency: f, monetary: m, score };
}
