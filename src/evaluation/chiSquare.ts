/** The chi-square upper tail, for likelihood-ratio tests. */
import { upperRegularizedGamma } from '../models/special/upperGamma.js';

/**
 * P(χ²_k ≥ x): the chi-square survival function with k degrees of freedom, Q(k/2, x/2).
 *
 * @example chiSquareSurvival(3.841458820694124, 1) // 0.05
 */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  return upperRegularizedGamma(degreesOfFreedom / 2, x / 2);
}
