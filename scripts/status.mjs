// @ts-check
// `pnpm quiz`. Once apps/quiz exists with a `quiz` script, this hands over to it (arguments and exit code
// pass through), so the root script never needs editing. Until then it prints the kit's status: every
// workspace package with its version and description, and where the grader will come from.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { workspacePackages } from './workspace.mjs'

const root = join(fileURLToPath(import.meta.url), '..', '..')
const quizDir = join(root, 'apps', 'quiz')
const quizJson = join(quizDir, 'package.json')

if (existsSync(quizJson) && JSON.parse(readFileSync(quizJson, 'utf8')).scripts?.quiz) {
  // INIT_CWD (set by pnpm) still tells the quiz where the user ran `pnpm quiz`.
  const run = spawnSync('pnpm', ['--silent', '--dir', quizDir, 'run', 'quiz', ...process.argv.slice(2)], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  if (run.error) throw run.error
  process.exit(run.status ?? 1)
}

const packages = workspacePackages(root)
const width = Math.max(...packages.map((p) => `${p.name}@${p.version}`.length), 0)
console.log('dlfs: Deep Learning from Scratch (ゼロから作るDeep Learning) in TypeScript\n')
console.log(`workspace packages (${packages.length}):`)
for (const p of packages) {
  const id = `${p.name}@${p.version}`.padEnd(width)
  console.log(`  ${id}  ${p.dir}${p.private ? ' (private)' : ''}`)
  if (p.description) console.log(`  ${' '.repeat(width)}  ${p.description}`)
}
console.log('')
console.log('The quiz grader arrives with apps/quiz (planned); until then `pnpm quiz` prints this status.')
console.log('クイズの採点ツールは apps/quiz で追加予定です。それまで `pnpm quiz` はこの状況を表示します。')
console.log('')
console.log('  pnpm test       every package’s tests / すべてのテスト')
console.log('  pnpm typecheck  tsc over every package / 型チェック')
console.log('  pnpm sz         line budgets / 行数の予算')
