import { defineManifest } from '../../src/widget/schema'

/**
 * `<!-- live: gradient-descent lr=0.1 momentum=0.9 -->`
 * Defaults: 40 noisy points around y = 1.5x + 0.5, descent from (a, b) = (-2, 3), which
 * converges in about 270 steps (4-5 s at 60 steps/s). Above lr ≈ 0.44 it diverges.
 */
export default defineManifest({
  name: 'gradient-descent',
  summary:
    'Fit a line y = ax + b by gradient descent on the MSE: data and fit beside the loss landscape with the descent path.',
  filmstrip: [0, 10, 100],
  params: {
    mode: {
      type: 'choice',
      default: 'single',
      choices: ['single', 'compare-lr', 'optimizers', 'batches'],
      doc: '`single`: one descent with a live η slider; `compare-lr`: several learning rates side by side; `optimizers`: SGD, momentum and Adam on a 2-D loss with a local minimum, a saddle and a plateau; `batches`: full-batch, mini-batch and stochastic descent.',
    },
    rates: {
      type: 'string',
      default: '0.01,0.1,0.4,0.5',
      maxLength: 60,
      doc: 'compare-lr mode: up to 4 comma-separated learning rates, each in (0, 2]; each path is labelled with its regime (too small, good, oscillates, diverges).',
    },
    lr: {
      type: 'number',
      default: 0.1,
      min: 0.0001,
      max: 2,
      doc: 'Learning rate η (the step size); the slider changes it live, on a log scale. Also the rate of the optimizers and batches modes.',
    },
    momentum: {
      type: 'number',
      default: 0,
      min: 0,
      max: 0.99,
      doc: 'Momentum α: 0 is plain gradient descent (tf.train.sgd), above 0 uses tf.train.momentum. In optimizers mode, the momentum path uses α (0.9 when 0).',
    },
    steps: {
      type: 'number',
      default: 1000,
      min: 1,
      max: 20000,
      integer: true,
      doc: 'Maximum number of optimizer steps before the descent stops (not used in batches mode: see epochs).',
    },
    speed: {
      type: 'number',
      default: 60,
      min: 1,
      max: 2000,
      doc: 'Optimizer steps per second while playing (batches mode: data points per second).',
    },
    autoplay: {
      type: 'boolean',
      default: true,
      doc: 'Start descending when the slide is shown (never when the viewer prefers reduced motion).',
    },
    a0: {
      type: 'number',
      default: -2,
      min: -10,
      max: 10,
      doc: 'Initial slope a₀ of the line.',
    },
    b0: {
      type: 'number',
      default: 3,
      min: -10,
      max: 10,
      doc: 'Initial intercept b₀ of the line.',
    },
    slope: {
      type: 'number',
      default: 1.5,
      min: -10,
      max: 10,
      doc: 'Slope of the true line the data are drawn around.',
    },
    intercept: {
      type: 'number',
      default: 0.5,
      min: -10,
      max: 10,
      doc: 'Intercept of the true line the data are drawn around.',
    },
    points: {
      type: 'number',
      default: 40,
      min: 5,
      max: 500,
      integer: true,
      doc: 'Number of data points (x uniform in [0, 2]).',
    },
    noise: {
      type: 'number',
      default: 0.3,
      min: 0,
      max: 5,
      doc: 'Standard deviation of the Gaussian noise added to y.',
    },
    x0: {
      type: 'number',
      default: -2.75,
      min: -3.5,
      max: 3.5,
      doc: 'optimizers mode: start x of the three optimizers (the default starts on the plateau above the local minimum).',
    },
    y0: {
      type: 'number',
      default: 2.5,
      min: -3.5,
      max: 3.5,
      doc: 'optimizers mode: start y of the three optimizers.',
    },
    jitter: {
      type: 'number',
      default: 0,
      min: 0,
      max: 5,
      doc: 'optimizers mode: standard deviation of seeded Gaussian noise added to every gradient, as in SGD on small batches.',
    },
    batch: {
      type: 'number',
      default: 8,
      min: 2,
      max: 100,
      integer: true,
      doc: 'batches mode: size of the mini-batches (full batch uses every point, stochastic one point per step).',
    },
    epochs: {
      type: 'number',
      default: 15,
      min: 1,
      max: 200,
      integer: true,
      doc: 'batches mode: number of passes over the data, the same for the three descents.',
    },
    seed: {
      type: 'number',
      default: 42,
      min: 0,
      max: 2147483647,
      integer: true,
      doc: 'Random seed of the data, the shuffling and the gradient noise: the same seed always gives the same run.',
    },
  },
})
