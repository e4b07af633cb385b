"""The book's ch07/train_convnet.py on the bundled split: SimpleConvNet (30 filters 5×5, hidden 100, weight
init std 0.01), Adam lr 0.001, batch 100 (or --batch-size), through the book's Trainer (evaluate_sample_num_per_epoch 1000, as
the book, unless --eval-samples). Prints the Trainer's epoch lines on stderr, then one JSON object on stdout
with the same fields as `dlfs-train --json` (trainAcc on the evaluation sample, testAcc on all test digits).

  python3 train_convnet.py --data DIR --seed 1 [--epochs 20] [--batch-size 100] [--eval-samples 1000] [--shift 2]

--shift K: data augmentation (book §8.1.3), each training image moved by whole pixels dy, dx drawn from
-K..K (np.random, after the batch), zeros shifted in: what `dlfs-train --shift K` does with its own generator.
"""
import json
import sys
import time
from pathlib import Path

from _cli import parse_args

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / 'scripts'))  # the repository's scripts/book/
from book.simple_convnet import SimpleConvNet  # noqa: E402
from book_trainer import Trainer  # noqa: E402
from split import load_split  # noqa: E402

args = parse_args(__doc__, epochs=20, extra=lambda p: p.add_argument('--shift', type=int, default=0, help='data augmentation: max pixels moved'))
eval_samples = 1000 if args.eval_samples is None else args.eval_samples
np.random.seed(args.seed)
start = time.perf_counter()

# 処理に時間のかかる場合はデータを削減 (the book's comment; we keep all 8,000 / 2,000)
(x_train, t_train), (x_test, t_test) = load_split(args.data, flatten=False)

network = SimpleConvNet(input_dim=(1,28,28),
                        conv_param = {'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1},
                        hidden_size=100, output_size=10, weight_init_std=0.01)

def random_shift(x, k=args.shift):
    """x (N, C, H, W) → each image moved by (dy, dx) in -k..k, zero-filled (dlfs: utils/random-shift.ts)."""
    out = np.zeros_like(x)
    H, W = x.shape[2:]
    for n, (dy, dx) in enumerate(np.random.randint(-k, k + 1, (x.shape[0], 2))):
        out[n, :, max(dy, 0):H + min(dy, 0), max(dx, 0):W + min(dx, 0)] = x[n, :, max(-dy, 0):H - max(dy, 0), max(-dx, 0):W - max(dx, 0)]
    return out


trainer = Trainer(network, x_train, t_train, x_test, t_test,
                  epochs=args.epochs, mini_batch_size=args.batch_size,
                  optimizer='Adam', optimizer_param={'lr': 0.001},
                  evaluate_sample_num_per_epoch=eval_samples,
                  augment=random_shift if args.shift > 0 else None)
trainer.train()

test_acc = network.accuracy(x_test, t_test)
train_acc = network.accuracy(x_train[:eval_samples], t_train[:eval_samples])
print(json.dumps({
    'net': 'simple-conv', 'impl': 'numpy', 'numpy': np.__version__, 'seed': args.seed, 'epochs': args.epochs, 'batchSize': args.batch_size, 'shift': args.shift,
    'evalSamples': eval_samples, 'iterations': trainer.max_iter, 'trainAcc': train_acc, 'testAcc': test_acc,
    'trainAccList': trainer.train_acc_list, 'testAccList': trainer.test_acc_list,
    'seconds': time.perf_counter() - start,
}))
