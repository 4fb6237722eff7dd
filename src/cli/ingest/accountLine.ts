/**
 * The account line every reader prints on stderr (the in-process reader and the SQL engines alike):
 * `read N rows: M used, K rejected (k1 kind1, k2 kind2, …)`, the kinds by count, most first.
 *
 * @example accountLine(3, 1, { currency: 1 }) // 'read 3 rows: 2 used, 1 rejected (1 currency)\n'
 */
export function accountLine(
  read: number,
  rejected: number,
  rejectedBy: Readonly<Record<string, number>>,
): string {
  const kinds = Object.entries(rejectedBy)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${n.toLocaleString('en-US')} ${kind}`);
  return `read ${read.toLocaleString('en-US')} row${read === 1 ? '' : 's'}: ${(read - rejected).toLocaleString('en-US')} used, ${rejected.toLocaleString('en-US')} rejected${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}\n`;
}

/**
 * The line before the account when more rows were rejected than --max-rejects N allows ('' for N = 0, the default
 * stop at the first rejection, which the error's own line names).
 *
 * @example stoppedLine(1) // 'stopped: more than 1 row rejected (--max-rejects)\n'
 */
export function stoppedLine(maxRejects: number): string {
  return maxRejects === 0
    ? ''
    : `stopped: more than ${maxRejects.toLocaleString('en-US')} row${maxRejects === 1 ? '' : 's'} rejected (--max-rejects)\n`;
}
