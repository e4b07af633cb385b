"""Golden values for src/im2col.ts and src/allclose.ts, with numpy as the oracle.

Run from packages/matrix:  python3 scripts/golden/im2col.py  → fixtures/im2col.json

im2col/col2im are the book's common/util.py functions (oreilly-japan/deep-learning-from-scratch),
unchanged, imported from the repository's one copy of the book's code (scripts/book/util.py). Inputs are
multiples of 1/64 in [-8, 8), so every sum col2im makes is exact in float64 and the tests can compare bit
for bit whatever order the TypeScript adds in.
"""
import json
import math
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / 'scripts'))  # the repository's scripts/book/
from book.util import col2im, im2col  # noqa: E402


rng = np.random.default_rng(20240607)


def dyadic(shape):
    """Random multiples of 1/64 in [-8, 8): exact sums in float64."""
    return rng.integers(-512, 512, size=shape) / 64.0


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


# (x shape, filter_h, filter_w, stride, pad)
IM2COL_CASES = [
    ((1, 1, 3, 3), 2, 2, 1, 0),
    ((1, 3, 5, 5), 3, 3, 1, 0),   # N = 1, C = 3
    ((2, 3, 5, 5), 3, 3, 2, 1),   # stride 2, pad 1
    ((2, 2, 4, 6), 1, 1, 1, 0),   # 1×1 filter
    ((2, 2, 4, 6), 1, 1, 2, 1),   # 1×1 filter, stride 2, pad 1: some rows are pure padding
    ((2, 1, 7, 7), 5, 5, 1, 0),   # the book's SimpleConvNet filter size
    ((1, 2, 6, 5), 3, 2, 2, 0),   # non-square filter; the floor drops the last input row and column
    ((2, 3, 4, 4), 3, 3, 1, 1),   # 'same' padding
    ((1, 1, 3, 3), 2, 2, 2, 1),
    ((1, 2, 5, 4), 3, 3, 3, 2),   # pad larger than what stride covers
    ((1, 1, 2, 2), 4, 4, 1, 1),   # filter as large as the padded input: one patch
]


def im2col_cases():
    cases = []
    for shape, fh, fw, stride, pad in IM2COL_CASES:
        x = dyadic(shape)
        col = im2col(x, fh, fw, stride, pad)
        dcol = dyadic(col.shape)
        dx = col2im(dcol, shape, fh, fw, stride, pad)
        cases.append({
            'xShape': list(shape), 'filterH': fh, 'filterW': fw, 'stride': stride, 'pad': pad,
            'x': flat(x), 'colShape': list(col.shape), 'col': flat(col), 'dcol': flat(dcol), 'dx': flat(dx),
        })
    return cases


nan, inf = float('nan'), float('inf')

# (name, a, b, kwargs); a number stays a number (the TS side passes it as a number too).
ISCLOSE_CASES = [
    ('defaults', [1.0, 1.0 + 1e-6, 1.0 + 1e-4, 0.0, 1e-9], [1.0, 1.0, 1.0, 1e-8, 0.0], {}),
    ('asymmetric: b scales rtol', [0.0, 10.0, 11.0], [0.0, 11.0, 10.0], {'rtol': 0.095, 'atol': 0.0}),
    ('asymmetric, swapped', [0.0, 11.0, 10.0], [0.0, 10.0, 11.0], {'rtol': 0.095, 'atol': 0.0}),
    ('atol only', [1.0, 1.5, 2.0], [1.2, 1.2, 1.2], {'rtol': 0.0, 'atol': 0.3}),
    ('infinities', [inf, inf, -inf, inf, 1.0, 1e308], [inf, -inf, -inf, 1.0, inf, inf], {}),
    ('nan', [nan, nan, 1.0, nan], [nan, 1.0, nan, inf], {}),
    ('nan, equalNan', [nan, nan, 1.0, nan], [nan, 1.0, nan, inf], {'equal_nan': True}),
    ('broadcast (2,1) with (3,)', [[1.0], [2.0]], [1.0, 2.0, 1.0 + 1e-9], {}),
    ('broadcast (2,3) with a number', [[1.0, 2.0, 3.0], [1.0 + 1e-6, 1.1, nan]], 1.0, {}),
    ('a number with (2,2)', 2.0, [[2.0, 2.00001], [2.0001, -2.0]], {}),
    ('two numbers', 1e-9, 0.0, {}),
    ('two numbers, atol 0', 1e-9, 0.0, {'atol': 0.0}),
    ('size 0', np.zeros((0, 3)), [1.0, 2.0, 3.0], {}),
    ('negative values', [-1.0, -1.00001, -1.0001], [-1.0, -1.0, -1.0], {}),
    ('all close, broadcast (2,2) with (2,)', [[1.0, 2.0], [1.0 + 1e-7, 2.0 - 1e-6]], [1.0, 2.0], {}),
    ('large rtol', [1.0, 3.0, 5.0], [2.0, 2.0, 2.0], {'rtol': 1.0, 'atol': 0.0}),
]


def operand(v):
    if isinstance(v, float):
        return {'number': flat([v])[0]}
    a = np.asarray(v, dtype=np.float64)
    return {'shape': list(a.shape), 'data': flat(a)}


def isclose_cases():
    cases = []
    for name, a, b, kw in ISCLOSE_CASES:
        an = np.array(a, dtype=np.float64)
        bn = np.array(b, dtype=np.float64)
        r = np.isclose(an, bn, **kw)
        options = {{'equal_nan': 'equalNan'}.get(k, k): v for k, v in kw.items()}
        cases.append({
            'name': name, 'a': operand(a), 'b': operand(b), 'options': options,
            'shape': list(r.shape), 'expected': flat(r.astype(np.float64)),
            'all': bool(np.allclose(an, bn, **kw)),
        })
    return cases


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, '..', '..', 'fixtures', 'im2col.json')
    fixture = {
        'source': 'scripts/golden/im2col.py (numpy ' + np.__version__ + '; im2col/col2im from the book\'s common/util.py)',
        'im2col': im2col_cases(),
        'isclose': isclose_cases(),
    }
    with open(out, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    print('wrote', os.path.relpath(out), len(fixture['im2col']), 'im2col cases,', len(fixture['isclose']), 'isclose cases')


if __name__ == '__main__':
    main()
