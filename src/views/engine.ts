import { fileURLToPath } from 'node:url';
import type { Liquid, LiquidOptions } from 'liquidjs';

const root = fileURLToPath(new URL('./', import.meta.url));

/** Liquid, loaded on the first render: a server that has rendered nothing keeps ~6 MiB less. */
function views(options: LiquidOptions): Pick<Liquid, 'renderFile'> & { compile(file: string): Promise<(scope: object) => string> } {
  let engine: Promise<Liquid> | undefined;
  const load = () => {
    engine ??= import('liquidjs').then(({ Liquid }) => new Liquid({ root, extname: '.liquid', cache: true, strictFilters: true, ...options }));
    return engine;
  };
  // compile() renders synchronously, and a synchronous render can't use a layout that an
  // asynchronous renderFile left in the cache as a promise ("templates is not iterable": an
  // import with invitations failed once any invitation email had been sent): its own engine.
  let syncEngine: Promise<Liquid> | undefined;
  const loadSync = () => {
    syncEngine ??= import('liquidjs').then(({ Liquid }) => new Liquid({ root, extname: '.liquid', cache: true, strictFilters: true, ...options }));
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
  };
}

/** Liquid: admins will edit templates later, and Liquid can't execute code. */
export const htmlViews = views({ outputEscape: 'escape' });
/** For plain-text bodies and subjects, where HTML escaping would corrupt the text. */
export const textViews = views({});
