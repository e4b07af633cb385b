// numpy's float text (`dragon4_positional` / `dragon4_scientific` in numpy/_core/src/multiarray/dragon4.c)
// in the "unique" digit mode that repr uses: the shortest digits that read back as the same double,
// cut off at `precision` digits; a cut value is rounded from its exact binary value, half to even.

/** |v| as decimal digits: |v| = d0.d1d2… × 10^exp, no trailing zeros; zero is `{ digits: '0', exp: 0 }`. */
interface Digits {
  digits: string
  exp: number
}

const ZERO: Digits = { digits: '0', exp: 0 }

/** Shortest round-trip digits of |v|; JS's `toExponential()` and numpy's dragon4 both give them. */
function shortestDigits(v: number): Digits {
  const [mantissa = '0', exponent = '0'] = Math.abs(v).toExponential().split('e')
  return { digits: mantissa.replace('.', ''), exp: Number(exponent) }
}

/** Every digit of |v|, exactly: a double is m·2^e, and m·2^e = m·5^-e / 10^-e when e < 0. */
function exactDigits(v: number): Digits {
  if (v === 0) return ZERO
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, Math.abs(v))
  const high = view.getUint32(0)
  const biased = high >>> 20 // 11 exponent bits; 0 for subnormals
  let m = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4))
  if (biased !== 0) m |= 1n << 52n // the implicit leading 1 of normal numbers
  const e = Math.max(biased, 1) - 1075
  const text = e >= 0 ? (m << BigInt(e)).toString() : (m * 5n ** BigInt(-e)).toString()
  const integerDigits = e >= 0 ? text.length : text.length + e
  return { digits: text.replace(/0+$/, ''), exp: integerDigits - 1 }
}

/** Keep `keep` significant digits, rounding half to even (dragon4 compares the rest with 0.5 exactly). */
function roundDigits(d: Digits, keep: number): Digits {
  if (d.digits.length <= keep) return d
  if (keep < 0) return ZERO // the first digit sits below half of the last kept place
  const head = d.digits.slice(0, keep)
  const next = d.digits[keep]!
  const lastKept = keep > 0 ? Number(d.digits[keep - 1]) : 0
  const up = next > '5' || (next === '5' && (d.digits.length > keep + 1 || lastKept % 2 === 1))
  if (!up) return head === '' ? ZERO : { digits: head.replace(/0+$/, ''), exp: d.exp }
  const bumped = (BigInt(head || '0') + 1n).toString() // 0.999 → 1.00 carries into a new digit
  const exp = bumped.length > head.length ? d.exp + 1 : d.exp
  return { digits: bumped.replace(/0+$/, '') || '0', exp }
}

/** Digits of finite `v` with at most `precision` digits after the point (positional) or after the first digit (scientific). */
function cutDigits(v: number, precision: number, positional: boolean): Digits {
  const short = shortestDigits(v)
  const after = positional ? short.digits.length - 1 - short.exp : short.digits.length - 1
  if (after <= precision) return short
  const exact = exactDigits(v)
  return roundDigits(exact, positional ? exact.exp + 1 + precision : precision + 1)
}

/** Integer and fraction text of a positional number, e.g. -12.5 → ['-12', '5'] (before any padding). */
export function positionalParts(v: number, precision: number): [string, string] {
  const { digits, exp } = cutDigits(v, precision, true)
  const sign = v < 0 || Object.is(v, -0) ? '-' : ''
  if (exp < 0) return [`${sign}0`, '0'.repeat(-exp - 1) + (digits === '0' ? '' : digits)]
  return [sign + digits.slice(0, exp + 1).padEnd(exp + 1, '0'), digits.slice(exp + 1)]
}

/** Mantissa integer, mantissa fraction and exponent text: -1.5e-7 → ['-1', '5', '-07'] (exponent ≥ `expDigits` digits). */
export function scientificParts(v: number, precision: number, expDigits = 2): [string, string, string] {
  const { digits, exp } = cutDigits(v, precision, false)
  const sign = v < 0 || Object.is(v, -0) ? '-' : ''
  const exponent = (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(expDigits, '0')
  return [sign + digits[0]!, digits.slice(1), exponent]
}

/** numpy's `dragon4_positional(v, precision, pad_left, pad_right)` with trim '.': '  1.5  ' for 1.5 in a (3, 3) field. */
export function formatPositional(v: number, precision: number, padLeft: number, padRight: number): string {
  const [integer, fraction] = positionalParts(v, precision)
  return `${integer.padStart(padLeft)}.${fraction.padEnd(padRight)}`
}

/** numpy's `dragon4_scientific(v, precision, min_digits=precision, pad_left, exp_digits)`: ' 1.50e+00'. */
export function formatScientific(v: number, precision: number, padLeft: number, expDigits: number): string {
  const [integer, fraction, exponent] = scientificParts(v, precision, expDigits)
  return `${integer.padStart(padLeft)}.${fraction.padEnd(precision, '0')}e${exponent}`
}
