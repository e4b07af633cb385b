import type { Messages } from './messages.js'

/** 本書の章題（第1章は NumPy の代わりに @dlfs/matrix の配列を扱います）。 */
const CHAPTERS = [
  '',
  'Python入門（配列）',
  'パーセプトロン',
  'ニューラルネットワーク',
  'ニューラルネットワークの学習',
  '誤差逆伝播法',
  '学習に関するテクニック',
  '畳み込みニューラルネットワーク',
  'ディープラーニング',
]

const didYouMean = (xs: string[]) => (xs.length ? `もしかして ${xs.map((x) => `「${x}」`).join('、')} ですか？` : '')

/** CLI の日本語の文言。 */
export const ja: Messages = {
  heading: 'dlfs-quiz: ゼロから作るDeep Learning を 1 問ずつ',
  progress: (passed, total) => `${total} 問中 ${passed} 問合格`,
  progressDetail: (failed, notStarted) => `（不合格 ${failed} 問、未着手 ${notStarted} 問）`,
  next: '次の演習',
  section: (section, chapter) => `本書 ${section}（第${chapter}章）`,
  editFile: '編集するファイル',
  statementMissing: '（この演習には README.md がありません。ファイル内のコメントを読んでください。）',
  whatToRun: (bin, id) => `採点: ${bin} check ${id}   保存のたびに採点: ${bin} watch   ヒント: ${bin} hint ${id}`,
  allPassed: (total, bin) => `全 ${total} 問に合格しました。お疲れさまでした！ \`${bin} solution <id>\` で各演習の模範解答を読めます。`,
  chapter: (n) => `第${n}章 ${CHAPTERS[n] ?? ''}`,
  editedNotChecked: '編集済み・未採点',
  listFooter: (bin) => `✓ 合格  ✗ 不合格  · 未着手。1 問を採点するには: ${bin} check <id>`,
  status: { passed: '合格', failed: '不合格', 'not-started': '未着手' },
  skipped: 'スキップ',
  printed: 'あなたのコードの出力:',
  label: { expected: '期待値', got: '実際値', at: '場所  ', likely: 'よくある間違い:', input: '入力:', score: '得点' },
  passedNext: (bin, id) => `合格です！ 次は ${id} です（\`${bin}\` で問題文を表示します）。`,
  notStartedHelp: (id) => `ファイルがまだ TODO(${id}) の例外を投げています。印の付いた \`throw\` をあなたのコードに置き換えて保存してください。`,
  stuck: (bin, id) => `行き詰まったら \`${bin} hint ${id}\` を実行してください。実行するたびにヒントが 1 段階ずつ具体的になります。`,
  summary: (passed, failed, notStarted, total, seconds) =>
    `${total} 問中 ${passed} 問合格、不合格 ${failed} 問、未着手 ${notStarted} 問（${seconds} 秒）`,
  seeDetails: (bin) => `各演習の詳細は \`${bin} check <id>\` で表示できます。`,
  hintHeading: (level, total) => `ヒント ${level}/${total}`,
  moreHints: (bin, id) => `もう一度 \`${bin} hint ${id}\` を実行すると、より具体的なヒントを表示します。`,
  hintsAllShown: (bin, id) => `これが最後のヒントです。合格すると \`${bin} solution ${id}\` で模範解答を読めます。`,
  hintsAllShownAgain: (bin, id) => `ヒントはすべて表示済みです。合格すると \`${bin} solution ${id}\` で模範解答を読めます。`,
  nothingToHint: (bin) => `すべての演習に合格しているため、表示するヒントがありません。演習を指定してください: ${bin} hint <id>`,
  solutionRefused: (id, bin) =>
    `${id} の模範解答は、あなたの実装が合格してから表示します。まずは自分の力で解いてみましょう。\n` +
    `\`${bin} hint ${id}\` でヒントを、\`${bin} check ${id}\` で残っている課題を確認できます。`,
  solutionHeading: (id) => `${id} の模範解答（キットの実装）`,
  solutionAfter: 'あなたの実装と比べてみてください。書き方が違っても、結果が同じなら正解です。',
  solutionMissing: (file) => `キットのファイル ${file} が見つかりません。@dlfs/quiz を入れ直すか、git で元に戻してから再実行してください。`,
  resetConfirm: (file) => `${file} を最初の状態に戻しますか？ 今のファイルはバックアップとして残します。[y/N] `,
  resetCancelled: '中止しました。何も変更していません。',
  resetUnchanged: (file) => `${file} はすでに最初の状態です。戻す必要はありません。`,
  resetDone: (file, backup) => `${file} を最初の状態に戻しました。${backup ? `元のファイルは ${backup} に保存しています。` : ''}`,
  initNeedsDir: (bin) => `作成するフォルダを指定してください。例: ${bin} init my-study`,
  initNotDir: (dir) => `${dir} はフォルダではないファイルとして存在します。別の名前を指定してください。`,
  initNotEmpty: (dir) =>
    `${dir} は空ではありません。新しいフォルダを指定するか、--force を付けて足りないファイルだけを追加してください（既存のファイルは上書きしません）。`,
  initDone: (dir, n) => `作業フォルダ ${dir} を作成しました（演習ファイル ${n} 個）。`,
  initKept: (n) => `既存のファイル ${n} 個はそのまま残しました。`,
  initNext: (dir) =>
    `次の手順:\n  cd ${dir}\n  npm install\n  npx dlfs-quiz          # 進み具合と次の演習を表示\n  npx dlfs-quiz watch    # 保存するたびに採点`,
  initFrom: (dir) => `依存パッケージはレジストリではなく ${dir} の tarball（file: 指定）を使います。`,
  initNoTarball: (dir, missing) =>
    `--from ${dir}: ${missing.join('、')} の tarball がありません。各パッケージで \`pnpm pack\`（または \`npm pack\`）を実行して dlfs-<名前>-<バージョン>.tgz を作ってください。`,
  watching: (file, mode) => `${file} を監視しています${mode === 'poll' ? '（ポーリング）' : ''}。保存すると採点し直します。`,
  watchFallback: (reason) => `この環境ではファイルの変更通知が使えません（${reason}）。代わりに 0.3 秒ごとにファイルを確認します。`,
  watchKeys: 'キー: n 次の演習 · h ヒント · l 一覧 · r 再採点 · q 終了',
  watchNoKeys: 'ファイルを保存すると採点し直します。止めるには Ctrl-C を押してください。',
  watchPassed: '合格です！ 次の演習に進みます。',
  watchPassedKeys: '合格です！ n を押すと次の演習に進みます。',
  gradeTotal: (score, passed, failed, notStarted, total) =>
    `合計 ${score}: ${total} 問中 ${passed} 問合格、不合格 ${failed} 問、未着手 ${notStarted} 問`,
  gradeWrote: (json, junit) => `${json} と ${junit} に書き出しました`,
  gradeBelowMin: (score, min) => `合計得点 ${score} が --min-score ${min} に届いていません。`,
  workspaceCreated: (dir) => `作業フォルダ ${dir} を作成しました。ここにあるコピーを編集してください（キットのひな形は変更しません）。`,
  templatesAdded: (n, dir) => `${dir} に新しいファイルを ${n} 個追加しました（新しい演習です。あなたのファイルは変更していません）。`,
  stateCorrupt: (bin) =>
    '進み具合のファイルが読めなかったため、.dlfs-quiz/state.json.corrupt として残し、新しく記録し直します。' +
    `あなたのファイルはそのままです。\`${bin} check\` ですべて採点し直せます（ヒントは最初の段階からになります）。`,
  noWorkspace:
    'ここには作業フォルダがありません。`npx @dlfs/quiz init my-study` で作成して cd my-study するか、--workspace <dir> で指定してください。',
  workspaceMissing: (dir) => `作業フォルダ ${dir} が存在しません。\`dlfs-quiz init ${dir}\` で作成してください。`,
  missingFile: (file, bin, id) => `${file} が見つかりません。\`${bin} reset ${id}\` で最初の状態のファイルを戻せます。`,
  unknownCommand: (command, suggestions, bin) => `「${command}」というコマンドはありません。${didYouMean(suggestions)} \`${bin} --help\` を参照してください。`,
  unknownExercise: (id, suggestions, bin) => `「${id}」という演習はありません。${didYouMean(suggestions)} \`${bin} list\` ですべての id を表示できます。`,
  unknownOption: (option, bin) => `${option} というオプションはありません。\`${bin} --help\` を参照してください。`,
  optionNotHere: (option, command, bin) => `${command} には ${option} オプションがありません。\`${bin} ${command} --help\` を参照してください。`,
  missingValue: (option) => `${option} には値が必要です。例: ${option} 1`,
  extraArgument: (arg, command, bin) => `余分な引数「${arg}」があります。\`${bin}${command ? ` ${command}` : ''} --help\` を参照してください。`,
  devNeedsCheck: (bin) => `dev コマンドのサブコマンドは check だけです: ${bin} dev check`,
  badLang: (value) => `--lang ${value}: 指定できる言語は ja と en です。`,
  badNumber: (flag, value, rule) => {
    const kind = rule.integer ? '整数' : '数値'
    const range = rule.max !== undefined ? `（${rule.min ?? '-∞'} 以上 ${rule.max} 以下）` : rule.min !== undefined ? `（${rule.min} 以上）` : ''
    return `--${flag} ${value}: ${kind}${range}を指定してください。`
  },
  missingId: (command, bin) => `演習を指定してください。例: ${bin} ${command} 5.6.2-affine（id の一覧は \`${bin} list\` で表示できます）`,
  graderUnavailable: (reason) => `採点エンジンを読み込めませんでした（${reason}）。@dlfs/quiz を入れ直すか、キットで \`pnpm install\` を実行してください。`,
  pristine: (id) => `未着手です: ファイルは ${id} のひな形のままです`,
  graderCrashed: (reason) => `この演習の採点中に採点エンジンが失敗しました: ${reason}`,
  internalError: '内部エラーです（dlfs-quiz の不具合です。以下の内容を添えて報告してください）',
}
