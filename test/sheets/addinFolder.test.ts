import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHEET_FUNCTION_DOCS, sheetFunctionDoc } from '../../src/sheets/functionDocs.js';
import { SHEET_FUNCTIONS } from '../../src/sheets/functions.js';

const dist = join(__dirname, '../../dist');
const read = (path: string) => readFileSync(join(dist, path), 'utf8');
const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
  version: string;
};

interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
}

/**
 * A small well-formedness check and parse of an XML document (no DTDs, no CDATA): one optional declaration,
 * comments, elements whose tags nest and close in order, attributes quoted and not repeated, one root, text
 * without a raw `<` or a bare `&`. Throws naming the offset of the first fault.
 */
function parseXml(text: string): XmlElement {
  const token =
    /<\?xml[^?]*\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)/y;
  const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let declarationAllowed = true;
  while (token.lastIndex < text.length) {
    const at = token.lastIndex;
    const m = token.exec(text);
    if (!m) throw new Error(`not well-formed at offset ${at}: ${JSON.stringify(text.slice(at, at + 40))}`);
    const [whole, closing, name, attributeText, selfClosing, chars] = m;
    if (whole.startsWith('<?xml')) {
      if (!declarationAllowed) throw new Error(`XML declaration not at the start (offset ${at})`);
    } else if (chars !== undefined) {
      if (entity.test(chars)) throw new Error(`a bare & at offset ${at}`);
      if (stack.length === 0 && chars.trim() !== '') throw new Error(`text outside the root at offset ${at}`);
    } else if (name !== undefined) {
      if (closing) {
        const open = stack.pop();
        if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}> at offset ${at}`);
      } else {
        const attributes: Record<string, string> = {};
        for (const a of (attributeText ?? '').matchAll(
          /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g,
        )) {
          const key = a[1] as string;
          if (key in attributes) throw new Error(`attribute ${key} repeated on <${name}> at offset ${at}`);
          const value = a[2] ?? a[3] ?? '';
          if (entity.test(value)) throw new Error(`a bare & in ${key} at offset ${at}`);
          attributes[key] = value;
        }
        const element: XmlElement = { name, attributes, children: [] };
        const parent = stack.at(-1);
        if (parent) parent.children.push(element);
        else if (root) throw new Error(`a second root element <${name}> at offset ${at}`);
        else root = element;
        if (!selfClosing) stack.push(element);
      }
    }
    declarationAllowed = false;
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)?.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

function* walk(e: XmlElement): Generator<XmlElement> {
  yield e;
  for (const c of e.children) yield* walk(c);
}

describe('the XML check', () => {
  it('accepts a well-formed document and rejects each kind of fault', () => {
    expect(
      parseXml('<?xml version="1.0"?>\n<!-- c --><a x="1"><b/><c y=\'2\'>t &amp; u</c></a>').children,
    ).toHaveLength(2);
    for (const bad of [
      '<a><b></a></b>',
      '<a>',
      '<a></a><b/>',
      '<a x="1" x="2"/>',
      '<a x=1/>',
      '<a>fish & chips</a>',
      '<a/> <?xml version="1.0"?>',
      'text<a/>',
    ])
      expect(() => parseXml(bad), bad).toThrow();
  });
});

describe('the Excel add-in folder (dist/excel)', () => {
  const manifest = read('excel/manifest.xml');
  const root = parseXml(manifest);
  const elements = [...walk(root)];
  const urls = new Map(
    elements.filter((e) => e.name === 'bt:Url').map((e) => [e.attributes.id, e.attributes.DefaultValue]),
  );
  const source = (resid: string) => urls.get(resid);

  it('holds the four files Excel loads and nothing else', () => {
    expect(readdirSync(join(dist, 'excel')).sort()).toEqual([
      'functions.html',
      'functions.js',
      'functions.json',
      'manifest.xml',
    ]);
  });

  it('has a well-formed manifest of a custom-functions add-in for Excel, at the package version', () => {
    expect(root.name).toBe('OfficeApp');
    expect(elements.find((e) => e.name === 'Host')?.attributes.Name).toBe('Workbook');
    const versionText = manifest.match(/<Version>([^<]*)<\/Version>/)?.[1];
    expect(versionText).toBe(version.split(/[-+]/)[0]);
    expect(
      elements.some((e) => e.name === 'ExtensionPoint' && e.attributes['xsi:type'] === 'CustomFunctions'),
    ).toBe(true);
    expect(manifest).toMatch(/<bt:String id="Functions.Namespace" DefaultValue="CLVKIT" \/>/);
  });

  it('names functions.js, functions.json and functions.html at one HTTPS base, as the resources say', () => {
    const script = elements.find((e) => e.name === 'Script')?.children[0]?.attributes.resid;
    const page = elements.find((e) => e.name === 'Page')?.children[0]?.attributes.resid;
    const metadata = elements.find((e) => e.name === 'Metadata')?.children[0]?.attributes.resid;
    const scriptUrl = source(script ?? '');
    const metadataUrl = source(metadata ?? '');
    const pageUrl = source(page ?? '');
    const base = scriptUrl?.replace(/functions\.js$/, '');
    expect(base).toMatch(/^https:\/\/[^?#]+\/$/);
    expect(scriptUrl).toBe(`${base}functions.js`);
    expect(metadataUrl).toBe(`${base}functions.json`);
    expect(pageUrl).toBe(`${base}functions.html`);
    const settings = elements.find((e) => e.name === 'DefaultSettings');
    expect(settings?.children.find((e) => e.name === 'SourceLocation')?.attributes.DefaultValue).toBe(
      pageUrl,
    );
    // Every URL the manifest names is one of the three files (no leftover template URL).
    const named = elements.flatMap((e) =>
      Object.entries(e.attributes)
        .filter(([key, value]) => !key.startsWith('xmlns') && /^https?:/.test(value))
        .map(([, value]) => value),
    );
    expect(new Set(named)).toEqual(new Set([scriptUrl, metadataUrl, pageUrl]));
    // The page loads the Office runtime, then the script the manifest names (resolved against the page's URL).
    const html = read('excel/functions.html');
    const scripts = [...html.matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1] as string);
    expect(scripts).toEqual([
      'https://appsforoffice.microsoft.com/lib/1/hosted/custom-functions-runtime.js',
      'functions.js',
    ]);
    expect(new URL(scripts[1] as string, pageUrl).href).toBe(scriptUrl);
  });

  it('serves metadata and script for the same functions', () => {
    const meta = JSON.parse(read('excel/functions.json')) as { functions: { id: string }[] };
    const names = SHEET_FUNCTIONS.map((f) => f.name).sort();
    expect(meta.functions.map((f) => f.id).sort()).toEqual(names);
    const js = read('excel/functions.js');
    for (const name of names)
      expect(js).toContain(`CustomFunctions.associate(${JSON.stringify(name)}, ${name});`);
  });
});

describe('the Apps Script file (dist/sheets/clvkit.gs.js)', () => {
  const gs = read('sheets/clvkit.gs.js');
  it('is the minified library followed by readable @customfunction wrappers', () => {
    const firstWrapper = gs.indexOf('/**\n');
    const library = gs.slice(0, firstWrapper);
    // Minified: long lines (line breaks are left only inside template literals), where the unminified
    // bundle had a line per ~40 bytes.
    expect(library.split('\n').length).toBeLessThan(library.length / 2000);
    expect(library).toMatch(/var ClvKitSheets=/);
    const wrappers = gs.slice(firstWrapper);
    for (const f of SHEET_FUNCTIONS) {
      expect(wrappers).toContain(`function ${f.name}(${f.params.map((p) => p.name).join(', ')}) {`);
      const doc = sheetFunctionDoc(f);
      expect(wrappers).toContain(` * ${doc.description}\n`);
      f.params.forEach((p, i) => {
        expect(wrappers).toContain(`${p.name}${p.optional ? ']' : ''} ${doc.params[i]}\n`);
      });
    }
    expect(wrappers.match(/@customfunction/g)).toHaveLength(SHEET_FUNCTIONS.length);
  });

  it('carries each doc text once: in the wrappers, not in the minified library (issue #13, 200 KB)', () => {
    const library = gs.slice(0, gs.indexOf('/**\n'));
    for (const f of SHEET_FUNCTIONS) {
      const doc = sheetFunctionDoc(f);
      for (const text of [doc.description, doc.example, ...doc.params])
        expect(library.includes(text), `${f.name}: ${text}`).toBe(false);
    }
  });
});

describe("the functions' documentation (src/sheets/functionDocs.ts)", () => {
  it('documents every function and every parameter, nothing else', () => {
    expect(Object.keys(SHEET_FUNCTION_DOCS).sort()).toEqual(SHEET_FUNCTIONS.map((f) => f.name).sort());
    for (const f of SHEET_FUNCTIONS) {
      const doc = sheetFunctionDoc(f);
      expect(doc.params).toHaveLength(f.params.length);
      expect(doc.example.startsWith(`=${f.name}(`), doc.example).toBe(true);
    }
  });

  it('refuses a function whose parameters and help disagree, naming both sides', () => {
    const clv = SHEET_FUNCTIONS.find((f) => f.name === 'CLV');
    if (clv === undefined) throw new Error('CLV is a spreadsheet function');
    const renamed = { ...clv, params: [...clv.params.slice(1), { name: 'spend', kind: 'number' as const }] };
    expect(() => sheetFunctionDoc(renamed)).toThrow(
      "CLV's parameters are purchaseFrequency, lifespan, grossMargin, serviceCostPerPeriod, discountRate, spend; no help for spend; help for no parameter avgPurchaseValue",
    );
  });
});
