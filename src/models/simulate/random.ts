import { lgamma } from '../special/lgamma.js';

/**
 * A small seeded pseudo-random source for the simulators: reproducible across platforms, no globals.
 *
 * - Generator: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators"),
 *   seeded through splitmix32 so any integer seed gives a well-mixed state.
 * - uniform(): 53-bit float in the open interval (0, 1), from two 32-bit outputs.
 * - normal(): Marsaglia's polar method (Marsaglia & Bray 1964).
 * - gamma(shape, rate): Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
 *   ACM TOMS 26(3); for shape < 1, Gamma(k) = Gamma(k + 1) · U^{1/k} (same paper, §6), done in log space
 *   so tiny shapes do not underflow to an exact 0 more often than the float64 range forces.
 * - beta(a, b): X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
 * - poisson(mean): counting exponential gaps for mean < 30, else the PTRS transformed rejection of
 *   Hörmann (1993), "The transformed rejection method for generating Poisson random variables".
 *
 * @example
 * const rng = createRandom(42);
 * const u = rng.uniform(); // the same number on every run with seed 42
 */
export interface Random {
  /** A float in (0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** Gamma with shape k and rate λ (mean k/λ). */
  gamma(shape: number, rate: number): number;
  /** Beta(a, b). */
  beta(a: number, b: number): number;
  /** Poisson with the given mean. */
  poisson(mean: number): number;
  /** Bernoulli: true with probability p. */
  bernoulli(p: number): boolean;
}

/** Creates a seeded source (seed: any finite number; its 32-bit integer part is used). */
export function createRandom(seed: number): Random {
  return new Xoshiro128(seed);
}

/**
 * The generator behind `createRandom`: xoshiro128** state in four 32-bit words, the variates as methods. A class,
 * so that every source shares one set of compiled methods (a closure per source would be compiled anew for each).
 */
class Xoshiro128 implements Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // splitmix32 expands the seed into the four 32-bit words of xoshiro128** state.
    let sm = seed >>> 0;
    const next32 = () => {
      sm = (sm + 0x9e3779b9) >>> 0;
      let z = sm;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    // Held as signed 32-bit words (the same bits: every step below reads them as such), so that the fields keep
    // one representation whatever the seed.
    this.s0 = next32() | 0;
    this.s1 = next32() | 0;
    this.s2 = next32() | 0;
    this.s3 = next32() | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32-bit output. */
  private nextUint(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const s2 = this.s2 ^ this.s0;
    const s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 ^= s3;
    this.s2 = s2 ^ (s1 << 9);
    this.s3 = rotl(s3, 11);
    return result;
  }

  uniform(): number {
    // 53 random bits → k / 2^53, shifted by half a step so 0 and 1 never occur.
    const hi = this.nextUint() >>> 5; // 27 bits
    const lo = this.nextUint() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  normal(): number {
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
    }
  }

  exponential(rate: number): number {
    return -Math.log(this.uniform()) / rate;
  }

  /** ln of a Gamma(shape, 1) variate for shape ≥ 1 (Marsaglia–Tsang). */
  private logGammaUnitLarge(shape: number): number {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
        return Math.log(d * v);
    }
  }

  private logGammaUnit(shape: number): number {
    return shape >= 1
      ? this.logGammaUnitLarge(shape)
      : this.logGammaUnitLarge(shape + 1) + Math.log(this.uniform()) / shape;
  }

  gamma(shape: number, rate: number): number {
    return Math.exp(this.logGammaUnit(shape)) / rate;
  }

  beta(a: number, b: number): number {
    const lx = this.logGammaUnit(a);
    const ly = this.logGammaUnit(b);
    // X/(X+Y) = 1/(1 + e^{ly − lx}), stable for very different magnitudes.
    return 1 / (1 + Math.exp(ly - lx));
  }

  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      // Count unit-rate exponential arrivals before `mean`: multiply uniforms until below e^{−mean}.
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    // PTRS (Hörmann 1993).
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
        -mean + k * loglam - logFactorial(k)
      )
        return k;
    }
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * ln k!: summed term by term up to k = 20, beyond by Stirling's series (`lgamma`, within ~1e-16 relative), so that
 * PTRS at a mean of 10¹⁶ does not add 10¹⁶ logarithms for one draw (a PTRS draw takes this branch one time in five).
 */
function logFactorial(k: number): number {
  if (k > 20) return lgamma(k + 1);
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}
