import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFiles, checkMarkdown, headingSlug, markdownAnchors } from '../../scripts/checkLinks.js';

describe('links in README.md and docs/**/*.md', () => {
  it('every relative link and #anchor resolves (npx tsx scripts/checkLinks.ts --markdown lists the broken ones)', () => {
    expect(checkMarkdown()).toEqual([]);
  });
});

describe('scripts/checkLinks.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-links-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('ids headings as GitHub does: markup dropped, punctuation removed, spaces to hyphens, repeats numbered', () => {
    expect(headingSlug('4. Predict, and CLV: `predict`')).toBe('4-predict-and-clv-predict');
    expect(headingSlug('Numbers: exact money, float64 statistics')).toBe(
      'numbers-exact-money-float64-statistics',
    );
    expect(headingSlug('[The fit file](fit-file.md) — *v1*')).toBe('the-fit-file--v1');
    expect(headingSlug('Größe & Ünïcode_x')).toBe('größe--ünïcode_x');
    expect([
      ...markdownAnchors('# A\n\n## A\n\n```\n# not a heading\n```\n\n## A\n<a id="here"></a>\n'),
    ]).toEqual(['a', 'a-1', 'a-2', 'here']);
  });

  it('reports a missing file, a missing anchor and an anchor into a folder, with file and line', () => {
    write('b.md', '# Target\n\n## Second part\n');
    mkdirSync(join(dir, 'folder'), { recursive: true });
    const a = write(
      'a.md',
      [
        '# Start',
        '[ok](b.md) [ok](b.md#second-part) [ok](#start) [ok](folder) [ok](https://example.com/x#y) [ok](mailto:a@b)',
        '[gone](c.md)',
        '[bad anchor](b.md#third-part) and [self](#nowhere)',
        '![img](pic.png)',
        '[into folder](folder#x)',
        '`[in code](missing.md)`',
        '```md',
        '[in a fence](missing.md)',
        '```',
        '[ref]: missing-too.md',
      ].join('\n'),
    );
    expect(checkFiles([a], dir)).toEqual([
      { file: 'a.md', line: 3, link: 'c.md', reason: 'c.md does not exist' },
      { file: 'a.md', line: 4, link: 'b.md#third-part', reason: "no heading or id 'third-part' in b.md" },
      { file: 'a.md', line: 4, link: '#nowhere', reason: "no heading or id 'nowhere' in a.md" },
      { file: 'a.md', line: 5, link: 'pic.png', reason: 'pic.png does not exist' },
      { file: 'a.md', line: 6, link: 'folder#x', reason: '#x points into a folder' },
      { file: 'a.md', line: 11, link: 'missing-too.md', reason: 'missing-too.md does not exist' },
    ]);
  });

  it('checks HTML pages: href and src, ids in HTML and SVG targets, anchors into markdown copies', () => {
    write('site/assets/icons.svg', '<svg><g id="icon-a"></g></svg>');
    write('site/media/README.md', '# Readme\n\n## Install\n');
    write('site/docs/p.html', '<h2 id="part">Part</h2><a name="old"></a>');
    const index = write(
      'site/index.html',
      [
        '<a href="docs/p.html#part">x</a><a href="docs/p.html#old">x</a><a href="#top" id="top">x</a>',
        '<use href="assets/icons.svg#icon-a"></use><a href="media/README.md#install">x</a><a href="">x</a>',
        '<a href="docs/p.html#gone">x</a><script src="assets/main.js"></script>',
        '<use href="assets/icons.svg#icon-b"></use><a href="media/README.md#usage">x</a>',
      ].join('\n'),
    );
    expect(checkFiles([index], dir).map((b) => `${b.line} ${b.link}: ${b.reason}`)).toEqual([
      "3 docs/p.html#gone: no heading or id 'gone' in site/docs/p.html",
      '3 assets/main.js: site/assets/main.js does not exist',
      "4 assets/icons.svg#icon-b: no heading or id 'icon-b' in site/assets/icons.svg",
      "4 media/README.md#usage: no heading or id 'usage' in site/media/README.md",
    ]);
  });
});
