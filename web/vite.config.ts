// The UI is built into dist/, which `aduana serve --web web/dist` serves next to the API (no second server).
import { defineConfig } from "vite";

// `npm run dev` (or `npx vite preview`) against a running `aduana serve`: ADUANA_API=http://127.0.0.1:8080.
const api = process.env.ADUANA_API ?? "http://127.0.0.1:8080";

export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks: (id: string) => (id.includes("node_modules/echarts") || id.includes("node_modules/zrender") ? "charts" : undefined),
      },
    },
  },
  preview: {
    proxy: { "/v1": api, "/health": api },
  },
  server: {
    proxy: { "/v1": api, "/health": api },
  },
});
