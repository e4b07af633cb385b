import { defineConfig } from 'vitest/config'
import shared from './vitest.shared.ts'

// The root project: tests of the repository's own scripts (scripts/*.test.ts), run by `pnpm test`
// through the turbo task `//#test:scripts`. Each package has its own one-line vitest.config.ts.
export default defineConfig({ ...shared, test: { ...shared.test, include: ['scripts/**/*.test.ts'] } })
