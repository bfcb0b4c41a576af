import { defineManifest } from '../../src/widget/schema'

/**
 * `<!-- live: overfitting degree=12 lambda=0.01 -->`
 * Defaults: 40 noisy samples of sin(1.5πx), half for training: degree 1-3 underfit, the test
 * error is lowest around degree 5-6, and from degree ~10 the fit chases the noise (test MSE up
 * by orders of magnitude while the train MSE keeps falling).
 */
export default defineManifest({
  name: 'overfitting',
  summary:
    'Polynomial regression of adjustable degree on a train/test split: the fit, and train and test error against degree (underfitting, sweet spot, overfitting), with L2 regularisation.',
  filmstrip: [1, 5, 15],
  params: {
    degree: {
      type: 'number',
      default: 3,
      min: 1,
      max: 15,
      integer: true,
      doc: 'Degree of the fitted polynomial (the slider and the + and - keys change it live).',
    },
    function: {
      type: 'choice',
      default: 'sine',
      choices: ['sine', 'cubic', 'runge'],
      doc: 'True function the data are drawn from on [-1, 1]: sin(1.5πx), 2x³ + 0.5x² - 1.5x, or Runge 1/(1 + 25x²).',
    },
    points: {
      type: 'number',
      default: 40,
      min: 6,
      max: 400,
      integer: true,
      doc: 'Number of samples, train and test together (x uniform in [-1, 1]).',
    },
    noise: {
      type: 'number',
      default: 0.15,
      min: 0,
      max: 2,
      doc: 'Standard deviation of the Gaussian noise added to y.',
    },
    ratio: {
      type: 'number',
      default: 0.5,
      min: 0.1,
      max: 0.9,
      doc: 'Share of the samples used for training; the rest is the test set.',
    },
    lambda: {
      type: 'number',
      default: 0,
      min: 0,
      max: 10,
      doc: 'L2 regularisation strength λ in (XᵀX + λI)w = Xᵀy, constant term unpenalised (0 = none; the slider is log-scaled from 1e-6).',
    },
    seed: {
      type: 'number',
      default: 42,
      min: 0,
      max: 2147483647,
      integer: true,
      doc: 'Random seed of the samples and the split; the "new data" button draws another one.',
    },
  },
})
