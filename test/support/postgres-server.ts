import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Starts a throw-away PostgreSQL cluster from the Debian server binaries for the test run.
 * PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user.
 */
export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

function findBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'postgres'))) return join(root, v, 'bin');
  throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
}

/** As root, the uid and gid of the `postgres` account the server must run under. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/**
 * `keepIn` names a directory whose cluster outlives the server (created on first use, started
 * again afterwards): a benchmark then loads its ledger once.
 */
export async function startPostgres(options: { keepIn?: string } = {}): Promise<PostgresServer> {
  const bin = findBinDir();
  const dir = options.keepIn ?? mkdtempSync(join(tmpdir(), 'relance-pg-'));
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  const user = serverUser();
  if (user) execFileSync('chown', [`${user.uid}:${user.gid}`, dir]);
  if (!existsSync(dataDir)) {
    execFileSync(join(bin, 'initdb'), ['-D', dataDir, '-U', 'relance', '-A', 'trust', '-E', 'UTF8', '--no-sync'], {
      stdio: 'pipe',
      ...user,
    });
  }
  const port = 20000 + Math.floor(Math.random() * 20000);
  const args = [
    '-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
  ];
  const child: ChildProcess = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...user });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `postgres://relance@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => {});
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`PostgreSQL did not start:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (!options.keepIn) rmSync(dir, { recursive: true, force: true });
    },
  };
}
