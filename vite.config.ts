import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const THEME = '#14171f';

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      // Updates wait for the person to press Reload; the app registers the SW itself (virtual:pwa-register/react).
      registerType: 'prompt',
      injectRegister: false,
      // Manifest icons and the manifest itself are precached by the plugin; this adds the iOS icon.
      includeAssets: ['icons/apple-touch-icon-180.png'],
      manifest: {
        id: '/',
        name: 'Lightning Wallet',
        short_name: 'Lightning',
        description: 'A self-custodial Lightning wallet that runs in your browser.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: THEME,
        theme_color: THEME,
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The whole shell, including the engine worker bundle in assets/, so the app opens offline.
        globPatterns: ['**/*.{html,js,css}'],
        navigateFallback: 'index.html',
        // First install takes control at once; later versions wait for skipWaiting from the banner.
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
