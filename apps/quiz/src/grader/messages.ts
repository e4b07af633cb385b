// The grading engine's own sentences, in both languages. Each says what happened and what to do next.
import type { Text } from './types.js'

const t = (en: string, ja: string): Text => ({ en, ja })
const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ')

/** Every check that had not finished when the time limit struck. */
export const timedOut = (seconds: number): Text =>
  t(
    `timed out after ${seconds} s — an infinite loop? (a while loop whose condition never changes, or a recursion with no base case)`,
    `${seconds} 秒たっても終わらなかったため打ち切りました。無限ループになっていませんか？（条件が変わらない while 文や、終了条件のない再帰など）`,
  )

/** The worker hit its memory limit. */
export const outOfMemory = (mb: number): Text =>
  t(
    `ran out of memory (the limit is ${mb} MB): is an array growing without end, or is a huge array allocated by mistake?`,
    `メモリが上限（${mb} MB）を超えました。配列が際限なく大きくなっていないか、誤って巨大な配列を確保していないか確認してください`,
  )

/** The worker died some other way (an error thrown in a timer callback, process.exit, …). */
export const crashed = (what: string): Text =>
  t(`your code stopped the grader: ${what}`, `あなたのコードが採点を止めてしまいました: ${what}`)

/** A check met an exception that is not a failed comparison. */
export const threw = (error: string, where: string | null): Text =>
  t(
    `your code threw ${error}${where ? ` (at ${where})` : ''}`,
    `あなたのコードで例外が発生しました: ${error}${where ? `（${where}）` : ''}`,
  )

/** A hint added to a stack overflow. */
export const stackOverflow: Text = t(
  'the call stack overflowed: a function probably calls itself without end',
  '呼び出しスタックがあふれました。関数が自分自身を際限なく呼び出している可能性があります',
)

/** The learner's file is not where the exercise expects it. */
export const fileNotFound = (path: string): Text =>
  t(
    `file not found: ${path}. Restore the stub with \`dlfs-quiz reset\`, or check the workspace folder.`,
    `ファイルが見つかりません: ${path}。\`dlfs-quiz reset\` でひな形を復元するか、作業フォルダを確認してください。`,
  )

/** Importing the file failed: a syntax error, a module that cannot be found, an error at the top level. */
export const loadFailed = (error: string): Text =>
  t(`your file could not be loaded: ${error}`, `ファイルを読み込めませんでした: ${error}`)

/** The module lacks exports the checks need. `expected` is what the stub exports, `got` what the file does. */
export function missingExports(missing: readonly string[], expected: readonly string[], got: readonly string[]): Text {
  const has = got.length > 0 ? ` (yours exports ${list(got)})` : ' (yours exports nothing)'
  const hasJa = got.length > 0 ? `（あなたのファイルは ${list(got)} を export しています）` : '（あなたのファイルは何も export していません）'
  return t(
    `your file does not export ${list(missing)}. The stub exports ${list(expected)}${has}: keep the \`export\` keyword and the names as they are.`,
    `ファイルが ${list(missing)} を export していません。ひな形は ${list(expected)} を export しています${hasJa}。\`export\` と名前はそのままにしてください。`,
  )
}

/** Why a forbidden import is refused: the concept is the exercise itself. */
function because(names: readonly string[] | undefined, specifier: string): Text {
  return names?.length
    ? t(`this exercise asks you to write ${names.join(', ')} yourself`, `この演習では ${names.join('、')} を自分で実装します`)
    : t(`this exercise asks you to write it yourself, without ${specifier}`, `この演習では ${specifier} を使わずに自分で実装します`)
}

/** A forbidden import found in the source (with its line) or refused at run time (line null). */
export function forbiddenImport(specifier: string, names: readonly string[] | undefined, line: number | null): Text {
  const why = because(names, specifier)
  const what = names?.length ? `${names.join(', ')} from '${specifier}'` : `'${specifier}'`
  const whatJa = names?.length ? `'${specifier}' の ${names.join('、')}` : `'${specifier}'`
  const at = line === null ? '' : ` (line ${line})`
  const atJa = line === null ? '' : `（${line} 行目）`
  return t(
    `importing ${what} is not allowed${at}: ${why.en}. Other modules (such as @dlfs/matrix) are fine.`,
    `${whatJa} を import することはできません${atJa}。${why.ja}。ほかのモジュール（@dlfs/matrix など）は使えます。`,
  )
}

/** A learner export that is the reference itself, or a subclass of it. */
export function reusedReference(name: string, how: 'same' | 'extends', specifier: string | undefined): Text {
  const why = because([name], specifier ?? '')
  return how === 'same'
    ? t(`your \`${name}\` is the kit's own ${name}, re-exported: ${why.en}.`, `あなたの \`${name}\` はキット自身の ${name} をそのまま export したものです。${why.ja}。`)
    : t(`your \`${name}\` extends the kit's own ${name}: ${why.en}.`, `あなたの \`${name}\` はキット自身の ${name} を継承しています。${why.ja}。`)
}

/** Checks that were never run, and why. */
export const notRun = (reason: Text): Text => t(`not run: ${reason.en}`, `未実行: ${reason.ja}`)

/** The grading was stopped from outside (watch mode saw a newer save). */
export const cancelled: Text = t('grading cancelled', '採点を中止しました')

/** A check that met the stub's `TODO(<id>): not implemented`. */
export const notStarted = (id: string): Text =>
  t(`not started: the stub still throws TODO(${id})`, `未着手です: ひな形の TODO(${id}) がまだ残っています`)

/** The worker ended quietly before reporting every check: process.exit(0), or a promise that never settles. */
export const unfinished: Text = t(
  'the checks stopped without finishing: does your code call process.exit(), or wait for a promise that never settles?',
  '採点が最後まで終わりませんでした。process.exit() を呼んでいるか、決して解決しない Promise を待っていませんか？',
)

/** The worker failed before the learner's code ran: a problem of the kit, not of the learner. */
export const graderFailed = (what: string): Text =>
  t(
    `the grader itself failed before running your code (${what}); this is not your mistake — please report it`,
    `あなたのコードを実行する前に採点ツール自体が失敗しました（${what}）。あなたの誤りではありません。報告してください`,
  )
