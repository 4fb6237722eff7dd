import { ClvValidationError, makeIssue } from '../errors.js';

/**
 * Escapes text for HTML and SVG text or attribute values: & < > " ' become entities, so customer ids and
 * segment names can never open a tag or end an attribute. Anything but a string or a number is a
 * `ClvValidationError`.
 *
 * @example escapeHtml('<b>"x" & y</b>') === '&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;'
 */
export function escapeHtml(text: string | number): string {
  if (typeof text !== 'string' && typeof text !== 'number')
    throw new ClvValidationError('escapeHtml', [makeIssue('text', 'a string or a number', text)]);
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
