/**
 * The headless Chromium of the browser tests, from the npm registry alone: `@sparticuz/chromium` ships a
 * brotli-compressed headless Chromium inside the package (no download at install or run time). It is
 * decompressed once into node_modules/.cache (per package version; written to a temporary name and renamed,
 * so a half-written binary is never used) and launched with playwright-core.
 *
 * The binary needs the system's NSS libraries (libnss3, libnspr4) and fontconfig, which Debian's base image
 * has. `CLVKIT_TEST_CHROMIUM` may point the tests at another Chromium binary (on a platform the package has none for);
 * nothing here looks for a system browser.
 */
import {
  chmodSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';

/** Flags for a quiet headless run as root on a machine with no network beyond loopback. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--no-zygote',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Path of the Chromium binary: CLVKIT_TEST_CHROMIUM, else the one in @sparticuz/chromium (decompressed once). */
export async function chromiumPath(): Promise<string> {
  const override = process.env.CLVKIT_TEST_CHROMIUM;
  if (override !== undefined && override !== '') return override;
  // The package's entry is build/{esm,cjs}/index.*; its root is two folders up.
  const root = resolve(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '../..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const cache = resolve(root, '../../.cache', `clvkit-chromium-${version}`);
  const binary = join(cache, 'chromium');
  if (existsSync(binary)) return binary;
  mkdirSync(cache, { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  await pipeline(
    createReadStream(join(root, 'bin', 'chromium.br')),
    createBrotliDecompress(),
    createWriteStream(partial),
  );
  chmodSync(partial, 0o755);
  renameSync(partial, binary);
  return binary;
}

/** Launches headless Chromium (a fresh temporary profile of its own, removed on close). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: ARGS });
}
