// Shared by pack-check.ts, install-test.ts and browser-test.ts: the publishable packages, a build, packing
// them into a folder as `pnpm publish` would, reading a tarball, the rules a tarball's file list must
// follow, and a pass/fail collector whose JSON report scripts/ci-count.mjs adds to the CI counts.
import { execFile, spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { workspacePackages, type WorkspacePackage } from './workspace.mjs'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The workspace packages that get published: every one not marked private. */
function publishablePackages(root = ROOT): WorkspacePackage[] {
  return workspacePackages(root).filter((p) => !p.private)
}

/** Runs a command with its output on ours; returns its exit status (null when it could not start or timed out). */
function run(cmd: string, args: string[], options: SpawnSyncOptions = {}): number | null {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options })
  if (r.error) console.error(`${cmd}: ${r.error.message}`)
  return r.error ? null : r.status
}

/** `pnpm build` (turbo: each package's dist/, replayed from cache when nothing changed). Throws on failure. */
export function buildAll(root = ROOT): void {
  if (run('pnpm', ['build'], { cwd: root, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } }) !== 0) {
    throw new Error('pnpm build failed')
  }
}

export interface Packed {
  name: string
  version: string
  /** Folder from the root, e.g. packages/matrix. */
  dir: string
  /** Absolute path of the .tgz. */
  tarball: string
}

const execFileAsync = promisify(execFile)

/**
 * `pnpm pack` of every publishable package into `dest` (all at once). pnpm replaces `workspace:*` with
 * the real versions, as `pnpm publish` does; it does not build, so build first.
 */
export async function packAll(dest: string, root = ROOT): Promise<Packed[]> {
  mkdirSync(dest, { recursive: true })
  return Promise.all(
    publishablePackages(root).map(async (p) => {
      const { stdout } = await execFileAsync('pnpm', ['pack', '--pack-destination', dest, '--json'], { cwd: join(root, p.dir), maxBuffer: 64 << 20 })
      const json = JSON.parse(stdout) as { name: string; version: string; filename: string }
      return { name: json.name, version: json.version, dir: p.dir, tarball: json.filename }
    }),
  )
}

export interface TarEntry {
  /** Path inside the package, without tar's leading `package/`. */
  path: string
  size: number
  data: Buffer
}

/** The regular files of an npm tarball (gzipped ustar; long names as pax or GNU headers), in archive order. */
export function readTarball(file: string): TarEntry[] {
  const tar = gunzipSync(readFileSync(file))
  const entries: TarEntry[] = []
  let paxPath: string | undefined
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512)
    if (header.every((b) => b === 0)) break
    const field = (start: number, length: number) => header.toString('utf8', start, start + length).replace(/\0.*$/s, '')
    const size = parseInt(field(124, 12).trim() || '0', 8)
    const type = field(156, 1)
    const data = tar.subarray(at + 512, at + 512 + size)
    at += 512 + Math.ceil(size / 512) * 512
    if (type === 'x') {
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1]
      continue
    }
    if (type === 'L') {
      paxPath = data.toString('utf8').replace(/\0.*$/s, '') // GNU tar's long name
      continue
    }
    const prefix = field(345, 155)
    const name = paxPath ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100))
    paxPath = undefined
    if (type === '0' || type === '' || type === '\0') entries.push({ path: name.replace(/^[^/]+\//, ''), size, data: Buffer.from(data) })
  }
  return entries
}

/** What a published package must not carry: tests, fixtures, build state, dev folders. */
const FORBIDDEN_FILES: { pattern: RegExp; what: string }[] = [
  { pattern: /\.test(-d)?\.[cm]?[jt]s$/, what: 'a test file' },
  { pattern: /(^|\/)(test|tests|__tests__|fixtures|bench|scripts)\//, what: 'a test, fixture, bench or scripts folder' },
  { pattern: /\.tsbuildinfo$/, what: 'tsc build state' },
  { pattern: /(^|\/)(\.turbo|\.vitest|node_modules|coverage)\//, what: 'a tool folder' },
  { pattern: /(^|\/)tsconfig[^/]*\.json$|(^|\/)vitest\.config\.[cm]?[jt]s$/, what: 'a dev config' },
  { pattern: /\.(bak|orig|log)$|\.bak-|(^|\/)\.DS_Store$/, what: 'a stray file' },
]

interface Manifest {
  exports?: unknown
  main?: string
  types?: string
  bin?: string | Record<string, string>
}

/**
 * Problems in a tarball's file list: forbidden files, a package.json target (exports, main, types, bin)
 * that is not in it, and a source map or declaration map whose `sources` are not in it.
 */
export function tarballProblems(entries: TarEntry[]): string[] {
  const problems: string[] = []
  const paths = new Set(entries.map((e) => e.path))
  for (const e of entries) {
    for (const rule of FORBIDDEN_FILES) if (rule.pattern.test(e.path)) problems.push(`${e.path}: ${rule.what}`)
  }
  const manifestEntry = entries.find((e) => e.path === 'package.json')
  if (!manifestEntry) return [...problems, 'no package.json']
  const pkg = JSON.parse(manifestEntry.data.toString('utf8')) as Manifest
  const targets = new Set<string>()
  const collect = (value: unknown): void => {
    if (typeof value === 'string') targets.add(value)
    else if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v)
  }
  collect(pkg.exports)
  collect(pkg.main)
  collect(pkg.types)
  collect(pkg.bin)
  for (const target of targets) {
    const path = posix.normalize(target).replace(/^\.\//, '')
    if (!path.includes('*') && !paths.has(path)) problems.push(`package.json points at ${target}, which is not in the tarball`)
  }
  for (const e of entries) {
    if (!e.path.endsWith('.map')) continue
    const map = JSON.parse(e.data.toString('utf8')) as { sources?: string[]; sourceRoot?: string }
    for (const source of map.sources ?? []) {
      const path = posix.normalize(posix.join(posix.dirname(e.path), map.sourceRoot ?? '', source))
      if (!paths.has(path)) problems.push(`${e.path}: its source ${source} is not in the tarball`)
    }
  }
  return problems
}

/** A tarball's files grouped by folder (two levels deep): count and bytes, for the log. */
export function fileSummary(entries: TarEntry[]): { folder: string; files: number; bytes: number }[] {
  const groups = new Map<string, { files: number; bytes: number }>()
  for (const e of entries) {
    const parts = e.path.split('/')
    const folder = parts.length === 1 ? '.' : parts.slice(0, Math.min(2, parts.length - 1)).join('/')
    const g = groups.get(folder) ?? { files: 0, bytes: 0 }
    g.files++
    g.bytes += e.size
    groups.set(folder, g)
  }
  return [...groups].map(([folder, g]) => ({ folder, ...g })).sort((a, b) => a.folder.localeCompare(b.folder))
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`

export interface CheckResult {
  name: string
  ok: boolean
  detail?: string
}

/**
 * Pass/fail checks of one script. Each prints `PASS name` or `FAIL name: detail` as it is recorded;
 * `finish` prints the count, writes `.vitest/checks/<script>.json` (added to the CI counts by
 * scripts/ci-count.mjs) and sets the exit code.
 */
export class Checks {
  readonly results: CheckResult[] = []
  constructor(readonly script: string, readonly root = ROOT) {}

  record(name: string, ok: boolean, detail?: string): boolean {
    this.results.push({ name, ok, ...(detail ? { detail } : {}) })
    console.log(ok ? `PASS ${name}${detail ? `  (${detail})` : ''}` : `FAIL ${name}${detail ? `: ${detail}` : ''}`)
    return ok
  }

  /** Runs `fn`; a throw is a failure with the error's message. */
  async check(name: string, fn: () => Promise<string | void> | string | void): Promise<boolean> {
    try {
      const detail = await fn()
      return this.record(name, true, detail || undefined)
    } catch (e) {
      return this.record(name, false, e instanceof Error ? e.message : String(e))
    }
  }

  get failed(): number {
    return this.results.filter((r) => !r.ok).length
  }

  finish(): void {
    const passed = this.results.length - this.failed
    const file = join(this.root, '.vitest', 'checks', `${this.script}.json`)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, `${JSON.stringify({ name: this.script, passed, failed: this.failed, checks: this.results }, null, 2)}\n`)
    console.log(`\n${this.script}: ${passed} passed, ${this.failed} failed`)
    process.exitCode = this.failed === 0 ? 0 : 1
  }
}
