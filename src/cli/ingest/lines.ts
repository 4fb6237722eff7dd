import { StringDecoder } from 'node:string_decoder';

/** One line of text with its 1-based number in the file. */
export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/**
 * Splits a byte stream into lines, decoding UTF-8 across chunk boundaries: `\n` or `\r\n` endings, a UTF-8
 * byte-order mark at the start dropped, a last line without an ending kept. Yields lines in batches (one per
 * chunk) so the per-line cost is a string slice, not an await.
 */
export async function* readLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<NumberedLine[]> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNo = 0;
  let first = true;
  for await (const chunk of chunks) {
    let text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const batch: NumberedLine[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      batch.push({ line: ++lineNo, text: text.slice(start, end) });
      start = nl + 1;
    }
    carry = text.slice(start);
    if (batch.length > 0) yield batch;
  }
  const rest = carry + decoder.end();
  if (rest.length > 0) {
    const text = first && rest.charCodeAt(0) === 0xfeff ? rest.slice(1) : rest;
    yield [{ line: ++lineNo, text: text.endsWith('\r') ? text.slice(0, -1) : text }];
  }
}
