import { defineManifest } from '../../src/widget/schema'

/**
 * `<!-- live: digits hidden=32 activation=relu -->`
 * Defaults: 196 → 32 ReLU → 10 softmax trained by SGD (η = 0.5, batches of 32) on 1,500 bundled
 * MNIST digits (14x14); it passes 85 % test accuracy within about 100 steps (2 s at 50 steps/s)
 * and levels off near 90 % while the training accuracy climbs to 100 %: overfitting, live.
 */
export default defineManifest({
  name: 'digits',
  summary:
    'A fully connected network trained live on handwritten MNIST digits: accuracy and loss curves, test confusion matrix, first-layer weights, and a pad to draw a digit and see its prediction.',
  filmstrip: [0, 20, 100, 'converged'],
  params: {
    hidden: {
      type: 'number',
      default: 32,
      min: 1,
      max: 128,
      integer: true,
      doc: 'Neurons in the hidden layer (the network is 196 → hidden → 10).',
    },
    activation: {
      type: 'choice',
      default: 'relu',
      choices: ['relu', 'sigmoid', 'tanh'],
      doc: 'Activation function of the hidden layer.',
    },
    optimizer: {
      type: 'choice',
      default: 'sgd',
      choices: ['sgd', 'adam'],
      doc: 'Optimizer: plain mini-batch gradient descent (tf.train.sgd) or Adam (tf.train.adam).',
    },
    lr: {
      type: 'number',
      default: 0.5,
      min: 0.00001,
      max: 10,
      doc: 'Learning rate η (try 0.5 with sgd, 0.005 with adam).',
    },
    batch: {
      type: 'number',
      default: 32,
      min: 1,
      max: 1500,
      integer: true,
      doc: 'Mini-batch size: digits per gradient step.',
    },
    steps: {
      type: 'number',
      default: 1500,
      min: 1,
      max: 50000,
      integer: true,
      doc: 'Number of mini-batch steps before training stops.',
    },
    speed: {
      type: 'number',
      default: 50,
      min: 1,
      max: 2000,
      doc: 'Mini-batch steps per second while playing (fewer if the machine cannot keep up).',
    },
    evalEvery: {
      type: 'number',
      default: 10,
      min: 1,
      max: 1000,
      integer: true,
      doc: 'Measure accuracy and loss on the test set (and on 500 training digits) every this many steps.',
    },
    samples: {
      type: 'number',
      default: 1500,
      min: 10,
      max: 1500,
      integer: true,
      doc: 'Training digits used, balanced across classes (fewer digits overfit sooner); the test set is always 500 digits.',
    },
    panel: {
      type: 'choice',
      default: 'curves',
      choices: ['curves', 'confusion', 'weights'],
      doc: 'Panel shown beside the drawing pad when the widget is too narrow for all of them (a menu switches it).',
    },
    autoplay: {
      type: 'boolean',
      default: true,
      doc: 'Start training when the slide is shown (never when the viewer prefers reduced motion).',
    },
    seed: {
      type: 'number',
      default: 1,
      min: 0,
      max: 2147483647,
      integer: true,
      doc: 'Random seed of the initial weights and of the mini-batch order: the same seed always trains the same way.',
    },
  },
})
