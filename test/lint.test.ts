import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Report {
  summary: { errors: number; warnings: number; infos: number; changed: number; unchanged: number };
  diagnostics: { severity: string; category?: string; message: string; location?: { path?: string; start?: { line: number; column: number } } }[];
}

/** What `npm run lint` checks (biome.jsonc), as Biome's machine-readable report. */
function lint(): Report {
  let out: string;
  try {
    out = execFileSync(`${root}node_modules/.bin/biome`, ['lint', '--reporter=json', '--max-diagnostics=none'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    // Biome exits non-zero when it found errors; the report is on stdout all the same.
    out = (err as { stdout?: string }).stdout ?? '';
    if (!out) throw err;
  }
  return JSON.parse(out) as Report;
}

describe('lint', () => {
  it('when the server, tests, console, scripts and benchmarks are linted, then there is not one diagnostic (run npm run lint)', () => {
    const report = lint();
    // Every source file is looked at, so a narrowed file list can't make this pass.
    expect(report.summary.changed + report.summary.unchanged).toBeGreaterThan(150);
    const found = report.diagnostics.map((d) => `${d.location?.path}:${d.location?.start?.line}:${d.location?.start?.column} ${d.severity} ${d.category ?? ''} ${d.message}`);
    expect(found).toEqual([]);
    expect(report.summary.errors + report.summary.warnings + report.summary.infos).toBe(0);
  });
});
