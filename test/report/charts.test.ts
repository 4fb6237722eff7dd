import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectedCumulativePurchases, fitFromParams } from '../../src/index.js';

/**
 * clvkit/report from the built entry, as a Node script or a dashboard uses it: the core computes, the chart
 * lays out. The entry imports only clvkit's error classes, zod and decimal.js (its input schemas), escapes every
 * text and counts what it drew.
 */
const report = (await import(
  pathToFileURL(join(__dirname, '../../dist/report.js')).href
)) as typeof import('../../src/report/index.js');

describe('clvkit/report: the report charts as library functions', () => {
  it('draws a BG/NBD tracking curve of a cohort, one mark per week, with the split marked', () => {
    const fit = fitFromParams({ model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } });
    const weeks = Array.from({ length: 78 }, (_, i) => i + 1);
    const firstPurchaseTimes = Array.from({ length: 2357 }, (_, i) => (i % 84) / 7);
    const { cumulative } = expectedCumulativePurchases(fit, { firstPurchaseTimes, times: weeks });
    const svg = report.trackingChart(
      'tracking',
      'Expected repeat purchases',
      weeks,
      weeks.map((w) => `week ${w}`),
      [{ name: 'BG/NBD', values: Array.from(cumulative) }],
      39,
      { x: 'week', y: 'cumulative repeat purchases' },
    );
    expect(svg).toMatch(/^<figure data-chart="tracking" data-marks="78">/);
    expect(svg).toContain('<svg viewBox=');
  });

  it('escapes every text it is given, and counts the cells of a heat map', () => {
    const hostile = '<script>alert("x")</script>';
    const svg = report.heatMap(
      'p-alive',
      hostile,
      ['0', '1'],
      ['0', '10'],
      [
        [0.9, null],
        [0.5, 1],
      ],
      {
        x: 'recency',
        y: 'frequency',
      },
    );
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(svg).toMatch(/data-marks="3"/);
    expect(report.escapeHtml(`a&b'`)).toBe('a&amp;b&#39;');
  });

  it('draws the decile chart of a holdout evaluation: mean predicted beside mean actual, ten pairs', async () => {
    const { decileTable } = await import('../../src/evaluation/index.js');
    // Actual holdout purchases and a prediction that ranks them well but is 20 % high.
    const actual = Array.from({ length: 100 }, (_, i) => (i % 10) + (i % 3));
    const predicted = actual.map((a, i) => 1.2 * a + ((i * 7) % 5) / 10);
    const rows = decileTable(actual, predicted);
    const svg = report.decileChart('deciles', 'Holdout purchases by decile', rows, 'purchases per customer');
    expect(svg).toMatch(/^<figure data-chart="deciles" data-marks="20">/);
    // Decile 1's columns carry its means (the core's figures, laid out, not recomputed).
    const first = rows[0] as (typeof rows)[number];
    expect(svg).toContain(`predicted (mean), 1: ${first.meanPredicted.toFixed(2)}`);
    expect(svg).toContain(`actual (mean), 1: ${first.meanActual.toFixed(2)}`);
    expect(svg).toContain('decile of predicted value (1 = the 10% predicted highest)');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('draws the P(alive) matrix with axes that say recency and frequency in their unit; null cells not drawn', () => {
    const svg = report.aliveMatrixChart('p-alive', 'P(alive)', {
      frequencies: [0, 1, 2],
      recencies: [0, 10, 20, 30],
      values: [
        [1, null, null, null],
        [null, 0.4, 0.7, 0.9],
        [null, 0.2, 0.6, 0.95],
      ],
      T: 39,
      timeUnit: 'week',
    });
    expect(svg).toMatch(/data-marks="7"/);
    expect(svg).toContain('recency: weeks from the first to the last purchase (age T = 39 weeks)');
    expect(svg).toContain('frequency: repeat purchases');
    // Round recency labels as given, the most repeat purchases drawn at the top.
    for (const r of ['0', '10', '20', '30']) expect(svg).toContain(`text-anchor="middle">${r}</text>`);
    expect(svg.indexOf('frequency: repeat purchases 2, recency: weeks')).toBeLessThan(
      svg.indexOf('frequency: repeat purchases 0, recency: weeks'),
    );
  });

  it('ships its stylesheet and round ticks', () => {
    expect(report.REPORT_CSS).toContain('.axis-title');
    expect(report.niceTicks(87, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(report.niceStep(78.14 / 24)).toBe(5);
  });
});
