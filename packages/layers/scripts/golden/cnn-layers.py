"""Golden values for the chapter 6-7 layers of src/ (Dropout, BatchNormalization, Convolution, Pooling,
convOutputSize), with numpy as the oracle.

Run from packages/layers:  python3 scripts/golden/cnn-layers.py  → fixtures/cnn-layers.json

The classes below are the book's common/layers.py and common/util.py (oreilly-japan/deep-learning-from-scratch),
written out as the book has them, with two marked changes:
- Pooling.forward: the book's output size ignores pad (out_h = int(1 + (H - pool_h) / stride)), so with
  pad > 0 its reshape fails or scrambles the output. Ours counts pad; so does the copy here (marked BOOK BUG).
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

import numpy as np


# ---- the book's common/util.py ----
def conv_output_size(input_size, filter_size, stride=1, pad=0):
    # NOTE: true division in Python 3, so the book returns a float (2.5 for (6, 3, 2, 0)); ours floors.
    return (input_size + 2*pad - filter_size) / stride + 1


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    out_h = (H + 2*pad - filter_h)//stride + 1
    out_w = (W + 2*pad - filter_w)//stride + 1

    img = np.pad(input_data, [(0,0), (0,0), (pad, pad), (pad, pad)], 'constant')
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w))

    for y in range(filter_h):
        y_max = y + stride*out_h
        for x in range(filter_w):
            x_max = x + stride*out_w
            col[:, :, y, x, :, :] = img[:, :, y:y_max:stride, x:x_max:stride]

    col = col.transpose(0, 4, 5, 1, 2, 3).reshape(N*out_h*out_w, -1)
    return col


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    out_h = (H + 2*pad - filter_h)//stride + 1
    out_w = (W + 2*pad - filter_w)//stride + 1
    col = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)

    img = np.zeros((N, C, H + 2*pad + stride - 1, W + 2*pad + stride - 1))
    for y in range(filter_h):
        y_max = y + stride*out_h
        for x in range(filter_w):
            x_max = x + stride*out_w
            img[:, :, y:y_max:stride, x:x_max:stride] += col[:, :, y, x, :, :]

    return img[:, :, pad:H + pad, pad:W + pad]
# ---- end of common/util.py ----


# ---- the book's common/layers.py ----
class Dropout:
    """
    http://arxiv.org/abs/1207.0580
    """
    def __init__(self, dropout_ratio=0.5):
        self.dropout_ratio = dropout_ratio
        self.mask = None

    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = rand(*x.shape) > self.dropout_ratio  # the book: np.random.rand(*x.shape)
            return x * self.mask
        else:
            return x * (1.0 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask


class BatchNormalization:
    """
    http://arxiv.org/abs/1502.03167
    """
    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None):
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.input_shape = None  # 4-D for a conv layer, 2-D for a fully connected one

        # mean and variance used at test time
        self.running_mean = running_mean
        self.running_var = running_var

        # intermediate data used by backward
        self.batch_size = None
        self.xc = None
        self.std = None
        self.dgamma = None
        self.dbeta = None

    def forward(self, x, train_flg=True):
        self.input_shape = x.shape
        if x.ndim != 2:
            N, C, H, W = x.shape
            x = x.reshape(N, -1)

        out = self.__forward(x, train_flg)

        return out.reshape(*self.input_shape)

    def __forward(self, x, train_flg):
        if self.running_mean is None:
            N, D = x.shape
            self.running_mean = np.zeros(D)
            self.running_var = np.zeros(D)

        if train_flg:
            mu = x.mean(axis=0)
            xc = x - mu
            var = np.mean(xc**2, axis=0)
            std = np.sqrt(var + 10e-7)
            xn = xc / std

            self.batch_size = x.shape[0]
            self.xc = xc
            self.xn = xn
            self.std = std
            self.running_mean = self.momentum * self.running_mean + (1-self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1-self.momentum) * var
        else:
            xc = x - self.running_mean
            xn = xc / ((np.sqrt(self.running_var + 10e-7)))

        out = self.gamma * xn + self.beta
        return out

    def backward(self, dout):
        if dout.ndim != 2:
            N, C, H, W = dout.shape
            dout = dout.reshape(N, -1)

        dx = self.__backward(dout)

        dx = dx.reshape(*self.input_shape)
        return dx

    def __backward(self, dout):
        dbeta = dout.sum(axis=0)
        dgamma = np.sum(self.xn * dout, axis=0)
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
        dvar = 0.5 * dstd / self.std
        dxc += (2.0 / self.batch_size) * self.xc * dvar
        dmu = np.sum(dxc, axis=0)
        dx = dxc - dmu / self.batch_size

        self.dgamma = dgamma
        self.dbeta = dbeta

        return dx


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad

        # intermediate data (used by backward)
        self.x = None
        self.col = None
        self.col_W = None

        # gradients of the weights and bias
        self.dW = None
        self.db = None

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape
        out_h = 1 + int((H + 2*self.pad - FH) / self.stride)
        out_w = 1 + int((W + 2*self.pad - FW) / self.stride)

        col = im2col(x, FH, FW, self.stride, self.pad)
        col_W = self.W.reshape(FN, -1).T

        out = np.dot(col, col_W) + self.b
        out = out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)

        self.x = x
        self.col = col
        self.col_W = col_W

        return out

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = dout.transpose(0,2,3,1).reshape(-1, FN)

        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout)
        self.dW = self.dW.transpose(1, 0).reshape(FN, C, FH, FW)

        dcol = np.dot(dout, self.col_W.T)
        dx = col2im(dcol, self.x.shape, FH, FW, self.stride, self.pad)

        return dx


class Pooling:
    def __init__(self, pool_h, pool_w, stride=2, pad=0):
        self.pool_h = pool_h
        self.pool_w = pool_w
        self.stride = stride
        self.pad = pad

        self.x = None
        self.arg_max = None

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

    def backward(self, dout):
        dout = dout.transpose(0, 2, 3, 1)

        pool_size = self.pool_h * self.pool_w
        dmax = np.zeros((dout.size, pool_size))
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dmax = dmax.reshape(dout.shape + (pool_size,))

        dcol = dmax.reshape(dmax.shape[0] * dmax.shape[1] * dmax.shape[2], -1)
        dx = col2im(dcol, self.x.shape, self.pool_h, self.pool_w, self.stride, self.pad)

        return dx
# ---- end of common/layers.py ----


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
