import { describe, expect, it } from 'vitest';
import { ClvFitError } from '../../src/errors.js';
import { evaluateModels } from '../../src/evaluation/index.js';
import { MAX_TRACKING_STEPS, trackingStep } from '../../src/evaluation/tracking.js';
import { summarizeTransactions } from '../../src/index.js';
import { simulatedLog } from '../simulatedLog.js';

const log = simulatedLog(200, '2024-01-01', '2024-12-31', 1);

describe('evaluateModels with a far observation end', () => {
  it('trackingStep: whole units up to 1,000, then ⌈span/1,000⌉', () => {
    expect(MAX_TRACKING_STEPS).toBe(1000);
    expect(trackingStep(1000)).toBe(1);
    expect(trackingStep(1000.5)).toBe(2);
    expect(trackingStep(2_913_173.5)).toBe(2914);
  });

  it('9999-12-31 in days: at most 1,000 steps plus both ends, said in the notes, in seconds', () => {
    const r = evaluateModels(log, {
      calibrationEnd: '2024-09-30',
      observationEnd: '9999-12-31',
      timeUnit: 'day',
      models: ['betaGeo'],
    });
    const t = r.tracking;
    expect(t.times.length).toBeLessThanOrEqual(MAX_TRACKING_STEPS + 2);
    expect(t.times.length).toBeGreaterThan(900);
    const span = t.times[t.times.length - 1] as number;
    const step = trackingStep(span);
    expect(step).toBeGreaterThan(1);
    // Every whole multiple of the step up to the span, plus the calibration end and the observation end.
    const expected = new Set<number>([t.calibrationEndTime, span]);
    for (let k = 1; k * step <= span; k++) expected.add(k * step);
    expect(t.times).toEqual([...expected].sort((a, b) => a - b));
    expect(t.dates[t.dates.length - 1]).toBe('9999-12-31');
    expect(r.notes.some((n) => n.includes(`drawn every ${step} days`))).toBe(true);
    // The actual curve at the calibration end is what the daily grid of a near observation end gives there.
    const near = evaluateModels(log, {
      calibrationEnd: '2024-09-30',
      observationEnd: '2025-06-30',
      timeUnit: 'day',
      models: ['betaGeo'],
    }).tracking;
    expect(near.times.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(t.actualCumulative[t.times.indexOf(t.calibrationEndTime)]).toBe(
      near.actualCumulative[near.times.indexOf(near.calibrationEndTime)],
    );
  }, 20_000);

  it('BG/BB with no customer before the calibration end’s year is a listed failure, not a validation error', () => {
    // granularity = timeUnit = year and every first purchase in 2024: BG/BB has no opportunity to fit; the
    // continuous models (one purchase a year at most, all in 2024) fail as fits do: a ClvFitError naming each.
    let thrown: unknown;
    try {
      evaluateModels(log, {
        calibrationEnd: '2024-09-30',
        observationEnd: '2025-06-30',
        timeUnit: 'year',
        granularity: 'year',
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ClvFitError);
    expect((thrown as Error).message).toMatch(
      /betaGeoBetaBinom: betaGeoBetaBinom: not fitted — no customer has an opportunity to buy: every first purchase is in the calibration end's year/,
    );
    expect((thrown as Error).message).toMatch(/\(betaGeo: /);
  });
});

describe('evaluateModels on a daily log of ten years', () => {
  it('draws the actual curve day by day all the same: no cohort table, whose bound it passes, is built', () => {
    // A simulated year-and-a-half of 3,000 customers, customer i's dates moved i days on: first purchases spread
    // over eight years, whose daily cohorts run to the last day, 2009-12-30: over 4,000,000 cells.
    const base = simulatedLog(3000, '2000-01-01', '2001-06-30', 2);
    const moved = (date: string, days: number) =>
      new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const long = base.map((o) => ({
      ...o,
      date: moved(String(o.date), Number(String(o.customerId).slice(1))),
    }));
    // One order on the log's last day, so that every daily cohort runs to it.
    long.push({ customerId: 'C1', date: '2009-12-30', amount: 50 });
    const split = { calibrationEnd: '2009-06-30', observationEnd: '2009-12-31' } as const;
    expect(() =>
      summarizeTransactions(long, { ...split, timeUnit: 'week' }).cohortRetention({ period: 'day' }),
    ).toThrow(/at most 4,000,000/);
    const r = evaluateModels(long, { ...split, timeUnit: 'week', models: ['betaGeo'] });
    expect(r.notes.filter((n) => n.startsWith('tracking: actual cumulative purchases'))).toEqual([]);
    // The actual curve reaches Σ frequency at the calibration end and adds Σ frequencyHoldout by the end.
    const s = summarizeTransactions(long, { ...split, timeUnit: 'week' });
    const total = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
    const t = r.tracking;
    expect(t.actualCumulative[t.times.indexOf(t.calibrationEndTime)]).toBe(total(s.columns.frequency));
    expect(t.actualCumulative[t.actualCumulative.length - 1]).toBe(
      total(s.columns.frequency) + total(s.columns.frequencyHoldout as Float64Array),
    );
    // Known at every step, not only at the two ends.
    expect(t.actualCumulative.every((v) => v !== null)).toBe(true);
    expect(t.times.length).toBeGreaterThan(500);
  });
});
