"""Golden values for src/utils/smooth-curve.ts (smoothCurve, kaiser, i0), with numpy as the oracle.

Run from packages/train:  python3 scripts/golden/utils.py  → fixtures/utils.json

smooth_curve is the book's common/util.py (oreilly-japan/deep-learning-from-scratch), unchanged,
imported from the repository's one copy of the book's code (scripts/book/util.py).
The inputs (stored in the JSON too; the tests read only the JSON) are loss-like curves: a decaying
exponential plus noise, as a training run records, at lengths from the minimum the book's slicing
supports (11) up; plus a step and a curve with large values. shuffle_dataset has no golden values:
numpy's permutation stream is not ours, so its tests check properties instead.
"""
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / 'scripts'))  # the repository's scripts/book/
from book.util import smooth_curve  # noqa: E402


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def main():
    rng = np.random.RandomState(11)
    curves = {}
    for n in (11, 12, 13, 30, 200):
        i = np.arange(n)
        curves['loss%d' % n] = 2.3 * np.exp(-i / (n / 4)) + 0.1 + 0.05 * rng.randn(n)
    curves['step'] = np.r_[np.zeros(10), np.ones(10)]
    curves['large'] = 1e6 * rng.rand(25) - 5e5

    out = {
        'i0': [{'x': x, 'y': float(np.i0(x))} for x in (0.0, 1e-3, 0.5, 1.0, 2.0, -2.0, 5.0, 10.0, 30.0, 100.0)],
        'kaiser': [{'M': M, 'beta': beta, 'w': floats(np.kaiser(M, beta))}
                   for M, beta in ((11, 2.0), (0, 2.0), (1, 2.0), (2, 2.0), (5, 0.0), (12, 8.6), (51, 14.0))],
        'smoothCurve': [{'name': name, 'x': floats(x), 'y': floats(smooth_curve(x))} for name, x in curves.items()],
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, '..', '..', 'fixtures', 'utils.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print('wrote', os.path.normpath(path))


if __name__ == '__main__':
    main()
