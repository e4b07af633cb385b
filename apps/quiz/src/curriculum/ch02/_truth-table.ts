// Truth-table checks for the gates of chapter 2. Inputs in the book's table order (Figure 2-2):
// (0, 0), (1, 0), (0, 1), (1, 1).
import type { CheckContext, Text } from '../../grader/types.js'
import { formatValue } from '../../grader/format-value.js'

export type Gate = (x1: number, x2: number) => unknown
export type GateName = 'AND' | 'NAND' | 'OR' | 'XOR'

const INPUTS = [[0, 0], [1, 0], [0, 1], [1, 1]] as const
/** Known tables, to say which gate a wrong table actually is. */
const TABLES: Record<string, readonly number[]> = {
  AND: [0, 0, 0, 1],
  NAND: [1, 1, 1, 0],
  OR: [0, 1, 1, 1],
  NOR: [1, 0, 0, 0],
  XOR: [0, 1, 1, 0],
  XNOR: [1, 0, 0, 1],
}

/** `x1 x2 → y` rows of a table, for the failure's `input` field. */
function showTable(values: readonly unknown[]): string {
  return INPUTS.map(([a, b], i) => `(${a}, ${b}) → ${formatValue(values[i])}`).join(', ')
}

/**
 * The gate's four outputs must be `expected`'s table. A boolean counts by its value here (true = 1);
 * `expectNumbers` asks for numbers. On a mismatch: the first wrong row, the whole table as the input,
 * and which gate the table actually is, with `tips[thatGate]` when given.
 */
export function expectTruthTable(ctx: CheckContext, name: string, gate: Gate, expected: GateName, tips: Partial<Record<string, Text>> = {}): void {
  const got = INPUTS.map(([a, b]) => gate(a, b))
  const values = got.map((v) => (typeof v === 'boolean' ? Number(v) : v))
  const want = TABLES[expected]!
  const i = values.findIndex((v, k) => v !== want[k])
  if (i < 0) return
  const [a, b] = INPUTS[i]!
  const actual = Object.keys(TABLES).find((g) => TABLES[g]!.every((v, k) => v === values[k]))
  const tip = actual ? tips[actual] : undefined
  ctx.fail({
    what: `${name}(${a}, ${b})`,
    expected: String(want[i]),
    got: formatValue(got[i]),
    input: showTable(got),
    message: {
      en: `${name}(${a}, ${b}) is ${formatValue(got[i])}, expected ${want[i]}`,
      ja: `${name}(${a}, ${b}) が ${formatValue(got[i])} です。期待値は ${want[i]} です`,
    },
    likely: actual
      ? {
          en: `your ${name} gives the truth table of ${actual}${tip ? `: ${tip.en}` : ''}`,
          ja: `この ${name} の真理値表は ${actual} のものになっています${tip ? `。${tip.ja}` : ''}`,
        }
      : undefined,
  })
}

/** Every output must be the number 0 or 1, as the book's `return 0` / `return 1`. */
export function expectNumbers(ctx: CheckContext, name: string, gate: Gate): void {
  for (const [a, b] of INPUTS) {
    const v = gate(a, b)
    if (v === 0 || v === 1) continue
    const what = `${name}(${a}, ${b})`
    const boolean = typeof v === 'boolean'
    ctx.fail({
      what,
      got: formatValue(v),
      message: boolean
        ? {
            en: `${what} returned ${v}, a boolean: return the number ${Number(v)}, as the book's \`return ${Number(v)}\``,
            ja: `${what} が真偽値 ${v} を返しました。本書の \`return ${Number(v)}\` のように数値 ${Number(v)} を返してください`,
          }
        : {
            en: `${what} returned ${formatValue(v)}: a gate returns the number 0 or 1`,
            ja: `${what} が ${formatValue(v)} を返しました。ゲートは数値の 0 か 1 を返します`,
          },
    })
  }
}
