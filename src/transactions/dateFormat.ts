import { dayFromCivil, daysInMonth, digits, parseDay } from './calendar.js';

/** A date reader: text → day number (days since 1970-01-01), undefined when the text is not such a date. */
export type DayReader = (text: string) => number | undefined;

const TOKENS = ['yyyy', 'MM', 'dd'] as const;

/**
 * Compiles a fixed-width date pattern into a fast reader: `yyyy` (year), `MM` (month 01–12), `dd` (day 01–31)
 * and any other characters as literal separators, e.g. `yyyyMMdd` (CDNOW), `dd/MM/yyyy`, `MM-dd-yyyy`,
 * `dd.MM.yyyy`. `iso` (or no pattern) reads `yyyy-MM-dd`, with any time part after it ignored, and
 * `yyyyMMdd` (see `parseDay`). Days that do not exist (1997-02-29) are rejected. Time-zone free.
 * Returns undefined for a pattern without all of yyyy, MM and dd.
 *
 * @example compileDateFormat('dd/MM/yyyy')?.('31/12/1997') === 10226
 */
export function compileDateFormat(pattern = 'iso'): DayReader | undefined {
  if (pattern === 'iso') return (text) => parseDay(text);
  const at: Record<(typeof TOKENS)[number], number> = { yyyy: -1, MM: -1, dd: -1 };
  const literals: [number, number][] = [];
  for (let i = 0; i < pattern.length; ) {
    const token = TOKENS.find((t) => pattern.startsWith(t, i));
    if (token) {
      if (at[token] >= 0) return undefined;
      at[token] = i;
      i += token.length;
    } else {
      if (/[a-zA-Z]/.test(pattern[i] as string)) return undefined;
      literals.push([i, pattern.charCodeAt(i)]);
      i++;
    }
  }
  if (at.yyyy < 0 || at.MM < 0 || at.dd < 0) return undefined;
  const width = pattern.length;
  return (text) => {
    if (text.length !== width) return undefined;
    for (const [i, code] of literals) if (text.charCodeAt(i) !== code) return undefined;
    const y = digits(text, at.yyyy, 4);
    const m = digits(text, at.MM, 2);
    const d = digits(text, at.dd, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
    return dayFromCivil(y, m, d);
  };
}
