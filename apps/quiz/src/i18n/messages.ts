import type { Lang } from '../grader/types.js'
import { en } from './en.js'
import { ja } from './ja.js'

/** Every sentence the CLI prints, in one language. Parameters are already formatted (paths, ids). */
export interface Messages {
  heading: string
  progress(passed: number, total: number): string
  progressDetail(failed: number, notStarted: number): string
  next: string
  section(section: string, chapter: number): string
  editFile: string
  statementMissing: string
  whatToRun(bin: string, id: string): string
  allPassed(total: number, bin: string): string
  chapter(n: number): string
  editedNotChecked: string
  listFooter(bin: string): string
  status: { passed: string; failed: string; 'not-started': string }
  skipped: string
  printed: string
  label: { expected: string; got: string; at: string; likely: string; input: string; score: string }
  passedNext(bin: string, id: string): string
  notStartedHelp(id: string): string
  stuck(bin: string, id: string): string
  summary(passed: number, failed: number, notStarted: number, total: number, seconds: string): string
  seeDetails(bin: string): string
  hintHeading(level: number, total: number): string
  moreHints(bin: string, id: string): string
  hintsAllShown(bin: string, id: string): string
  hintsAllShownAgain(bin: string, id: string): string
  nothingToHint(bin: string): string
  solutionRefused(id: string, bin: string): string
  solutionHeading(id: string): string
  solutionAfter: string
  solutionMissing(file: string): string
  resetConfirm(file: string): string
  resetCancelled: string
  resetUnchanged(file: string): string
  resetDone(file: string, backup: string | null): string
  initNeedsDir(bin: string): string
  initNotDir(dir: string): string
  initNotEmpty(dir: string): string
  initDone(dir: string, exercises: number): string
  initKept(files: number): string
  initNext(dir: string): string
  initFrom(dir: string): string
  initNoTarball(dir: string, missing: string[]): string
  watching(file: string, mode: 'events' | 'poll'): string
  watchFallback(reason: string): string
  watchKeys: string
  watchNoKeys: string
  watchPassed: string
  watchPassedKeys: string
  gradeTotal(score: string, passed: number, failed: number, notStarted: number, total: number): string
  gradeWrote(json: string, junit: string): string
  gradeBelowMin(score: string, min: string): string
  workspaceCreated(dir: string): string
  templatesAdded(n: number, dir: string): string
  stateCorrupt(bin: string): string
  noWorkspace: string
  workspaceMissing(dir: string): string
  missingFile(file: string, bin: string, id: string): string
  unknownCommand(command: string, suggestions: string[], bin: string): string
  unknownExercise(id: string, suggestions: string[], bin: string): string
  unknownOption(option: string, bin: string): string
  optionNotHere(option: string, command: string, bin: string): string
  missingValue(option: string): string
  extraArgument(arg: string, command: string, bin: string): string
  devNeedsCheck(bin: string): string
  badLang(value: string): string
  badNumber(flag: string, value: string, rule: { integer?: boolean; min?: number; max?: number }): string
  missingId(command: string, bin: string): string
  graderUnavailable(reason: string): string
  pristine(id: string): string
  graderCrashed(reason: string): string
  internalError: string
}

export function messages(lang: Lang): Messages {
  return lang === 'ja' ? ja : en
}
