/**
 * Checks that every relative link resolves: in README.md and docs/**\/*.md (the markdown as GitHub and the
 * tarball show it) and, when it has been built (`npm run docs`), in the reference site docs/api/**\/*.html.
 * A link resolves when its file or folder exists and its #anchor, if any, names a heading of the target (a
 * markdown file, with GitHub's heading ids) or an id of it (an HTML or SVG file). External links (http:,
 * mailto:, …) are not fetched; links inside code are not links.
 *
 *   npx tsx scripts/checkLinks.ts             # markdown, and the site when docs/api exists
 *   npx tsx scripts/checkLinks.ts --markdown  # markdown only
 *   npx tsx scripts/checkLinks.ts --site      # the built site only (an error when it is not built)
 *
 * Exit code 0 when every link resolves, 1 otherwise (each broken link listed as file:line: link — reason).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where `npm run docs` writes the site (typedoc.json `out`). */
export const SITE_DIR = 'docs/api';

/** One link that does not resolve. */
export interface BrokenLink {
  /** The file holding the link, relative to the root the check ran in. */
  readonly file: string;
  /** 1-based line of the link. */
  readonly line: number;
  readonly link: string;
  readonly reason: string;
}

/** A link found in a file, and the 0-based offset where it starts. */
interface FoundLink {
  readonly target: string;
  readonly offset: number;
}

/** Blanks out fenced code blocks and inline code spans (same length, newlines kept) so that links in code are not read. */
export function withoutCode(markdown: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return markdown
    .replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\2[^\n]*$|(?![\s\S]))/gm, blank)
    .replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, blank);
}

/** The links of a markdown text: `[text](target "title")`, images, reference definitions `[x]: target`, and HTML href/src. */
export function markdownLinks(markdown: string): FoundLink[] {
  const text = withoutCode(markdown);
  const links: FoundLink[] = [];
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g))
    links.push({ target: m[1] as string, offset: m.index });
  for (const m of text.matchAll(/^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)/gm))
    links.push({ target: m[1] as string, offset: m.index });
  return [...links, ...htmlLinks(text)];
}

/** The href and src attributes of an HTML text. */
export function htmlLinks(html: string): FoundLink[] {
  return [...html.matchAll(/\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((m) => ({
    target: (m[1] ?? m[2]) as string,
    offset: m.index,
  }));
}

/**
 * GitHub's id for a heading (as github-slugger): the text as rendered (code, emphasis and link markup removed),
 * lower-cased, every character but letters, digits, `_`, `-` and spaces removed, spaces turned into `-`.
 */
export function headingSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a markdown file has: its headings' ids (repeats get -1, -2, … as on GitHub) and HTML ids/names. */
export function markdownAnchors(markdown: string): Set<string> {
  const text = withoutCode(markdown);
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of text.matchAll(/^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/gm)) {
    const slug = headingSlug(m[1] as string);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  for (const id of htmlIds(markdown)) anchors.add(id);
  return anchors;
}

/** The id and name attributes of an HTML or SVG text. */
export function htmlIds(html: string): Set<string> {
  return new Set(
    [...html.matchAll(/\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((m) => (m[1] ?? m[2]) as string),
  );
}

/** A link that leaves the files: a scheme (http:, mailto:, data:, …) or a protocol-relative URL. */
const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/** Reads the anchors of one target file, once per run. */
function anchorReader(): (file: string) => Set<string> | null {
  const cache = new Map<string, Set<string> | null>();
  return (file) => {
    let anchors = cache.get(file);
    if (anchors === undefined) {
      const ext = extname(file).toLowerCase();
      const text = () => readFileSync(file, 'utf8');
      anchors =
        ext === '.md' ? markdownAnchors(text()) : ext === '.html' || ext === '.svg' ? htmlIds(text()) : null;
      cache.set(file, anchors);
    }
    return anchors;
  };
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Checks the given files (absolute paths); `root` makes the reported names relative. */
export function checkFiles(files: readonly string[], root: string): BrokenLink[] {
  const anchorsOf = anchorReader();
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const links = extname(file) === '.md' ? markdownLinks(text) : htmlLinks(text);
    for (const { target, offset } of links) {
      if (target === '' || target === '#' || isExternal(target)) continue;
      const report = (reason: string) =>
        broken.push({ file: relative(root, file), line: lineAt(text, offset), link: target, reason });
      const hash = target.indexOf('#');
      const pathPart = hash < 0 ? target : target.slice(0, hash);
      const anchor = hash < 0 ? '' : target.slice(hash + 1);
      let path: string;
      try {
        path = decodeURIComponent(pathPart.split('?')[0] as string);
      } catch {
        report('not a valid URL');
        continue;
      }
      const dest = path === '' ? file : resolve(dirname(file), path);
      if (!existsSync(dest)) {
        report(`${relative(root, dest)} does not exist`);
        continue;
      }
      if (anchor === '') continue;
      if (statSync(dest).isDirectory()) {
        report(`#${anchor} points into a folder`);
        continue;
      }
      const anchors = anchorsOf(dest);
      if (anchors === null) continue;
      let id: string;
      try {
        id = decodeURIComponent(anchor);
      } catch {
        report('not a valid URL');
        continue;
      }
      if (!anchors.has(id) && !(extname(dest) === '.md' && anchors.has(id.toLowerCase())))
        report(`no heading or id '${id}' in ${relative(root, dest)}`);
    }
  }
  return broken;
}

/** Every file under `dir` whose name ends with `ext`, sorted, skipping node_modules. */
function filesUnder(dir: string, ext: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.name === 'node_modules' || skip.includes(p)) continue;
    if (entry.isDirectory()) out.push(...filesUnder(p, ext, skip));
    else if (entry.name.endsWith(ext)) out.push(p);
  }
  return out.sort();
}

/** The markdown the check covers: README.md and docs/**\/*.md (not the generated site). */
export function markdownFiles(root: string = ROOT): string[] {
  return [join(root, 'README.md'), ...filesUnder(join(root, 'docs'), '.md', [join(root, SITE_DIR)])];
}

/** Checks README.md and docs/**\/*.md. */
export function checkMarkdown(root: string = ROOT): BrokenLink[] {
  return checkFiles(markdownFiles(root), root);
}

/** Checks the built site (every HTML file of docs/api); an error when it has not been built. */
export function checkSite(root: string = ROOT): BrokenLink[] {
  const site = join(root, SITE_DIR);
  if (!existsSync(join(site, 'index.html')))
    throw new Error(`${SITE_DIR}/index.html is missing: run 'npm run docs'`);
  return checkFiles(filesUnder(site, '.html'), root);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = process.argv[2];
  if (arg !== undefined && arg !== '--markdown' && arg !== '--site') {
    console.error(`checkLinks: unknown argument ${arg} (use --markdown or --site)`);
    process.exit(2);
  }
  const markdown = arg === '--site' ? [] : checkMarkdown();
  const siteBuilt = existsSync(join(ROOT, SITE_DIR, 'index.html'));
  const site = arg === '--site' || (arg === undefined && siteBuilt) ? checkSite() : [];
  const broken = [...markdown, ...site];
  for (const b of broken) console.error(`${b.file}:${b.line}: ${b.link} — ${b.reason}`);
  const what = [
    arg === '--site' ? null : `${markdownFiles().length} markdown files`,
    site.length > 0 || arg === '--site' || (arg === undefined && siteBuilt)
      ? `the site in ${SITE_DIR}`
      : null,
  ]
    .filter((w) => w !== null)
    .join(' and ');
  if (broken.length > 0) {
    console.error(`checkLinks: ${broken.length} broken link(s) in ${what}`);
    process.exit(1);
  }
  console.log(`checkLinks: every relative link and anchor resolves in ${what}`);
}
