"""Golden values for src/trainer.ts: the book's common/trainer.py bookkeeping, with Python as the oracle.

Run from packages/train:  python3 scripts/golden/trainer.py  → fixtures/trainer.json

Two sections:
- "schedule": for several (train_size, mini_batch_size, epochs), the book's Trainer arithmetic run as written:
  iter_per_epoch = max(train_size / mini_batch_size, 1), max_iter = int(epochs * iter_per_epoch), and the
  0-based iterations at which train_step evaluates (`current_iter % iter_per_epoch == 0`). Where
  iter_per_epoch is fractional the book's test misses boundaries; the tests check our documented rule there.
- "pyStr": str(float) for the numbers the verbose lines print (accuracies, losses), and the book's epoch
  line for two of them, so formatPyFloat can be compared with what Python prints.
"""
import json
import os


# ---- the bookkeeping of the book's common/trainer.py (network and optimizer left out) ----
class TrainerSchedule:
    def __init__(self, train_size, mini_batch_size=100, epochs=20):
        self.train_size = train_size
        self.batch_size = mini_batch_size
        self.iter_per_epoch = max(self.train_size / mini_batch_size, 1)
        self.max_iter = int(epochs * self.iter_per_epoch)
        self.current_iter = 0
        self.current_epoch = 0
        self.evaluated_at = []

    def train_step(self):
        # (batch sampling, gradient, update and loss left out)
        if self.current_iter % self.iter_per_epoch == 0:
            self.current_epoch += 1
            self.evaluated_at.append(self.current_iter)
        self.current_iter += 1

    def train(self):
        for i in range(self.max_iter):
            self.train_step()


CASES = [
    (500, 100, 3),      # integer iter_per_epoch
    (8000, 100, 20),    # the ch05 recipe on the bundled split (arithmetic only)
    (1000, 100, 2.5),   # fractional epochs
    (60, 100, 4),       # train_size < batch: iter_per_epoch = 1
    (300, 128, 4),      # fractional iter_per_epoch: the book evaluates only at 0
    (8000, 128, 3),     # 62.5 iterations per epoch (arithmetic only: too long a run for a unit test)
    (1000, 80, 3),      # 12.5 iterations per epoch: the book evaluates at 0 and 25 only
    (300, 100, 0),      # no training at all
]

schedule = []
for train_size, batch, epochs in CASES:
    t = TrainerSchedule(train_size, batch, epochs)
    t.train()
    schedule.append({
        'trainSize': train_size, 'miniBatchSize': batch, 'epochs': epochs,
        'iterPerEpoch': t.iter_per_epoch, 'maxIter': t.max_iter,
        'bookEvaluatedAt': t.evaluated_at,
        'integerIterPerEpoch': float(t.iter_per_epoch).is_integer(),
    })

NUMBERS = [1.0, 0.1, 0.09, 0.0, 0.5, 0.9375, 2.302585092994046, 0.12345678901234566, 1e-4, 1.5e-05,
           0.00012, 123456.0, 1e16, 1.2345e17, 1e-300, -0.25, 2.0 / 3.0, 0.30000000000000004]
py_str = [{'x': x, 'str': str(x)} for x in NUMBERS]
py_str += [{'x': v, 'str': s} for v, s in [('NaN', str(float('nan'))), ('Infinity', str(float('inf'))),
                                            ('-Infinity', str(float('-inf')))]]

epoch_lines = []
for epoch, train_acc, test_acc in [(1, 0.1, 0.09), (20, 1.0, 0.9375)]:
    epoch_lines.append({'epoch': epoch, 'trainAcc': train_acc, 'testAcc': test_acc,
                        'line': "=== epoch:" + str(epoch) + ", train acc:" + str(train_acc) + ", test acc:" + str(test_acc) + " ==="})

out = {'schedule': schedule, 'pyStr': py_str, 'epochLines': epoch_lines}
here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, '..', '..', 'fixtures', 'trainer.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print('wrote', os.path.normpath(path))
