import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/import-rules/', import.meta.url));

/** The import rule violations under `<baseDir>/src`, one readable line each. */
async function violations(baseDir: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(`${repo}.dependency-cruiser.cjs`);
  const { output } = await cruise(['src'], { ...options, baseDir, validate: true });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.cycle ? v.cycle.map((c) => c.name).join(' → ') : v.to}`).sort();
}

describe('import rules', () => {
  it('when the sources are checked, then no module breaks an import rule', async () => {
    const found = await violations(repo);
    expect(found, `import rules broken (see .dependency-cruiser.cjs):\n${found.join('\n')}`).toEqual([]);
  });

  it('when a tree has a cycle, a foreign queries import, a lib or shared layer reaching up, or an unresolvable import, then each is reported', async () => {
    expect(await violations(fixture)).toEqual([
      'imports-resolve: src/flows/core.ts → ./missing.js',
      'lib-stays-below: src/lib/clock.ts → src/features/users/service.ts',
      'no-cycles: src/features/invitations/service.ts → src/features/users/service.ts → src/features/invitations/service.ts',
      'no-foreign-queries: src/features/users/service.ts → src/features/invitations/queries.ts',
      'queries-only-from-features: src/cli/index.ts → src/features/users/queries.ts',
      'shared-layers-import-no-feature: src/access/index.ts → src/features/invitations/service.ts',
      'shared-layers-import-no-feature: src/db/database.ts → src/features/users/service.ts',
    ]);
  });
});
