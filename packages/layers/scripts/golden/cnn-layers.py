"""Golden values for the chapter 6-7 layers of src/ (Dropout, BatchNormalization, Convolution, Pooling,
convOutputSize), with numpy as the oracle.

Run from packages/layers:  python3 scripts/golden/cnn-layers.py  → fixtures/cnn-layers.json

The oracle is the book's common/layers.py and common/util.py (oreilly-japan/deep-learning-from-scratch),
from the repository's one copy of the book's code (scripts/book/), with two changes, each a subclass below:
- Pooling.forward: the book's output size ignores pad (out_h = int(1 + (H - pool_h) / stride)), so with
  pad > 0 its reshape fails or scrambles the output. Ours counts pad; so does the override here (BOOK BUG).
- Dropout: np.random.rand is replaced by uniform draws stored in the fixture (the `u` of each case), so the
  TypeScript test can feed the same draws to its Dropout and compare masks. The book's backward after a
  test-mode forward multiplies by the mask of the last training forward; ours multiplies by (1 - ratio):
  `testDx` is that, computed outside the book's class.

Inputs of Convolution and Pooling are multiples of 1/64 in [-8, 8) (Pooling: also small integers, for ties):
every product and sum is exact in float64, so those tests compare bit for bit. BatchNormalization divides and
takes square roots: its tests compare with a relative tolerance (numpy sums pairwise, we sum in order).
"""
import json
import math
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / 'scripts'))  # the repository's scripts/book/
import book.layers  # noqa: E402
from book.layers import BatchNormalization, Convolution  # noqa: E402
from book.util import conv_output_size, im2col  # noqa: E402


# ---- where this oracle differs from the book's common/layers.py ----
class Dropout(book.layers.Dropout):
    """The book's Dropout, its mask drawn from the stored uniform draws (`rand` below) in place of
    np.random.rand, so the TypeScript test can feed the same draws to its Dropout and compare masks."""

    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = rand(*x.shape) > self.dropout_ratio  # the book: np.random.rand(*x.shape)
            return x * self.mask
        else:
            return x * (1.0 - self.dropout_ratio)


class Pooling(book.layers.Pooling):
    """The book's Pooling with its output size fixed to count pad (ours does); backward is the book's."""

    def forward(self, x):
        N, C, H, W = x.shape
        # BOOK BUG: the book writes out_h = int(1 + (H - self.pool_h) / self.stride), without pad.
        out_h = int(1 + (H + 2*self.pad - self.pool_h) / self.stride)
        out_w = int(1 + (W + 2*self.pad - self.pool_w) / self.stride)

        col = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad)
        col = col.reshape(-1, self.pool_h*self.pool_w)

        arg_max = np.argmax(col, axis=1)
        out = np.max(col, axis=1)
        out = out.reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)

        self.x = x
        self.arg_max = arg_max

        return out


rng = np.random.default_rng(20240615)
_draws = []  # uniform draws the next Dropout.forward takes, in place of np.random.rand


def rand(*shape):
    u = _draws.pop(0)
    assert u.shape == shape, (u.shape, shape)
    return u


def dyadic(shape):
    """Random multiples of 1/64 in [-8, 8): exact products and sums in float64."""
    return rng.integers(-512, 512, size=shape) / 64.0


def small_ints(shape):
    """Integers in [-2, 2]: many ties, so the first maximum must be the one that gets the gradient."""
    return rng.integers(-2, 3, size=shape).astype(np.float64)


def flat(a):
    """Row-major values; JSON has no NaN/Infinity, so those become the strings Number() parses."""
    out = []
    for v in np.asarray(a, dtype=np.float64).ravel().tolist():
        if math.isnan(v):
            out.append('NaN')
        elif math.isinf(v):
            out.append('Infinity' if v > 0 else '-Infinity')
        else:
            out.append(v)
    return out


# (input_size, filter_size, stride, pad)
CONV_OUTPUT_SIZE_CASES = [
    (28, 5, 1, 0),   # SimpleConvNet: 24
    (24, 2, 2, 0),   # its pooling: 12
    (7, 3, 1, 1),    # 'same' padding: 7
    (7, 3, 2, 1),    # 4
    (6, 3, 2, 0),    # floored: the book's float is 2.5
    (5, 2, 2, 0),    # floored: the book's 2.5
    (4, 4, 1, 0),    # filter as large as the input: 1
    (2, 4, 1, 1),    # filter as large as the padded input: 1
    (1, 1, 3, 0),    # 1
    (10, 3, 3, 2),   # 1 + 11 // 3 = 4; the book's 4.666…
]


def conv_output_size_cases():
    cases = []
    for n, f, s, p in CONV_OUTPUT_SIZE_CASES:
        book = conv_output_size(n, f, s, p)
        cases.append({'inputSize': n, 'filterSize': f, 'stride': s, 'pad': p,
                      'expected': int(math.floor(book)), 'book': book})
    return cases


# (name, x shape, ratio); u gets one draw equal to the ratio (strict >: dropped) where the shape allows.
DROPOUT_CASES = [
    ('2-D, ratio 0.5', (3, 4), 0.5),
    ('2-D, ratio 0.3', (2, 5), 0.3),
    ('4-D, ratio 0.2', (2, 2, 2, 3), 0.2),
    ('ratio 0: keeps all but a draw of exactly 0', (2, 3), 0.0),
]


def dropout_cases():
    cases = []
    for name, shape, ratio in DROPOUT_CASES:
        x = rng.standard_normal(shape)
        dout = rng.standard_normal(shape)
        u = rng.random(shape)
        u.flat[1] = ratio  # a draw equal to the ratio: rand > ratio is false, so the unit is dropped
        layer = Dropout(ratio)
        _draws.append(u.copy())
        train_out = layer.forward(x, True)
        train_dx = layer.backward(dout)
        test_out = layer.forward(x, False)
        test_dx = dout * (1.0 - ratio)  # ours; the book's backward would reuse the training mask
        cases.append({
            'name': name, 'shape': list(shape), 'ratio': ratio, 'x': flat(x), 'dout': flat(dout), 'u': flat(u),
            'mask': flat(layer.mask.astype(np.float64)), 'trainOut': flat(train_out), 'trainDx': flat(train_dx),
            'testOut': flat(test_out), 'testDx': flat(test_dx),
        })
    return cases


# (name, x shape per batch, number of training batches, momentum, given running mean/var)
BATCHNORM_CASES = [
    ('2-D (5,4), momentum 0.9, three batches', (5, 4), 3, 0.9, False),
    ('4-D (3,2,2,3) per activation, momentum 0.8, two batches', (3, 2, 2, 3), 2, 0.8, False),
    ('2-D (4,3), momentum 0.5, given running mean and var', (4, 3), 2, 0.5, True),
    ('N = 1: var 0, so xn = 0 and out = beta', (1, 3), 1, 0.9, False),
    ('inference before any training: running stats are zeros', (3, 3), 0, 0.9, False),
]


def batchnorm_cases():
    cases = []
    for name, shape, n_batches, momentum, given in BATCHNORM_CASES:
        D = int(np.prod(shape[1:]))
        gamma = 1.0 + 0.5 * rng.standard_normal(D)
        beta = 0.5 * rng.standard_normal(D)
        running_mean = rng.standard_normal(D) if given else None
        running_var = rng.random(D) + 0.5 if given else None
        layer = BatchNormalization(gamma, beta, momentum,
                                   None if running_mean is None else running_mean.copy(),
                                   None if running_var is None else running_var.copy())
        batches = []
        for i in range(n_batches):
            # columns with different means and scales, so normalization has work to do
            x = 3.0 * rng.standard_normal(shape) + rng.standard_normal(shape[1:]) * 2.0
            dout = rng.standard_normal(shape)
            out = layer.forward(x, True)
            dx = layer.backward(dout)
            batches.append({
                'x': flat(x), 'dout': flat(dout), 'out': flat(out), 'dx': flat(dx),
                'dgamma': flat(layer.dgamma), 'dbeta': flat(layer.dbeta),
                'runningMean': flat(layer.running_mean), 'runningVar': flat(layer.running_var),
            })
        x_test = 3.0 * rng.standard_normal(shape)
        test_out = layer.forward(x_test, False)
        case = {
            'name': name, 'xShape': list(shape), 'momentum': momentum, 'gamma': flat(gamma), 'beta': flat(beta),
            'batches': batches, 'test': {'x': flat(x_test), 'out': flat(test_out)},
        }
        if given:
            case['runningMean'] = flat(running_mean)
            case['runningVar'] = flat(running_var)
        cases.append(case)
    return cases


# (x shape, W shape, stride, pad)
CONVOLUTION_CASES = [
    ((1, 1, 4, 4), (2, 1, 3, 3), 1, 0),
    ((2, 3, 5, 5), (3, 3, 3, 3), 1, 0),
    ((2, 3, 5, 5), (4, 3, 3, 3), 2, 1),
    ((2, 1, 6, 5), (2, 1, 2, 3), 2, 0),   # non-square filter; the floor drops the last input row
    ((1, 3, 4, 4), (3, 3, 3, 3), 1, 1),   # 'same' padding
    ((2, 2, 3, 3), (4, 2, 1, 1), 1, 0),   # 1x1 filter
    ((1, 1, 2, 2), (2, 1, 4, 4), 1, 1),   # filter as large as the padded input: one output pixel
    ((2, 3, 7, 7), (2, 3, 5, 5), 1, 0),   # SimpleConvNet's 5x5 filters
]


def convolution_cases():
    cases = []
    for x_shape, w_shape, stride, pad in CONVOLUTION_CASES:
        x = dyadic(x_shape)
        W = dyadic(w_shape)
        b = dyadic(w_shape[0])
        layer = Convolution(W, b, stride, pad)
        out = layer.forward(x)
        dout = dyadic(out.shape)
        dx = layer.backward(dout)
        cases.append({
            'xShape': list(x_shape), 'wShape': list(w_shape), 'stride': stride, 'pad': pad,
            'x': flat(x), 'W': flat(W), 'b': flat(b), 'outShape': list(out.shape), 'out': flat(out),
            'dout': flat(dout), 'dx': flat(dx), 'dW': flat(layer.dW), 'db': flat(layer.db),
        })
    return cases


# (name, x shape, pool_h, pool_w, stride (None: the default, 2), pad, values)
POOLING_CASES = [
    ('2x2, default stride 2', (2, 3, 4, 4), 2, 2, None, 0, dyadic),
    ('2x2, stride 2, small integers: ties go to the first maximum', (2, 2, 4, 4), 2, 2, 2, 0, small_ints),
    ('3x3, stride 1: overlapping windows add gradients', (1, 2, 5, 5), 3, 3, 1, 0, dyadic),
    ('2x2, stride 1, ties', (1, 2, 4, 3), 2, 2, 1, 0, small_ints),
    ('2x2, stride 2, pad 1 (the book\'s output size is wrong here)', (2, 2, 4, 4), 2, 2, 2, 1, dyadic),
    ('3x3, stride 2, pad 1, ties with the zero padding', (1, 2, 5, 5), 3, 3, 2, 1, small_ints),
    ('non-square 2x3, stride 1, odd sizes', (2, 1, 5, 6), 2, 3, 1, 0, dyadic),
    ('3x2, stride 2: the floor drops the last row', (1, 3, 6, 5), 3, 2, 2, 0, dyadic),
]


def pooling_cases():
    cases = []
    for name, x_shape, ph, pw, stride, pad, values in POOLING_CASES:
        x = values(x_shape)
        layer = Pooling(ph, pw, 2 if stride is None else stride, pad)
        out = layer.forward(x)
        dout = dyadic(out.shape)
        dx = layer.backward(dout)
        _, _, H, W = x_shape
        s = layer.stride
        book_out = [1 + (H - ph) // s, 1 + (W - pw) // s]  # what the book's formula gives
        cases.append({
            'name': name, 'xShape': list(x_shape), 'poolH': ph, 'poolW': pw, 'stride': stride, 'pad': pad,
            'x': flat(x), 'outShape': list(out.shape), 'out': flat(out), 'dout': flat(dout), 'dx': flat(dx),
            'bookOutHW': book_out,
        })
    return cases


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, '..', '..', 'fixtures', 'cnn-layers.json')
    fixture = {
        'source': 'scripts/golden/cnn-layers.py (numpy ' + np.__version__ + '; layers from the book\'s common/layers.py, '
                  'im2col/col2im/conv_output_size from common/util.py)',
        'convOutputSize': conv_output_size_cases(),
        'dropout': dropout_cases(),
        'batchNormalization': batchnorm_cases(),
        'convolution': convolution_cases(),
        'pooling': pooling_cases(),
    }
    with open(out, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    counts = ', '.join(f'{len(v)} {k}' for k, v in fixture.items() if isinstance(v, list))
    print('wrote', os.path.relpath(out), counts)


if __name__ == '__main__':
    main()
