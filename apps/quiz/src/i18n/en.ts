import type { Messages } from './messages.js'

const CHAPTERS = [
  '',
  'Introduction to Python: arrays',
  'Perceptrons',
  'Neural networks',
  'Neural network training',
  'Backpropagation',
  'Training techniques',
  'Convolutional neural networks',
  'Deep learning',
]

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
const didYouMean = (xs: string[]) => (xs.length ? ` Did you mean ${xs.map((x) => `'${x}'`).join(', ')}?` : '')

/** English texts of the CLI. */
export const en: Messages = {
  heading: 'dlfs-quiz: Deep Learning from Scratch, exercise by exercise',
  progress: (passed, total) => `${passed}/${total} passed`,
  progressDetail: (failed, notStarted) => `(${failed} failing, ${notStarted} not started)`,
  next: 'Next exercise',
  section: (section, chapter) => `Book ${section}, chapter ${chapter}`,
  editFile: 'Edit',
  statementMissing: '(This exercise has no README.md; see the comments in its file.)',
  whatToRun: (bin, id) => `Grade it: ${bin} check ${id}   Grade on every save: ${bin} watch   A hint: ${bin} hint ${id}`,
  allPassed: (total, bin) => `All ${plural(total, 'exercise')} passed. Well done! \`${bin} solution <id>\` shows the kit's version of any of them.`,
  chapter: (n) => `Chapter ${n}: ${CHAPTERS[n] ?? ''}`,
  editedNotChecked: 'edited, not graded yet',
  listFooter: (bin) => `✓ passed  ✗ failing  · not started.  Grade one: ${bin} check <id>`,
  status: { passed: 'passed', failed: 'failing', 'not-started': 'not started' },
  skipped: 'skipped',
  printed: 'Your code printed:',
  label: { expected: 'expected', got: 'got     ', at: 'at      ', likely: 'likely mistake:', input: 'input:', score: 'score' },
  passedNext: (bin, id) => `Passed! Next: ${id} (run \`${bin}\` to read it).`,
  notStartedHelp: (id) => `Your file still throws TODO(${id}): replace each marked \`throw\` with your code, then save.`,
  stuck: (bin, id) => `Stuck? \`${bin} hint ${id}\` gives one more hint each time.`,
  summary: (passed, failed, notStarted, total, seconds) =>
    `${passed}/${total} passed, ${failed} failing, ${notStarted} not started (${seconds} s)`,
  seeDetails: (bin) => `\`${bin} check <id>\` shows the details of one exercise.`,
  hintHeading: (level, total) => `Hint ${level}/${total}`,
  moreHints: (bin, id) => `Run \`${bin} hint ${id}\` again for a more specific hint.`,
  hintsAllShown: (bin, id) => `That was the last hint. Once your version passes, \`${bin} solution ${id}\` shows the kit's.`,
  hintsAllShownAgain: (bin, id) => `All hints are shown. Once your version passes, \`${bin} solution ${id}\` shows the kit's.`,
  nothingToHint: (bin) => `Every exercise has passed, so there is nothing to hint. Name one: ${bin} hint <id>`,
  solutionRefused: (id, bin) =>
    `Not yet: the solution of ${id} opens once your own version passes, so that you get the most from the exercise.\n` +
    `\`${bin} hint ${id}\` gives one more hint; \`${bin} check ${id}\` shows what is left.`,
  solutionHeading: (id) => `The kit's solution of ${id}`,
  solutionAfter: 'Compare it with yours: different code that gives the same results is just as right.',
  solutionMissing: (file) => `The kit file ${file} is missing. Reinstall @dlfs/quiz (or restore it with git) and try again.`,
  resetConfirm: (file) => `Put the original stub back in ${file}? Your version is kept as a backup. [y/N] `,
  resetCancelled: 'Cancelled: nothing changed.',
  resetUnchanged: (file) => `${file} is already the original stub: nothing to reset.`,
  resetDone: (file, backup) => `${file} is the original stub again.${backup ? ` Your version is in ${backup}.` : ''}`,
  initNeedsDir: (bin) => `Say where to create the workspace, e.g. ${bin} init my-study`,
  initNotDir: (dir) => `${dir} exists and is not a folder. Choose another name.`,
  initNotEmpty: (dir) =>
    `${dir} is not empty. Choose a new folder, or add --force to add only the missing files (nothing is overwritten).`,
  initDone: (dir, n) => `Created the workspace ${dir} with ${plural(n, 'exercise file')}.`,
  initKept: (n) => `${plural(n, 'file')} already existed and ${n === 1 ? 'was' : 'were'} kept as is.`,
  initNext: (dir) => `Next steps:\n  cd ${dir}\n  npm install\n  npx dlfs-quiz          # your progress and the next exercise\n  npx dlfs-quiz watch    # grade it on every save`,
  initFrom: (dir) => `Dependencies: the packed tarballs in ${dir} (file: specs), not the registry.`,
  initNoTarball: (dir, missing) =>
    `--from ${dir}: no tarball for ${missing.join(', ')} there. Make them with \`pnpm pack\` (or \`npm pack\`) in each package: dlfs-<name>-<version>.tgz.`,
  watching: (file, mode) => `Watching ${file}${mode === 'poll' ? ' (polling)' : ''}: save to grade it again.`,
  watchFallback: (reason) => `File events are not available here (${reason}); checking the file for changes every 0.3 s instead.`,
  watchKeys: 'keys: n next · h hint · l list · r re-check · q quit',
  watchNoKeys: 'Save the file to grade it again; Ctrl-C to stop.',
  watchPassed: 'Passed! Moving on to the next exercise.',
  watchPassedKeys: 'Passed! Press n for the next exercise.',
  gradeTotal: (score, passed, failed, notStarted, total) =>
    `Total ${score}: ${passed}/${total} passed, ${failed} failing, ${notStarted} not started`,
  gradeWrote: (json, junit) => `Wrote ${json} and ${junit}`,
  gradeBelowMin: (score, min) => `The total score ${score} is below --min-score ${min}.`,
  workspaceCreated: (dir) => `Created your workspace ${dir}: edit the copies there (the kit's templates stay untouched).`,
  templatesAdded: (n, dir) => `Added ${plural(n, 'new file')} to ${dir} (new exercises; your files are unchanged).`,
  stateCorrupt: (bin) =>
    `The progress file was unreadable; it was kept as .dlfs-quiz/state.json.corrupt and progress starts afresh. ` +
    `Your files are untouched: \`${bin} check\` grades them all again (hint levels restart from the first).`,
  noWorkspace:
    'No workspace here. Create one with `npx @dlfs/quiz init my-study` (then cd my-study), or name one with --workspace <dir>.',
  workspaceMissing: (dir) => `The workspace ${dir} does not exist. Create it with \`dlfs-quiz init ${dir}\`.`,
  missingFile: (file, bin, id) => `${file} is missing. \`${bin} reset ${id}\` puts the original stub back.`,
  unknownCommand: (command, suggestions, bin) => `Unknown command '${command}'.${didYouMean(suggestions)} See \`${bin} --help\`.`,
  unknownExercise: (id, suggestions, bin) => `No exercise '${id}'.${didYouMean(suggestions)} \`${bin} list\` shows every id.`,
  unknownOption: (option, bin) => `Unknown option ${option}. See \`${bin} --help\`.`,
  optionNotHere: (option, command, bin) => `${command} has no option ${option}. See \`${bin} ${command} --help\`.`,
  missingValue: (option) => `${option} needs a value, e.g. ${option} 1.`,
  extraArgument: (arg, command, bin) => `Unexpected argument '${arg}'. See \`${bin}${command ? ` ${command}` : ''} --help\`.`,
  devNeedsCheck: (bin) => `The dev command has one subcommand: ${bin} dev check`,
  badLang: (value) => `--lang ${value}: the languages are ja and en.`,
  badNumber: (flag, value, rule) => {
    const kind = rule.integer ? 'a whole number' : 'a number'
    const range = rule.max !== undefined ? ` from ${rule.min ?? '-∞'} to ${rule.max}` : rule.min !== undefined ? ` ≥ ${rule.min}` : ''
    return `--${flag} ${value}: expected ${kind}${range}.`
  },
  missingId: (command, bin) => `Which exercise? e.g. ${bin} ${command} 5.6.2-affine (\`${bin} list\` shows the ids).`,
  graderUnavailable: (reason) => `The grader could not be loaded (${reason}). Reinstall @dlfs/quiz, or run \`pnpm install\` in the kit.`,
  pristine: (id) => `not started: the file is still the original stub of ${id}`,
  graderCrashed: (reason) => `The grader failed on this exercise: ${reason}`,
  internalError: 'internal error (a bug in dlfs-quiz; please report it with the text below)',
}
