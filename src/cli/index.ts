import { createInterface } from 'node:readline';
import { Command } from 'commander';
import pino from 'pino';
import { ConfigError, loadConfig, renderConfigDoc } from '../config/index.js';
import { systemActor } from '../access/index.js';
import { AppError } from '../errors/app-error.js';
import * as apiTokens from '../features/api-tokens/service.js';
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
