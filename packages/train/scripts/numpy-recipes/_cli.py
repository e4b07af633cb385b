"""Shared command line of the recipes: --data DIR (from export-split.ts), --seed, --epochs, one thread."""
import argparse
import os

# One BLAS thread, as the benchmark: set before numpy is imported (the recipes import this module first).
for _name in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ.setdefault(_name, '1')


def parse_args(description, epochs, extra=None):
    p = argparse.ArgumentParser(description=description)
    p.add_argument('--data', required=True, help='directory written by packages/train/scripts/export-split.ts')
    p.add_argument('--seed', type=int, default=0, help='np.random.seed: weights and mini-batches')
    p.add_argument('--epochs', type=float, default=epochs)
    p.add_argument('--batch-size', type=int, default=100, help='mini-batch size (the book: 100)')
    p.add_argument('--eval-samples', type=int, default=None, help='per-epoch accuracies on the first N samples only')
    if extra is not None:
        extra(p)
    return p.parse_args()
