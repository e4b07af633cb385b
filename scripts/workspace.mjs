// @ts-check
// The workspace packages, read from pnpm-workspace.yaml so that a new folder under packages/ or apps/
// shows up in `pnpm quiz`, `pnpm sz` and the CI counts without editing any list by hand.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * @typedef {object} WorkspacePackage
 * @property {string} dir  path from the repository root, with '/' separators, e.g. 'packages/matrix'
 * @property {string} name package.json "name" (the folder name if it has none)
 * @property {string} version
 * @property {string} description
 * @property {boolean} private
 * @property {Record<string, string>} scripts
 */

/**
 * The `packages:` globs of pnpm-workspace.yaml. Only the forms this repository uses are understood:
 * `dir/*` (every child folder) and a plain folder; `!negations` are skipped.
 * @param {string} root repository root
 * @returns {string[]}
 */
export function workspaceGlobs(root) {
  const text = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
  const globs = []
  let inPackages = false
  for (const line of text.split('\n')) {
    if (/^packages:\s*$/.test(line)) { inPackages = true; continue }
    if (!inPackages) continue
    const item = /^\s+-\s+['"]?([^'"#\s]+)/.exec(line)
    if (item) { if (!item[1]?.startsWith('!')) globs.push(item[1] ?? ''); continue }
    if (/^\S/.test(line)) inPackages = false // the next top-level key ends the list
  }
  return globs
}

/**
 * Every workspace package (a folder with a package.json), sorted by folder. The root package is not included.
 * @param {string} root repository root
 * @returns {WorkspacePackage[]}
 */
export function workspacePackages(root) {
  /** @type {string[]} */
  const dirs = []
  for (const glob of workspaceGlobs(root)) {
    if (glob.endsWith('/*')) {
      const parent = glob.slice(0, -2)
      if (!existsSync(join(root, parent))) continue
      for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
        if (entry.isDirectory()) dirs.push(`${parent}/${entry.name}`)
      }
    } else {
      dirs.push(glob.replace(/\/$/, ''))
    }
  }
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .sort()
    .map((dir) => {
      const json = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
      return {
        dir,
        name: json.name ?? dir.split('/').pop(),
        version: json.version ?? '',
        description: json.description ?? '',
        private: json.private === true,
        scripts: json.scripts ?? {},
      }
    })
}
