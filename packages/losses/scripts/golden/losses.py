"""Golden values for src/softmax.ts, src/cross-entropy-error.ts, src/sum-squared-error.ts and
src/softmax-with-loss.ts, with numpy as the oracle.

Run from packages/losses:  python3 scripts/golden/losses.py  → fixtures/losses.json

The oracle is the book's code (oreilly-japan/deep-learning-from-scratch): softmax and
cross_entropy_error from common/functions.py and SoftmaxWithLoss from common/layers.py, imported from the
repository's one copy of it (scripts/book/), and the two §4.2 forms from ch04 (sum_squared_error, called
mean_squared_error in early printings, and the one-hot cross_entropy_error of §4.2.2), written out below.
The only changes are in SoftmaxWithLoss.backward, overridden below and marked `# CHANGED:` — the book's
version ignores `dout` and, for one (C,) sample with a one-hot t, divides by C (t.shape[0]) instead of 1;
BOOK.md asks for dout scaling and single-sample support.
The tests read only the JSON; they never run Python.
"""
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / 'scripts'))  # the repository's scripts/book/
import book.layers  # noqa: E402
from book.functions import cross_entropy_error, softmax  # noqa: E402


# ---- the book's ch04 §4.2.1 and §4.2.2 ----
def sum_squared_error(y, t):
    return 0.5 * np.sum((y-t)**2)


def cross_entropy_error_one_hot(y, t):
    delta = 1e-7
    return -np.sum(t * np.log(y + delta))


# ---- where this oracle differs from the book's common/layers.py ----
class SoftmaxWithLoss(book.layers.SoftmaxWithLoss):
    """The book's SoftmaxWithLoss (forward unchanged) with the two changes BOOK.md asks of backward."""

    def backward(self, dout=1):
        # CHANGED: one (C,) sample is a batch of one, as in cross_entropy_error.
        y = self.y.reshape(1, -1) if self.y.ndim == 1 else self.y
        t = self.t.reshape(y.shape) if self.t.size == y.size else self.t.reshape(-1)
        batch_size = y.shape[0]
        if t.size == y.size:  # 教師データがone-hot-vectorの場合
            dx = (y - t) / batch_size
        else:
            dx = y.copy()
            dx[np.arange(batch_size), t] -= 1
            dx = dx / batch_size

        return (dx * dout).reshape(self.y.shape)  # CHANGED: the book ignores dout


rng = np.random.default_rng(20240610)


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {'shape': list(a.shape), 'data': flat(a)}


def one_hot(labels, c):
    return np.eye(c)[labels]


# The book's §4.2 example: "2" is the answer; y puts 0.6 on it, y2 puts 0.6 on "7".
book_t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], dtype=np.float64)
book_y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
book_y2 = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])

book = {
    't': flat(book_t),
    'tIndex': int(book_t.argmax()),
    'y': flat(book_y),
    'y2': flat(book_y2),
    'sse': float(sum_squared_error(book_y, book_t)),
    'sse2': float(sum_squared_error(book_y2, book_t)),
    'cee': float(cross_entropy_error_one_hot(book_y, book_t)),
    'cee2': float(cross_entropy_error_one_hot(book_y2, book_t)),
}
# The printed values; the JSON keeps numpy's own results.
assert abs(book['sse'] - 0.097500000000000031) < 1e-17 and abs(book['sse2'] - 0.59750000000000003) < 1e-16
assert abs(book['cee'] - 0.510825457099338) < 1e-14 and abs(book['cee2'] - 2.302584092994546) < 1e-14
# common/functions.py's version gives the same numbers, with one-hot or index labels.
assert cross_entropy_error(book_y, book_t) == book['cee']
assert cross_entropy_error(book_y2, np.array(2)) == book['cee2']


softmax_cases = []
for name, x in [
    ('book §3.5.1 a = [0.3, 2.9, 4.0]', np.array([0.3, 2.9, 4.0])),
    ('book §3.5.2 overflow example [1010, 1000, 990]', np.array([1010.0, 1000.0, 990.0])),
    ('1-D randn (7,)', rng.standard_normal(7)),
    ('batch randn (4,5)', rng.standard_normal((4, 5)) * 3),
    ('3-D randn (2,3,4), along the last axis', rng.standard_normal((2, 3, 4)) * 2),
    ('logits near +1000 (2,4)', 1000 + rng.standard_normal((2, 4))),
    ('logits near -1000 (2,4)', -1000 + rng.standard_normal((2, 4))),
    ('one row near +1000, one near -1000 (2,3)', np.array([[1000.0, 999.0, 1001.5], [-1000.0, -1002.0, -999.25]])),
    ('a single class (3,1)', rng.standard_normal((3, 1))),
]:
    softmax_cases.append({'name': name, 'x': arr(x), 'y': arr(softmax(x))})


def cee_case(name, y, t):
    return {'name': name, 'y': arr(y), 't': arr(t), 'loss': float(cross_entropy_error(y, t))}


def probs(shape):
    return softmax(rng.standard_normal(shape) * 2)


labels4 = rng.integers(0, 6, size=4)
y46 = probs((4, 6))
y_zero = probs((3, 5))
t_zero = np.array([1, 4, 0])
y_zero[0, 1] = 0.0  # the true class gets probability 0: log(0 + 1e-7), finite
y_zero_all = y_zero.copy()
y_zero_all[1, 4] = 0.0
y_zero_all[2, 0] = 0.0
one_sample = probs(5)
cee_cases = [
    cee_case('book y, one-hot t (10,)', book_y, book_t),
    cee_case('book y2, one-hot t (10,)', book_y2, book_t),
    cee_case('one sample (5,), index t', one_sample, np.array(3)),
    cee_case('one sample (5,), one-hot t', one_sample, one_hot(3, 5)),
    cee_case('batch (4,6), index t (4,)', y46, labels4),
    cee_case('batch (4,6), one-hot t (4,6)', y46, one_hot(labels4, 6)),
    cee_case('batch (3,5), a zero probability on a true class', y_zero, t_zero),
    cee_case('batch (3,5), every true class has probability 0', y_zero_all, t_zero),
    cee_case('batch (1,4), one-hot', probs((1, 4)), one_hot([2], 4)),
]
zero_loss = -np.log(1e-7)


def swl_case(name, x, t, douts=(1.0, 2.5)):
    layer = SoftmaxWithLoss()
    loss = layer.forward(x, t)
    return {
        'name': name,
        'x': arr(x),
        't': arr(t),
        'loss': float(loss),
        'y': arr(layer.y),
        'douts': list(douts),
        'dx': [arr(layer.backward(d)) for d in douts],
    }


x35 = rng.standard_normal((3, 5)) * 2
t35 = rng.integers(0, 5, size=3)
x1 = rng.standard_normal(4)
x_big = np.array([[1000.0, 1001.0, 998.0], [-1000.0, -999.0, -1003.0]])
swl_cases = [
    swl_case('batch (3,5), index t (3,)', x35, t35),
    swl_case('batch (3,5), one-hot t (3,5)', x35, one_hot(t35, 5)),
    swl_case('batch (8,10), index t (8,)', rng.standard_normal((8, 10)), rng.integers(0, 10, size=8)),
    swl_case('one sample (4,), one-hot t (4,)', x1, one_hot(1, 4)),
    swl_case('one sample (4,), index t', x1, np.array(1)),
    swl_case('logits near ±1000 (2,3), index t', x_big, np.array([2, 0])),
]
# The book divides by N: one-hot and index labels give the same dx.
assert np.array_equal(swl_cases[0]['dx'][0]['data'], swl_cases[1]['dx'][0]['data'])

out = {
    'book': book,
    'softmax': softmax_cases,
    'crossEntropyError': cee_cases,
    'crossEntropyZeroLoss': float(zero_loss),
    'softmaxWithLoss': swl_cases,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'fixtures', 'losses.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print('wrote', os.path.normpath(path))
