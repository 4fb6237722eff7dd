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
