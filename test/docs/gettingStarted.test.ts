import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GETTING_STARTED, renderGettingStarted } from '../../scripts/gettingStarted.js';

/**
 * docs/getting-started.md shows the CLI's output on the CDNOW master log; it must be what the built CLI prints
 * today. On a failure, look at the difference, then regenerate: `npx tsx scripts/gettingStarted.ts`.
 */
describe('docs/getting-started.md', () => {
  it('is what scripts/gettingStarted.ts generates from the CLI on CDNOW (regenerate: npx tsx scripts/gettingStarted.ts)', () => {
    const committed = readFileSync(GETTING_STARTED, 'utf8');
    const generated = renderGettingStarted();
    expect(generated).toContain('read 69,659 rows: 69,659 used, 0 rejected');
    expect(committed).toBe(generated);
  });
});
