import { describe, expect, it } from 'vitest';
import { absoluteUrl, pageUrl, safeReturnTo } from './page-urls.js';

describe('page URLs', () => {
  it('when a page of an organization is linked, then the path is under that organization and a notice is a query parameter', () => {
    expect(pageUrl.login('acme')).toBe('/o/acme/login');
    expect(pageUrl.account('acme', 'password-set')).toBe('/o/acme/account?notice=password-set');
    expect(pageUrl.forgotCode('acme', 'a b')).toBe('/o/acme/forgot/code?login=a%20b');
    expect(absoluteUrl({ publicUrl: 'https://id.example.com' }, pageUrl.login('acme'))).toBe('https://id.example.com/o/acme/login');
  });

  it('when a return address is a path under the same organization, then it is kept', () => {
    expect(safeReturnTo('acme', '/o/acme/account')).toBe('/o/acme/account');
    expect(safeReturnTo('acme', '/o/acme/oidc/interaction/abc?x=1')).toBe('/o/acme/oidc/interaction/abc?x=1');
    // Kept as the browser would resolve it.
    expect(safeReturnTo('acme', '/o/acme/x/../account')).toBe('/o/acme/account');
  });

  it('when a return address leaves the organization or could be read as another host, then it is ignored', () => {
    for (const hostile of [
      'https://evil.example/o/acme/',
      '//evil.example/o/acme/',
      '/o/acme//evil.example',
      '/o/acme/\\evil.example',
      '/o/other/account',
      '/o/acme',
      '/o/acme/../other/account',
      '/o/acme/%2e%2e/other',
      '/o/acme/.%2e/.%2e/api/v1/audit-events',
      '/o/acme/.%2E/.%2E/evil',
      '/o/acme/%2e./%2E./setup/x',
      '/o/acme/x%2f..%2fother',
      'javascript:alert(1)',
      '/o/acme/\nLocation: x',
      '',
      undefined,
      ['/o/acme/account'],
      `/o/acme/${'a'.repeat(3000)}`,
    ]) {
      expect(safeReturnTo('acme', hostile), String(hostile)).toBeUndefined();
    }
  });
});
