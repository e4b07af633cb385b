"""Golden values for the chapter 6 optimizers: src/optimizers/{sgd,momentum,nesterov,adagrad,rmsprop,adam}.ts,
with numpy as the oracle.

Run from packages/train:  python3 scripts/golden/optimizers.py  → fixtures/optimizers.json

The oracle is the book's common/optimizer.py (oreilly-japan/deep-learning-from-scratch, current
version), unchanged, imported from the repository's one copy of the book's code (scripts/book/optimizer.py).
NOTE: its Nesterov updates v FIRST, then the params with the new v; older copies of the file (and many
forks) move the params first with the old v. We follow the current file.

Two sections:
- "updates": each optimizer (defaults, then other options) runs 5 updates on the same fixed random
  params, with fresh random grads each step, over several keys and shapes (0-d to 4-D, one grad with
  exact zeros so AdaGrad/RMSprop/Adam divide by the bare 1e-7). Stored once: the initial params and each
  step's grads; per case: the params after each step and the optimizer's state (v, h, m, iter) at the end.
- "toy": ch06/optimizer_compare_naive.py: f(x, y) = x²/20 + y² (book eq. 6.2) from (-7, 2), 30 updates
  with the script's learning rates (SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3); the script has no
  Nesterov or RMSprop, so we add them with lr 0.1. Stored: the script's x_history/y_history (the point
  BEFORE each update) and the point after the 30th update.
Options are stored with the TypeScript names (decayRate); the book's keyword is decay_rate.
"""
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / 'scripts'))  # the repository's scripts/book/
from book.optimizer import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop  # noqa: E402


# ---- the book's ch06/optimizer_compare_naive.py (plotting left out) ----
def df(x, y):
    return x / 10.0, 2.0*y


CLASSES = {'SGD': SGD, 'Momentum': Momentum, 'Nesterov': Nesterov, 'AdaGrad': AdaGrad, 'RMSprop': RMSprop, 'Adam': Adam}
BOOK_KWARGS = {'decayRate': 'decay_rate'}  # TypeScript option name → the book's keyword
STATE = {'SGD': [], 'Momentum': ['v'], 'Nesterov': ['v'], 'AdaGrad': ['h'], 'RMSprop': ['h'], 'Adam': ['m', 'v']}


def make(name, options):
    return CLASSES[name](**{BOOK_KWARGS.get(k, k): v for k, v in options.items()})


def arr(x):
    x = np.asarray(x, dtype=np.float64)
    return {'shape': list(x.shape), 'data': [float(v) for v in x.ravel()]}


def arrs(d):
    return {k: arr(v) for k, v in d.items()}


def updates_cases():
    rng = np.random.RandomState(6)
    # Keys and shapes as networks use them: 2-D weights, 1-D biases, a 4-D conv filter, a 0-d scalar.
    shapes = {'W1': (3, 4), 'b1': (4,), 'W2': (2, 3, 2, 2), 'gamma1': (5,), 's': ()}
    params0 = {k: np.array(rng.randn(*s)) for k, s in shapes.items()}  # np.array: randn() alone gives a float
    grads_by_step = []
    for step in range(5):
        g = {k: np.array(rng.randn(*s) * 0.5) for k, s in shapes.items()}
        if step == 0:
            g['b1'][[0, 2]] = 0.0  # exact zeros: the 1e-7 alone keeps AdaGrad/RMSprop/Adam finite
        grads_by_step.append(g)

    configs = [
        ('SGD', {}), ('SGD', {'lr': 0.1}),
        ('Momentum', {}), ('Momentum', {'lr': 0.05, 'momentum': 0.5}),
        ('Nesterov', {}), ('Nesterov', {'lr': 0.05, 'momentum': 0.8}),
        ('AdaGrad', {}), ('AdaGrad', {'lr': 0.5}),
        ('RMSprop', {}), ('RMSprop', {'lr': 0.05, 'decayRate': 0.9}),
        ('Adam', {}), ('Adam', {'lr': 0.01, 'beta1': 0.8, 'beta2': 0.99}),
    ]
    cases = []
    for name, options in configs:
        opt = make(name, options)
        params = {k: v.copy() for k, v in params0.items()}
        steps = []
        for g in grads_by_step:
            opt.update(params, {k: v.copy() for k, v in g.items()})
            steps.append(arrs(params))
        state = {s: arrs(getattr(opt, s)) for s in STATE[name]}
        case = {'name': name, 'options': options, 'params': steps, 'state': state}
        if name == 'Adam':
            case['iter'] = opt.iter
        cases.append(case)
    # The same initial params and grads for every case; case['params'][i] is the params after step i.
    return {'params': arrs(params0), 'grads': [arrs(g) for g in grads_by_step], 'cases': cases}


def toy_cases():
    lrs = {'SGD': 0.95, 'Momentum': 0.1, 'AdaGrad': 1.5, 'Adam': 0.3, 'Nesterov': 0.1, 'RMSprop': 0.1}
    init_pos = (-7.0, 2.0)
    cases = []
    for name, lr in lrs.items():
        optimizer = make(name, {'lr': lr})
        params = {}
        params['x'], params['y'] = init_pos[0], init_pos[1]
        grads = {}
        x_history, y_history = [], []
        for i in range(30):
            x_history.append(float(params['x']))
            y_history.append(float(params['y']))
            grads['x'], grads['y'] = df(params['x'], params['y'])
            optimizer.update(params, grads)
        cases.append({'name': name, 'lr': lr, 'xHistory': x_history, 'yHistory': y_history,
                      'final': [float(params['x']), float(params['y'])]})
    return cases


def main():
    out = {'updates': updates_cases(), 'toy': toy_cases()}
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, '..', '..', 'fixtures', 'optimizers.json')
    with open(path, 'w') as f:
        json.dump(out, f)
        f.write('\n')
    print('wrote', os.path.normpath(path))


if __name__ == '__main__':
    main()
