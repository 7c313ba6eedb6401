import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The app is served by the Relance server itself (src/http/web-app.ts), so in production it
// shares the API's origin and its session cookie. In development, Vite proxies /api to a
// server started with `npm start`.
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The server must not hand out the app's source in production (src/http/web-app.ts refuses
    // *.map as well); `vite` in development keeps its own maps.
    sourcemap: false,
    rolldownOptions: {
      output: {
        // React and the chart library change less often than the app: separate files stay cached.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'charts', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.RELANCE_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
