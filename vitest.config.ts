import path from 'node:path'
import { defineConfig } from 'vitest/config'
// @ts-expect-error plain ES module shared with the esbuild build script
import { MANIFESTS_MODULE, manifestsSource } from './build/widget-registry.mjs'

const pluginsDir = path.resolve(__dirname, 'plugins')

export default defineConfig({
  plugins: [
    {
      name: 'livedeck-manifests',
      resolveId: (id) => (id === MANIFESTS_MODULE ? '\0' + MANIFESTS_MODULE : undefined),
      load: (id) => (id === '\0' + MANIFESTS_MODULE ? manifestsSource(pluginsDir) : undefined),
    },
  ],
  test: {
    include: ['tests/**/*.test.ts', 'plugins/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
