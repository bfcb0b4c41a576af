import { defineManifest } from 'livedeck/widget'

/**
 * `<!-- live: logistic spread=1.2 lr=0.5 -->`
 * Defaults: two clouds that overlap a little, so the fit ends near 90 % accuracy, not 100 %.
 */
export default defineManifest({
  name: 'logistic',
  summary: 'Logistic regression on two classes of 2-D points, trained by gradient descent: the decision line, the probability map and the loss.',
  // the snapshots a handout (`livedeck build --pdf --handout`) shows side by side
  filmstrip: [0, 10, 'converged'],
  params: {
    points: { type: 'number', default: 120, min: 10, max: 600, integer: true, doc: 'Number of points, half in each class.' },
    spread: { type: 'number', default: 0.9, min: 0.1, max: 3, doc: 'Standard deviation of each class around its centre (more spread, more overlap).' },
    lr: { type: 'number', default: 0.5, min: 0.001, max: 10, doc: 'Learning rate of the gradient descent (tf.train.sgd).' },
    steps: { type: 'number', default: 400, min: 1, max: 10000, integer: true, doc: 'Number of gradient steps before training stops.' },
    speed: { type: 'number', default: 30, min: 1, max: 1000, doc: 'Gradient steps per second while playing.' },
    autoplay: { type: 'boolean', default: true, doc: 'Start training when the slide is shown (never when the viewer prefers reduced motion).' },
    seed: { type: 'number', default: 3, min: 0, max: 2147483647, integer: true, doc: 'Random seed of the points: the same seed always gives the same data and the same fit.' },
  },
})
