import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../context.js';
import * as organizations from '../features/organizations/service.js';
import type { PageErrorRenderer } from './errors.js';
import { pageUrl } from '../lib/page-urls.js';

const ORG_PATH = /^\/o\/([a-z0-9][a-z0-9-]{0,62})(?:\/|$)/;

/** What to tell a person who hit an error page, beyond its title: the way forward. */
const nextSteps: Record<string, { title?: string; error: string; back?: boolean }> = {
  'route.not_found': { title: 'error_page.not_found_title', error: 'error_page.not_found' },
  'request.too_large': { title: 'error_page.too_large_title', error: 'error_page.too_large', back: true },
};

/**
 * Error pages for people: under /o/<org>/ in the organization's layout with a link to its
 * sign-in page; elsewhere a link to the start page. Unknown organizations get the plain
 * layout (their pages are 404s anyway), so nothing here tells more than the sign-in page.
 * Unmatched GETs under /admin/ are the console's client-side routes: they load its index.
 */
export function errorPages(ctx: Context, consoleDir: string): PageErrorRenderer {
  return async (err, req, reply, unmatched) => {
    const urlPath = req.url.split('?')[0]!;
    if (unmatched && err.code === 'route.not_found' && req.method === 'GET' && urlPath.startsWith('/admin/')) {
      const index = await readFile(path.join(consoleDir, 'index.html'), 'utf8').catch(() => undefined);
      if (index === undefined) return reply.page('error', { title: 'The admin console is not built', error: 'Run "npm run build" and restart.' });
      return reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
    }
    const slug = ORG_PATH.exec(urlPath)?.[1];
    const organization = slug ? await organizations.findPublic(ctx, slug).catch(() => undefined) : undefined;
    const step = nextSteps[err.code];
    const detail = err.detail && err.detail !== err.title ? err.detail : undefined;
    // The code is the key of the page's text in the reader's language (src/http/pages.ts).
    req.pageError = err;
    return reply.page('error', {
      title: step?.title ?? err.title,
      error: step?.error ?? detail,
      organization,
      loginUrl: organization ? pageUrl.login(organization.slug) : '/',
      loginLabel: organization ? 'error_page.go_to_sign_in' : 'error_page.go_to_start',
      backUrl: step?.back && req.method === 'POST' ? urlPath : undefined,
    });
  };
}
