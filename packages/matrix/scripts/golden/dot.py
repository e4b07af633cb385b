"""Golden values for src/ops/dot.ts (dot, matmul), with numpy as the oracle.

Run from packages/matrix:  python3 scripts/golden/dot.py  → fixtures/dot.json

Each case stores both operands (C-order values and shape) and numpy's result, or, where numpy
raises, the exception's type and text. numpy multiplies through BLAS (another summation order,
fused multiply-adds), so the tests compare finite values with a tolerance of 1e-12 relative to
sum |a|·|b|, and NaN and ±Infinity exactly.
"""
import json
import math
import os
import warnings

import numpy as np

rng = np.random.default_rng(20240612)


def normal(*shape):
    return rng.standard_normal(shape)


def with_specials():
    """(5,3)·(3,3) whose products include NaN·x, 0·inf, inf·positive, inf - inf, -inf and plain numbers."""
    inf, nan = np.inf, np.nan
    a = np.array([[1, 2, nan], [inf, 1, 0], [1, -inf, 1], [2, -1, 0], [-inf, 0, 0]], dtype=np.float64)
    b = np.array([[0, 1, 2], [1, 0, -1], [inf, 3, 4]], dtype=np.float64)
    return a, b


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


# (op, name, a, b): each numpy rule of dot and matmul, the edges (size 0, K = 0, 1×1), NaN/inf.
CASES = [
    ('dot', '1-D·1-D: inner product → 0-d', normal(5), normal(5)),
    ('dot', '1-D·1-D of length 0 → 0.0', np.zeros(0), np.zeros(0)),
    ('dot', '2-D·2-D', normal(3, 4), normal(4, 2)),
    ('dot', '2-D·2-D, sizes past a 5×2 tile', normal(7, 13), normal(13, 9)),
    ('dot', '2-D·2-D 1×1', normal(1, 1), normal(1, 1)),
    ('dot', '2-D·2-D with K = 0 → zeros', np.zeros((2, 0)), np.zeros((0, 3))),
    ('dot', '2-D·2-D with M = 0', np.zeros((0, 3)), normal(3, 2)),
    ('dot', '1-D·2-D → (N,)', normal(4), normal(4, 3)),
    ('dot', '2-D·1-D → (M,)', normal(3, 4), normal(4)),
    ('dot', '3-D·1-D: sum over the last axis', normal(2, 3, 4), normal(4)),
    ('dot', '4-D·1-D with a 1-length axis', normal(2, 1, 3, 2), normal(2)),
    ('dot', '0-d·2-D: element-wise product', np.array(1.5), normal(2, 3)),
    ('dot', '2-D·0-d', normal(2, 3), np.array(-2.0)),
    ('dot', '1-D·0-d', normal(3), np.array(0.5)),
    ('dot', '0-d·0-d', np.array(3.0), np.array(-0.5)),
    ('dot', '0-d·(0,2)', np.array(3.0), np.zeros((0, 2))),
    ('dot', 'NaN and infinities', *with_specials()),
    ('matmul', '2-D·2-D', normal(3, 4), normal(4, 2)),
    ('matmul', '1-D·2-D: a promoted to a row', normal(4), normal(4, 3)),
    ('matmul', '2-D·1-D: b promoted to a column', normal(3, 4), normal(4)),
    ('matmul', '1-D·1-D → 0-d', normal(5), normal(5)),
    ('matmul', 'NaN and infinities', *with_specials()),
    # Errors: numpy's exact texts.
    ('dot', 'misaligned 2-D·2-D (the book\'s typo 748 for 784)', np.zeros((100, 784)), np.zeros((748, 50))),
    ('dot', 'misaligned 1-D·1-D', np.zeros(3), np.zeros(4)),
    ('dot', 'misaligned 1-D·2-D', np.zeros(3), np.zeros((4, 5))),
    ('dot', 'misaligned 2-D·1-D', np.zeros((2, 3)), np.zeros(4)),
    ('dot', 'misaligned 3-D·1-D', np.zeros((2, 3, 4)), np.zeros(5)),
    ('matmul', 'misaligned 2-D·2-D', np.zeros((100, 784)), np.zeros((748, 50))),
    ('matmul', 'misaligned 1-D·1-D', np.zeros(3), np.zeros(4)),
    ('matmul', 'misaligned 1-D·2-D', np.zeros(3), np.zeros((4, 5))),
    ('matmul', 'misaligned 2-D·1-D', np.zeros((2, 3)), np.zeros(4)),
    ('matmul', '0-d first operand', np.array(2.0), np.zeros(4)),
    ('matmul', '0-d second operand', np.zeros(4), np.array(2.0)),
    ('matmul', '0-d both', np.array(2.0), np.array(2.0)),
]


def run(op, a, b):
    """The result, or the exception numpy raised."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')  # inf - inf and NaN·0 warn; numpy returns NaN
            r = np.asarray(getattr(np, op)(a, b), dtype=np.float64)
        return {'shape': list(r.shape), 'expected': flat(r)}
    except Exception as e:  # noqa: BLE001 - the exception itself is the golden value
        return {'error': {'type': type(e).__name__, 'message': str(e)}}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, '..', '..', 'fixtures', 'dot.json')
    cases = []
    for op, name, a, b in CASES:
        case = {'op': op, 'name': name, 'a': {'shape': list(a.shape)}, 'b': {'shape': list(b.shape)}}
        result = run(op, a, b)
        if 'error' not in result:  # operands of error cases are only shapes (zeros would be 600 KB of JSON)
            case['a']['values'] = flat(a)
            case['b']['values'] = flat(b)
        case.update(result)
        cases.append(case)
    fixture = {'source': 'scripts/golden/dot.py (numpy ' + np.__version__ + ')', 'cases': cases}
    with open(path, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    errors = sum(1 for c in cases if 'error' in c)
    print('wrote', os.path.relpath(path), len(cases), 'cases,', errors, 'of them errors')


if __name__ == '__main__':
    main()
