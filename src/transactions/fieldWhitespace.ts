/**
 * The whitespace every field of an order log loses at either end, on every reading path (the in-process reader
 * and the SQL engines): exactly what ECMAScript's `String.prototype.trim` removes — WhiteSpace and
 * LineTerminator (ECMA-262, §12.2–12.3): U+0009–U+000D, U+0020, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000 and U+FEFF. The in-process reader trims with `String.prototype.trim` itself (fastest);
 * the SQL dialects write this set into their trim (`DialectDescription.trim`), and a test checks the set equals
 * what `trim` removes, code point by code point.
 *
 * @example [...FIELD_WHITESPACE].every((c) => c.trim() === '') // true
 */
export const FIELD_WHITESPACE: string = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]
  .map((c) => String.fromCharCode(c))
  .join('');
