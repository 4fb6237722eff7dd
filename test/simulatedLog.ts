import { simulateOrderLog } from '../src/index.js';

/**
 * An order log of BG/NBD purchases (r 0.75, α 40, a 0.8, b 2.5) and Gamma-Gamma spend (p 6, q 4, γ 60), for
 * tests that need a log of a given size and span rather than particular figures.
 */
export const simulatedLog = (customers: number, start: string, end: string, seed: number) =>
  simulateOrderLog({
    customers,
    start,
    end,
    seed,
    purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
    spend: { p: 6, q: 4, gamma: 60 },
  });
