import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decileTable,
  evaluateModels,
  meanSquaredLogError,
  NESTED_MODEL_PAIRS,
  normalizedGini,
  spearmanCorrelation,
  topDecileCapture,
} from '../../src/evaluation/index.js';
import { fitBetaGeoBetaBinom } from '../../src/index.js';
import { discretePeriods, summarizeTransactions, type Transaction } from '../../src/transactions/index.js';
import { messageOf } from '../messageOf.js';
import { DATA_DIR } from '../models/cdnow.js';

/** CDNOW_sample.txt: master id, sample id, yyyyMMdd, CDs, dollars (whitespace-separated, no header). */
function cdnowSample(): Transaction[] {
  const path = `${DATA_DIR}cdnow/CDNOW_sample.txt`;
  if (!existsSync(path)) throw new Error(`reference data missing: ${path} (see /work/shared/data/README.md)`);
  return readFileSync(path, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => {
      const [, id, date, , amount] = l.trim().split(/\s+/);
      return { customerId: Number(id), date: date as string, amount: amount as string };
    });
}

/**
 * Independent BG/NBD conditional expectation (Fader, Hardie & Lee 2005, eq. 10), with ₂F₁ summed as its power
 * series — written here from the paper, not the library's kernels.
 */
function bgnbdConditional(
  p: { r: number; alpha: number; a: number; b: number },
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  let term = 1;
  let hyp = 1;
  for (let k = 0; k < 20_000 && Math.abs(term) > 1e-17 * hyp; k++) {
    term *= (((r + x + k) * (b + x + k)) / ((a + b + x - 1 + k) * (k + 1))) * z;
    hyp += term;
  }
  const num = ((a + b + x - 1) / (a - 1)) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp);
  const den = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0);
  return num / den;
}

describe('evaluateModels on the CDNOW sample (39-week calibration to 1997-09-30, 39-week holdout)', () => {
  const log = cdnowSample();
  const result = evaluateModels(log, {
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    timeUnit: 'week',
  });
  const byModel = new Map(result.models.map((m) => [m.model, m]));
  const bgnbd = byModel.get('betaGeo');

  it('accounts for every row and customer, and the split', () => {
    expect(result.rows).toEqual({ read: 6919, used: 6919, rejected: 0 });
    expect(result.customers).toBe(2357);
    expect(result.customersLeftOut).toBe(0);
    expect(result.holdoutLength).toBeCloseTo(39, 12); // 273 days / 7
    expect(result.models.map((m) => m.model).sort()).toEqual(['betaGeo', 'modifiedBetaGeo', 'paretoNbd']);
    expect(result.failures).toEqual([]);
  });

  it('actual holdout purchases: exactly 1,882 — the distinct (customer, day) pairs after 1997-09-30', () => {
    const pairs = new Set(
      log.filter((t) => (t.date as string) > '19970930').map((t) => `${t.customerId}|${t.date}`),
    );
    expect(pairs.size).toBe(1882);
    for (const m of result.models) expect(m.purchases.actualTotal).toBe(1882);
  });

  it('BG/NBD: parameters and log-likelihood as published (FHL 2005: r 0.243, α 4.414, a 0.793, b 2.426; ln L −9,582.4)', () => {
    expect(bgnbd?.params.r).toBeCloseTo(0.243, 2);
    expect(bgnbd?.params.alpha).toBeCloseTo(4.414, 1);
    expect(bgnbd?.params.a).toBeCloseTo(0.793, 2);
    expect(bgnbd?.params.b).toBeCloseTo(2.426, 1);
    expect(bgnbd?.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(bgnbd?.bic).toBeCloseTo(4 * Math.log(2357) - 2 * (bgnbd?.logLikelihood as number), 8);
  });

  it('Pareto/NBD: log-likelihood as published (−9,595.0)', () => {
    expect(byModel.get('paretoNbd')?.logLikelihood).toBeCloseTo(-9595.0, 0);
  });

  it('BG/NBD predicted holdout total = Σ FHL eq. 10 at the published parameters, within 0.5 %', () => {
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const s = summarizeTransactions(log, {
      timeUnit: 'week',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
    });
    const c = s.columns;
    let total = 0;
    for (let i = 0; i < c.frequency.length; i++)
      total += bgnbdConditional(
        published,
        39,
        c.frequency[i] as number,
        c.recency[i] as number,
        c.T[i] as number,
      );
    // The hand sum is ≈ 1,653 (the BG/NBD under-predicts this holdout, FHL 2005 Fig. 4: 1,882 actual).
    expect(total).toBeGreaterThan(1600);
    expect(total).toBeLessThan(1700);
    expect(Math.abs((bgnbd?.purchases.predictedTotal as number) / total - 1)).toBeLessThan(0.005);
    expect(bgnbd?.purchases.bias).toBeCloseTo((bgnbd?.purchases.predictedTotal as number) / 1882 - 1, 12);
  });

  it('per-customer and ranking figures agree with direct computations on the returned predictions', () => {
    const s = summarizeTransactions(log, {
      timeUnit: 'week',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
    });
    const actual = s.columns.frequencyHoldout as Float64Array;
    for (const m of result.models) {
      const p = m.predictedHoldoutPurchases;
      let ae = 0;
      let se = 0;
      for (let i = 0; i < p.length; i++) {
        ae += Math.abs((actual[i] as number) - (p[i] as number));
        se += ((actual[i] as number) - (p[i] as number)) ** 2;
      }
      expect(m.purchases.mae).toBeCloseTo(ae / p.length, 12);
      expect(m.purchases.rmse).toBeCloseTo(Math.sqrt(se / p.length), 12);
      // The shared-sort scoring equals the public metric functions.
      expect(m.purchases.spearman).toBeCloseTo(spearmanCorrelation(actual, p), 12);
      expect(m.purchases.gini).toBeCloseTo(normalizedGini(actual, p), 12);
      expect(m.purchases.topDecileCapture).toBeCloseTo(topDecileCapture(actual, p), 12);
      expect(m.purchases.deciles).toEqual(decileTable(actual, p).map((r) => ({ ...r })));
      expect(m.purchases.msle).toBeCloseTo(meanSquaredLogError(actual, p), 12);
      expect(m.purchases.spearman).toBeGreaterThan(0.3);
      expect(m.purchases.gini).toBeGreaterThan(0.5);
      expect(m.purchases.deciles.reduce((t, d) => t + d.customers, 0)).toBe(2357);
      expect(m.purchases.deciles[0]?.meanActual).toBeGreaterThan(
        m.purchases.deciles[9]?.meanActual as number,
      );
    }
  });

  it('spend: Gamma-Gamma on the 946 repeat customers (published p 6.25, q 3.74, γ 15.44); holdout spend total exact', () => {
    expect(result.spendModel?.customers).toBe(946);
    expect(result.spendModel?.params.p).toBeCloseTo(6.25, 1);
    expect(result.spendModel?.params.q).toBeCloseTo(3.74, 1);
    expect(result.spendModel?.params.gamma).toBeCloseTo(15.44, 0);
    // Independently: Σ dollars of the rows after 1997-09-30.
    const spend = log
      .filter((t) => (t.date as string) > '19970930')
      .reduce((a, t) => a + Number(t.amount), 0);
    expect(bgnbd?.spend?.actualTotal).toBeCloseTo(spend, 6);
    expect(bgnbd?.spend?.predictedTotal).toBeGreaterThan(0);
  });

  it('tracking: actual cumulative reaches Σ calibration repeats (2,457) at the split and + 1,882 at the end', () => {
    const t = result.tracking;
    const at = (time: number) => t.actualCumulative[t.times.indexOf(time)];
    expect(t.calibrationEndTime).toBeCloseTo(39, 0);
    expect(at(t.calibrationEndTime)).toBe(2457);
    expect(t.actualCumulative[t.actualCumulative.length - 1]).toBe(2457 + 1882);
    expect(t.dates[t.dates.length - 1]).toBe('1998-06-30');
    // Independently at week 10 and week 52: repeat (customer, day) pairs within 70 / 364 days of 1997-01-01.
    const firstDay = new Map<number, string>();
    for (const x of log) {
      const f = firstDay.get(x.customerId as number);
      if (f === undefined || (x.date as string) < f) firstDay.set(x.customerId as number, x.date as string);
    }
    const dayOf = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)) / 86_400_000;
    const origin = dayOf('19970101');
    const repeatsBy = (days: number) =>
      new Set(
        log
          .filter(
            (x) =>
              (x.date as string) !== firstDay.get(x.customerId as number) &&
              dayOf(x.date as string) - origin <= days,
          )
          .map((x) => `${x.customerId}|${x.date}`),
      ).size;
    expect(at(10)).toBe(repeatsBy(70));
    expect(at(52)).toBe(repeatsBy(364));
    // Incremental = differences of the cumulative curve, for the actual and every model.
    const sum = (xs: readonly (number | null)[]) => xs.reduce((a: number, b) => a + (b as number), 0);
    expect(sum(t.actualIncremental)).toBe(2457 + 1882);
    for (const m of result.models)
      expect(sum(m.expectedIncremental)).toBeCloseTo(m.expectedCumulative.at(-1) as number, 6);
    for (let k = 1; k < t.actualCumulative.length; k++)
      expect(t.actualCumulative[k] as number).toBeGreaterThanOrEqual(t.actualCumulative[k - 1] as number);
    for (const m of result.models) {
      expect(m.expectedCumulative.length).toBe(t.times.length);
      // Model-fit: expected calibration repeats of the cohort within 5 % of the actual (FHL 2005 Fig. 3).
      const k = t.times.indexOf(t.calibrationEndTime);
      expect(Math.abs((m.expectedCumulative[k] as number) / 2457 - 1)).toBeLessThan(0.05);
    }
  });

  it('calibration and holdout tables: 1,411 zero-repeaters observed; holdout rows cover every customer', () => {
    expect(bgnbd?.calibrationTable[0]).toMatchObject({ label: '0', actual: 1411 });
    expect(bgnbd?.calibrationTable.reduce((a, r) => a + r.actual, 0)).toBe(2357);
    expect(bgnbd?.holdoutTable.reduce((a, r) => a + r.customers, 0)).toBe(2357);
  });

  it('ranks by holdout MAE, says why, and refits the winner on all 78 weeks', () => {
    const maes = result.models.map((m) => m.purchases.mae);
    expect([...maes].sort((a, b) => a - b)).toEqual(maes);
    expect(result.models.map((m) => m.rank)).toEqual([1, 2, 3]);
    expect(result.recommended.model).toBe(result.models[0]?.model);
    expect(result.recommended.reason).toMatch(/^lowest holdout MAE/);
    expect(result.recommended.reason).toContain(result.models[1]?.model as string);
    expect(result.recommended.refit?.model).toBe(result.recommended.model);
    expect(result.recommended.refit?.customers).toBe(2357);
    expect(result.choiceMetric).toBe('mae');
  });

  it('no LR test (no nested pair) — and says so', () => {
    expect(NESTED_MODEL_PAIRS).toEqual([]);
    expect(result.likelihoodRatioTests).toEqual([]);
    expect(result.notes.some((n) => /none of the evaluated models is nested/.test(n))).toBe(true);
  });

  it('a summary with the split gives the same figures, and the same daily tracking curve', () => {
    const split = summarizeTransactions(log, {
      timeUnit: 'week',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
    });
    const r = evaluateModels(split, { models: ['bgnbd'] });
    expect(r.models[0]?.purchases.mae).toBeCloseTo(bgnbd?.purchases.mae as number, 12);
    expect(r.recommended.refit).toBeNull();
    expect(r.notes.some((n) => /not refitted/.test(n))).toBe(true);
    expect(r.tracking).toEqual(result.tracking);
    // Plain columns (no daily occasions): the actual curve only at the split and the end, and a note says so.
    const columns = evaluateModels(
      { columns: split.columns, calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' },
      { models: ['bgnbd'] },
    );
    expect(columns.tracking.actualCumulative.filter((v) => v !== null)).toEqual([2457, 4339]);
    // Increments between consecutive times are unknown there (the times in between are).
    expect(columns.tracking.actualIncremental.every((v) => v === null)).toBe(true);
    expect(columns.notes.some((n) => /known only at the calibration and observation ends/.test(n))).toBe(
      true,
    );
  });
});

describe('evaluateModels: input checks', () => {
  const tiny: Transaction[] = [
    { customerId: 1, date: '2020-01-01' },
    { customerId: 1, date: '2020-02-01' },
    { customerId: 2, date: '2020-01-05' },
  ];
  it('needs calibrationEnd for a log, and known evaluable models', () => {
    expect(messageOf(() => evaluateModels(tiny, {}))).toMatch(/options.calibrationEnd/);
    expect(messageOf(() => evaluateModels(tiny, { calibrationEnd: '2020-01-15', models: ['sbg'] }))).toMatch(
      /options.models\[0\]: expected one of betaGeo, modifiedBetaGeo, paretoNbd, betaGeoBetaBinom, gammaGamma/,
    );
    expect(messageOf(() => evaluateModels(tiny, { calibrationEnd: '2020-01-15', models: ['bgbb'] }))).toMatch(
      /options.models\[0\]: expected a model for these data: BG\/BB needs discrete data \(options.granularity = timeUnit/,
    );
    expect(
      messageOf(() => evaluateModels(tiny, { calibrationEnd: '2020-01-15', models: ['gammagamma'] })),
    ).toMatch(/no amounts/);
    expect(
      messageOf(() => evaluateModels(tiny, { calibrationEnd: '2020-01-15', choiceMetric: 'r2' as never })),
    ).toMatch(/choiceMetric/);
  });
  it('a summary without a split is refused', () => {
    const s = summarizeTransactions(tiny, {});
    expect(messageOf(() => evaluateModels(s, {}))).toMatch(/calibration split/);
  });
});

describe('evaluateModels on discrete data: the CDNOW sample in months (granularity = time unit = month)', () => {
  const log = cdnowSample();
  const result = evaluateModels(log, {
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    timeUnit: 'month',
    granularity: 'month',
  });
  const bgbb = result.models.find((m) => m.model === 'betaGeoBetaBinom');
  const month = (d: string) => d.slice(0, 6);

  it('BG/BB joins the ranking, fitted on calendar months through the registry', () => {
    expect(bgbb).toBeDefined();
    // The same fit as the public BG/BB fitter on discretePeriods of the split summary (customers with n ≥ 1).
    const split = summarizeTransactions(log, {
      timeUnit: 'month',
      granularity: 'month',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
    });
    const d = discretePeriods(split.columns, 'month', '1997-09-30');
    const direct = fitBetaGeoBetaBinom({ frequency: d.frequency, recency: d.recency, periods: d.periods });
    for (const k of ['alpha', 'beta', 'gamma', 'delta'])
      expect(bgbb?.params[k], k).toBeCloseTo(direct.params[k] as number, 6);
    expect(bgbb?.logLikelihood).toBeCloseTo(direct.logLikelihood, 6);
    // Every model ranked is listed or failed, and the note says what "discrete" changed.
    expect(result.models.length + result.failures.length).toBe(4);
    expect(result.notes.some((n) => /discrete data \(at most one purchase per month\)/.test(n))).toBe(true);
  });

  it('purchases are months with a purchase: 1,478 customer-months after September 1997 (counted from the log)', () => {
    const holdout = new Set(
      log
        .filter((t) => month(t.date as string) > '199709')
        .map((t) => `${t.customerId}|${month(t.date as string)}`),
    );
    expect(holdout.size).toBe(1478);
    for (const m of result.models) expect(m.purchases.actualTotal).toBe(1478);
    // Its calibration table: customers by repeat months, all 2,357 counted (those first seen in September too).
    expect(bgbb?.calibrationTable.reduce((a, r) => a + r.actual, 0)).toBe(2357);
    expect(bgbb?.predictedHoldoutPurchases.length).toBe(2357);
    expect(bgbb?.purchases.predictedTotal).toBeGreaterThan(0.5 * 1478);
    expect(bgbb?.purchases.predictedTotal).toBeLessThan(1.5 * 1478);
  });

  it('tracking: actual repeat months of the cohort, placed on each month’s first day, across the split', () => {
    const calibration = new Set(
      log
        .filter((t) => month(t.date as string) <= '199709')
        .map((t) => `${t.customerId}|${month(t.date as string)}`),
    );
    const repeats = calibration.size - 2357; // every customer's first month is not a repeat
    const t = result.tracking;
    expect(t.actualCumulative[t.times.indexOf(t.calibrationEndTime)]).toBe(repeats);
    expect(t.actualCumulative.at(-1)).toBe(repeats + 1478);
    expect(t.actualCumulative.every((v) => v !== null)).toBe(true);
    expect(result.notes.some((n) => /known only at the calibration and observation ends/.test(n))).toBe(
      false,
    );
  });

  it('BG/BB wins on holdout MAE here, and is refitted on all the months to the observation end', () => {
    expect(result.recommended.model).toBe('betaGeoBetaBinom');
    expect(result.models[0]?.model).toBe('betaGeoBetaBinom');
    expect(result.recommended.refit?.model).toBe('betaGeoBetaBinom');
    // Every customer has an opportunity by June 1998 (none first bought in that month).
    expect(result.recommended.refit?.customers).toBe(2357);
    expect(result.recommended.refit?.timeUnit).toBe('month');
  });
});

describe('evaluateModels: every row accounted for', () => {
  it("with onBadRow 'collect', rejected rows are counted and left out of the tracking curve too", () => {
    const log: Transaction[] = [
      ...cdnowSample(),
      { customerId: 1, date: 'not a date', amount: '5' },
      { customerId: 2, date: '19971201', amount: '-3' }, // a holdout day of customer 2, rejected for its amount
    ];
    const r = evaluateModels(log, {
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
      timeUnit: 'week',
      onBadRow: 'collect',
      models: ['bgnbd'],
    });
    expect(r.rows).toEqual({ read: 6921, used: 6919, rejected: 2 });
    expect(r.models[0]?.purchases.actualTotal).toBe(1882);
    expect(r.tracking.actualCumulative.at(-1)).toBe(2457 + 1882);
  });

  it('a model that cannot be fitted is reported, not dropped', () => {
    const log: Transaction[] = [];
    for (let c = 1; c <= 60; c++)
      for (let k = 0; k < 1 + (c % 5); k++)
        log.push({
          customerId: c,
          date: new Date(Date.UTC(2020, 0, 1 + (c % 7) + k * 21)).toISOString().slice(0, 10),
        });
    let error: unknown;
    try {
      evaluateModels(log, { calibrationEnd: '2020-03-10', timeUnit: 'week', models: ['bgnbd'] });
    } catch (e) {
      error = e;
    }
    expect((error as Error)?.message).toMatch(
      /no transaction model could be fitted on the calibration data \(betaGeo: /,
    );
  });
});
