import type { Lang } from '../grader/types.js'
import type { CommandName } from '../cli/args.js'

interface Help {
  usage: string
  /** One line for the overview's command list. */
  short?: string
  what: string
  options?: [string, string][]
  examples: string[]
}
type Texts = Record<CommandName, Help> & { global: [string, string][]; commands: string; options: string; examples: string }

const en: Texts = {
  home: {
    usage: '[command] [options]',
    what: 'Auto-graded exercises for Deep Learning from Scratch. Without a command: your progress and the next exercise.',
    examples: ['{bin}', '{bin} watch', '{bin} check 5.6.2-affine', '{bin} --lang ja'],
  },
  list: { usage: 'list', short: 'every exercise and its status, by chapter', what: 'Every exercise and its status (✓ passed, ✗ failing, · not started) with its score, by chapter.', examples: ['{bin} list'] },
  check: {
    usage: 'check [id] [--seed N] [--timeout MS]',
    short: 'grade one exercise (all without an id)',
    what: 'Grade one exercise and show every check, or all of them with a summary. Exit code 0 when all graded exercises pass.',
    options: [['--seed N', 'seed of the random inputs (default 0)'], ['--timeout MS', 'time limit per exercise']],
    examples: ['{bin} check 5.6.2-affine', '{bin} check affine', '{bin} check'],
  },
  watch: {
    usage: 'watch [id] [--poll]',
    short: 'grade the current exercise on every save',
    what: 'Grade the current exercise now and again on every save. Keys: n next, h hint, l list, r re-check, q quit.',
    options: [['--poll', 'check the file every 0.3 s instead of file events (network drives, WSL, containers)']],
    examples: ['{bin} watch', '{bin} watch 5.6.2-affine', '{bin} watch --poll'],
  },
  hint: { usage: 'hint [id]', short: 'one more hint each time', what: 'One more hint each time, from vague to specific (the current exercise without an id).', examples: ['{bin} hint', '{bin} hint 5.6.2-affine'] },
  solution: { usage: 'solution <id>', short: "the kit's solution, once yours passes", what: "The kit's own implementation, once your version has passed.", examples: ['{bin} solution 5.6.2-affine'] },
  reset: {
    usage: 'reset <id> [--yes]',
    short: 'back to the original stub (keeps a backup)',
    what: 'Put the original stub back. Your file is first saved as <file>.bak-<time>.',
    options: [['-y, --yes', 'do not ask for confirmation']],
    examples: ['{bin} reset 5.6.2-affine', '{bin} reset 5.6.2-affine --yes'],
  },
  init: {
    usage: 'init <dir> [--force] [--from DIR]',
    short: 'create a standalone workspace (npm installs)',
    what: 'Create a standalone workspace that uses the published @dlfs packages (for learners who installed from npm).',
    options: [
      ['--force', 'allow a non-empty folder (adds the missing files, overwrites nothing)'],
      ['--from DIR', 'depend on the packed tarballs in DIR (file: specs) instead of the registry, to try a release before publishing it'],
    ],
    examples: ['npx @dlfs/quiz init my-study', '{bin} init my-study --force', '{bin} init my-study --from ../packed'],
  },
  grade: {
    usage: 'grade [--ci] [--out DIR] [--seed N] [--min-score X] [--chapter N] [id…]',
    short: 'headless grading for CI: results.json, junit.xml',
    what:
      'Grade all exercises headless with partial credit; write DIR/results.json and DIR/junit.xml, and GitHub annotations ' +
      'when GITHUB_ACTIONS=true. Exit 1 if any exercise fails, or with --min-score, if the total is below it.',
    options: [
      ['--ci', 'leave the progress file alone (for CI)'],
      ['--out DIR', 'where to write the reports (default dlfs-quiz-results)'],
      ['--seed N', 'seed of the random inputs (default 0)'],
      ['--min-score X', 'pass when the mean score (0 to 1) is at least X'],
      ['--chapter N', 'only the exercises of chapter N'],
      ['--timeout MS', 'time limit per exercise'],
    ],
    examples: ['{bin} grade --ci --out results', '{bin} grade --ci --min-score 0.8 --chapter 5'],
  },
  'dev-check': {
    usage: 'dev check',
    short: "the kit's self-test (for kit developers)",
    what: 'For kit developers: ids unique, both languages present, every reference passes, every stub is "not started", every mutant caught.',
    examples: ['{bin} dev check'],
  },
  global: [
    ['--lang ja|en', 'language (default: DLFS_LANG, then LANG/LC_ALL starting with ja → ja, else en)'],
    ['--workspace DIR', 'the folder with your exercises (default: found from here, or study/ in the kit)'],
    ['-h, --help', 'help (also: {bin} <command> --help)'],
    ['-V, --version', 'version'],
  ],
  commands: 'Commands',
  options: 'Options',
  examples: 'Examples',
}

const ja: Texts = {
  home: {
    usage: '[コマンド] [オプション]',
    what: 'ゼロから作るDeep Learning の自動採点つき演習です。コマンドを省くと、進み具合と次の演習を表示します。',
    examples: ['{bin}', '{bin} watch', '{bin} check 5.6.2-affine', '{bin} --lang en'],
  },
  list: { usage: 'list', short: '章ごとの演習と状況の一覧', what: 'すべての演習の状況（✓ 合格、✗ 不合格、· 未着手）と得点を章ごとに表示します。', examples: ['{bin} list'] },
  check: {
    usage: 'check [id] [--seed N] [--timeout MS]',
    short: '1 問を採点（id を省くと全問）',
    what: '1 問を採点してチェックごとの結果を表示します。id を省くと全問を採点して集計します。採点した演習がすべて合格なら終了コードは 0 です。',
    options: [['--seed N', '乱数の入力のシード（既定は 0）'], ['--timeout MS', '1 問あたりの制限時間']],
    examples: ['{bin} check 5.6.2-affine', '{bin} check affine', '{bin} check'],
  },
  watch: {
    usage: 'watch [id] [--poll]',
    short: '保存するたびに今の演習を採点',
    what: '今の演習をすぐに採点し、保存するたびに採点し直します。キー: n 次の演習、h ヒント、l 一覧、r 再採点、q 終了。',
    options: [['--poll', '変更通知の代わりに 0.3 秒ごとにファイルを確認します（ネットワークドライブ、WSL、コンテナ向け）']],
    examples: ['{bin} watch', '{bin} watch 5.6.2-affine', '{bin} watch --poll'],
  },
  hint: { usage: 'hint [id]', short: 'ヒントを 1 段階ずつ表示', what: '実行するたびにヒントを 1 段階ずつ具体的に表示します（id を省くと今の演習）。', examples: ['{bin} hint', '{bin} hint 5.6.2-affine'] },
  solution: { usage: 'solution <id>', short: '合格後に模範解答を表示', what: 'あなたの実装が合格した演習について、キットの実装（模範解答）を表示します。', examples: ['{bin} solution 5.6.2-affine'] },
  reset: {
    usage: 'reset <id> [--yes]',
    short: '最初の状態に戻す（バックアップを残します）',
    what: '演習ファイルを最初の状態に戻します。今のファイルは先に <file>.bak-<日時> として保存します。',
    options: [['-y, --yes', '確認せずに実行します']],
    examples: ['{bin} reset 5.6.2-affine', '{bin} reset 5.6.2-affine --yes'],
  },
  init: {
    usage: 'init <dir> [--force] [--from DIR]',
    short: '独立した作業フォルダを作成（npm 版）',
    what: '公開版の @dlfs パッケージを使う、独立した作業フォルダを作成します（npm からインストールした方向け）。',
    options: [
      ['--force', '空でないフォルダでも実行します（足りないファイルだけを追加し、上書きはしません）'],
      ['--from DIR', 'レジストリの代わりに DIR にある tarball（pack したもの）を file: で指定します。公開前のリリースを試すためのものです'],
    ],
    examples: ['npx @dlfs/quiz init my-study', '{bin} init my-study --force', '{bin} init my-study --from ../packed'],
  },
  grade: {
    usage: 'grade [--ci] [--out DIR] [--seed N] [--min-score X] [--chapter N] [id…]',
    short: 'CI 向けの一括採点（results.json、junit.xml）',
    what:
      '全問を部分点つきでまとめて採点し、DIR/results.json と DIR/junit.xml を書き出します。GITHUB_ACTIONS=true のときは ' +
      'GitHub の注釈も出力します。不合格の演習があると終了コード 1、--min-score を付けると合計がそれ未満のとき 1 です。',
    options: [
      ['--ci', '進み具合のファイルを変更しません（CI 向け）'],
      ['--out DIR', 'レポートの出力先（既定は dlfs-quiz-results）'],
      ['--seed N', '乱数の入力のシード（既定は 0）'],
      ['--min-score X', '平均得点（0〜1）が X 以上なら成功とします'],
      ['--chapter N', '第 N 章の演習だけを採点します'],
      ['--timeout MS', '1 問あたりの制限時間'],
    ],
    examples: ['{bin} grade --ci --out results', '{bin} grade --ci --min-score 0.8 --chapter 5'],
  },
  'dev-check': {
    usage: 'dev check',
    short: 'キットの自己診断（開発者向け）',
    what: 'キットの開発者向けです。id の重複、両言語の有無、模範解答がすべて合格すること、ひな形が「未着手」になること、典型的な誤りを検出できることを確かめます。',
    examples: ['{bin} dev check'],
  },
  global: [
    ['--lang ja|en', '表示言語（既定: DLFS_LANG、次に LANG/LC_ALL が ja で始まれば ja、それ以外は en）'],
    ['--workspace DIR', '演習ファイルのあるフォルダ（既定: ここから探します。キットでは study/）'],
    ['-h, --help', 'ヘルプ（{bin} <コマンド> --help も使えます）'],
    ['-V, --version', 'バージョン'],
  ],
  commands: 'コマンド',
  options: 'オプション',
  examples: '例',
}

/** `--help` text: the overview with every command, or one command's usage, options and examples. */
export function usage(command: CommandName, lang: Lang, bin: string): string {
  const t = lang === 'ja' ? ja : en
  const sub = (s: string) => s.replaceAll('{bin}', bin)
  const rows = (xs: [string, string][]) => {
    const w = Math.max(...xs.map(([a]) => a.length))
    return xs.map(([a, b]) => `  ${a.padEnd(w)}  ${sub(b)}`).join('\n')
  }
  const h = t[command]
  const out = [`${bin} ${h.usage}`, '', h.what, '']
  if (command === 'home') {
    const names = (['list', 'check', 'watch', 'hint', 'solution', 'reset', 'init', 'grade', 'dev-check'] as const).map(
      (c): [string, string] => [t[c].usage.split(' [-')[0]!, t[c].short ?? t[c].what],
    )
    out.push(`${t.commands}:`, rows(names), '')
  }
  out.push(`${t.options}:`, rows([...(h.options ?? []), ...t.global]), '', `${t.examples}:`, ...h.examples.map((e) => `  ${sub(e)}`), '')
  return out.join('\n')
}
