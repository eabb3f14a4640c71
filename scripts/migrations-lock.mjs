// Adds new migration files to src/db/migrations.lock; refuses when a locked file changed.
import { fileURLToPath } from 'node:url';
import { updateLock } from '../dist/db/migration-lock.js';

const src = (p) => fileURLToPath(new URL(`../src/db/${p}`, import.meta.url));
try {
  const added = updateLock(src('migrations'), src('migrations.lock'));
  console.log(added.length ? `locked ${added.join(', ')}` : 'every migration is already locked');
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
