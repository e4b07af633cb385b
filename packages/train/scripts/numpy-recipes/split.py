"""Loads the split written by scripts/export-split.ts: the same digits dlfs's loadMnist() trains on.

As the book's load_mnist(normalize=True, one_hot_label=...): pixels / 255 (float64 here, as dlfs; the book
casts to float32 first), images (N, 784) or, with flatten=False, (N, 1, 28, 28); labels (N,) or one-hot (N, 10).
"""
import os

import numpy as np


def _one_hot(t):
    T = np.zeros((t.size, 10))
    T[np.arange(t.size), t] = 1
    return T


def load_split(directory, flatten=True, one_hot_label=False):
    """((x_train, t_train), (x_test, t_test)) from DIR/{x_train,t_train,x_test,t_test}.npy."""
    def read(name):
        return np.load(os.path.join(directory, name + '.npy'))

    out = []
    for part in ('train', 'test'):
        x = read('x_' + part).astype(np.float64) / 255.0
        t = read('t_' + part).astype(np.int64)
        if not flatten:
            x = x.reshape(-1, 1, 28, 28)
        if one_hot_label:
            t = _one_hot(t)
        out.append((x, t))
    return tuple(out)
