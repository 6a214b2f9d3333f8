// Benchmarks: measured and printed, never asserted. `npm run bench` runs them.
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  test: { include: ['test/bench/**/*.bench.ts'], environment: 'node', testTimeout: 600_000, fileParallelism: false },
});
