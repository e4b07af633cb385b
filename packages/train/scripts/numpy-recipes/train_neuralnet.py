"""The book's ch05/train_neuralnet.py on the bundled split: TwoLayerNet 784-50-10 (ReLU, weight init std 0.01),
SGD lr 0.1, batch 100 sampled with replacement, `--epochs` passes (20 → 1,600 iterations on 8,000 digits;
the book runs 10,000 iterations on 60,000). Prints one epoch line per epoch on stderr, then one JSON object
on stdout: the same fields as `dlfs-train --json` (trainAcc, testAcc, trainAccList, testAccList, seconds).

  python3 train_neuralnet.py --data DIR --seed 1 [--epochs 20] [--batch-size 100]
"""
import json
import sys
import time
from pathlib import Path

from _cli import parse_args

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / 'scripts'))  # the repository's scripts/book/
from book.two_layer_net import TwoLayerNet  # noqa: E402
from split import load_split  # noqa: E402

args = parse_args(__doc__, epochs=20)
np.random.seed(args.seed)
start = time.perf_counter()

(x_train, t_train), (x_test, t_test) = load_split(args.data, flatten=True, one_hot_label=True)

network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

train_size = x_train.shape[0]
batch_size = args.batch_size  # the book: 100
learning_rate = 0.1
iter_per_epoch = max(train_size / batch_size, 1)
iters_num = int(args.epochs * iter_per_epoch)  # the book: iters_num = 10000

train_loss_list = []
train_acc_list = []
test_acc_list = []

for i in range(iters_num):
    batch_mask = np.random.choice(train_size, batch_size)
    x_batch = x_train[batch_mask]
    t_batch = t_train[batch_mask]

    # 勾配
    grad = network.gradient(x_batch, t_batch)

    # 更新
    for key in ('W1', 'b1', 'W2', 'b2'):
        network.params[key] -= learning_rate * grad[key]

    loss = network.loss(x_batch, t_batch)
    train_loss_list.append(loss)

    if i % iter_per_epoch == 0:
        train_acc = network.accuracy(x_train, t_train)
        test_acc = network.accuracy(x_test, t_test)
        train_acc_list.append(train_acc)
        test_acc_list.append(test_acc)
        print(train_acc, test_acc, file=sys.stderr, flush=True)

# After the last step (the book stops at its last epoch line; dlfs-train reports these two).
train_acc = network.accuracy(x_train, t_train)
test_acc = network.accuracy(x_test, t_test)
print(json.dumps({
    'net': 'two-layer', 'impl': 'numpy', 'numpy': np.__version__, 'seed': args.seed, 'epochs': args.epochs,
    'iterations': iters_num, 'trainAcc': train_acc, 'testAcc': test_acc,
    'loss': float(np.mean(train_loss_list[-int(np.ceil(iter_per_epoch)):])) if train_loss_list else None,
    'trainAccList': train_acc_list, 'testAccList': test_acc_list, 'seconds': time.perf_counter() - start,
}))
