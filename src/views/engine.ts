import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Liquid, LiquidOptions } from 'liquidjs';
import { registerI18nFilters } from '../i18n/liquid.js';

const root = fileURLToPath(new URL('./', import.meta.url));

/** Liquid, loaded on the first render: a server that has rendered nothing keeps ~6 MiB less. */
function views(options: LiquidOptions): Pick<Liquid, 'renderFile'> & {
  compile(file: string): Promise<(scope: object) => string>;
  parse(source: string): Promise<(scope: object) => string>;
} {
  let engine: Promise<Liquid> | undefined;
  let messageEngine: Promise<Liquid> | undefined;
  const create = (extra: LiquidOptions) =>
    import('liquidjs').then(({ Liquid }) => {
      const liquid = new Liquid({ root, extname: '.liquid', cache: true, strictFilters: true, ...options, ...extra });
      registerI18nFilters(liquid);
      return liquid;
    });
  const load = () => {
    engine ??= create({});
    return engine;
  };
  // An organization's own template may include the built-in message files, nothing else: not
  // the pages, not the server's sources beside them, not a package by name.
  const loadForMessages = () => {
    messageEngine ??= create({ fs: messageFiles });
    return messageEngine;
  };
  // compile() renders synchronously, and a synchronous render can't use a layout that an
  // asynchronous renderFile left in the cache as a promise ("templates is not iterable": an
  // import with invitations failed once any invitation email had been sent): its own engine.
  let syncEngine: Promise<Liquid> | undefined;
  const loadSync = () => {
    syncEngine ??= create({});
    return syncEngine;
  };
  return {
    async renderFile(file, scope) {
      return (await load()).renderFile(file, scope);
    },
    /**
     * The template parsed once, rendered synchronously: for many messages of one kind (an
     * import), where looking the file up and the promise of every render would cost more
     * than the rendering itself.
     */
    async compile(file) {
      const liquid = await loadSync();
      const template = liquid.parseFileSync(file);
      return (scope) => liquid.renderSync(template, scope) as string;
    },
    /**
     * A template from text (an organization's own), parsed once: throws the parse error
     * (unknown tag or filter, unclosed block) with its line and column.
     */
    async parse(source) {
      const liquid = await loadForMessages();
      const template = liquid.parse(source);
      // An organization's own template: bounded, so one loop in it cannot hold the event loop
      // (a message renders in ~1 ms; over the limit the built-in default is sent instead).
      return (scope) => liquid.renderSync(template, scope, { renderLimit: 100, memoryLimit: 10_000_000 }) as string;
    },
  };
}

const messageDirs = [join(root, 'emails') + sep, join(root, 'sms') + sep];
/** A Liquid template file of the built-in messages (after symbolic links), or nothing. */
const isMessageFile = (file: string) => {
  try {
    const real = realpathSync(file);
    return real.endsWith('.liquid') && messageDirs.some((d) => real.startsWith(realpathSync(d.slice(0, -1)) + sep));
  } catch {
    return false;
  }
};
const refuse = (file: string) => Object.assign(new Error(`ENOENT: ${file.split(sep).pop()}`), { code: 'ENOENT' });
const messageFiles = {
  exists: async (file: string) => isMessageFile(file),
  existsSync: isMessageFile,
  readFile: async (file: string) => {
    if (!isMessageFile(file)) throw refuse(file);
    return readFile(file, 'utf8');
  },
  readFileSync: (file: string) => {
    if (!isMessageFile(file)) throw refuse(file);
    return readFileSync(file, 'utf8');
  },
  resolve: (dir: string, file: string, ext: string) => resolve(dir, extname(file) ? file : file + ext),
  contains: async (_root: string, file: string) => isMessageFile(file),
  containsSync: (_root: string, file: string) => isMessageFile(file),
  dirname,
  sep,
};

const seen = new Map<string, boolean>();
/** Whether a view file exists (`emails/pincode/es/text`), looked up once per name. */
export function hasView(file: string): boolean {
  let found = seen.get(file);
  if (found === undefined) {
    found = existsSync(join(root, `${file}.liquid`));
    // Names come from requests too (a template's locale): bounded, not grown by every tag.
    if (seen.size >= 2000) seen.clear();
    seen.set(file, found);
  }
  return found;
}

/** Liquid: admins will edit templates later, and Liquid can't execute code. */
export const htmlViews = views({ outputEscape: 'escape' });
/** For plain-text bodies and subjects, where HTML escaping would corrupt the text. */
export const textViews = views({});
