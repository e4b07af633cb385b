#!/usr/bin/env node
// The `dlfs-quiz` command: runs the built CLI (dist/cli/main.js, from `pnpm build`).
// From source, without a build: pnpm quiz (tsx --conditions=@dlfs/source apps/quiz/src/cli/main.ts).
import { runProcess } from '../dist/cli/main.js'

await runProcess()
