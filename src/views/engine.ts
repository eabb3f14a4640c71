import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';

const root = fileURLToPath(new URL('./', import.meta.url));

/** Liquid: admins will edit templates later, and Liquid can't execute code. */
export const htmlViews = new Liquid({ root, extname: '.liquid', cache: true, outputEscape: 'escape', strictFilters: true });
/** For plain-text bodies and subjects, where HTML escaping would corrupt the text. */
export const textViews = new Liquid({ root, extname: '.liquid', cache: true, strictFilters: true });
