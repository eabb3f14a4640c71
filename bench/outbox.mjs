// Outbox delivery throughput: N queued invitation emails delivered by `latchkey worker` to a
// local SMTP sink (smtp-server, in this process) that counts messages and duplicates by
// Message-ID. Uses its own database latchkey_bench_outbox_<pid> on 127.0.0.1:5432, dropped at
// the end. The queue is filled with copies of one real invitation message (created through
// the API by a worker-less server), each with its own recipient, by one INSERT … SELECT.
// Usage: npm run build:server && node bench/outbox.mjs
//   BENCH_MESSAGES (default 5000), BENCH_BATCH_SIZES (default "20,100": WORKER_BATCH_SIZE values),
//   BENCH_DRAIN_SECONDS time cap per drain (default 120),
//   BENCH_WORKERS worker processes draining together (default 1; they share the queue
//   through FOR UPDATE SKIP LOCKED, as several nodes would).
import { SMTPServer } from 'smtp-server';
import pg from 'pg';
import {
  CLI, benchDatabase, cpuMeter, createAdmin, createToken, cli, formatCpu, pidsMatching, machine, report, sleep, startProcess, startServer, table, waitQuiet,
} from './lib.mjs';

const N = Number(process.env.BENCH_MESSAGES ?? 5000);
const BATCH_SIZES = (process.env.BENCH_BATCH_SIZES ?? '20,100').split(',').map(Number);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 120);
const TARGET = 500;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const ORG = 'outbox';

/** An SMTP sink on 127.0.0.1: counts messages, Message-IDs and when each arrived. */
async function smtpSink() {
  const sink = { received: 0, ids: new Map(), first: 0, last: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk) => {
        if (head.length < 16_384) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? `(none ${sink.received})`;
        sink.ids.set(id, (sink.ids.get(id) ?? 0) + 1);
        sink.received++;
        const now = performance.now();
        if (!sink.first) sink.first = now;
        sink.last = now;
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    sink,
    port: server.server.address().port,
    reset() {
      Object.assign(sink, { received: 0, ids: new Map(), first: 0, last: 0 });
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const database = await benchDatabase('outbox');
const dbName = database.name;
const env = { DATABASE_URL: database.url };
let db;
let smtp;
let workers = [];
try {
  cli(['migrate'], env);
  createAdmin(env, ORG);
  const token = createToken(env, ORG);
  // One real invitation message, rendered by the server.
  const server = await startServer({ ...env, WORKER: 'false' });
  try {
    const res = await fetch(`${server.url}/api/v1/organizations/${ORG}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'template', email: 'template@example.com', invite: true }),
    });
    if (res.status !== 201) throw new Error(`invite: ${res.status} ${await res.text()}`);
  } finally {
    await server.stop();
  }
  db = new pg.Client({ connectionString: database.url });
  db.on('error', () => {}); // the server's shutdown ends this connection
  await db.connect();
  const template = (await db.query(`select id, length(text_body) as text, length(html_body) as html from outbox_messages where recipient = 'template@example.com'`)).rows[0];
  smtp = await smtpSink();

  const runs = [];
  for (const batch of BATCH_SIZES) {
    // A fresh queue of N messages: the template's copies with their own recipients.
    await db.query(`delete from outbox_messages where id <> $1`, [template.id]);
    await db.query(`update outbox_messages set state = 'failed' where id = $1`, [template.id]);
    await db.query(
      `insert into outbox_messages (organization_id, user_id, invitation_id, channel, kind, recipient, subject, text_body, html_body, redacted_text_body, redacted_html_body)
       select organization_id, user_id, invitation_id, channel, kind, 'r' || g || '@example.com', subject, text_body, html_body, redacted_text_body, redacted_html_body
         from outbox_messages, generate_series(1, $2::int) g where id = $1`,
      [template.id, N],
    );
    await db.query('vacuum analyze outbox_messages');
    smtp.reset();
    await waitQuiet();

    const spawnedAt = performance.now();
    workers = await Promise.all(
      Array.from({ length: WORKERS }, () =>
        startProcess([CLI, 'worker'], {
          env: { ...env, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, WORKER_BATCH_SIZE: String(batch), LOG_LEVEL: 'info' },
          ready: /outbox worker running/,
          name: 'latchkey worker',
        }),
      ),
    );
    // The database's backends carry its name in their command line.
    const meter = cpuMeter({ worker: () => workers.map((w) => w.pid), postgres: () => pidsMatching(dbName), 'smtp sink': () => [process.pid] });
    const deadline = Date.now() + DRAIN_SECONDS * 1000;
    let sent = 0;
    while (Date.now() < deadline) {
      sent = (await db.query(`select count(*)::int as n from outbox_messages where state = 'sent'`)).rows[0].n;
      if (sent >= N) break;
      await sleep(100);
    }
    const doneAt = performance.now();
    const cpu = meter.end();
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    const states = Object.fromEntries((await db.query(`select state, count(*)::int as n from outbox_messages where id <> $1 group by state`, [template.id])).rows.map((r) => [r.state, r.n]));
    const unique = smtp.sink.ids.size;
    const duplicates = smtp.sink.received - unique;
    const smtpSeconds = (smtp.sink.last - smtp.sink.first) / 1000;
    runs.push({
      batch,
      received: smtp.sink.received,
      unique,
      duplicates,
      sent,
      states,
      rate: unique / smtpSeconds,
      fromSpawn: sent / ((doneAt - spawnedAt) / 1000),
      cpu,
    });
  }

  console.log(`machine: ${machine()}; PostgreSQL at ${new URL(database.url).host}; ${N} queued emails per run (text ${template.text} B, html ${template.html} B); ${WORKERS} worker process${WORKERS > 1 ? 'es' : ''}`);
  console.log(
    table(
      ['WORKER_BATCH_SIZE', 'messages/s (first to last at the sink)', 'messages/s incl. worker start', 'received', 'unique Message-IDs', 'duplicates', 'state=sent', 'ratio to 500/s', 'CPU cores'],
      runs.map((r) => [r.batch, r.rate.toFixed(0), r.fromSpawn.toFixed(0), r.received, r.unique, r.duplicates, r.sent, (r.rate / TARGET).toFixed(2), formatCpu(r.cpu)]),
    ),
  );
  report('outbox', {
    messages: N,
    ...Object.fromEntries(runs.flatMap((r) => [[`rate_batch${r.batch}`, Math.round(r.rate)], [`duplicates_batch${r.batch}`, r.duplicates]])),
    allDelivered: runs.every((r) => r.unique === N && r.sent === N),
  });
} finally {
  await Promise.all(workers.map((w) => w.stop()));
  await smtp?.close();
  await db?.end();
  await database.drop();
}
