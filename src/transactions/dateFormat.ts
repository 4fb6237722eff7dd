import {
  dayFromCivil,
  dayOfExcelSerial,
  daysInMonth,
  dayWithTime,
  digits,
  type InstantDayReader,
  parseDay,
} from './calendar.js';

/** A date reader: text → day number (days since 1970-01-01), undefined when the text is not such a date. */
export type DayReader = (text: string) => number | undefined;

/** Tokens of a pattern, longest first: fixed-width `yyyy`, `MM`, `dd`; `M` and `d` take one or two digits. */
const TOKENS = ['yyyy', 'MM', 'dd', 'M', 'd'] as const;
type Token = (typeof TOKENS)[number];
type Step = { readonly token: Token } | { readonly literal: number };

/** An Excel serial as text: digits with an optional fraction (the time of day). */
const SERIAL = /^\d{1,7}(\.\d+)?$/;

/**
 * Compiles a date pattern into a fast reader: `yyyy` (year), `MM` (month 01–12), `dd` (day 01–31), `M` and
 * `d` (month and day in one or two digits: `M/d/yyyy` reads `12/1/2010`) and any other characters as
 * literal separators, e.g. `yyyyMMdd` (CDNOW), `dd/MM/yyyy`, `MM/dd/yyyy`, `dd.MM.yyyy`. `iso` (or no
 * pattern) reads `yyyy-MM-dd` and `yyyyMMdd` (see `parseDay`); `excel` reads an Excel date serial such as
 * `40513` or `40513.35` (see `dayOfExcelSerial`). The date may be followed by a time (`12/1/2010 8:26`,
 * `2010-12-01T08:26:00+01:00`): the time-zone rule is `parseDay`'s — a time without a zone leaves the day
 * written, a time with a zone is an instant dated in the zone of `instantDay` (default UTC); a time part
 * that is not a time makes the text no date. Days that do not exist (1997-02-29) are rejected. Returns
 * undefined for a pattern without all of year, month and day (or with one twice).
 *
 * @example compileDateFormat('dd/MM/yyyy')?.('31/12/1997') === 10226
 * @example compileDateFormat('M/d/yyyy')?.('12/1/2010 8:26') === dayFromCivil(2010, 12, 1)
 */
export function compileDateFormat(pattern = 'iso', instantDay?: InstantDayReader): DayReader | undefined {
  if (typeof pattern !== 'string' || (instantDay !== undefined && typeof instantDay !== 'function'))
    return undefined;
  if (pattern === 'iso') return (text) => parseDay(text, instantDay);
  if (pattern === 'excel')
    return (text) =>
      typeof text === 'string' && SERIAL.test(text) ? dayOfExcelSerial(Number(text)) : undefined;
  const steps: Step[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < pattern.length; ) {
    const token = TOKENS.find((t) => pattern.startsWith(t, i));
    if (token) {
      const field = token[0] as string;
      if (seen.has(field)) return undefined;
      seen.add(field);
      steps.push({ token });
      i += token.length;
    } else {
      if (/[a-zA-Z]/.test(pattern[i] as string)) return undefined;
      steps.push({ literal: pattern.charCodeAt(i) });
      i++;
    }
  }
  if (!seen.has('y') || !seen.has('M') || !seen.has('d')) return undefined;
  return (text) => {
    if (typeof text !== 'string') return undefined;
    let y = -1;
    let m = -1;
    let d = -1;
    let at = 0;
    for (const step of steps) {
      if ('literal' in step) {
        if (text.charCodeAt(at) !== step.literal) return undefined;
        at++;
        continue;
      }
      const { token } = step;
      let width = token.length;
      if (width === 1) width = at + 1 < text.length && isDigit(text.charCodeAt(at + 1)) ? 2 : 1;
      if (at + width > text.length) return undefined;
      const v = digits(text, at, width);
      if (v < 0) return undefined;
      if (token === 'yyyy') y = v;
      else if (token[0] === 'M') m = v;
      else d = v;
      at += width;
    }
    if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
    return dayWithTime(dayFromCivil(y, m, d), text, at, instantDay);
  };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
