import { defineConfig } from 'vitest/config'

// Shared by every package's one-line vitest.config.ts. Tests run from source:
// the `@dlfs/source` export condition points workspace packages at src/index.ts.
export default defineConfig({
  ssr: { resolve: { conditions: ['@dlfs/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/report.json' },
  },
})
