import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
  const load = () => {
    engine ??= import('liquidjs').then(({ Liquid }) => {
      const liquid = new Liquid({ root, extname: '.liquid', cache: true, strictFilters: true, ...options });
      registerI18nFilters(liquid);
      return liquid;
    });
    return engine;
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
      const liquid = await load();
      const template = await liquid.parseFile(file);
      return (scope) => liquid.renderSync(template, scope) as string;
    },
    /**
     * A template from text (an organization's own), parsed once: throws the parse error
     * (unknown tag or filter, unclosed block) with its line and column.
     */
    async parse(source) {
      const liquid = await load();
      const template = liquid.parse(source);
      // An organization's own template: bounded, so one loop in it cannot hold a worker.
      return (scope) => liquid.renderSync(template, scope, { renderLimit: 2000, memoryLimit: 10_000_000 }) as string;
    },
  };
}

const seen = new Map<string, boolean>();
/** Whether a view file exists (`emails/pincode/es/text`), looked up once per name. */
export function hasView(file: string): boolean {
  let found = seen.get(file);
  if (found === undefined) {
    found = existsSync(join(root, `${file}.liquid`));
    seen.set(file, found);
  }
  return found;
}

/** Liquid: admins will edit templates later, and Liquid can't execute code. */
export const htmlViews = views({ outputEscape: 'escape' });
/** For plain-text bodies and subjects, where HTML escaping would corrupt the text. */
export const textViews = views({});
