import { describe, expect, it } from 'vitest';
import { ClvValidationError, fitBetaGeo, fitFromJson, fitToJson, probabilityAlive } from '../../src/index.js';
import { loadCdnowSummary } from './cdnow.js';

describe('fit files', () => {
  const { frequency, recency, T } = loadCdnowSummary();
  const customers = { frequency, recency, T };
  const fit = fitBetaGeo(customers);

  it('round-trips through JSON and predicts exactly as the fit', () => {
    const json = JSON.parse(JSON.stringify(fitToJson(fit, { timeUnit: 'week', createdWith: 'clvkit test' })));
    expect(json).toMatchObject({
      format: 'clvkit-fit',
      version: 1,
      model: 'betaGeo',
      label: 'BG/NBD',
      timeUnit: 'week',
    });
    expect(json.params.r).toBeCloseTo(0.2426, 4);
    const loaded = fitFromJson(json);
    expect(loaded.params).toEqual(fit.params);
    expect(probabilityAlive(loaded, customers)).toEqual(probabilityAlive(fit, customers));
  });

  it('refuses a wrong format, version, model or parameter, naming the field', () => {
    const good = fitToJson(fit);
    const bad = (patch: Record<string, unknown>) => {
      try {
        fitFromJson({ ...good, ...patch });
        return '';
      } catch (e) {
        expect(e).toBeInstanceOf(ClvValidationError);
        return (e as ClvValidationError).issues.map((i) => i.message).join('\n');
      }
    };
    expect(bad({ version: 2 })).toContain('version');
    expect(bad({ format: 'other' })).toContain('format');
    expect(bad({ model: 'weibull' })).toContain('model');
    expect(bad({ params: { r: 1, alpha: 2, a: 3 } })).toBe(
      'params.b: expected a parameter b of betaGeo, received undefined',
    );
    expect(bad({ params: { ...good.params, r: -1 } })).toContain('params.r');
    expect(bad({ extra: 1 })).toContain('extra');
  });
});
