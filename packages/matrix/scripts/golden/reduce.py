"""Golden values for src/ops/reduce.ts (sum mean max min var std argmax argmin), with numpy as the oracle.

Run from packages/matrix:  python3 scripts/golden/reduce.py  → fixtures/reduce.json

Each input is reduced with every op over several axis/keepdims combinations (and ddof 0/1 for var/std).
numpy adds pairwise, so the TypeScript sums may differ in the last bits: the tests compare sum, mean,
var and std with a relative tolerance of 1e-12, and max, min, argmax, argmin exactly.
Where numpy raises, the case stores the exception's type and text instead of a result.
"""
import json
import math
import os
import warnings

import numpy as np

rng = np.random.default_rng(20240611)


def normal(shape):
    return rng.standard_normal(shape)


def small_ints(shape):
    """Integers in [-2, 2]: many ties, so argmax/argmin must pick the first."""
    return rng.integers(-2, 3, size=shape).astype(np.float64)


def with_specials(shape):
    """Normal values with NaN in row 0 (twice) and row 2, and +inf/-inf in row 1."""
    x = normal(shape)
    x[0, 1] = np.nan
    x[0, 3] = np.nan
    x[1, 2] = np.inf
    x[1, 0] = -np.inf
    x[2, 0] = np.nan
    return x


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


# (name, array)
INPUTS = [
    ('0-d scalar', np.array(2.5)),
    ('vector (7,)', normal((7,))),
    ('long vector (200,): numpy sums pairwise', normal((200,))),
    ('matrix (3,4)', normal((3, 4))),
    ('batch (2,3,4)', normal((2, 3, 4))),
    ('images (N,C,H,W) = (2,3,2,3)', normal((2, 3, 2, 3))),
    ('ties (4,5)', small_ints((4, 5))),
    ('ties (2,3,4)', small_ints((2, 3, 4))),
    ('NaN and infinities (3,4)', with_specials((3, 4))),
    ('1-length axes (2,1,3)', normal((2, 1, 3))),
    ('empty (0,3)', np.zeros((0, 3))),
    ('empty (2,0,3)', np.zeros((2, 0, 3))),
]


def axis_choices(ndim):
    """None, every single axis, -1, some lists (unsorted, negative), all axes and ()."""
    choices = [None]
    choices += list(range(ndim))
    if ndim >= 1:
        choices += [-1, ()]
    if ndim >= 2:
        choices += [(0, ndim - 1), (-1, 0)]
    if ndim >= 3:
        choices += [(1, 2), (0, 2)]
    if ndim >= 4:
        choices += [(0, 2, 3), (-3, -1)]
    if ndim >= 1:
        choices.append(tuple(range(ndim)))
    return choices


def axis_json(axis):
    return None if axis is None else (list(axis) if isinstance(axis, tuple) else axis)


def run(fn):
    """The result, or the exception numpy raised."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')  # mean of empty, var with ddof >= n: numpy warns, returns NaN/inf
            r = np.asarray(fn(), dtype=np.float64)
        return {'shape': list(r.shape), 'expected': flat(r)}
    except Exception as e:  # noqa: BLE001 - the exception itself is the golden value
        return {'error': {'type': type(e).__name__, 'message': str(e)}}


def cases_for(x):
    out = []
    ndim = x.ndim
    for op in ('sum', 'mean', 'max', 'min', 'var', 'std'):
        for axis in axis_choices(ndim):
            for keepdims in (False, True):
                ddofs = (0, 1) if op in ('var', 'std') else (None,)
                for ddof in ddofs:
                    kw = {'axis': axis, 'keepdims': keepdims}
                    if ddof is not None:
                        kw['ddof'] = ddof
                    res = run(lambda: getattr(np, op)(x, **kw))
                    case = {'op': op, 'axis': axis_json(axis), 'keepdims': keepdims}
                    if ddof is not None:
                        case['ddof'] = ddof
                    case.update(res)
                    out.append(case)
    for op in ('argmax', 'argmin'):
        for axis in [None] + list(range(ndim)) + ([-1] if ndim else []):
            for keepdims in (False, True):
                res = run(lambda: getattr(np, op)(x, axis=axis, keepdims=keepdims))
                out.append({'op': op, 'axis': axis, 'keepdims': keepdims, **res})
    # One axis past the end: numpy's AxisError text. (numpy still accepts axis=0 on a 0-d array, a legacy quirk we skip.)
    if ndim:
        out.append({'op': 'sum', 'axis': ndim, 'keepdims': False, **run(lambda: np.sum(x, axis=ndim))})
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, '..', '..', 'fixtures', 'reduce.json')
    inputs = [{'name': name, 'shape': list(x.shape), 'x': flat(x), 'cases': cases_for(x)} for name, x in INPUTS]
    fixture = {'source': 'scripts/golden/reduce.py (numpy ' + np.__version__ + ')', 'inputs': inputs}
    with open(path, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    n = sum(len(i['cases']) for i in inputs)
    errors = sum(1 for i in inputs for c in i['cases'] if 'error' in c)
    print('wrote', os.path.relpath(path), len(inputs), 'inputs,', n, 'cases,', errors, 'of them errors')


if __name__ == '__main__':
    main()
