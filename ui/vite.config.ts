import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { devPreview } from "./scripts/dev-preview.mjs";

export default defineConfig({
  plugins: [svelte(), svelteTesting(), devPreview()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    target: "es2022",
    sourcemap: false,
    // One small app: no need to warn about chunk sizes below 1 MB.
    chunkSizeWarningLimit: 1024,
  },
  test: {
    environment: "happy-dom",
    include: ["tests/unit/**/*.test.ts"],
    setupFiles: ["tests/unit/setup.ts"],
    globalSetup: ["tests/unit/global-setup.mjs"],
    // Previews go to the real Rust intake over loopback: slower than memory on a busy machine.
    testTimeout: 15_000,
  },
});
