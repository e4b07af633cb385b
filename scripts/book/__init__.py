"""The book's numpy code: the one copy that every Python script of the repository imports.

This is the code of "Deep Learning from Scratch" (ゼロから作るDeep Learning) from
oreilly-japan/deep-learning-from-scratch, written out as the book has it, as far as the golden generators
(`packages/*/scripts/golden/*.py`) and the numpy recipes (`packages/train/scripts/numpy-recipes/`) need it.
Each module is one of the book's files, with its names, comments and constants (BatchNormalization's
10e-7, the 1e-7 of cross_entropy_error and of the optimizers), so it can be read side by side with the book:

  functions.py               common/functions.py    identity_function, step_function, sigmoid,
                                                    sigmoid_grad, relu, softmax, cross_entropy_error
  gradient.py                common/gradient.py     numerical_gradient
  util.py                    common/util.py         smooth_curve, conv_output_size, im2col, col2im
  layers.py                  common/layers.py       Relu, Sigmoid, Affine, SoftmaxWithLoss, Dropout,
                                                    BatchNormalization, Convolution, Pooling
  optimizer.py               common/optimizer.py    SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam
  two_layer_net.py           ch04/two_layer_net.py  TwoLayerNetSigmoid (the book's name: TwoLayerNet)
                             ch05/two_layer_net.py  TwoLayerNet
  multi_layer_net.py         common/multi_layer_net.py         MultiLayerNet
  multi_layer_net_extend.py  common/multi_layer_net_extend.py  MultiLayerNetExtend
  simple_convnet.py          ch07/simple_convnet.py SimpleConvNet

Everything computes in float64, numpy's default (np.zeros, np.random.randn), as dlfs does; the book's
load_mnist casts pixels to float32, but nothing here loads MNIST. One change, needed to run on today's
numpy, is marked `# CHANGED:`: step_function's `dtype=np.int`, removed in numpy 1.24. What no script here
calls is left out (shuffle_dataset, save_params/load_params, the numerical_gradient_1d/_2d helpers).

What stays in the scripts:
- Where a generator wants something other than the book, it subclasses the class here and overrides one
  method next to a comment saying why, so the difference is visible where it is used:
  packages/losses/scripts/golden/losses.py (SoftmaxWithLoss.backward scales by dout and takes one sample) and
  packages/layers/scripts/golden/cnn-layers.py (Pooling counts pad in its output size; Dropout takes draws
  stored in the fixture instead of np.random.rand).
- Book code that one script uses once: ch05/layer_naive.py (basic-layers.py), the §4.2 loss forms
  (losses.py), ch06/optimizer_compare_naive.py's df (optimizers.py), common/trainer.py (the recipes'
  book_trainer.py, which adds an `augment` hook and prints on stderr).

Each script puts the folder above this one (the repository's `scripts/`) on sys.path, relative to its
own file, so it runs from any working directory:

  # packages/<pkg>/scripts/<dir>/x.py: parents[4] is the repository's root
  sys.path.insert(0, str(Path(__file__).resolve().parents[4] / 'scripts'))
  from book.layers import Affine, Relu
"""
