"""Golden values for the chapter 3-5 layers: src/activations.ts, src/mul-layer.ts, src/add-layer.ts,
src/relu.ts, src/sigmoid.ts and src/affine.ts, with numpy as the oracle.

Run from packages/layers:  python3 scripts/golden/basic-layers.py  → fixtures/basic-layers.json

The oracle is the book's code (oreilly-japan/deep-learning-from-scratch): common/functions.py
(step_function, sigmoid, relu, identity_function) and common/layers.py (Relu, Sigmoid, Affine), imported
from the repository's one copy of it (scripts/book/), and ch05/layer_naive.py (MulLayer, AddLayer) with
ch05/buy_apple.py and ch05/buy_apple_orange.py, written out below (only this script uses them). One
deviation, marked `# CHANGED:` in scripts/book/functions.py: step_function's `dtype=np.int` (removed in
numpy 1.24) is written `dtype=int`. Relu.backward writes into dout, so the generator passes it a copy.

Inputs are stored in the JSON too; the tests read only the JSON. The Affine inputs are multiples of
1/64 in [-4, 4): every product and sum in dot is exact in float64, so the tests compare bit for bit
whatever order the TypeScript adds in.
"""
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / 'scripts'))  # the repository's scripts/book/
from book.functions import identity_function, relu, sigmoid, step_function  # noqa: E402
from book.layers import Affine, Relu, Sigmoid  # noqa: E402


# ---- the book's ch05/layer_naive.py ----
class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        out = x * y

        return out

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x

        return dx, dy


class AddLayer:
    def __init__(self):
        pass

    def forward(self, x, y):
        out = x + y

        return out

    def backward(self, dout):
        dx = dout * 1
        dy = dout * 1

        return dx, dy
# ---- end of the book's code ----


rng = np.random.default_rng(20240611)


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {'shape': list(a.shape), 'data': flat(a)}


def dyadic(shape, lim=4):
    """Random multiples of 1/64 in [-lim, lim): exact products and sums in float64."""
    return rng.integers(-64 * lim, 64 * lim, size=shape) / 64.0


# ---- ch05/buy_apple.py ----
def buy_apple():
    apple = 100
    apple_num = 2
    tax = 1.1

    mul_apple_layer = MulLayer()
    mul_tax_layer = MulLayer()

    # forward
    apple_price = mul_apple_layer.forward(apple, apple_num)
    price = mul_tax_layer.forward(apple_price, tax)

    # backward
    dprice = 1
    dapple_price, dtax = mul_tax_layer.backward(dprice)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)

    return {
        'apple': apple, 'appleNum': apple_num, 'tax': tax,
        'applePrice': apple_price, 'price': price,
        'dprice': dprice, 'dapplePrice': dapple_price, 'dtax': dtax, 'dapple': dapple, 'dappleNum': dapple_num,
    }


# ---- ch05/buy_apple_orange.py ----
def buy_apple_orange():
    apple = 100
    apple_num = 2
    orange = 150
    orange_num = 3
    tax = 1.1

    # layer
    mul_apple_layer = MulLayer()
    mul_orange_layer = MulLayer()
    add_apple_orange_layer = AddLayer()
    mul_tax_layer = MulLayer()

    # forward
    apple_price = mul_apple_layer.forward(apple, apple_num)  # (1)
    orange_price = mul_orange_layer.forward(orange, orange_num)  # (2)
    all_price = add_apple_orange_layer.forward(apple_price, orange_price)  # (3)
    price = mul_tax_layer.forward(all_price, tax)  # (4)

    # backward
    dprice = 1
    dall_price, dtax = mul_tax_layer.backward(dprice)  # (4)
    dapple_price, dorange_price = add_apple_orange_layer.backward(dall_price)  # (3)
    dorange, dorange_num = mul_orange_layer.backward(dorange_price)  # (2)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)  # (1)

    return {
        'apple': apple, 'appleNum': apple_num, 'orange': orange, 'orangeNum': orange_num, 'tax': tax,
        'applePrice': apple_price, 'orangePrice': orange_price, 'allPrice': all_price, 'price': price,
        'dprice': dprice, 'dallPrice': dall_price, 'dtax': dtax, 'dapplePrice': dapple_price,
        'dorangePrice': dorange_price, 'dorange': dorange, 'dorangeNum': dorange_num, 'dapple': dapple,
        'dappleNum': dapple_num,
    }


apple = buy_apple()
apple_orange = buy_apple_orange()
# What the book prints (python floats: 220.00000000000003, 110.00000000000001, 715.0000000000001, ...).
assert round(apple['price']) == 220 and (round(apple['dapple'], 10), round(apple['dappleNum']), apple['dtax']) == (2.2, 110, 200)
assert round(apple_orange['price']) == 715
assert [round(apple_orange[k], 10) for k in ('dappleNum', 'dapple', 'dorange', 'dorangeNum', 'dtax')] == [110, 2.2, 3.3, 165, 650]

# ---- activations ----
special = np.array([-1000.0, -745.5, -710.0, -40.0, -5.0, -1.0, -0.5, -1e-300, -0.0, 0.0, 1e-300, 0.5, 1.0, 5.0, 40.0, 710.0, 1000.0])
with np.errstate(over='ignore'):  # exp(1000) overflows to inf, and 1/(1 + inf) = 0, as intended
    activations = []
    for name, x in [
        ('special values, including ±1000 and ±0', special),
        ('book §3.2.4 x = [-1.0, 1.0, 2.0]', np.array([-1.0, 1.0, 2.0])),
        ('book §3.2.2 x = [-1.0, 1.0, 2.0]', np.array([-1.0, 1.0, 2.0])),
        ('randn (3,4)·3', rng.standard_normal((3, 4)) * 3),
        ('randn (2,3,2)·10', rng.standard_normal((2, 3, 2)) * 10),
    ]:
        activations.append({
            'name': name,
            'x': arr(x),
            'stepFunction': arr(step_function(x)),
            'sigmoid': arr(sigmoid(x)),
            'relu': arr(relu(x)),
            'identityFunction': arr(identity_function(x)),
        })
    assert sigmoid(np.array([-1000.0]))[0] == 0.0 and sigmoid(np.array([1000.0]))[0] == 1.0


# ---- Relu and Sigmoid layers ----
def relu_case(name, x):
    dout = rng.standard_normal(x.shape)
    layer = Relu()
    out = layer.forward(x)
    dx = layer.backward(dout.copy())  # the book writes into dout: give it a copy
    return {'name': name, 'x': arr(x), 'out': arr(out), 'mask': arr(layer.mask), 'dout': arr(dout), 'dx': arr(dx)}


def sigmoid_case(name, x):
    dout = rng.standard_normal(x.shape)
    layer = Sigmoid()
    with np.errstate(over='ignore'):
        out = layer.forward(x)
    dx = layer.backward(dout)
    return {'name': name, 'x': arr(x), 'out': arr(out), 'dout': arr(dout), 'dx': arr(dx)}


x_relu = rng.standard_normal((3, 4))
x_relu[0, 1] = 0.0
x_relu[2, 3] = 0.0
x_relu[1, 2] = -0.0
relu_cases = [
    relu_case('book §5.5.1 x = [[1.0, -0.5], [-2.0, 3.0]]', np.array([[1.0, -0.5], [-2.0, 3.0]])),
    relu_case('(3,4) with exact zeros (gradient 0 at x = 0)', x_relu),
    relu_case('(2,3,2,2) randn', rng.standard_normal((2, 3, 2, 2))),
    relu_case('(5,) special values', np.array([-1000.0, -1e-300, 0.0, 1e-300, 1000.0])),
]
sigmoid_cases = [
    sigmoid_case('(3,4) randn·3', rng.standard_normal((3, 4)) * 3),
    sigmoid_case('(2,2,3) randn', rng.standard_normal((2, 2, 3))),
    sigmoid_case('(6,) with ±1000 and 0', np.array([-1000.0, -40.0, 0.0, 0.25, 40.0, 1000.0])),
]


# ---- Affine ----
def affine_case(name, x_shape, m):
    d = int(np.prod(x_shape[1:]))
    x = dyadic(x_shape)
    W = dyadic((d, m))
    b = dyadic((m,))
    dout = dyadic((x_shape[0], m))
    layer = Affine(W, b)
    out = layer.forward(x)
    dx = layer.backward(dout)
    return {
        'name': name, 'x': arr(x), 'W': arr(W), 'b': arr(b), 'out': arr(out),
        'dout': arr(dout), 'dx': arr(dx), 'dW': arr(layer.dW), 'db': arr(layer.db),
    }


affine_cases = [
    affine_case('2-D x (3,4), W (4,5)', (3, 4), 5),
    affine_case('2-D x (1,6), W (6,2): one sample as a batch of one', (1, 6), 2),
    affine_case('4-D x (2,3,2,2) → (2,12), W (12,4): a conv feature map', (2, 3, 2, 2), 4),
    affine_case('3-D x (4,2,3) → (4,6), W (6,3)', (4, 2, 3), 3),
    affine_case('2-D x (5,3), W (3,1): one output', (5, 3), 1),
]

out = {
    'applePrice': apple,
    'appleOrangePrice': apple_orange,
    'activations': activations,
    'relu': relu_cases,
    'sigmoid': sigmoid_cases,
    'affine': affine_cases,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'fixtures', 'basic-layers.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print('wrote', os.path.normpath(path))
