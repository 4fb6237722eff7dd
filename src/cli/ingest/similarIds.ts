/** Printable ASCII without a blank: such an id is its own normalized form. */
const PLAIN = /^[\x21-\x7e]*$/;

/** An id's form with Unicode compatibility normalization (NFKC) and every run of whitespace made one space. */
function normalizedId(id: string): string {
  return id.normalize('NFKC').replace(/\s+/g, ' ');
}

/**
 * Pairs of customer ids that are different strings but differ only by whitespace inside them or by Unicode
 * normalization ('José' written precomposed and decomposed, a no-break space for a space): they are counted
 * as different customers, and the reader says so rather than merging or splitting them silently. Numbers
 * and plain ASCII ids cost one test each; the map is built only when some id is not plain.
 *
 * @example similarIds(['Jos\u00e9', 'Jose\u0301', 'a b', 'a\u00a0b', 'c']) // [['José', 'José'], ['a b', 'a b']]
 */
export function similarIds(labels: readonly (string | number)[]): [string, string][] {
  if (!labels.some((l) => typeof l === 'string' && !PLAIN.test(l))) return [];
  const seen = new Map<string, string>();
  const pairs: [string, string][] = [];
  for (const label of labels) {
    if (typeof label !== 'string') continue;
    const key = PLAIN.test(label) ? label : normalizedId(label);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, label);
    else pairs.push([first, label]);
  }
  return pairs;
}

/** The warning line for `similarIds`' pairs (empty when there are none). */
export function similarIdsWarning(pairs: readonly [string, string][]): string {
  if (pairs.length === 0) return '';
  const [a, b] = pairs[0] as [string, string];
  const more = pairs.length > 1 ? ` and ${(pairs.length - 1).toLocaleString('en-US')} more pairs` : '';
  return `warning: customer ids that differ only by whitespace or Unicode normalization are counted as different customers: ${JSON.stringify(a)} and ${JSON.stringify(b)}${more}\n`;
}
