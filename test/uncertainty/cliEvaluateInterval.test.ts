import { describe, expect, it } from 'vitest';
import { CDNOW_SAMPLE, CDNOW_SAMPLE_FLAGS } from '../cli/cdnow.js';
import { clvkit } from '../cli/run.js';

interface IntervalModel {
  model: string;
  actualHoldoutPurchases: number;
  coverage: { level: number; customers: number; closed: number; open: number; randomized: number };
  totalInterval: {
    level: number;
    low: number;
    high: number;
    actual: number;
    actualQuantile: number;
    inside: boolean;
  };
  parameterUncertainty: boolean;
}

describe('clvkit evaluate --interval', () => {
  it('CDNOW: per model the coverage of the 90 % holdout intervals and the total’s interval around the actual 1,882', () => {
    const r = clvkit([
      'evaluate',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--models',
      'bgnbd,pnbd',
      '--interval',
      '90',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { models: IntervalModel[] };
    expect(doc.models.map((m) => m.model).sort()).toEqual(['betaGeo', 'paretoNbd']);
    for (const m of doc.models) {
      expect(m.coverage.level).toBe(0.9);
      expect(m.coverage.customers).toBe(2357);
      // Honest for counts: the closed interval over-covers, the open one under-covers, the randomized PIT in between.
      expect(m.coverage.closed).toBeGreaterThanOrEqual(m.coverage.randomized);
      expect(m.coverage.open).toBeLessThanOrEqual(m.coverage.randomized);
      expect(Math.abs(m.coverage.randomized - 0.9)).toBeLessThan(0.03);
      expect(m.totalInterval.actual).toBe(1882);
      expect(m.totalInterval.actual).toBe(m.actualHoldoutPurchases);
      expect(m.totalInterval.low).toBeLessThan(m.totalInterval.high);
      expect(m.totalInterval.inside).toBe(m.totalInterval.low <= 1882 && 1882 <= m.totalInterval.high);
      expect(m.parameterUncertainty).toBe(true);
    }
    const t = clvkit([
      'evaluate',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--models',
      'bgnbd',
      '--interval',
      '80',
      '--draws',
      '200',
      '--format',
      'table',
    ]);
    expect(t.stdout).toMatch(/Holdout 80% intervals/);
    expect(t.stdout).toMatch(/randomized PIT/);
  });

  it('refuses a bad percentage and --draws without --interval, before reading the file', () => {
    const bad = clvkit([
      'evaluate',
      'no-such-file.csv',
      '--calibration-end',
      '1997-09-30',
      '--interval',
      '0',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--interval: expected a percentage/);
    const d = clvkit(['evaluate', 'no-such-file.csv', '--calibration-end', '1997-09-30', '--draws', '5']);
    expect(d.stderr).toMatch(/only with --interval/);
    const b = clvkit([
      'evaluate',
      'no-such-file.csv',
      '--calibration-end',
      '1997-09-30',
      '--bootstrap-fallback',
    ]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--draws, --seed and --bootstrap-fallback: only with --interval');
  });
});
