import { type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import { numberRule } from '../schemas/field.js';
import { elementAt, snapshot } from '../schemas/parse.js';
import type { RfmScoreColumns } from './rfmScore.js';

/** The eleven customer segments of the default table. */
export type RfmSegmentName =
  | 'Champions'
  | 'Loyal Customers'
  | 'Potential Loyalists'
  | 'New Customers'
  | 'Promising'
  | 'Need Attention'
  | 'About to Sleep'
  | 'At Risk'
  | 'Cannot Lose Them'
  | 'Hibernating'
  | 'Lost';

/** An inclusive range of scores, `[low, high]`. */
export type ScoreRange = readonly [low: number, high: number];

/** One row of a segment table: the segment of every cell whose scores fall in all the given ranges. */
export interface RfmSegmentRule<S extends string = string> {
  readonly segment: S;
  readonly recency: ScoreRange;
  readonly frequency: ScoreRange;
  /** Omitted: any monetary score. */
  readonly monetary?: ScoreRange;
}

/** A segment table: rules over scores 1..bins, tried in order (first match wins); it must cover every cell. */
export interface RfmSegmentTable<S extends string = string> {
  readonly bins: number;
  readonly rules: readonly RfmSegmentRule<S>[];
}

/**
 * The default segment table, over R and F quintiles (M does not enter: it is read through `segmentSummary`
 * revenue and value tiers). The rules do not overlap and cover all 25 R×F cells (so all 125 RFM cells):
 *
 * ```
 *        F=1            F=2                  F=3                  F=4               F=5
 * R=5    New Customers  Potential Loyalists  Potential Loyalists  Champions         Champions
 * R=4    Promising      Potential Loyalists  Potential Loyalists  Loyal Customers   Loyal Customers
 * R=3    About to Sleep About to Sleep       Need Attention       Loyal Customers   Loyal Customers
 * R=2    Hibernating    Hibernating          At Risk              At Risk           Cannot Lose Them
 * R=1    Lost           Lost                 At Risk              At Risk           Cannot Lose Them
 * ```
 *
 * This is the R×F segment map widely used by practitioners (e.g. the "RFM segments" of Putler and of the
 * `rfm` R package), with its lowest cells split into Hibernating (R2) and Lost (R1).
 */
export const DEFAULT_RFM_SEGMENT_TABLE: RfmSegmentTable<RfmSegmentName> = {
  bins: 5,
  rules: [
    { segment: 'Champions', recency: [5, 5], frequency: [4, 5] },
    { segment: 'Loyal Customers', recency: [3, 4], frequency: [4, 5] },
    { segment: 'Potential Loyalists', recency: [4, 5], frequency: [2, 3] },
    { segment: 'New Customers', recency: [5, 5], frequency: [1, 1] },
    { segment: 'Promising', recency: [4, 4], frequency: [1, 1] },
    { segment: 'Need Attention', recency: [3, 3], frequency: [3, 3] },
    { segment: 'About to Sleep', recency: [3, 3], frequency: [1, 2] },
    { segment: 'Cannot Lose Them', recency: [1, 2], frequency: [5, 5] },
    { segment: 'At Risk', recency: [1, 2], frequency: [3, 4] },
    { segment: 'Hibernating', recency: [2, 2], frequency: [1, 2] },
    { segment: 'Lost', recency: [1, 1], frequency: [1, 2] },
  ],
};

/**
 * Maps a score s of `from` bins onto `to` bins by the midpoint of its band:
 * ⌊(s − ½) × to / from⌋ + 1. The identity when from = to; 3 bins → 5 maps 1, 2, 3 to 1, 3, 5.
 *
 * @example rescaleScore(2, 3, 5) === 3
 */
export function rescaleScore(score: number, from: number, to: number): number {
  const issues: ClvIssue[] = [];
  const f = binsRule.convert(from);
  if (f === undefined) issues.push(makeIssue('from', binsRule.expected, from));
  if (binsRule.convert(to) === undefined) issues.push(makeIssue('to', binsRule.expected, to));
  if (f !== undefined && !(Number.isInteger(score) && score >= 1 && score <= f))
    issues.push(makeIssue('score', `a whole-number score from 1 to ${f}`, score));
  if (issues.length > 0) throw new ClvValidationError('rescaleScore', issues);
  return rescale(score, from, to);
}

/** `rescaleScore` on validated scores (the segment loops call it per customer). */
function rescale(score: number, from: number, to: number): number {
  return from === to ? score : Math.floor(((score - 0.5) * to) / from) + 1;
}

/** A validated table: its segment for every cell, indexed ((R−1)·bins + (F−1))·bins + (M−1). */
interface CompiledTable<S extends string> {
  readonly bins: number;
  readonly cells: readonly S[];
}

const compiled = new WeakMap<object, CompiledTable<string>>();
const binsRule = numberRule({ min: 2, max: 9 }, true);

/** Validates a table (ranges within 1..bins, low ≤ high, every cell covered) and tabulates it. Cached per table. */
function compileTable<S extends string>(table: RfmSegmentTable<S>, where: string): CompiledTable<S> {
  const hit = compiled.get(table);
  if (hit !== undefined) return hit as CompiledTable<S>;
  const t = compileTableOf(snapshot(where, 'rules', table), where);
  if (table !== null && typeof table === 'object') compiled.set(table, t);
  return t;
}

function compileTableOf<S extends string>(table: RfmSegmentTable<S>, where: string): CompiledTable<S> {
  const issues: ClvIssue[] = [];
  if (table === null || typeof table !== 'object')
    throw new ClvValidationError(where, [makeIssue('rules', 'a segment table { bins, rules }', table)]);
  const b = binsRule.convert(table.bins);
  if (b === undefined) issues.push(makeIssue('rules.bins', binsRule.expected, table.bins));
  if (!Array.isArray(table.rules) || table.rules.length === 0)
    issues.push(makeIssue('rules.rules', 'a non-empty array of segment rules', table.rules));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const bins = b as number;
  const range = numberRule({ min: 1, max: bins }, true);
  table.rules.forEach((rule, i) => {
    if (typeof rule?.segment !== 'string' || rule.segment === '')
      issues.push(makeIssue(`rules.rules[${i}].segment`, 'a segment name', rule?.segment));
    for (const axis of ['recency', 'frequency', 'monetary'] as const) {
      const r = rule?.[axis] as unknown;
      if (r === undefined && axis === 'monetary') continue;
      const ok =
        Array.isArray(r) &&
        r.length === 2 &&
        range.convert(r[0]) !== undefined &&
        range.convert(r[1]) !== undefined &&
        r[0] <= r[1];
      if (!ok)
        issues.push(
          makeIssue(`rules.rules[${i}].${axis}`, `a range [low, high] with 1 ≤ low ≤ high ≤ ${bins}`, r),
        );
    }
  });
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const cells: S[] = [];
  const inRange = (s: number, r: ScoreRange | undefined) => r === undefined || (s >= r[0] && s <= r[1]);
  for (let r = 1; r <= bins; r++)
    for (let f = 1; f <= bins; f++)
      for (let m = 1; m <= bins; m++) {
        const rule = table.rules.find(
          (x) => inRange(r, x.recency) && inRange(f, x.frequency) && inRange(m, x.monetary),
        );
        if (rule === undefined) {
          throw new ClvValidationError(where, [
            makeIssue(
              'rules.rules',
              `rules that cover every cell (no rule matches R=${r}, F=${f}, M=${m})`,
              'a table with a gap',
            ),
          ]);
        }
        cells.push(rule.segment);
      }
  return { bins, cells };
}

/** A score of one customer to segment: R, F and (for tables that use it) M, 1..bins. */
export interface RfmScoreLike {
  readonly recency: number;
  readonly frequency: number;
  readonly monetary?: number;
  /** The bins of the scores; default: the table's bins. */
  readonly bins?: number;
}

/** The rule of a score out of `bins`, one per bin count. */
const SCORE_RULES = Array.from({ length: 10 }, (_, b) => numberRule({ min: 1, max: Math.max(b, 1) }, true));

function segmentOne<S extends string>(
  t: CompiledTable<S>,
  r: unknown,
  f: unknown,
  m: unknown,
  bins: number,
  pathOf: (axis: string) => string,
  issues: ClvIssue[],
  row?: number,
): S | undefined {
  const rule = SCORE_RULES[bins] as (typeof SCORE_RULES)[number];
  const rr = rule.convert(r);
  const ff = rule.convert(f);
  const mm = m === undefined ? 1 : rule.convert(m);
  if (rr === undefined || ff === undefined || mm === undefined) {
    if (rr === undefined) issues.push(makeIssue(pathOf('recency'), rule.expected, r, row));
    if (ff === undefined) issues.push(makeIssue(pathOf('frequency'), rule.expected, f, row));
    if (mm === undefined) issues.push(makeIssue(pathOf('monetary'), rule.expected, m, row));
    return undefined;
  }
  const b = t.bins;
  const cell = ((rescale(rr, bins, b) - 1) * b + (rescale(ff, bins, b) - 1)) * b + (rescale(mm, bins, b) - 1);
  return t.cells[cell] as S;
}

/**
 * The segment of one customer's RFM scores under a segment table (default `DEFAULT_RFM_SEGMENT_TABLE`): the
 * first rule whose ranges hold R, F (and M, if the rule gives one). Scores of another bin count than the
 * table's are first mapped onto the table's bins with `rescaleScore` (band midpoints). A missing monetary
 * score only suits tables whose rules ignore M (it is read as 1). A custom table is validated (every cell
 * of its bins must match a rule) and tabulated once per table object: treat tables as immutable.
 *
 * @example rfmSegment({ recency: 5, frequency: 5, monetary: 4 }) === 'Champions'
 * @example rfmSegment({ recency: 1, frequency: 5, monetary: 5 }) === 'Cannot Lose Them'
 */
export function rfmSegment<S extends string = RfmSegmentName>(
  score: RfmScoreLike,
  rules: RfmSegmentTable<S> = DEFAULT_RFM_SEGMENT_TABLE as unknown as RfmSegmentTable<S>,
): S {
  const t = compileTable(rules, 'rfmSegment');
  score = snapshot('rfmSegment', 'score', score, 1);
  if (score === null || typeof score !== 'object')
    throw new ClvValidationError('rfmSegment', [
      makeIssue('score', 'an object { recency, frequency, monetary }', score),
    ]);
  const issues: ClvIssue[] = [];
  const bins = score.bins === undefined ? t.bins : binsRule.convert(score.bins);
  if (bins === undefined)
    throw new ClvValidationError('rfmSegment', [makeIssue('score.bins', binsRule.expected, score.bins)]);
  const s = segmentOne(
    t,
    score.recency,
    score.frequency,
    score.monetary,
    bins,
    (axis) => `score.${axis}`,
    issues,
  );
  if (s === undefined) throw new ClvValidationError('rfmSegment', issues);
  return s;
}

/**
 * `rfmSegment` for every customer: of score rows (as `rfmScores` returns them; paths `scores[i].recency`) or
 * of score columns (the bins come with them). One table lookup per customer.
 *
 * @example rfmSegments(rfmScores(customers)) // ['Champions', 'Lost', …]
 */
export function rfmSegments<S extends string = RfmSegmentName>(
  scores: readonly RfmScoreLike[] | RfmScoreColumns,
  rules: RfmSegmentTable<S> = DEFAULT_RFM_SEGMENT_TABLE as unknown as RfmSegmentTable<S>,
): S[] {
  const where = 'rfmSegments';
  const t = compileTable(rules, where);
  const issues: ClvIssue[] = [];
  if (Array.isArray(scores)) {
    const rows = scores as readonly RfmScoreLike[];
    const out = new Array<S>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = snapshot(where, `scores[${i}]`, elementAt(where, 'scores', rows, i) as RfmScoreLike, 1);
      if (row === null || typeof row !== 'object') {
        issues.push(makeIssue(`scores[${i}]`, 'an object { recency, frequency, monetary }', row, i));
        continue;
      }
      const bins = row.bins === undefined ? t.bins : binsRule.convert(row.bins);
      if (bins === undefined) {
        issues.push(makeIssue(`scores[${i}].bins`, binsRule.expected, row.bins, i));
        continue;
      }
      const s = segmentOne(
        t,
        row.recency,
        row.frequency,
        row.monetary,
        bins,
        (axis) => `scores[${i}].${axis}`,
        issues,
        i,
      );
      if (s !== undefined) out[i] = s;
    }
    if (issues.length > 0) throw new ClvValidationError(where, issues);
    return out;
  }
  const cols = snapshot(where, 'scores', scores as RfmScoreColumns, 1);
  if (cols === null || typeof cols !== 'object' || binsRule.convert(cols.bins) === undefined)
    throw new ClvValidationError(where, [
      makeIssue('scores', 'score rows or score columns (as rfmScores returns)', cols),
    ]);
  const n = cols.recency?.length ?? 0;
  if (cols.frequency?.length !== n || cols.monetary?.length !== n)
    throw new ClvValidationError(where, [
      makeIssue('scores', 'recency, frequency and monetary columns of equal length', cols),
    ]);
  const out = new Array<S>(n);
  for (let i = 0; i < n; i++) {
    const s = segmentOne(
      t,
      cols.recency[i],
      cols.frequency[i],
      cols.monetary[i],
      cols.bins,
      (axis) => `scores.${axis}[${i}]`,
      issues,
      i,
    );
    if (s !== undefined) out[i] = s;
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return out;
}
