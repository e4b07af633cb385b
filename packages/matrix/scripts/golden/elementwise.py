"""Golden values for src/ops/elementwise.ts and src/creation.ts, with numpy as the oracle.

Run from packages/matrix:  python3 scripts/golden/elementwise.py  → fixtures/elementwise.json

Each binary case gives both operands (an array as shape + flat C-order data, or a bare number),
numpy's output shape and flat output. Comparisons are stored as 1.0/0.0 (numpy gives booleans).
JSON has no NaN/Infinity, so those are written as the strings Number() parses; -0.0 is written as
-0.0, which JSON.parse reads back as -0.

Left out on purpose: maximum/minimum of +0 against -0 (numpy returns whichever operand its SIMD
loop happens to pick; JS's Math.max prefers +0), and pow's special cases, which go in their own
list `powSpecial` because JS's Math.pow differs from C's pow there (1 ** NaN is 1 in numpy).
"""
import json
import math
import os

import numpy as np

rng = np.random.default_rng(20240611)
nan, inf = float('nan'), float('inf')

BINARY = {
    'add': np.add, 'sub': np.subtract, 'mul': np.multiply, 'div': np.divide, 'pow': np.power,
    'maximum': np.maximum, 'minimum': np.minimum,
    'equal': np.equal, 'notEqual': np.not_equal, 'less': np.less, 'lessEqual': np.less_equal,
    'greater': np.greater, 'greaterEqual': np.greater_equal,
}
COMPARISONS = {'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'}
UNARY = {'neg': np.negative, 'exp': np.exp, 'log': np.log, 'sqrt': np.sqrt, 'abs': np.abs, 'tanh': np.tanh}

# Broadcast pairs; None stands for a bare number operand.
PAIRS = [((2, 3), (2, 3)), ((3, 1), (4,)), ((), (2, 2)), ((2, 1, 3), (4, 1)), ((2, 3), None), (None, (3,)), ((0, 3), (1, 3))]
SPECIALS = [nan, inf, -inf, 0.0, -0.0, 1.0, -1.0, 2.5, 0.5]
SPECIALS_NO_NEG_ZERO = [v for v in SPECIALS if not (v == 0 and math.copysign(1, v) < 0)]


def flat(a):
    """Row-major values with NaN/Infinity as strings."""
    out = []
    for v in np.asarray(a, dtype=np.float64).ravel().tolist():
        if math.isnan(v):
            out.append('NaN')
        elif math.isinf(v):
            out.append('Infinity' if v > 0 else '-Infinity')
        else:
            out.append(v)
    return out


def operand(v):
    if isinstance(v, float):
        return {'number': flat([v])[0]}
    a = np.asarray(v, dtype=np.float64)
    return {'shape': list(a.shape), 'data': flat(a)}


def data_for(op, shape):
    """Random operands: ties (one decimal) for comparisons, positive bases for pow."""
    if shape is None:
        return float(np.round(rng.uniform(0.5, 3.0), 2))
    if op in COMPARISONS or op in ('maximum', 'minimum'):
        return np.round(rng.standard_normal(shape) * 2, 1)
    if op == 'pow':
        return rng.uniform(0.1, 3.0, shape)
    return rng.standard_normal(shape) * 3


def binary_case(op, a, b):
    with np.errstate(all='ignore'):
        r = np.asarray(BINARY[op](a, b), dtype=np.float64)
    return {'op': op, 'a': operand(a), 'b': operand(b), 'shape': list(r.shape), 'expected': flat(r)}


def special_grid(values):
    """Every pair of special values: a (k,1) column against a (k,) row."""
    v = np.array(values, dtype=np.float64)
    return v.reshape(-1, 1), v.copy()


def binary_cases():
    cases = []
    for op in BINARY:
        for sa, sb in PAIRS:
            cases.append(binary_case(op, data_for(op, sa), data_for(op, sb)))
        if op == 'pow':
            # Integer exponents of negative bases are defined; fractional ones give NaN.
            cases.append(binary_case(op, rng.uniform(-3, 3, (2, 3)), np.array([-2.0, 0.5, 3.0])))
            continue
        values = SPECIALS_NO_NEG_ZERO if op in ('maximum', 'minimum') else SPECIALS
        cases.append(binary_case(op, *special_grid(values)))
    return cases


def pow_special_cases():
    return [binary_case('pow', *special_grid(SPECIALS))]


def unary_cases():
    cases = []
    for op, fn in UNARY.items():
        x = rng.uniform(0.01, 20, (3, 4)) if op in ('log', 'sqrt') else rng.uniform(-20, 20, (3, 4))
        specials = np.array(SPECIALS + [-2.0, 700.0, -700.0, 1e-300])
        for data in (x, specials):
            with np.errstate(all='ignore'):
                r = fn(data)
            cases.append({'op': op, 'x': operand(data), 'shape': list(r.shape), 'expected': flat(r)})
    return cases


def clip_cases():
    x = np.array([[nan, -inf, -3.0, -0.5], [0.0, 0.5, 2.0, inf]])
    cases = []
    for lo, hi in ((-1.0, 1.0), (None, 0.25), (0.0, None), (2.0, 2.0)):
        r = np.clip(x, lo, hi)
        cases.append({'x': operand(x), 'min': lo, 'max': hi, 'shape': list(r.shape), 'expected': flat(r)})
    return cases


def where_cases():
    cond = np.array([[[1.0, 0.0, nan]], [[-0.0, 2.0, 0.0]]])  # (2,1,3): NaN is true, -0 is false
    x = rng.standard_normal((4, 1))
    cases = []
    for y in (-1.0, rng.standard_normal((3,))):
        r = np.where(cond, x, y)
        cases.append({'condition': operand(cond), 'x': operand(x), 'y': operand(y), 'shape': list(r.shape), 'expected': flat(r)})
    return cases


ARANGE = [(5,), (1, 4), (0, 1, 0.1), (1, 1.3, 0.1), (10, 0, -3), (0, -1, -0.25), (3, 3), (5, 1), (0.5, 4.2, 0.7),
          (-2.5, 2.5, 0.5), (0.1, 1.0, 0.3), (1, 2, 3)]
LINSPACE = [(0, 1, 5, True), (0, 1, 5, False), (2, 3, 1, True), (2, 3, 1, False), (0, 1, 0, True), (-1, 1, 7, True),
            (0, 10, 50, True), (1, 0, 4, True), (0.1, 0.9, 9, True), (0.1, 0.9, 9, False)]
EYE = [(3,), (2, 4), (4, 2), (0,), (1,)]


def creation_cases():
    return {
        'arange': [{'args': list(a), 'expected': flat(np.arange(*a, dtype=np.float64))} for a in ARANGE],
        'linspace': [{'args': [s, e, n, ep], 'expected': flat(np.linspace(s, e, n, endpoint=ep))} for s, e, n, ep in LINSPACE],
        'eye': [{'args': list(a), 'shape': list(np.eye(*a).shape), 'expected': flat(np.eye(*a))} for a in EYE],
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, '..', '..', 'fixtures', 'elementwise.json')
    fixture = {
        'source': 'scripts/golden/elementwise.py (numpy ' + np.__version__ + ')',
        'binary': binary_cases(),
        'powSpecial': pow_special_cases(),
        'unary': unary_cases(),
        'clip': clip_cases(),
        'where': where_cases(),
        'creation': creation_cases(),
    }
    with open(out, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    counts = ', '.join(f'{len(v)} {k}' for k, v in fixture.items() if isinstance(v, list))
    print('wrote', os.path.relpath(out), counts)


if __name__ == '__main__':
    main()
