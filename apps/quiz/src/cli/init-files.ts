import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { packageDir, readVersion, type Kit } from './kit.js'

/** The packages a standalone workspace depends on: the kit's libraries and the grader. */
export const WORKSPACE_DEPENDENCIES = ['@dlfs/layers', '@dlfs/losses', '@dlfs/matrix', '@dlfs/quiz', '@dlfs/train'] as const

/** The version of a kit package that `init` depends on: the installed (or cloned) package's, else the quiz's. */
function kitVersion(kit: Kit, dep: string): string {
  const dir = packageDir(kit, dep)
  return dir ? readVersion(dir) : kit.version
}

/**
 * `init --from DIR`: a `file:` dependency on each packed tarball in `dir` (`dlfs-layers-0.1.0.tgz`, as
 * `pnpm pack` and `npm pack` name them), so a release can be tried before it is published. The tarball
 * of the kit's own version is preferred; otherwise the only one of that package. `missing` lists the
 * packages with no tarball (or several and none of the kit's version).
 */
export function tarballDependencies(kit: Kit, dir: string): { specs: Record<string, string>; missing: string[] } {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    names = []
  }
  const specs: Record<string, string> = {}
  const missing: string[] = []
  for (const dep of WORKSPACE_DEPENDENCIES) {
    const prefix = `${dep.replace(/^@/, '').replace('/', '-')}-`
    const candidates = names.filter((n) => n.startsWith(prefix) && n.endsWith('.tgz') && /^\d/.test(n.slice(prefix.length)))
    const exact = `${prefix}${kitVersion(kit, dep)}.tgz`
    const pick = candidates.includes(exact) ? exact : candidates.length === 1 ? candidates[0] : undefined
    if (pick === undefined) missing.push(dep)
    else specs[dep] = `file:${join(dir, pick)}`
  }
  return { specs, missing }
}

/**
 * The files `init` writes besides the exercises, by workspace-relative path. `specs` replaces the
 * registry range of some dependencies (the `file:` tarballs of `init --from`).
 */
export function workspaceFiles(kit: Kit, name: string, specs: Record<string, string> = {}): Record<string, string> {
  const dependencies: Record<string, string> = {}
  for (const dep of WORKSPACE_DEPENDENCIES) dependencies[dep] = specs[dep] ?? `^${kitVersion(kit, dep)}`
  const pkg = {
    name: packageName(name),
    version: '0.0.0',
    private: true,
    description: 'My exercises of Deep Learning from Scratch (ゼロから作るDeep Learning), graded by dlfs-quiz',
    type: 'module',
    scripts: { quiz: 'dlfs-quiz', watch: 'dlfs-quiz watch', check: 'dlfs-quiz check', grade: 'dlfs-quiz grade --ci --out results' },
    dependencies,
    // The marker dlfs-quiz looks for (in this folder or above) to find the workspace.
    dlfs: { workspace: 1 },
  }
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
    include: ['**/*.ts'],
    exclude: ['node_modules'],
  }
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    '.gitignore': 'node_modules/\n.dlfs-quiz/\nresults/\n',
    'README.md': readme(pkg.name),
  }
}

/** A valid npm package name from a folder name: lower case, url-safe characters only. */
export function packageName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-]+$/g, '')
  return name || 'dlfs-study'
}

function readme(name: string): string {
  return `# ${name}

ゼロから作るDeep Learning の演習を TypeScript で解くためのフォルダです。
My exercises of *Deep Learning from Scratch* (ゼロから作るDeep Learning) in TypeScript.

## はじめかた

1. 依存パッケージをインストールします: \`npm install\`
2. 進み具合と次の演習を表示します: \`npx dlfs-quiz\`
3. 表示されたファイルを編集します。\`npx dlfs-quiz watch\` を動かしておくと、保存するたびに採点されます。

| コマンド | 内容 |
|---|---|
| \`npx dlfs-quiz list\` | 章ごとの演習と状況の一覧 |
| \`npx dlfs-quiz check <id>\` | 1 問を採点します（id を省くとすべて） |
| \`npx dlfs-quiz hint <id>\` | ヒントを 1 段階ずつ表示します |
| \`npx dlfs-quiz solution <id>\` | 合格した演習の模範解答を表示します |
| \`npx dlfs-quiz reset <id>\` | 演習を最初の状態に戻します（元のファイルはバックアップされます） |

問題文は各演習フォルダの README.md にあります。進み具合は \`.dlfs-quiz/state.json\` に保存されます。
このファイルが消えても、採点し直せば状況は元に戻ります。英語で表示するには \`--lang en\` を付けます。

## Getting started

1. Install the dependencies: \`npm install\`
2. See your progress and the next exercise: \`npx dlfs-quiz\`
3. Edit the file it names. Keep \`npx dlfs-quiz watch\` running to grade it on every save.

| command | what it does |
|---|---|
| \`npx dlfs-quiz list\` | every exercise and its status, by chapter |
| \`npx dlfs-quiz check <id>\` | grade one exercise (all without an id) |
| \`npx dlfs-quiz hint <id>\` | one more hint each time |
| \`npx dlfs-quiz solution <id>\` | the reference solution, once your version passes |
| \`npx dlfs-quiz reset <id>\` | back to the original stub (your file is kept as a backup) |

Each exercise folder has the statement in its README.md. Progress is kept in \`.dlfs-quiz/state.json\`;
if it is lost, re-grading rebuilds it. Add \`--lang ja\` for Japanese.
`
}
