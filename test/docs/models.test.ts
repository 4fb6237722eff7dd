import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/models/registry.js';

/**
 * docs/models.md states which verb each model defines; the registry is the source. A model gaining or losing a
 * kernel must change the table, and the table may not promise a verb a model lacks.
 */
const doc = readFileSync(new URL('../../docs/models.md', import.meta.url), 'utf8');

function verbTable(): Map<string, string[]> {
  const section = doc.slice(doc.indexOf('## The verbs'), doc.indexOf('What each quantity means'));
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));
  const header = section
    .split('\n')
    .find((l) => l.startsWith('| verb'))
    ?.split('|')
    .slice(2, -1)
    .map((c) => c.trim()) as string[];
  const table = new Map<string, string[]>();
  for (const row of rows) {
    const cells = row.split(/(?<!\\)\|/).slice(1, -1);
    const verb = (cells[0] as string).trim().match(/^`(\w+)/)?.[1] as string;
    table.set(
      verb,
      header.filter((_, j) => (cells[j + 1] as string).trim() === '✓'),
    );
  }
  return table;
}

/** Which verbs a model defines, read from its record (the verbs built on a kernel follow that kernel). */
function definedBy(verb: string): string[] {
  return MODELS.filter((m) => {
    const k = m.kernels as Record<string, unknown>;
    switch (verb) {
      case 'expectedSpend':
        return m.spendKernels !== undefined;
      case 'customerLogLikelihood':
        return k.customerLogLikelihood !== undefined || m.spendKernels !== undefined;
      case 'expectedCumulativePurchases':
        return k.expectedPurchasesNewCustomer !== undefined;
      case 'expectedRepeatCountDistribution':
        return k.probabilityOfPurchases !== undefined;
      case 'simulateCustomers':
        return m.simulate !== undefined;
      default:
        return k[verb] !== undefined;
    }
  }).map((m) => m.label);
}

describe('docs/models.md', () => {
  it('lists every model of the registry with its id', () => {
    for (const m of MODELS) expect(doc).toContain(`| \`${m.model}\``);
  });

  it('marks exactly the verbs each model defines', () => {
    const table = verbTable();
    expect([...table.keys()].sort()).toEqual(
      [
        'conditionalProbabilityOfPurchases',
        'customerLogLikelihood',
        'discountedExpectedResidualPurchases',
        'expectedCumulativePurchases',
        'expectedPurchases',
        'expectedPurchasesNewCustomer',
        'expectedRepeatCountDistribution',
        'expectedSpend',
        'probabilityAlive',
        'probabilityOfPurchases',
        'simulateCustomers',
      ].sort(),
    );
    for (const [verb, labels] of table) expect({ verb, labels }).toEqual({ verb, labels: definedBy(verb) });
  });
});
