import { fileURLToPath } from 'node:url';
import type { Liquid, LiquidOptions } from 'liquidjs';

const root = fileURLToPath(new URL('./', import.meta.url));

/** Liquid, loaded on the first render: a server that has rendered nothing keeps ~6 MiB less. */
function views(options: LiquidOptions): Pick<Liquid, 'renderFile'> {
  let engine: Promise<Liquid> | undefined;
  return {
    async renderFile(file, scope) {
      engine ??= import('liquidjs').then(({ Liquid }) => new Liquid({ root, extname: '.liquid', cache: true, strictFilters: true, ...options }));
      return (await engine).renderFile(file, scope);
    },
  };
}

/** Liquid: admins will edit templates later, and Liquid can't execute code. */
export const htmlViews = views({ outputEscape: 'escape' });
/** For plain-text bodies and subjects, where HTML escaping would corrupt the text. */
export const textViews = views({});
