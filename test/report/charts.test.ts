import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectedCumulativePurchases, fitFromParams } from '../../src/index.js';

/**
 * clvkit/report from the built entry, as a Node script or a dashboard uses it: the core computes, the chart
 * lays out. The entry stands alone (imports nothing), escapes every text and counts what it drew.
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

  it('ships its stylesheet and round ticks', () => {
    expect(report.REPORT_CSS).toContain('.axis-title');
    expect(report.niceTicks(87, 5)).toEqual([0, 20, 40, 60, 80, 100]);
  });
});
