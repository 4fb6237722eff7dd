/**
 * A throwaway two-shard ClickHouse cluster for the SQL tests: two `clickhouse-server` processes on loopback,
 * each with its own data directory, configuration files and ports (HTTP, native TCP, interserver), generated into
 * a temporary directory. Both know the cluster `clvkit` of two shards (one replica each: the two servers), so a
 * `Distributed` table on either spreads reads and writes over both.
 *
 * The server is Debian's `clickhouse-server` package (18.16 here; `.ci/run` installs it). Locally the tests run
 * when the binary is found and are skipped otherwise with one message; under CI=true a missing binary fails.
 * CLVKIT_CLICKHOUSE_SERVER names another binary (`clickhouse-server`, or the single `clickhouse` binary of
 * current releases, run as `clickhouse server`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** One running server: its HTTP URL and native TCP port. */
export interface ClickHouseServer {
  readonly url: string;
  readonly tcpPort: number;
}

/** The running cluster: its two servers (shard 1, shard 2), its name in `remote_servers`, and a stop function. */
export interface ClickHouseCluster {
  readonly shards: readonly [ClickHouseServer, ClickHouseServer];
  readonly name: 'clvkit';
  stop(): Promise<void>;
}

/** How to enable the ClickHouse tests (printed once when they are skipped). */
export const CLICKHOUSE_HOWTO =
  'ClickHouse tests skipped: no clickhouse-server binary. Enable them with `sudo apt-get install -y clickhouse-server` ' +
  '(Debian/Ubuntu) or set CLVKIT_CLICKHOUSE_SERVER to a clickhouse-server (or clickhouse) binary. CI (CI=true) fails instead of skipping.';

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The server binary: CLVKIT_CLICKHOUSE_SERVER, else clickhouse-server / clickhouse on PATH or in /usr/sbin, /usr/bin. */
export function clickHouseBinary(): string | undefined {
  const override = process.env.CLVKIT_CLICKHOUSE_SERVER;
  if (override !== undefined && override !== '') return override;
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/usr/bin'];
  for (const name of ['clickhouse-server', 'clickhouse'])
    for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name);
  return undefined;
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

interface Ports {
  http: number;
  tcp: number;
  interserver: number;
}

function serverConfig(dir: string, own: Ports, tcpPorts: readonly number[]): string {
  const shards = tcpPorts
    .map((p) => `<shard><replica><host>127.0.0.1</host><port>${p}</port></replica></shard>`)
    .join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/log/server.log</log><errorlog>${dir}/log/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${own.http}</http_port>
  <tcp_port>${own.tcp}</tcp_port>
  <interserver_http_port>${own.interserver}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <remote_servers><clvkit>${shards}</clvkit></remote_servers>
</yandex>
`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_threads>2</max_threads></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default></default></quotas>
</yandex>
`;

/** Resolves once GET /ping answers "Ok."; rejects with the server's error log if it exits or 60 s pass. */
async function ready(child: ChildProcess, url: string, dir: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  const log = () => {
    try {
      return readFileSync(join(dir, 'log', 'error.log'), 'utf8').slice(-4000);
    } catch {
      return '(no error log)';
    }
  };
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`clickhouse-server exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    try {
      const response = await fetch(`${url}/ping`);
      if ((await response.text()).startsWith('Ok.')) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`clickhouse-server did not answer /ping within 60 s:\n${log()}`);
}

/** SIGTERM, then SIGKILL if it lingers past 10 s. */
function shutdown(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the two servers (ports picked free on loopback, configuration generated), waits until both answer, and
 * returns them with a `stop` that ends both and removes the directory.
 */
export async function startClickHouseCluster(binary: string): Promise<ClickHouseCluster> {
  const root = mkdtempSync(join(tmpdir(), 'clvkit-clickhouse-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(shutdown));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const ports: Ports[] = [];
    const taken = new Set<number>();
    while (ports.length < 2) {
      const three: number[] = [];
      while (three.length < 3) {
        const p = await freePort();
        if (!taken.has(p)) {
          taken.add(p);
          three.push(p);
        }
      }
      ports.push({ http: three[0] as number, tcp: three[1] as number, interserver: three[2] as number });
    }
    const servers = ports.map((own, i) => {
      const dir = join(root, `shard${i + 1}`);
      for (const sub of ['log', 'data', 'tmp', 'user_files', 'format_schemas'])
        mkdirSync(join(dir, sub), { recursive: true });
      writeFileSync(
        join(dir, 'config.xml'),
        serverConfig(
          dir,
          own,
          ports.map((p) => p.tcp),
        ),
      );
      writeFileSync(join(dir, 'users.xml'), USERS);
      // The single `clickhouse` binary of current releases takes the `server` subcommand.
      const args = basename(binary) === 'clickhouse' ? ['server'] : [];
      const child = spawn(binary, [...args, `--config-file=${join(dir, 'config.xml')}`], {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'ignore'],
      });
      children.push(child);
      // If the test process dies without the teardown, the servers go with it.
      const orphan = () => child.kill('SIGKILL');
      process.once('exit', orphan);
      child.once('exit', () => process.off('exit', orphan));
      return { child, dir, url: `http://127.0.0.1:${own.http}`, tcpPort: own.tcp };
    });
    await Promise.all(servers.map((s) => ready(s.child, s.url, s.dir)));
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    return {
      shards: [
        { url: a.url, tcpPort: a.tcpPort },
        { url: b.url, tcpPort: b.tcpPort },
      ],
      name: 'clvkit',
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
