import { StringDecoder } from 'node:string_decoder';

/** One line of text with its 1-based number in the file. */
export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/** Consecutive lines of a file: `lines[k]` is line number `first + k` (1-based). */
export interface LineBatch {
  readonly first: number;
  readonly lines: string[];
}

/**
 * Splits a byte stream into lines, decoding UTF-8 across chunk boundaries: `\n` or `\r\n` endings, a UTF-8
 * byte-order mark at the start dropped, a last line without an ending kept. Yields the lines of each chunk
 * together (no object per line), so the per-line cost is a string slice, not an await.
 */
export async function* readLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<LineBatch> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let next = 1;
  let first = true;
  for await (const chunk of chunks) {
    let text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const lines: string[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      lines.push(text.slice(start, end));
      start = nl + 1;
    }
    carry = text.slice(start);
    if (lines.length > 0) {
      yield { first: next, lines };
      next += lines.length;
    }
  }
  const rest = carry + decoder.end();
  if (rest.length > 0) {
    const text = first && rest.charCodeAt(0) === 0xfeff ? rest.slice(1) : rest;
    yield { first: next, lines: [text.endsWith('\r') ? text.slice(0, -1) : text] };
  }
}
