import { describe, expect, it } from 'vitest';
import { COLLECT_FROM_BYTES, collectGarbage } from '../../src/cli/collectGarbage.js';

describe('collectGarbage', () => {
  it('runs a full collection when that much was let go: an unreachable 64 MB buffer is finalized, on every call', async () => {
    for (let round = 0; round < 2; round++) {
      let finalized = false;
      const registry = new FinalizationRegistry(() => {
        finalized = true;
      });
      ((): void => {
        // Made and dropped in a frame of its own, so no variable of this test holds it.
        registry.register(new ArrayBuffer(COLLECT_FROM_BYTES), 'table');
      })();
      collectGarbage(COLLECT_FROM_BYTES);
      // Finalizers run as tasks after the collection.
      for (let tick = 0; tick < 20 && !finalized; tick++) await new Promise((r) => setTimeout(r, 5));
      expect(finalized).toBe(true);
    }
  });
});
