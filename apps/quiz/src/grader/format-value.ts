import { NDArray, formatShape } from '@dlfs/matrix'

/** A short, readable rendering of any value for failure messages (arrays elided past a few elements). */
export function formatValue(v: unknown, max = 6): string {
  if (v instanceof NDArray) {
    const flat = v.flatten().data
    const shown = Array.from(flat.slice(0, max), formatNumber).join(', ')
    return `array of shape ${formatShape(v.shape)} [${shown}${flat.length > max ? ', …' : ''}]`
  }
  if (typeof v === 'number') return formatNumber(v)
  if (v === undefined) return 'undefined'
  if (typeof v === 'function') return `a function ${v.name || '(anonymous)'}`
  try {
    const s = JSON.stringify(v)
    return s.length > 120 ? `${s.slice(0, 117)}…` : s
  } catch {
    return String(v)
  }
}

/** Numbers with up to 8 significant digits, as numpy prints them. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  if (Number.isInteger(x)) return String(x)
  return String(Number(x.toPrecision(8)))
}
