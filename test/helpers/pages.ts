import type { TestApp } from './test-app.js';
import { cookiesOf } from './test-app.js';

/** Drives server-rendered pages like a browser without JavaScript: cookies and form tokens. */
export function pageClient(t: TestApp) {
  let jar = '';
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  let lastCsrf = '';
  return {
    get cookies() {
      return jar;
    },
    async get(url: string) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: jar } });
      jar = cookiesOf(res, jar);
      lastCsrf = csrfOf(res.body) || lastCsrf;
      return res;
    },
    /** Posts a form the way a browser would, echoing the CSRF field of the last page. */
    async post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: lastCsrf, ...fields }).toString(),
      });
      jar = cookiesOf(res, jar);
      lastCsrf = csrfOf(res.body) || lastCsrf;
      return res;
    },
  };
}

/** The pathname and query of an absolute link from an email. */
export const pathOf = (link: string) => {
  const u = new URL(link);
  return u.pathname + u.search;
};
