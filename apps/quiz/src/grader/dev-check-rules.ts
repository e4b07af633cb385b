// The rules `dev check` proves for the curriculum, one function per rule. Each returns the problems it
// found as sentences (empty: the rule holds), so `test/curriculum.test.ts` can run them one by one
// per exercise and `devCheck()` can run them all. In the spirit of rustlings' `dev check`.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { ExerciseResult } from './result.js'
import { runCheck, runChecks } from './run-checks.js'
import type { ExerciseDef } from './types.js'

type Def = ExerciseDef<any>

const ID = /^(\d+(?:\.\d+)*)-([a-z0-9]+(?:-[a-z0-9]+)*)$/
const NUMBERED = /^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)$/
const JA = '<!-- lang:ja -->'
const EN = '<!-- lang:en -->'

/** '§5.6.2' → [5, 6, 2]. */
export const sectionNumbers = (section: string): number[] => section.replace(/^§/, '').split('.').map(Number)

/** Id `<section>-<kebab-name>` matching the section and chapter; titles and ≥ 3 hints in both languages; checks and mutants well formed. */
export function metadataProblems(def: Def): string[] {
  const out: string[] = []
  const m = ID.exec(def.id)
  if (!m) out.push(`id '${def.id}' is not <section>-<kebab-name>, e.g. '5.6.2-affine'`)
  else if (`§${m[1]}` !== def.section) out.push(`id '${def.id}' does not start with its section ${def.section}`)
  if (!/^§\d+(\.\d+)*$/.test(def.section)) out.push(`section '${def.section}' is not like '§5.6.2'`)
  else if (sectionNumbers(def.section)[0] !== def.chapter) out.push(`section ${def.section} is not in chapter ${def.chapter}`)
  for (const lang of ['ja', 'en'] as const) {
    if (!def.title[lang]?.trim()) out.push(`title.${lang} is empty`)
    const hints = def.hints[lang] ?? []
    if (hints.length < 3) out.push(`hints.${lang} has ${hints.length} hints, at least 3 are needed (vague to specific)`)
    hints.forEach((h, i) => h.trim() || out.push(`hints.${lang}[${i}] is empty`))
  }
  if (def.checks.length === 0) out.push('there are no checks')
  const ids = def.checks.map((c) => c.id)
  ids.forEach((id, i) => ids.indexOf(id) !== i && out.push(`check id '${id}' is used twice`))
  def.checks.forEach((c) => (c.weight > 0 && Number.isFinite(c.weight)) || out.push(`check '${c.id}' has weight ${c.weight}; weights must be > 0`))
  if (def.mutants.length < 2) out.push(`${def.mutants.length} mutant(s); at least 2 typical wrong implementations are needed`)
  for (const mu of def.mutants) if (!ids.includes(mu.expect.check)) out.push(`mutant '${mu.name}' expects check '${mu.expect.check}', which does not exist`)
  return out
}

/** The stub exists as `NN-chapter/NN-concept/concept.ts` with `TODO(<id>)`; the README beside it has both languages, each citing the section. */
export function fileProblems(def: Def, exercisesDir: string): string[] {
  const out: string[] = []
  const [chapterDir, conceptDir, file, ...rest] = def.file.split('/')
  const chapterMatch = NUMBERED.exec(chapterDir ?? '')
  const conceptMatch = NUMBERED.exec(conceptDir ?? '')
  if (!chapterMatch || !conceptMatch || !file || rest.length > 0) out.push(`file '${def.file}' is not <NN-chapter>/<NN-concept>/<concept>.ts`)
  else {
    if (Number(chapterMatch[1]) !== def.chapter) out.push(`file '${def.file}' is not in a folder of chapter ${def.chapter}`)
    if (file !== `${conceptMatch[2]}.ts`) out.push(`the stub should be named after its folder: ${conceptMatch[2]}.ts, not ${file}`)
  }
  const stub = join(exercisesDir, def.file)
  if (!existsSync(stub)) return [...out, `stub ${stub} does not exist`]
  if (!readFileSync(stub, 'utf8').includes(`TODO(${def.id})`)) out.push(`stub ${def.file} has no TODO(${def.id})`)
  const readme = join(dirname(stub), 'README.md')
  if (!existsSync(readme)) return [...out, `README.md is missing beside ${def.file}`]
  const text = readFileSync(readme, 'utf8')
  const [ja, en] = [text.indexOf(JA), text.indexOf(EN)]
  if (ja < 0 || en < 0) return [...out, `README.md of ${def.id} lacks the ${ja < 0 ? JA : EN} section marker`]
  const jaText = text.slice(ja + JA.length, en > ja ? en : undefined)
  const enText = text.slice(en + EN.length, ja > en ? ja : undefined)
  for (const [lang, body] of [['ja', jaText], ['en', enText]] as const) {
    if (!body.trim()) out.push(`README.md of ${def.id}: the ${lang} section is empty`)
    else if (!body.includes(def.section)) out.push(`README.md of ${def.id}: the ${lang} section does not cite ${def.section}`)
  }
  return out
}

/** The reference passes every check (run in process, through the same code as a grading). */
export async function referenceProblems(def: Def, seed = 0): Promise<string[]> {
  const mod = await def.reference()
  const results = await runChecks(def, mod, { seed, lang: 'en' })
  return results
    .filter((r) => r.status !== 'passed')
    .map((r) => `reference fails check '${r.id}' (seed ${seed}): ${r.detail?.message.en ?? r.message?.en ?? r.status}`)
}

/** Each mutant fails its `expect.check`, and the message or likely mistake (English) contains `expect.contains`. */
export async function mutantProblems(def: Def, seed = 0): Promise<string[]> {
  const out: string[] = []
  for (const mutant of def.mutants) {
    const check = def.checks.find((c) => c.id === mutant.expect.check)
    if (!check) continue // reported by metadataProblems
    const r = await runCheck(def, check, await mutant.module(), { seed, lang: 'en' })
    const said = [r.detail?.message.en, r.detail?.likely?.en, r.message?.en].filter(Boolean).join(' | ')
    if (r.status !== 'failed') out.push(`mutant '${mutant.name}' ${r.status === 'passed' ? 'passes' : `is ${r.status} on`} check '${check.id}'`)
    else if (!said.includes(mutant.expect.contains)) out.push(`mutant '${mutant.name}' fails '${check.id}' without saying '${mutant.expect.contains}': ${said}`)
  }
  return out
}

/** The untouched stub grades "not-started": through the real worker (`result`), or imported in process (`mod`). */
export async function stubProblems(def: Def, loaded: { result: ExerciseResult } | { mod: Record<string, unknown> }): Promise<string[]> {
  if ('result' in loaded) {
    const r = loaded.result
    if (r.status === 'not-started') return []
    const why = r.error?.en ?? r.checks.filter((c) => c.status !== 'not-started').map((c) => `${c.id}: ${c.status} ${c.detail?.message.en ?? c.message?.en ?? ''}`).join('; ')
    return [`the stub grades '${r.status}', not 'not-started': ${why}`]
  }
  const reference = (await def.reference()) as Record<string, unknown>
  const missing = Object.keys(reference).filter((k) => loaded.mod[k] === undefined)
  if (missing.length > 0) return [`the stub does not export ${missing.join(', ')} (the reference does)`]
  const results = await runChecks(def, loaded.mod, { seed: 0, lang: 'en' })
  return results.filter((r) => r.status !== 'not-started').map((r) => `check '${r.id}' on the untouched stub is '${r.status}', not 'not-started'`)
}

/** Ids are unique across the curriculum. */
export function duplicateIdProblems(defs: readonly Def[]): string[] {
  const ids = defs.map((d) => d.id)
  return ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `id '${id}' is used twice`)
}

/** Book order: chapter then section never go back; folders number up within a chapter. */
export function orderProblems(defs: readonly Def[]): string[] {
  const out: string[] = []
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0)
    return 0
  }
  for (let i = 1; i < defs.length; i++) {
    const [a, b] = [defs[i - 1]!, defs[i]!]
    if (b.chapter < a.chapter || compare(sectionNumbers(b.section), sectionNumbers(a.section)) < 0) {
      out.push(`${b.id} (${b.section}) comes after ${a.id} (${a.section}): the curriculum must follow the book`)
    }
    const [ca, fa] = a.file.split('/')
    const [cb, fb] = b.file.split('/')
    if (ca === cb && fa && fb && fb <= fa) out.push(`folder ${cb}/${fb} of ${b.id} should be numbered after ${ca}/${fa} of ${a.id}`)
  }
  return out
}

/** Every numbered exercise folder on disk belongs to an exercise, and every exercise's folder exists. */
export function orphanProblems(defs: readonly Def[], exercisesDir: string): string[] {
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory()
  const onDisk: string[] = []
  for (const chapter of readdirSync(exercisesDir).filter((c) => NUMBERED.test(c) && isDir(join(exercisesDir, c)))) {
    for (const concept of readdirSync(join(exercisesDir, chapter))) {
      if (NUMBERED.test(concept) && isDir(join(exercisesDir, chapter, concept))) onDisk.push(`${chapter}/${concept}`)
    }
  }
  const folders = new Set(defs.map((d) => dirname(d.file)))
  return [
    ...onDisk.filter((f) => !folders.has(f)).map((f) => `exercises/${f} is on disk but no exercise of the curriculum uses it`),
    ...[...folders].filter((f) => !onDisk.includes(f)).map((f) => `exercises/${f} (of ${defs.find((d) => dirname(d.file) === f)?.id}) is not on disk`),
  ]
}

/** The solution file shown after a pass exists (checked only in the repo, where packages/ is). */
export function solutionProblems(def: Def, repoRoot: string | null): string[] {
  if (!repoRoot) return []
  return existsSync(join(repoRoot, def.solution.file)) ? [] : [`solution file ${def.solution.file} does not exist`]
}

/** The repo root above the exercises folder, when the quiz runs from a checkout (null when installed). */
export function repoRootOf(exercisesDir: string): string | null {
  const root = join(exercisesDir, '..', '..', '..')
  return basename(join(exercisesDir, '..', '..')) === 'apps' && existsSync(join(root, 'packages')) ? root : null
}
