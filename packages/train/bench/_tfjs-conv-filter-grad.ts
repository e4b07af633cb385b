import * as tf from '@tensorflow/tfjs-core'

/**
 * dW of a stride-1, 'valid' conv2d in TensorFlow.js: x (N, H, W, C), dy (N, OH, OW, FN) → (FH, FW, C, FN),
 * dW[i, j, c, f] = Σ_{n, p, q} x[n, p + i, q + j, c] · dy[n, p, q, f].
 *
 * The same sum as a forward conv2d with the batch axis as the channel axis: x' = x transposed to
 * (C, H, W, N), convolved with the filter dy' (OH, OW, N, FN), gives (C, FH, FW, FN).
 * NOTE: not the Conv2DBackpropFilter kernel that tfjs's own conv2d gradient calls, on either backend:
 * tfjs-backend-wasm 4.22 has none (tf.grads of a conv2d filter throws "Kernel 'Conv2DBackpropFilter' not
 * registered for backend 'wasm'"), and tfjs-backend-cpu's took 7 s at the bench's shape (x (100, 28, 28, 1),
 * dy (100, 24, 24, 30)) against 0.37 s for this rewrite. On wasm the forward conv2d runs in XNNPACK.
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const xT = tf.transpose(x, [3, 1, 2, 0]) // (C, H, W, N)
    const dyT = tf.transpose(dy, [1, 2, 0, 3]) // (OH, OW, N, FN)
    return tf.transpose(tf.conv2d(xT, dyT, 1, 'valid'), [1, 2, 0, 3]) // (C, FH, FW, FN) → (FH, FW, C, FN)
  })
}

/**
 * Checks `conv2dFilterGrad` on the current backend against the sum written out in plain loops, on small
 * odd shapes with several channels; throws if any entry is off by more than float32 rounding allows.
 */
export function checkConv2dFilterGrad(): void {
  const [N, H, W, C, FH, FW, FN] = [3, 7, 6, 2, 3, 2, 4]
  const [OH, OW] = [H - FH + 1, W - FW + 1]
  const x = tf.randomUniform([N, H, W, C], -1, 1, 'float32', 11) as tf.Tensor4D
  const dy = tf.randomUniform([N, OH, OW, FN], -1, 1, 'float32', 12) as tf.Tensor4D
  const dW = conv2dFilterGrad(x, dy)
  const got = dW.dataSync()
  const xs = x.dataSync()
  const ds = dy.dataSync()
  for (let i = 0; i < FH; i++) for (let j = 0; j < FW; j++) for (let c = 0; c < C; c++) for (let f = 0; f < FN; f++) {
    let want = 0
    for (let n = 0; n < N; n++) for (let p = 0; p < OH; p++) for (let q = 0; q < OW; q++) {
      want += xs[((n * H + p + i) * W + q + j) * C + c]! * ds[((n * OH + p) * OW + q) * FN + f]!
    }
    const at = ((i * FW + j) * C + c) * FN + f
    if (Math.abs(got[at]! - want) > 1e-4 * (1 + Math.abs(want))) {
      throw new Error(`conv2dFilterGrad on ${tf.getBackend()}: dW[${i}, ${j}, ${c}, ${f}] = ${got[at]}, expected ${want}`)
    }
  }
  tf.dispose([x, dy, dW])
}
