// The console's API types, generated from the OpenAPI document so they cannot drift from the
// route schemas. `npm run api:types` builds the server and writes the file; the API contract
// test renders the same from the served document and fails when the checked-in file differs.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import openapiTS from 'openapi-typescript';

export const API_TYPES_FILE = 'console/src/api-schema.d.ts';

const HEADER = `// Generated from the OpenAPI document by \`npm run api:types\`; do not edit.
// Name types in console/src/api.ts by operation: operations['users.list'].

`;

/** TypeScript for the /api/v1 part of an OpenAPI document: the only part the console calls. */
export async function renderApiTypes(doc) {
  const paths = Object.fromEntries(Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/v1/')));
  return openapiTS({ ...doc, paths }, { commentHeader: HEADER, silent: true });
}

/**
 * The document of the built server, without a database: building the app only declares
 * routes, and nothing answers a request here, so the pool never connects.
 */
async function builtDocument() {
  const { default: pino } = await import('pino');
  const { buildApp } = await import('../dist/app.js');
  const { loadConfig } = await import('../dist/config/index.js');
  const { connect } = await import('../dist/db/database.js');
  const { createServices } = await import('../dist/main.js');
  const log = pino({ level: 'silent' });
  const unused = 'postgres://latchkey@127.0.0.1:1/unused';
  const config = loadConfig({ DATABASE_URL: unused, SECRET_KEY: 'api-types-only-never-used-for-anything-real' });
  const services = await createServices(config, connect(unused, 1, log), log);
  const app = await buildApp(services.ctx);
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await services.database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(API_TYPES_FILE, await renderApiTypes(await builtDocument()));
  console.log(`wrote ${API_TYPES_FILE}`);
}
