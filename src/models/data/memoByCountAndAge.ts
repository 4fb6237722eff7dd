/**
 * Memoises a value that depends on a customer's repeat purchases x and age T only (not on recency), as the
 * future of a customer known to be alive does in the BG/NBD and Pareto/NBD (the posterior of λ is
 * Gamma(r + x, α + T) whatever t_x was). A cohort's T takes a few values and x a few dozen, so a kernel over a
 * million customers computes each distinct (x, T) once.
 *
 * @example
 * const future = memoByCountAndAge((x, T) => (0.243 + x) / (4.414 + T));
 * future(2, 38.86) === future(2, 38.86) // computed once
 */
export function memoByCountAndAge(
  compute: (x: number, T: number) => number,
): (x: number, T: number) => number {
  const byCount = new Map<number, Map<number, number>>();
  return (x, T) => {
    let byAge = byCount.get(x);
    if (byAge === undefined) byCount.set(x, (byAge = new Map()));
    let v = byAge.get(T);
    if (v === undefined) {
      v = compute(x, T);
      byAge.set(T, v);
    }
    return v;
  };
}
