import { defineManifest } from '../../src/widget/schema'

/**
 * `<!-- live: playground dataset=xor hidden=4,2 activation=tanh -->`
 * An offline TensorFlow Playground. Defaults are the Playground's own: 500 points of a
 * noise-free circle, half for training, batches of 10, x₁ x₂ → 4 → 2 → ŷ with tanh,
 * learning rate 0.03. The circle is separated within a few seconds of playing.
 */
export default defineManifest({
  name: 'playground',
  summary:
    'TensorFlow Playground, offline: train a small neural network on a 2-D data set and watch its decision boundary and loss curves.',
  filmstrip: [0, 20, 100, 'converged'],
  params: {
    dataset: {
      type: 'choice',
      default: 'circle',
      choices: ['circle', 'xor', 'gaussian', 'spiral'],
      doc: 'The 2-D classification data set, generated like TensorFlow Playground’s.',
    },
    points: {
      type: 'number',
      default: 500,
      min: 20,
      max: 2000,
      integer: true,
      doc: 'Number of points, training and test together.',
    },
    noise: {
      type: 'number',
      default: 0,
      min: 0,
      max: 50,
      doc: 'Noise in the data, in percent (as in TensorFlow Playground).',
    },
    ratio: {
      type: 'number',
      default: 50,
      min: 10,
      max: 90,
      doc: 'Share of the points used for training, in percent; the rest are test points.',
    },
    batch: {
      type: 'number',
      default: 10,
      min: 1,
      max: 30,
      integer: true,
      doc: 'Mini-batch size: one epoch is ⌈training points / batch⌉ gradient steps on shuffled batches.',
    },
    features: {
      type: 'string',
      default: 'x1,x2',
      maxLength: 80,
      doc: 'Input features, comma-separated among x1, x2, x1^2, x2^2, x1x2, sin(x1), sin(x2); the strip toggles them live.',
    },
    hidden: {
      type: 'string',
      default: '4,2',
      maxLength: 40,
      doc: 'Neurons per hidden layer, comma-separated: 0 to 6 layers of 1 to 8 neurons (empty or 0 = no hidden layer).',
    },
    activation: {
      type: 'choice',
      default: 'tanh',
      choices: ['tanh', 'relu', 'sigmoid', 'linear'],
      doc: 'Activation of the hidden neurons; the output neuron is always tanh, predicting labels ±1.',
    },
    lr: {
      type: 'number',
      default: 0.03,
      min: 0.00001,
      max: 10,
      doc: 'Learning rate of the SGD optimizer (tf.train.sgd).',
    },
    regularization: {
      type: 'choice',
      default: 'none',
      choices: ['none', 'l1', 'l2'],
      doc: 'Penalty on the weights (not the biases): none, L1 (rate × Σ|w|) or L2 (rate × ½Σw²).',
    },
    rate: {
      type: 'number',
      default: 0,
      min: 0,
      max: 10,
      doc: 'Regularisation rate; 0 switches the penalty off.',
    },
    seed: {
      type: 'number',
      default: 1,
      min: 0,
      max: 2147483647,
      integer: true,
      doc: 'Random seed of the data, the train/test split, the initial weights and the batch order.',
    },
    autoplay: {
      type: 'boolean',
      default: true,
      doc: 'Start training when the slide is shown (never when the viewer prefers reduced motion).',
    },
  },
})
