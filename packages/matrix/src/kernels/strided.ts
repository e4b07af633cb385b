/**
 * The walk every fast element-wise kernel shares: visit an array's elements as a few large blocks of
 * runs instead of one index at a time. Each operand is read (or written) through its own strides over a
 * common `shape` (a broadcast operand has stride 0 on the axes it is stretched along).
 *
 * Axes are merged where every operand steps through them evenly (stride[i−1] = stride[i]·shape[i]),
 * and axes of length 1 are dropped. The last two axes left make a block: m runs of n elements; the
 * axes before them, if any, are walked with an odometer, one block per step. So:
 *   a C-contiguous (100, 30, 24, 24)                 → 1 block: 1 run of 1,728,000, step 1
 *   x (57600, 30) + b (30,), b's strides (0, 1)      → 1 block: 57,600 runs of 30 (b's run restarts)
 *   Convolution's output, (N,OH,OW,FN).transpose(0,3,1,2),
 *   strides (OH·OW·FN, 1, OW·FN, FN)                 → N blocks: FN runs of OH·OW, step FN
 * When the last axis is short, and the longest axis is the one along which some operand that is
 * strided in the last axis lies contiguous, that axis becomes the run (a transpose copy of (N,FN,OH,OW)
 * to (N,OH,OW,FN): runs of OH·OW = 576 rather than FN = 30). Not otherwise: a bias added to (57600, 30)
 * keeps its rows of 30, as runs of 57,600 with step 30 would sweep the whole array 30 times. So elements
 * do not always come in C order: callers locate them by the positions given.
 * `visit(m, n, pos, outer, steps)` gets the block's size, each operand's position of its first element,
 * its step from one run to the next (`outer`) and from one element to the next (`steps`).
 * Nothing is visited when shape has a 0.
 */
export function forEachRun(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  visit: (m: number, n: number, pos: number[], outer: number[], steps: number[]) => void,
): void {
  if (shape.includes(0)) return
  const dims: number[] = []
  const st: number[][] = strides.map(() => [])
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!
    const last = dims.length - 1
    if (d === 1) continue
    const merge = last >= 0 && strides.every((s, q) => st[q]![last] === s[i]! * d)
    if (merge) dims[last] = dims[last]! * d
    else dims.push(d)
    strides.forEach((s, q) => (merge ? (st[q]![last] = s[i]!) : st[q]!.push(s[i]!)))
  }
  while (dims.length < 2) [dims, ...st].forEach((list) => list.unshift(list === dims ? 1 : 0)) // a block of one run (of one element)
  const inner = dims.length - 1
  const longest = dims.indexOf(Math.max(...dims))
  const contiguousAlongLongest = st.some((s) => Math.abs(s[inner]!) !== 1 && Math.abs(s[longest]!) === 1)
  if (dims[inner]! < SHORT_RUN && longest !== inner && contiguousAlongLongest) {
    for (const list of [dims, ...st]) [list[inner], list[longest]] = [list[longest]!, list[inner]!]
  }
  const [m, n] = [dims[inner - 1]!, dims[inner]!]
  const [outer, steps] = [st.map((s) => s[inner - 1]!), st.map((s) => s[inner]!)]
  const pos = [...offsets]
  const index = new Array<number>(inner - 1).fill(0)
  for (;;) {
    visit(m, n, pos, outer, steps)
    // Odometer over the axes before the block, moving each position by its stride.
    let axis = inner - 2
    for (; axis >= 0; axis--) {
      const more = ++index[axis]! < dims[axis]!
      for (let q = 0; q < pos.length; q++) pos[q] = pos[q]! + (more ? st[q]![axis]! : -st[q]![axis]! * (dims[axis]! - 1))
      if (more) break
      index[axis] = 0
    }
    if (axis < 0) return
  }
}

/** A run shorter than this costs more in loop overhead than its elements: look for a longer axis. */
const SHORT_RUN = 64
