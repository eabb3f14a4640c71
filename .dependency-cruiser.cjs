// Import rules of the layout (see docs/development.md). Checked by test/architecture.test.ts,
// so a violation fails the test suite; `npm run check:imports` prints them on their own.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules that import each other can only be understood and changed together; wire them through a port or move the shared part below both.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'queries-only-from-features',
      comment: 'Outside the features (CLI, HTTP plugins, shared layers) code calls services, never queries.',
      severity: 'error',
      from: { path: '^src/(?!features/)' },
      to: { path: '^src/features/[^/]+/queries\\.ts$' },
    },
    {
      name: 'no-foreign-queries',
      comment: "A feature's SQL is its own: another feature calls its service, never its queries.",
      severity: 'error',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/[^/]+/queries\\.ts$', pathNot: '^src/features/$1/' },
    },
    {
      name: 'lib-stays-below',
      comment: 'src/lib holds pure helpers: it imports only itself, Node built-ins and packages.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { pathNot: ['^src/lib/', '(^|/)node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'shared-layers-import-no-feature',
      comment: 'The database layer, the flow core and the access module are shared by features, so none of them may depend on one.',
      severity: 'error',
      from: { path: '^src/(db|flows|access)/' },
      to: { path: '^src/features/' },
    },
    {
      name: 'imports-resolve',
      comment: 'An import the checker cannot resolve would escape every rule above.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // TypeScript 7 has no compiler API for the checker to load, so swc parses the sources;
    // type-only imports count too (they still tie the modules' designs together).
    parser: 'swc',
    tsPreCompilationDeps: true,
    // ESM only: a local function called require (config/schema.ts) is not an import.
    moduleSystems: ['es6'],
    // NodeNext: sources import './x.js' and mean './x.ts', which the resolver tries when
    // './x.js' does not exist; packages resolve through their "exports".
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
