"""Golden values for src/ops/shape-ops.ts and src/ops/indexing-ops.ts, with numpy as the oracle.

Run from packages/matrix:  python3 scripts/golden/shape.py  → fixtures/shape.json

Covers transpose (then reshape, a copy), pad, concatenate, stack, squeeze, expand_dims, basic slicing
and take on a few shapes, and the errors whose numpy text our messages contain. Values are random
multiples of 1/8, so every result is exact and the tests compare bit for bit.
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20240612)


def values(shape):
    return rng.integers(-64, 64, size=shape) / 8.0


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {'shape': list(a.shape), 'data': a.ravel().tolist()}


def transpose_cases():
    cases = []
    for shape, axes, newshape in [
        ((3,), None, None),
        ((2, 3), None, (6,)),
        ((2, 3), (1, 0), (3, -1)),
        ((2, 3, 4), None, (4, 6)),
        ((2, 3, 4), (1, 0, 2), (-1,)),
        ((2, 3, 4), (2, 0, 1), (2, 2, 6)),
        ((2, 3, 4), (0, -1, 1), (6, 4)),
        ((2, 3, 2, 3), (0, 2, 3, 1), (12, 3)),  # (N,C,H,W) → (N,H,W,C), as col2im undoes
        ((1, 2, 2, 3, 2, 2), (0, 4, 5, 1, 2, 3), (4, -1)),  # the book's im2col: transpose(0,4,5,1,2,3).reshape(N*out_h*out_w, -1)
        ((0, 3), None, (3, 0)),
    ]:
        x = values(shape)
        t = x.transpose(axes) if axes is not None else x.T
        case = {'x': arr(x), 'axes': list(axes) if axes else None, 'expected': arr(t)}
        if newshape is not None:
            case['newshape'] = list(newshape)
            case['reshaped'] = arr(t.reshape(newshape))  # t is not contiguous: numpy copies in C order
        cases.append(case)
    return cases


def pad_cases():
    cases = []
    for shape, width, value in [
        ((3,), 2, 0.0),
        ((2, 3), 1, 0.0),
        ((2, 3), (1, 2), 0.0),
        ((2, 3), ((0, 1), (2, 0)), -1.5),
        ((1, 1, 3, 3), ((0, 0), (0, 0), (1, 1), (1, 1)), 0.0),  # the book's im2col padding
        ((2, 0), 1, 7.0),
        ((2, 2), 0, 0.0),
    ]:
        x = values(shape)
        y = np.pad(x, width, 'constant', constant_values=value)
        w = width if isinstance(width, int) else [list(p) for p in width] if isinstance(width[0], tuple) else list(width)
        cases.append({'x': arr(x), 'padWidth': w, 'value': value, 'expected': arr(y)})
    return cases


def join_cases(fn):
    cases = []
    shape_lists = {
        'concat': [
            ([(2, 3), (1, 3)], 0), ([(2, 3), (2, 1), (2, 2)], 1), ([(2, 3), (2, 0)], -1),
            ([(3,), (2,)], 0), ([(2, 1, 3), (2, 2, 3)], 1), ([(2, 3)], 0), ([(0, 2), (0, 2)], 0),
        ],
        'stack': [
            ([(2, 3)] * 3, 0), ([(2, 3)] * 3, 1), ([(2, 3)] * 2, 2), ([(2, 3)] * 2, -1),
            ([(3,), (3,)], 0), ([(), (), ()], 0), ([(0, 2), (0, 2)], 1),
        ],
    }[fn]
    for shapes, axis in shape_lists:
        xs = [values(s) for s in shapes]
        y = np.concatenate(xs, axis=axis) if fn == 'concat' else np.stack(xs, axis=axis)
        cases.append({'xs': [arr(x) for x in xs], 'axis': axis, 'expected': arr(y)})
    return cases


def squeeze_cases():
    cases = []
    for shape, axis in [((1, 3, 1), None), ((1, 3, 1), 0), ((1, 3, 1), -1), ((1, 3, 1), (0, 2)), ((1, 1), None), ((3,), None), ((1, 0, 1), 2)]:
        x = values(shape)
        cases.append({'x': arr(x), 'axis': list(axis) if isinstance(axis, tuple) else axis, 'expected': arr(np.squeeze(x, axis))})
    return cases


def expand_dims_cases():
    cases = []
    for shape, axis in [((3,), 0), ((3,), 1), ((3,), -1), ((3,), -2), ((2, 3), 1), ((2, 3), -3), ((), 0)]:
        x = values(shape)
        cases.append({'x': arr(x), 'axis': axis, 'expected': arr(np.expand_dims(x, axis))})
    return cases


def random_spec(n):
    """One axis of a basic index: an integer, or a slice with start/stop past the ends sometimes."""
    if n > 0 and rng.random() < 0.2:
        return {'index': int(rng.integers(-n, n))}
    bound = lambda: None if rng.random() < 0.3 else int(rng.integers(-n - 2, n + 3))  # noqa: E731
    step = None if rng.random() < 0.3 else int(rng.choice([-3, -2, -1, 1, 2, 3]))
    start, stop = bound(), bound()
    # Mostly order start and stop along the step, so most slices are not empty.
    res = lambda v: v + n if v < 0 else v  # noqa: E731
    if start is not None and stop is not None and rng.random() < 0.8:
        if (step or 1) * (res(stop) - res(start)) < 0:
            start, stop = stop, start
    return {'start': start, 'stop': stop, 'step': step}


def to_python(spec):
    return spec['index'] if 'index' in spec else slice(spec['start'], spec['stop'], spec['step'])


def slice_cases():
    cases = []
    for shape in [(0,), (1,), (5,), (6,), (7,), (3, 4), (4, 1), (0, 3), (2, 3, 4)]:
        for _ in range(16):
            x = values(shape)
            count = int(rng.integers(1, len(shape) + 1))  # fewer specs than axes, sometimes
            specs = [random_spec(n) for n in shape[:count]]
            y = x[tuple(to_python(s) for s in specs)]
            cases.append({'x': arr(x), 'specs': specs, 'expected': arr(y)})
    return cases


def take_cases():
    cases = []
    for shape, indices, axis in [
        ((5, 3), [4, 0, 2], 0),  # x_train[batch_mask]
        ((5, 3), [1, 1, -1], 0),
        ((5, 3), [[0, 1], [2, -1]], 1),
        ((2, 3, 4), [3, -4, 3], 2),
        ((2, 3, 4), [[2, 0]], 1),
        ((2, 3), [5, 0, -1], None),
        ((5, 3), [], 0),
        ((5, 3), 1, 0),
        ((0, 3), [2], 1),
    ]:
        x = values(shape)
        idx = np.array(indices, dtype=np.int64)
        cases.append({'x': arr(x), 'indices': arr(idx), 'axis': axis, 'expected': arr(np.take(x, idx, axis=axis))})
    return cases


def error(op, fn, **args):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the exception itself is the golden value
        return {'op': op, **args, 'type': type(e).__name__, 'message': str(e)}
    raise AssertionError(f'{op} {args} did not raise')


def error_cases():
    z = np.zeros
    return [
        error('reshape', lambda: z(12).reshape(5, 3), shape=[12], newshape=[5, 3]),
        error('reshape', lambda: z(12).reshape(-1, -1), shape=[12], newshape=[-1, -1]),
        error('transpose', lambda: z((2, 3)).transpose(0, 0), shape=[2, 3], axes=[0, 0]),
        error('transpose', lambda: z((2, 3)).transpose(0, 2), shape=[2, 3], axes=[0, 2]),
        error('squeeze', lambda: z((2, 1)).squeeze(0), shape=[2, 1], axis=0),
        error('expandDims', lambda: np.expand_dims(z((2, 3)), 3), shape=[2, 3], axis=3),
        error('expandDims', lambda: np.expand_dims(z((2, 3)), -4), shape=[2, 3], axis=-4),
        error('concat', lambda: np.concatenate([z((2, 3)), z((2, 4))], axis=0), shapes=[[2, 3], [2, 4]], axis=0),
        error('concat', lambda: np.concatenate([z((2, 3)), z(3)]), shapes=[[2, 3], [3]], axis=0),
        error('concat', lambda: np.concatenate([z((2, 3)), z((2, 3))], axis=2), shapes=[[2, 3], [2, 3]], axis=2),
        error('concat', lambda: np.concatenate([]), shapes=[], axis=0),
        error('stack', lambda: np.stack([z((2, 3)), z((3, 2))]), shapes=[[2, 3], [3, 2]], axis=0),
        error('stack', lambda: np.stack([]), shapes=[], axis=0),
        error('stack', lambda: np.stack([z(3), z(3)], axis=2), shapes=[[3], [3]], axis=2),
        error('slice', lambda: z(3)[0, 0], shape=[3], specs=[{'index': 0}, {'index': 0}]),
        error('slice', lambda: z((2, 3))[:, 3], shape=[2, 3], specs=[{'start': None, 'stop': None, 'step': None}, {'index': 3}]),
        error('slice', lambda: z((2, 3))[-3], shape=[2, 3], specs=[{'index': -3}]),
        error('slice', lambda: z(3)[::0], shape=[3], specs=[{'start': None, 'stop': None, 'step': 0}]),
        error('take', lambda: np.take(z((5, 3)), [5], axis=0), shape=[5, 3], indices=[5], axis=0),
        error('take', lambda: np.take(z((5, 3)), [0, -4], axis=1), shape=[5, 3], indices=[0, -4], axis=1),
        error('take', lambda: np.take(z((5, 3)), [0], axis=2), shape=[5, 3], indices=[0], axis=2),
    ]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, '..', '..', 'fixtures', 'shape.json')
    fixture = {
        'source': 'scripts/golden/shape.py (numpy ' + np.__version__ + ')',
        'transpose': transpose_cases(),
        'pad': pad_cases(),
        'concat': join_cases('concat'),
        'stack': join_cases('stack'),
        'squeeze': squeeze_cases(),
        'expandDims': expand_dims_cases(),
        'slice': slice_cases(),
        'take': take_cases(),
        'errors': error_cases(),
    }
    with open(path, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    print('wrote', os.path.relpath(path), ', '.join(f'{len(v)} {k}' for k, v in fixture.items() if isinstance(v, list)))


if __name__ == '__main__':
    main()
