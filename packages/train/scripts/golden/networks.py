"""Golden values for the networks of src/networks/ (TwoLayerNet, TwoLayerNetSigmoid, MultiLayerNet,
MultiLayerNetExtend with Batch Normalization, SimpleConvNet), with numpy as the oracle.

Run from packages/train:  python3 scripts/golden/networks.py  → fixtures/networks.json

The oracle is the book's code (oreilly-japan/deep-learning-from-scratch): common/functions.py,
common/gradient.py, common/util.py, common/layers.py, ch04/two_layer_net.py, ch05/two_layer_net.py,
common/multi_layer_net.py, common/multi_layer_net_extend.py and ch07/simple_convnet.py, imported unchanged
from the repository's one copy of it (scripts/book/). Its Pooling ignores pad in its output size (dlfs's
counts it; packages/layers/scripts/golden/cnn-layers.py overrides that), but the nets here pool without pad,
where the two agree, so the book's class is used as it is.
The book's constructors draw their weights with np.random.randn; each case then overwrites every array in
place (`net.params[key][...] = value`, which the layers see, since they hold the same arrays) with values
from a seeded generator. Those values go into the JSON, and the TypeScript test assigns them the same way.
MultiLayerNetExtend runs with use_dropout=False: Dropout's masks are random, so there is nothing to compare.

Each case records the network's outputs in this order, since Batch Normalization's running statistics move
on every training-mode forward: loss (training mode), gradient, predict / loss / accuracy in inference
mode, then numerical_gradient. Weights and inputs are drawn so that no ReLU input lies within 1e-3 of 0
and no two values in a pooling window are within 1e-3 of each other (a kink would make numerical and
backprop gradients disagree for reasons that are not bugs).
"""
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / 'scripts'))  # the repository's scripts/book/
from book.layers import BatchNormalization, Dropout, Pooling, Relu  # noqa: E402
from book.multi_layer_net import MultiLayerNet  # noqa: E402
from book.multi_layer_net_extend import MultiLayerNetExtend  # noqa: E402
from book.simple_convnet import SimpleConvNet  # noqa: E402
from book.two_layer_net import TwoLayerNet, TwoLayerNetSigmoid  # noqa: E402
from book.util import im2col  # noqa: E402


# ---- the cases ----
def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {'shape': list(a.shape), 'data': [float(v) for v in a.reshape(-1)]}


def arrs(d):
    return {k: arr(v) for k, v in d.items()}


def one_hot(t, classes):
    out = np.zeros((t.size, classes))
    out[np.arange(t.size), t] = 1
    return out


def kink_free(net, x, train_flg):
    """No ReLU input within 1e-3 of 0 and no near-tie in a pooling window (checked on a copy: BN moves)."""
    import copy
    if not hasattr(net, 'layers'):
        return True  # the ch04 net: sigmoid and softmax only, smooth everywhere
    net = copy.deepcopy(net)
    for layer in net.layers.values():
        if isinstance(layer, Relu) and np.min(np.abs(x)) < 1e-3:
            return False
        if isinstance(layer, Pooling):
            col = np.sort(im2col(x, layer.pool_h, layer.pool_w, layer.stride, layer.pad).reshape(-1, layer.pool_h * layer.pool_w), axis=1)
            if np.min(col[:, -1] - col[:, -2]) < 1e-3:
                return False
        x = layer.forward(x, train_flg) if isinstance(layer, (BatchNormalization, Dropout)) else layer.forward(x)
    return True


def set_params(net, rng, scale):
    """Overwrite every parameter in place: weights scale·N(0, 1), biases 0.1·N(0, 1), gamma 1 + 0.1·N(0, 1)."""
    values = {}
    for key, p in net.params.items():
        if key.startswith('W'):
            v = scale * rng.standard_normal(p.shape)
        elif key.startswith('gamma'):
            v = 1 + 0.1 * rng.standard_normal(p.shape)
        else:
            v = 0.1 * rng.standard_normal(p.shape)
        p[...] = v
        values[key] = v.copy()
    return values


def make_case(name, build, options, x_shape, classes, scale, trainable_flg):
    """Try seeds until the weights and data are kink-free, then record the net's outputs in order."""
    for seed in range(100):
        np.random.seed(seed)  # the book's constructors draw their own weights first; we overwrite them
        net = build()
        rng = np.random.default_rng(seed)
        params = set_params(net, rng, scale)
        x = rng.standard_normal(x_shape)
        t = rng.integers(0, classes, x_shape[0])
        if kink_free(net, x, True):
            break
    else:
        raise RuntimeError(f'{name}: no kink-free seed')
    t1 = one_hot(t, classes)
    case = {'name': name, 'options': options, 'params': arrs(params), 'x': arr(x), 't': [int(v) for v in t], 'tOneHot': arr(t1)}
    if trainable_flg:  # MultiLayerNetExtend: training-mode loss, gradient, then inference, then numerical
        case['lossTrain'] = float(net.loss(x, t1, train_flg=True))
        case['grads'] = arrs(net.gradient(x, t1))
        case['predict'] = arr(net.predict(x, train_flg=False))
        case['loss'] = float(net.loss(x, t1, train_flg=False))
    else:
        case['lossTrain'] = float(net.loss(x, t1))
        case['grads'] = arrs(net.gradient(x, t1))
        case['predict'] = arr(net.predict(x))
        case['loss'] = float(net.loss(x, t1))
    case['accuracy'] = float(net.accuracy(x, t1))
    case['numericalGrads'] = arrs(net.numerical_gradient(x, t1))
    if isinstance(net, TwoLayerNet):  # SoftmaxWithLoss's index-label path
        case['lossIndex'] = float(net.loss(x, t))
        case['gradsIndex'] = arrs(net.gradient(x, t))
    return case


def main():
    cases = [
        make_case('TwoLayerNet 5-4-3, batch 4', lambda: TwoLayerNet(5, 4, 3),
                  {'inputSize': 5, 'hiddenSize': 4, 'outputSize': 3}, (4, 5), 3, 0.5, False),
        make_case('TwoLayerNetSigmoid 5-4-3, batch 4', lambda: TwoLayerNetSigmoid(5, 4, 3),
                  {'inputSize': 5, 'hiddenSize': 4, 'outputSize': 3}, (4, 5), 3, 0.5, False),
        make_case('MultiLayerNet 5-[4,3]-3 relu, weight decay 0.1', lambda: MultiLayerNet(5, [4, 3], 3, weight_decay_lambda=0.1),
                  {'inputSize': 5, 'hiddenSizeList': [4, 3], 'outputSize': 3, 'weightDecayLambda': 0.1}, (4, 5), 3, 0.7, False),
        make_case('MultiLayerNet 5-[4,3]-3 sigmoid', lambda: MultiLayerNet(5, [4, 3], 3, activation='sigmoid', weight_init_std='sigmoid'),
                  {'inputSize': 5, 'hiddenSizeList': [4, 3], 'outputSize': 3, 'activation': 'sigmoid', 'weightInitStd': 'sigmoid'}, (4, 5), 3, 0.7, False),
        make_case('MultiLayerNetExtend 5-[4,3]-3 batchnorm, weight decay 0.05',
                  lambda: MultiLayerNetExtend(5, [4, 3], 3, weight_decay_lambda=0.05, use_batchnorm=True),
                  {'inputSize': 5, 'hiddenSizeList': [4, 3], 'outputSize': 3, 'weightDecayLambda': 0.05, 'useBatchnorm': True},
                  (4, 5), 3, 0.7, True),
        make_case('SimpleConvNet 1x6x6, 2 filters 3x3 pad 1, hidden 4, 3 classes',
                  lambda: SimpleConvNet((1, 6, 6), {'filter_num': 2, 'filter_size': 3, 'pad': 1, 'stride': 1}, 4, 3),
                  {'inputDim': [1, 6, 6], 'convParam': {'filterNum': 2, 'filterSize': 3, 'pad': 1, 'stride': 1}, 'hiddenSize': 4, 'outputSize': 3},
                  (3, 1, 6, 6), 3, 0.5, False),
    ]
    out = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'networks.json')
    with open(out, 'w') as f:
        json.dump({'generator': 'scripts/golden/networks.py', 'numpy': np.__version__, 'cases': cases}, f)
        f.write('\n')
    print(f'wrote {len(cases)} cases to {os.path.normpath(out)}')


if __name__ == '__main__':
    main()
