// Packing for asm/matmul.ts: copies of blocks of A and B laid out in the order the micro-kernel reads them.

/**
 * `lanes` lines of a matrix, `depth` steps deep, into 4-wide panels at `dst`: line l of the
 * panel starting at line l0 goes to element (l0/4)·4·depth + k·4 + (l − l0). A line moves by
 * `lineStride` elements from the next and by `step` per k: for A the lines are rows (step along
 * k = column stride); for B the lines are columns (step = row stride). Missing lanes get zeros.
 */
export function packPanels(src: usize, lineStride: i32, step: i32, lanes: i32, depth: i32, dst: usize): void {
  const stepBytes = <usize>step << 3
  const full = lanes & ~3 // lines in whole panels
  const panelBytes = <usize>depth << 5
  if (full > 0 && lineStride == 1) {
    // The lines of all panels lie side by side (A transposed, or B in C order): read each source
    // row front to back, 4 lines (2 vectors) into each panel.
    for (let k = 0; k < depth; k++) {
      let s = src + <usize>k * stepBytes
      let d = dst + (<usize>k << 5)
      const end = s + (<usize>full << 3)
      do {
        v128.store(d, v128.load(s))
        v128.store(d, v128.load(s, 16), 16)
        s += 32
        d += panelBytes
      } while (s != end)
    }
    dst += <usize>(full >> 2) * panelBytes
  } else if (full > 0 && step == 1) {
    // Each line is contiguous along k (A in C order, or B = Wᵀ): load 2 k of each of the 4
    // lines and transpose the 4×2 block with 2-lane shuffles, 4 vector stores per 2 k.
    const ls = <usize>lineStride << 3
    for (let l0 = 0; l0 < full; l0 += 4) {
      let s = src + <usize>l0 * ls
      for (let k = 1; k < depth; k += 2) {
        const r0 = v128.load(s), r1 = v128.load(s + ls), r2 = v128.load(s + 2 * ls), r3 = v128.load(s + 3 * ls)
        v128.store(dst, v128.shuffle<f64>(r0, r1, 0, 2)) // lines 0, 1 at k
        v128.store(dst, v128.shuffle<f64>(r2, r3, 0, 2), 16) // lines 2, 3 at k
        v128.store(dst, v128.shuffle<f64>(r0, r1, 1, 3), 32) // lines 0, 1 at k + 1
        v128.store(dst, v128.shuffle<f64>(r2, r3, 1, 3), 48) // lines 2, 3 at k + 1
        s += 16
        dst += 64
      }
      if (depth & 1) {
        store<f64>(dst, load<f64>(s))
        store<f64>(dst, load<f64>(s + ls), 8)
        store<f64>(dst, load<f64>(s + 2 * ls), 16)
        store<f64>(dst, load<f64>(s + 3 * ls), 24)
        dst += 32
      }
    }
  } else {
    const ls = <usize>lineStride << 3
    for (let l0 = 0; l0 < full; l0 += 4) {
      let s = src + <usize>l0 * ls
      for (let k = 0; k < depth; k++) {
        store<f64>(dst, load<f64>(s))
        store<f64>(dst, load<f64>(s + ls), 8)
        store<f64>(dst, load<f64>(s + 2 * ls), 16)
        store<f64>(dst, load<f64>(s + 3 * ls), 24)
        s += stepBytes
        dst += 32
      }
    }
  }
  const rest = lanes - full
  if (rest == 0) return
  // The last, partial panel.
  const ls = <usize>lineStride << 3
  const s0 = src + <usize>full * ls
  for (let k = 0; k < depth; k++) {
    const s = s0 + <usize>k * stepBytes
    for (let r = 0; r < 4; r++) store<f64>(dst + (<usize>r << 3), r < rest ? load<f64>(s + <usize>r * ls) : 0)
    dst += 32
  }
}
