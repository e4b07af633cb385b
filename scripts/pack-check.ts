// `pnpm pack-check`: what `pnpm publish` would upload, checked before anyone publishes.
//
//   tsx scripts/pack-check.ts [--no-build] [--list] [--keep]
//
// Runs `manypkg check`, builds every package (turbo: cached when nothing changed), packs each publishable
// package into a temporary folder with `pnpm pack`, then for each tarball:
//   - files: no tests, fixtures, tsbuildinfo or dev configs; every exports/main/types/bin target present;
//     every source map's and declaration map's `sources` present (src/ ships for them, and for
//     `dlfs-quiz solution`, which shows the kit's own sources);
//   - publint (`publint run <tgz> --strict`: warnings fail too);
//   - arethetypeswrong (`attw <tgz> --profile esm-only`: the packages are ESM only).
// Prints each tarball's files by folder (all of them with --list), PASS/FAIL per check, and
// `pack-check: N passed, N failed`; writes .vitest/checks/pack-check.json for the CI counts.
// Exit code 1 when any check fails. --keep leaves the tarballs in the temporary folder and prints it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { Checks, ROOT, buildAll, type Packed, fileSummary, kb, packAll, readTarball, tarballProblems } from './pack-lib.ts'

const argv = process.argv.slice(2)
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name)

/** Runs a tool; passes when it exits 0. On failure its output (indented) is the check's detail. */
function tool(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } })
  if (r.error) throw r.error
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().slice(0, 8000)
  if (r.status !== 0) throw new Error(`${basename(cmd)} exited with ${r.status}:\n${output.replace(/^/gm, '    ')}`)
}

async function main(): Promise<void> {
  const checks = new Checks('pack-check')
  await checks.check('manypkg check', () => tool(bin('manypkg'), ['check']))
  if (!argv.includes('--no-build') && !(await checks.check('pnpm build', () => buildAll()))) return checks.finish()
  const dest = mkdtempSync(join(tmpdir(), 'dlfs-pack-'))
  try {
    let packed: Packed[] = []
    await checks.check('pnpm pack (every publishable package)', async () => {
      packed = await packAll(dest)
      return packed.map((p) => `${p.name}@${p.version}`).join(', ')
    })
    for (const p of packed) {
      const entries = readTarball(p.tarball)
      const unpacked = entries.reduce((s, e) => s + e.size, 0)
      console.log(`\n== ${p.name}@${p.version} (${p.dir}): ${basename(p.tarball)} ${kb(statSync(p.tarball).size)}, ${entries.length} files, ${kb(unpacked)} unpacked`)
      if (argv.includes('--list')) for (const e of entries) console.log(`    ${kb(e.size).padStart(9)}  ${e.path}`)
      else for (const g of fileSummary(entries)) console.log(`    ${String(g.files).padStart(4)} files ${kb(g.bytes).padStart(9)}  ${g.folder}`)
      await checks.check(`${p.name}: tarball files`, () => {
        const problems = tarballProblems(entries)
        if (problems.length > 0) throw new Error(`${problems.length} problem(s):\n    ${problems.slice(0, 20).join('\n    ')}`)
      })
      await checks.check(`${p.name}: publint`, () => tool(bin('publint'), ['run', p.tarball, '--strict']))
      await checks.check(`${p.name}: attw --profile esm-only`, () => tool(bin('attw'), [p.tarball, '--profile', 'esm-only', '--no-color']))
    }
  } finally {
    if (argv.includes('--keep')) console.log(`\ntarballs kept in ${dest}`)
    else rmSync(dest, { recursive: true, force: true })
  }
  checks.finish()
}

await main()
