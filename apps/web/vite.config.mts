// Build of the web app (dashboard + agency page). The API serves apps/web/dist;
// in development `npx vite apps/web` proxies the API calls to a running `npm start`.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 600 },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' },
  },
});
