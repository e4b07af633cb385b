import type { Lang } from '../grader/types.js'

/**
 * The learner's language: `--lang` if given, then DLFS_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG)
 * starting with `ja` → Japanese; English otherwise. Returns null for an unsupported `--lang` value.
 */
export function detectLang(flag: string | undefined, env: Record<string, string | undefined>): Lang | null {
  if (flag !== undefined) return parseLang(flag)
  const preferred = env.DLFS_LANG ? parseLang(env.DLFS_LANG) : null
  if (preferred) return preferred
  // POSIX precedence: LC_ALL overrides LC_MESSAGES, which overrides LANG.
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || ''
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en'
}

function parseLang(value: string): Lang | null {
  const v = value.trim().toLowerCase()
  if (v === 'ja' || v.startsWith('ja_') || v.startsWith('ja-')) return 'ja'
  if (v === 'en' || v.startsWith('en_') || v.startsWith('en-')) return 'en'
  return null
}
