// Password-login throughput of the real server versus the raw argon2id verify rate of this
// machine, both measured in this run. Usage: npm run build && node bench/login.mjs
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { hash, verify } from '@node-rs/argon2';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(root, 'bin/latchkey.js');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PASSWORD = 'correct horse battery staple';
// The same OWASP parameters as the server's defaults.
const PARAMS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** argon2id verifications per second with one in flight per core: the machine's limit. */
async function rawVerifyRate(seconds) {
  const stored = await hash(PASSWORD, PARAMS);
  const inFlight = availableParallelism();
  let done = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < end) {
        await verify(stored, PASSWORD);
        done++;
      }
    }),
  );
  return done / seconds;
}

function startServer(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Latchkey is running at (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-'));
const env = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', WORKER: 'false' };
execFileSync(process.execPath, [CLI, 'admin', 'create', '--email', 'bench@example.com', '--org', 'bench'], { env: { ...process.env, ...env }, input: `${PASSWORD}\n` });
const { child, url } = await startServer(env);
try {
  const body = JSON.stringify({ organization: 'bench', login: 'bench@example.com', password: PASSWORD });
  const request = { url: `${url}/api/v1/auth/login`, method: 'POST', headers: { 'content-type': 'application/json' }, body };
  await autocannon({ ...request, connections: 8, duration: 3 }); // warm-up
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await autocannon({ ...request, connections: 8, duration: DURATION }));
  const ok = runs.every((r) => r.non2xx === 0 && r.errors === 0);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const loginRate = median(runs.map((r) => r.requests.average));
  const p99 = median(runs.map((r) => r.latency.p99));
  const raw = await rawVerifyRate(DURATION);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${availableParallelism()}`);
  console.log(`argon2id verify (m=19456, t=2, p=1), raw:  ${raw.toFixed(1)}/s`);
  console.log(`password login via API (median of 3):    ${loginRate.toFixed(1)}/s, p99 ${p99} ms${ok ? '' : '  (SOME REQUESTS FAILED)'}`);
  console.log(`ratio login / raw verify:                 ${(loginRate / raw).toFixed(2)}`);
} finally {
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
