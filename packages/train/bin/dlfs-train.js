#!/usr/bin/env node
// The `dlfs-train` command: runs the built CLI (dist/cli/main.js, from `pnpm build`).
// From source, without a build: pnpm train -- --help (tsx --conditions=@dlfs/source packages/train/src/cli/main.ts).
import { main } from '../dist/cli/main.js'

process.exitCode = main(process.argv.slice(2))
