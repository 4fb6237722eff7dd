import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_DOC, cliCommands, renderCliDoc } from '../../scripts/cliDoc.js';

/**
 * docs/cli.md is the CLI's own --help output; it must be what the built CLI prints today. On a failure,
 * regenerate: `npx tsx scripts/cliDoc.ts`.
 */
describe('docs/cli.md', () => {
  it('is what scripts/cliDoc.ts generates from the CLI --help output (regenerate: npx tsx scripts/cliDoc.ts)', () => {
    expect(readFileSync(CLI_DOC, 'utf8')).toBe(renderCliDoc());
  });

  it('has a section for every command clvkit --help lists, the commands a user meets first among them', () => {
    const names = cliCommands().map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['summary', 'rfm', 'fit', 'predict', 'evaluate', 'report', 'clv']),
    );
    const doc = readFileSync(CLI_DOC, 'utf8');
    for (const n of names) expect(doc).toContain(`## clvkit ${n}\n\n\`\`\`text\nclvkit ${n} — `);
  });

  it('reads the command list of a help text, and refuses one without it', () => {
    expect(cliCommands('Usage: x\n\nCommands:\n  a    first\n  bb   second one\n\nRun …')).toEqual([
      { name: 'a', summary: 'first' },
      { name: 'bb', summary: 'second one' },
    ]);
    expect(() => cliCommands('Usage: x')).toThrow(/no 'Commands:'/);
  });
});
