import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Run from the repository root: `vite build --config console/vite.config.ts`.
// The server serves the result from dist/console under /admin/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // One bundle for the whole console (React + Mantine); it is loaded once per admin session.
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `vite --config console/vite.config.ts` serves the console and forwards the API to a
    // running server (LATCHKEY_URL, default http://localhost:3000).
    proxy: { '/api': process.env.LATCHKEY_URL ?? 'http://localhost:3000' },
  },
});
