import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The admin panel builds to web/dist, which the Express app serves at `/`. In `vite dev` the
// API is proxied to the server started with `npm start` (port 3000 unless PORT is set).
const apiTarget = `http://localhost:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Polaris styles are one big file; the JS budget is checked by web/budget.ts.
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': apiTarget } },
});
