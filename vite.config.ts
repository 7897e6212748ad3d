import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precacheServiceWorker } from './build/precache-service-worker.ts';

export default defineConfig({
  plugins: [
    react(),
    // The offline shell: sw.js precaches every built file, including the engine worker bundle in assets/.
    // The app registers it (src/app/service-worker.ts); the web app manifest is public/manifest.webmanifest.
    precacheServiceWorker({ source: 'src/service-worker/sw.ts', fileName: 'sw.js' }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
