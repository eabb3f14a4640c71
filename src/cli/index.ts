import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import pino from 'pino';
import { ConfigError, loadConfig, renderConfigDoc } from '../config/index.js';
import { systemActor } from '../access/index.js';
import type { ImportFormat, InvitationMethod } from '../db/types.js';
import { AppError } from '../errors/app-error.js';
import * as apiTokens from '../features/api-tokens/service.js';
import * as imports from '../features/imports/service.js';
import * as organizations from '../features/organizations/service.js';
import * as setup from '../features/setup/service.js';
import { bootstrap, serve } from '../main.js';

/** Reads a secret from piped stdin, or prompts without echo on a terminal. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.replace(/\r?\n$/, '');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  let muted = false;
  output._writeToOutput = (s) => {
    if (!muted || s.includes(prompt)) process.stderr.write(s);
  };
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/**
 * Runs a command against the configured database, then closes it. On the embedded database
 * it uses the server that a running `latchkey serve` holds for DATA_DIR, if there is one.
 */
async function withServices<T>(fn: (ctx: Awaited<ReturnType<typeof bootstrap>>['ctx']) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  const { ctx, database } = await bootstrap(config, log, { shareRunning: true });
  try {
    return await fn(ctx);
  } finally {
    await database.close();
  }
}

const program = new Command('latchkey').description('Latchkey identity server').showHelpAfterError();

program.command('serve').description('Start the HTTP server (and the outbox worker unless WORKER=false)').action(() => serve());

program.command('migrate').description('Apply pending database migrations and exit').action(() =>
  withServices(async () => {
    process.stdout.write('Database is up to date.\n');
  }),
);

program.command('worker').description('Run only the outbox delivery worker').action(async () => {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const { database, startWorker } = await bootstrap(config, log);
  const worker = startWorker();
  log.info('outbox worker running');
  const stop = async () => {
    await worker.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
});

const admin = program.command('admin').description('Administrator accounts');
admin
  .command('create')
  .description('Create a platform administrator (and the organization if it does not exist). The password is read from stdin or prompted.')
  .requiredOption('--email <email>', 'email address, also the username unless --username is given')
  .requiredOption('--org <slug>', 'organization short name')
  .option('--org-name <name>', 'display name for a new organization')
  .option('--username <username>', 'username')
  .action(async (opts: { email: string; org: string; orgName?: string; username?: string }) => {
    const password = await readPassword('Password: ');
    const { org, user } = await withServices((ctx) =>
      setup.createPlatformAdmin(ctx, { organization: opts.org, organizationName: opts.orgName, email: opts.email, username: opts.username, password }),
    );
    process.stdout.write(`Created platform administrator ${user.username} in organization ${org.slug}.\n`);
  });

const token = program.command('token').description('API tokens');
token
  .command('create')
  .description('Create an API token and print it on stdout (it is shown only once)')
  .requiredOption('--org <slug>', 'organization short name')
  .requiredOption('--name <name>', 'what the token is for')
  .option('--privilege <privilege>', 'org_admin, helpdesk or platform_admin', 'org_admin')
  .action(async (opts: { org: string; name: string; privilege: string }) => {
    if (!['org_admin', 'helpdesk', 'platform_admin'].includes(opts.privilege)) {
      throw new AppError('request.invalid', '--privilege must be org_admin, helpdesk or platform_admin');
    }
    const created = await withServices(async (ctx) => {
      const actor = systemActor('cli');
      const org = await organizations.resolve(ctx, actor, opts.org, 'api_tokens.manage');
      return apiTokens.create(ctx, actor, org.id, { name: opts.name, privilege: opts.privilege as apiTokens.TokenPrivilege });
    });
    process.stdout.write(`${created.token}\n`);
  });

const FORMAT_OF: Record<string, ImportFormat> = { '.csv': 'csv', '.json': 'json', '.jsonl': 'ndjson', '.ndjson': 'ndjson' };

/** One line of progress: a bar of the bytes read, then the counts so far. */
export function progressLine(p: imports.ImportProgress, width = 30): string {
  const share = p.bytesTotal ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
  const filled = Math.round(share * width);
  const n = (x: number) => x.toLocaleString('en');
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${n(p.rows)} rows: ${n(p.created)} new, ${n(p.existing)} existing, ${n(p.invalid)} invalid, ${n(p.overLimit)} over limit`;
}

const users = program.command('users').description('Users');
users
  .command('import')
  .description(
    'Import users from FILE: CSV with a header row, a JSON array, JSON lines (.jsonl, .ndjson) or a Keycloak users export (.json). Streamed in batches; rows already present (same username) are reported, not changed. Exits 2 when some rows were not imported.',
  )
  .argument('<file>', 'the file to import')
  .option('--org <slug>', 'organization short name (may be left out when there is only one)')
  .option('--dry-run', 'check and report every row; create nothing', false)
  .option('--invite', 'invite every new user without an imported password', false)
  .option('--method <method>', "with --invite: email_link, email_otp or sms_otp (default: the organization's)")
  .option('--map <column=field>', 'map a column (or JSON key) to a field: username, email, firstName, lastName, phone, groups, passwordHash, ignore, attributes.<name>; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
  .option('--format <format>', 'csv, json, ndjson or keycloak (default: from the file name)')
  .option('--create-groups', 'create the groups the file names that do not exist yet (default only for a Keycloak export)')
  .action(async (file: string, opts: { org?: string; dryRun: boolean; invite: boolean; method?: string; map: string[]; format?: string; createGroups?: boolean }) => {
    const format = (opts.format ?? FORMAT_OF[extname(file).toLowerCase()]) as ImportFormat | undefined;
    if (!format || !['csv', 'json', 'ndjson', 'keycloak'].includes(format)) {
      throw new AppError('request.invalid', `can't tell the format of ${file}: name it .csv, .json, .jsonl or .ndjson, or give --format csv|json|ndjson|keycloak`);
    }
    if (opts.method && !['email_link', 'email_otp', 'sms_otp'].includes(opts.method)) throw new AppError('request.invalid', '--method must be email_link, email_otp or sms_otp');
    const size = statSync(file).size;
    const bar = process.stderr.isTTY;
    const result = await withServices(async (ctx) => {
      const actor = systemActor('cli');
      let org = opts.org;
      if (!org) {
        const all = await organizations.list(ctx, actor);
        if (all.length !== 1) throw new AppError('request.invalid', `there are ${all.length} organizations: say which with --org <slug>`);
        org = all[0]!.slug;
      }
      const done = await imports.run(
        ctx,
        actor,
        org,
        createReadStream(file, { highWaterMark: 256 * 1024 }),
        { format, dryRun: opts.dryRun, invite: opts.invite, invitationMethod: opts.method as InvitationMethod | undefined, mapping: opts.map, createGroups: opts.createGroups, bytesTotal: size },
        bar ? (p) => process.stderr.write(`\r${progressLine(p)}`) : undefined,
      );
      if (bar) process.stderr.write('\n');
      // The rows that need attention, page by page in file order; existing ones are counted
      // (a re-run of a large file would otherwise print every row).
      for (const outcome of ['invalid', 'over_limit'] as const) {
        let cursor: string | undefined;
        do {
          const page = await imports.get(ctx, actor, org, done.id, { limit: 500, cursor, outcome });
          for (const r of page.report.items) {
            process.stdout.write(`line ${r.line}${r.username ? ` (${r.username})` : ''}: ${outcome === 'over_limit' ? 'over the user limit: ' : ''}${r.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}\n`);
          }
          cursor = page.report.nextCursor ?? undefined;
        } while (cursor);
      }
      return done;
    });
    const p = result.progress;
    const verb = result.dryRun ? 'Dry run (nothing written)' : 'Imported';
    process.stdout.write(
      `${verb}: ${p.rows} rows, ${p.created} ${result.dryRun ? 'would be created' : 'created'}, ${p.existing} existing, ${p.invalid} invalid, ${p.overLimit} over the user limit${result.invite ? `, ${p.invited} invitations ${result.dryRun ? 'would be ' : ''}queued` : ''} (import ${result.id}).\n`,
    );
    if (result.state === 'failed') throw new AppError('request.invalid', `the import stopped at ${result.error}`);
    if (p.invalid > 0 || p.overLimit > 0) process.exitCode = 2;
  });

program.command('config-doc').description('Print the configuration reference (Markdown)').action(() => {
  process.stdout.write(renderConfigDoc());
});

/**
 * One line saying why a command failed. A failure without a message (some libraries reject
 * with nothing) still says something true rather than "undefined".
 */
export function failureReason(err: unknown): string {
  if (err instanceof AppError || err instanceof ConfigError) return err.message;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const message = err instanceof Error ? err.message : err === undefined || err === null ? '' : String(err);
  const text = message.replace(/\s+/g, ' ').trim();
  if (code === 'ECONNREFUSED') return `cannot reach the database (${text || code}); is PostgreSQL running and DATABASE_URL right?`;
  if (text) return code && !text.includes(code) ? `${text} (${code})` : text;
  return code ? `failed with ${code}` : 'failed without a reason from the component that failed; run with LOG_LEVEL=debug for details';
}

export async function run(argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.stderr.write(`latchkey: ${failureReason(err)}\n`);
    process.exit(1);
  }
}
