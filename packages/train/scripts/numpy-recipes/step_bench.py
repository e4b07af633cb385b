"""numpy's side of packages/train/bench/train-step.bench.ts: milliseconds per training step of the book's
networks and of the conv layer, on one BLAS thread. Prints one JSON object:
{"numpy": version, "blas": name, "twoLayerStepMs", "convStepMs", "simpleConvNetStepMs"} (the cases asked for).

A step is what the book's training loop does with one mini-batch, minus sampling it and minus the loss
recomputed after the update: gradient (forward + backward) then the optimizer's update, in place.
  two-layer:       TwoLayerNet 784-50-10 on x (100, 784), SGD lr 0.1
  simple-conv-net: SimpleConvNet (30 filters 5×5, hidden 100) on x (100, 1, 28, 28), Adam lr 0.001
and one layer, timed as forward then backward (convStepMs: issue 7's "conv 30×5×5 on 100×1×28×28, fwd+bwd"):
  conv-layer:      the book's Convolution, W (30, 1, 5, 5), stride 1, pad 0, on x (100, 1, 28, 28), with a fixed
                   random dout (100, 30, 24, 24); backward gives dx, dW and db
Inputs are uniform [0, 1) pixels and random labels 0..9 (timing does not depend on the digits).
Timing as the bench's (bench/_median-step-ms.ts): warm up (≥ 0.3 s and 3 steps, or 1 step when that takes
over 2 s), then the median of 3 to 25 samples of ≥ 20 ms, as many as fit in about 3 s.

  python3 step_bench.py [two-layer,conv-layer,simple-conv-net]
"""
import json
import statistics
import sys
import time
from pathlib import Path

import _cli  # noqa: F401  (one BLAS thread, set before numpy loads)
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / 'scripts'))  # the repository's scripts/book/
from book.layers import Convolution  # noqa: E402
from book.optimizer import SGD, Adam  # noqa: E402
from book.simple_convnet import SimpleConvNet  # noqa: E402
from book.two_layer_net import TwoLayerNet  # noqa: E402


def median_ms(step):
    start, calls = time.perf_counter(), 0
    elapsed = lambda: time.perf_counter() - start
    while calls < 1 or (calls < 3 and elapsed() < 2.0) or elapsed() < 0.3:
        step()
        calls += 1
    est = elapsed() / calls
    batch = max(1, int(0.02 / est) + 1) if est < 0.02 else 1
    samples = max(3, min(25, int(3.0 / (batch * est))))
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(batch):
            step()
        times.append((time.perf_counter() - t0) / batch)
    return statistics.median(times) * 1000


def make_step(network, optimizer, x, t):
    def step():
        grads = network.gradient(x, t)
        optimizer.update(network.params, grads)
    return step


def make_conv_layer_step(rng):
    # W as SimpleConvNet initialises it (weight_init_std 0.01), b = 0
    conv = Convolution(0.01 * rng.standard_normal((30, 1, 5, 5)), np.zeros(30), stride=1, pad=0)
    x, dout = rng.random((100, 1, 28, 28)), rng.standard_normal((100, 30, 24, 24))

    def step():
        conv.forward(x)
        conv.backward(dout)  # the book's backward copies dout (transpose + reshape): it stays unchanged
    return step


def blas_name():
    try:
        info = np.show_config(mode='dicts')['Build Dependencies']['blas']
        return '%s %s' % (info.get('name', '?'), info.get('version', ''))
    except Exception:  # older numpy: no mode='dicts'
        return 'unknown'


def main():
    cases = (sys.argv[1] if len(sys.argv) > 1 else 'two-layer,conv-layer,simple-conv-net').split(',')
    rng = np.random.default_rng(0)
    np.random.seed(0)  # the nets draw their weights from np.random, as in the book
    out = {'numpy': np.__version__, 'blas': blas_name()}
    if 'two-layer' in cases:
        net = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
        x, t = rng.random((100, 784)), rng.integers(0, 10, 100)
        out['twoLayerStepMs'] = median_ms(make_step(net, SGD(lr=0.1), x, t))
    if 'conv-layer' in cases:
        out['convStepMs'] = median_ms(make_conv_layer_step(rng))
    if 'simple-conv-net' in cases:
        net = SimpleConvNet()
        x, t = rng.random((100, 1, 28, 28)), rng.integers(0, 10, 100)
        out['simpleConvNetStepMs'] = median_ms(make_step(net, Adam(lr=0.001), x, t))
    print(json.dumps(out))


main()
