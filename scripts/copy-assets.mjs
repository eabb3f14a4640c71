// Copies the non-TypeScript files the server reads at run time next to the compiled code.
import { cpSync } from 'node:fs';

for (const dir of ['views', 'db/migrations', 'i18n/messages']) {
  cpSync(`src/${dir}`, `dist/${dir}`, { recursive: true, filter: (src) => !src.endsWith('.ts') });
}
