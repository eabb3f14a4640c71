#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('latchkey: not built yet. Run "npm run build" (npm start does it for you).\n');
  process.exit(1);
}
const { run } = await import(entry.href);
await run(process.argv);
