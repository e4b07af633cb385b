import { NDArray, arange, formatShape, im2col as reference } from '@dlfs/matrix'
import { defineExercise, type CheckContext, type Diagnoser, type Text } from '../../grader/types.js'
import { transposed } from '../../grader/diagnose.js'
import { withInput } from '../ch04/_input.js'
import { asView, describe, geometries, imageOf, readsRawData, sameArray, type Geometry } from './_conv-inputs.js'

interface Im2colModule {
  im2col(x: NDArray, filterH: number, filterW: number, stride?: number, pad?: number): NDArray
}

/**
 * Layouts a learner may produce by looping in another order. col is reshaped to its six axes
 * (n, oh, ow, c, fh, fw), permuted, and flattened back to (N·OH·OW, C·FH·FW).
 */
const LAYOUTS: { axes: number[]; rows: string; cols: string }[] = [
  { axes: [0, 2, 1, 3, 4, 5], rows: '(n, ow, oh)', cols: '(c, fh, fw)' },
  { axes: [1, 2, 0, 3, 4, 5], rows: '(oh, ow, n)', cols: '(c, fh, fw)' },
  { axes: [0, 1, 2, 3, 5, 4], rows: '(n, oh, ow)', cols: '(c, fw, fh)' },
  { axes: [0, 1, 2, 4, 5, 3], rows: '(n, oh, ow)', cols: '(fh, fw, c)' },
  { axes: [0, 1, 2, 4, 3, 5], rows: '(n, oh, ow)', cols: '(fh, c, fw)' },
  { axes: [0, 2, 1, 3, 5, 4], rows: '(n, ow, oh)', cols: '(c, fw, fh)' },
]

/** Recognises col in one of LAYOUTS: names which order is wrong. */
function wrongOrder(g: Geometry): Diagnoser {
  return (got, expected) => {
    const six = expected.reshape(g.n, g.oh, g.ow, g.c, g.fh, g.fw)
    for (const { axes, rows, cols } of LAYOUTS) {
      const alt = six.transpose(axes).reshape(g.n * g.oh * g.ow, g.c * g.fh * g.fw)
      if (sameArray(alt, expected) || !sameArray(got, alt)) continue
      const parts: string[] = []
      const partsJa: string[] = []
      if (rows !== '(n, oh, ow)') (parts.push(`the rows are ordered ${rows}; the book orders them (n, oh, ow)`), partsJa.push(`行の並びが ${rows} です。本書の順は (n, oh, ow) です`))
      if (cols !== '(c, fh, fw)') (parts.push(`the columns are ordered ${cols}; the book orders them (c, fh, fw)`), partsJa.push(`列の並びが ${cols} です。本書の順は (c, fh, fw) です`))
      return {
        en: `${parts.join(', and ')}: row (n·OH + oh)·OW + ow, column (c·FH + fh)·FW + fw`,
        ja: `${partsJa.join('。また、')}。行番号は (n·OH + oh)·OW + ow、列番号は (c·FH + fh)·FW + fw です`,
      }
    }
    return null
  }
}

/** col must be (N·OH·OW, C·FH·FW); a wrong shape is traced to pad, stride or a transpose when it fits one. */
function expectColShape(ctx: CheckContext, got: unknown, g: Geometry): void {
  const rows = g.n * g.oh * g.ow
  const cols = g.c * g.fh * g.fw
  if (!(got instanceof NDArray) || (got.ndim === 2 && got.shape[0] === rows && got.shape[1] === cols)) return ctx.expectShape('col', got, [rows, cols])
  const is = (...s: number[]) => got.ndim === s.length && s.every((d, i) => got.shape[i] === d)
  const o = (size: number, f: number, stride: number, pad: number) => Math.floor((size + 2 * pad - f) / stride) + 1
  let likely: Text | undefined
  if (is(cols, rows)) likely = { en: 'this is colᵀ: one ROW per output position (N·OH·OW rows), one column per filter weight', ja: 'col の転置になっています。出力の位置ごとに 1「行」（N·OH·OW 行）、フィルターの重みごとに 1 列です' }
  else if (is(g.n * o(g.h, g.fh, g.stride, 0) * o(g.w, g.fw, g.stride, 0), cols)) likely = { en: 'the padding is missing: pad x with `pad` zeros on every side first (OH = 1 + (H + 2·pad − FH) / stride)', ja: 'パディングが抜けています。先に x の上下左右に pad 個の 0 を詰めます（OH = 1 + (H + 2·pad − FH) / stride）' }
  else if (is(g.n * o(g.h, g.fh, 1, g.pad) * o(g.w, g.fw, 1, g.pad), cols)) likely = { en: 'the stride is ignored: windows start every `stride` pixels (OH = 1 + (H + 2·pad − FH) / stride)', ja: 'ストライドが無視されています。窓は stride 画素ごとに動かします（OH = 1 + (H + 2·pad − FH) / stride）' }
  else if (got.ndim !== 2) likely = { en: `reshape to 2-D: (N·OH·OW, C·FH·FW) = (${rows},${cols})`, ja: `2 次元 (N·OH·OW, C·FH·FW) = (${rows},${cols}) に reshape します` }
  ctx.fail({
    what: 'col',
    expected: formatShape([rows, cols]),
    got: formatShape(got.shape),
    likely,
    message: {
      en: `col has shape ${formatShape(got.shape)}, expected (N·OH·OW, C·FH·FW) = ${formatShape([rows, cols])}`,
      ja: `col の形状が ${formatShape(got.shape)} です。期待される形状は (N·OH·OW, C·FH·FW) = ${formatShape([rows, cols])} です`,
    },
  })
}

/** The learner's im2col of x must equal the book's. */
function expectCol(ctx: CheckContext, mod: Im2colModule, x: NDArray, g: Geometry, extra: Diagnoser[] = []): void {
  const got = mod.im2col(x, g.fh, g.fw, g.stride, g.pad)
  withInput(describe(g), () => {
    expectColShape(ctx, got, g)
    ctx.expectArrayClose('col', got, reference(x, g.fh, g.fw, g.stride, g.pad), { diagnose: [...extra, wrongOrder(g), transposed] })
  })
}

const at = (g: Omit<Geometry, 'oh' | 'ow' | 'seed'>): Geometry => ({
  ...g,
  oh: Math.floor((g.h + 2 * g.pad - g.fh) / g.stride) + 1,
  ow: Math.floor((g.w + 2 * g.pad - g.fw) / g.stride) + 1,
  seed: 0,
})

export default defineExercise<Im2colModule>({
  id: '7.4.3-im2col',
  chapter: 7,
  section: '§7.4.3',
  file: '07-cnn/01-im2col/im2col.ts',
  title: { ja: 'im2col（画像を行列に展開）', en: 'im2col: unfolding images into a matrix' },
  hints: {
    ja: [
      'フィルターが当たる入力の小さな領域（パッチ）を、それぞれ 1 行に並べます。こうすると畳み込みが 1 回の行列の積になります。',
      'まず x の上下左右に pad 個の 0 を詰め、出力サイズ OH = 1 + (H + 2·pad − FH) / stride（切り捨て）を求めます。col は (N·OH·OW, C·FH·FW) で、行は (n, oh, ow)、列は (c, fh, fw) の順です。',
      'col[(n·OH + oh)·OW + ow, (c·FH + fh)·FW + fw] = x[n, c, oh·stride + fh − pad, ow·stride + fw − pad]（範囲外は 0）。x の読み出しには x.get(n, c, i, j) を使います。',
    ],
    en: [
      'Lay each small region of the input a filter covers (a patch) out as one row. A convolution then becomes a single matrix product.',
      'Pad x with `pad` zeros on every side, and find OH = 1 + (H + 2·pad − FH) / stride (floored). col is (N·OH·OW, C·FH·FW); rows run over (n, oh, ow), columns over (c, fh, fw).',
      'col[(n·OH + oh)·OW + ow, (c·FH + fh)·FW + fw] = x[n, c, oh·stride + fh − pad, ow·stride + fw − pad] (0 outside x). Read x with x.get(n, c, i, j).',
    ],
  },
  forbidden: [
    { specifier: '@dlfs/matrix', names: ['im2col', 'im2colReference', 'col2im', 'col2imReference'] },
    { specifier: '@dlfs/layers', names: ['Convolution', 'Pooling'] },
  ],
  reference: async () => ({ im2col: (await import('@dlfs/matrix')).im2col }),
  solution: { file: 'packages/matrix/src/im2col.ts', symbol: 'im2col' },
  checks: [
    {
      id: 'book-example',
      title: { ja: '本書の例（(1, 3, 7, 7) → (9, 75)）と 4×4 の小さな例', en: "the book's example ((1, 3, 7, 7) → (9, 75)) and a small 4×4 one" },
      weight: 1,
      run(mod, ctx) {
        // book §7.4.3: x1 = np.random.rand(1, 3, 7, 7); im2col(x1, 5, 5, stride=1, pad=0).shape == (9, 75); x2 (10, 3, 7, 7) → (90, 75).
        for (const n of [1, 10]) {
          const g = at({ n, c: 3, h: 7, w: 7, fh: 5, fw: 5, stride: 1, pad: 0 })
          expectCol(ctx, mod, imageOf(g, ctx.seed), g)
        }
        // 0 … 15 in a 4×4 image, 2×2 windows: every entry says where it came from.
        const g = at({ n: 1, c: 1, h: 4, w: 4, fh: 2, fw: 2, stride: 1, pad: 0 })
        expectCol(ctx, mod, arange(16).reshape(1, 1, 4, 4), g)
        // Defaults: stride 1, pad 0.
        const x = imageOf(g, ctx.seed)
        withInput(`im2col(x, 2, 2) with x (1,1,4,4): stride and pad left out`, () => ctx.expectArrayClose('col', mod.im2col(x, 2, 2), reference(x, 2, 2)))
      },
    },
    {
      id: 'values',
      title: { ja: 'いろいろな形状・ストライド・パディングで本書と同じ並び', en: "the book's layout for many shapes, strides and pads" },
      weight: 3,
      run(mod, ctx) {
        ctx.property(geometries(), (g) => expectCol(ctx, mod, imageOf(g), g))
      },
    },
    {
      id: 'view-input',
      title: { ja: 'ビュー（転置）の x も正しく読む', en: 'reads a view (a transpose) x correctly' },
      weight: 1,
      run(mod, ctx) {
        ctx.property(geometries({ h: [2, 5], w: [2, 5] }), (g) => {
          const x = asView(imageOf(g))
          expectCol(ctx, mod, x, g, [readsRawData(x, (raw) => reference(raw, g.fh, g.fw, g.stride, g.pad))])
        }, { numRuns: 10 })
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its argument unchanged' },
      weight: 1,
      run(mod, ctx) {
        const x = imageOf(at({ n: 2, c: 2, h: 5, w: 5, fh: 3, fw: 3, stride: 2, pad: 1 }), ctx.seed)
        const before = x.copy()
        mod.im2col(x, 3, 3, 2, 1)
        ctx.expectUnchanged('x', x, before)
      },
    },
  ],
  mutants: [
    {
      name: 'columns ordered (fh, fw, c)',
      module: () => ({
        im2col(x: NDArray, fh: number, fw: number, stride = 1, pad = 0) {
          const [n, c] = x.shape as [number, number]
          const col = reference(x, fh, fw, stride, pad)
          const rows = col.shape[0]! / n
          return col.reshape(n, rows, c, fh, fw).transpose(0, 1, 3, 4, 2).reshape(n * rows, c * fh * fw)
        },
      }),
      expect: { check: 'values', contains: 'the book orders them (c, fh, fw)' },
    },
    {
      name: 'rows ordered (n, ow, oh)',
      module: () => ({
        im2col(x: NDArray, fh: number, fw: number, stride = 1, pad = 0) {
          const [n, c, h, w] = x.shape as [number, number, number, number]
          const oh = Math.floor((h + 2 * pad - fh) / stride) + 1
          const ow = Math.floor((w + 2 * pad - fw) / stride) + 1
          return reference(x, fh, fw, stride, pad).reshape(n, oh, ow, -1).transpose(0, 2, 1, 3).reshape(n * oh * ow, c * fh * fw)
        },
      }),
      expect: { check: 'values', contains: 'the book orders them (n, oh, ow)' },
    },
    {
      name: 'padding left out',
      module: () => ({ im2col: (x: NDArray, fh: number, fw: number, stride = 1) => reference(x, fh, fw, stride, 0) }),
      expect: { check: 'values', contains: 'padding is missing' },
    },
    {
      name: 'reads x.data as if x were C-ordered',
      module: () => ({ im2col: (x: NDArray, fh: number, fw: number, stride = 1, pad = 0) => reference(new NDArray(x.data, x.shape), fh, fw, stride, pad) }),
      expect: { check: 'view-input', contains: 'x.copy()' },
    },
  ],
})
