import { defineManifest } from '../../src/widget/schema'

/** The kernel presets, in the order the widget's select lists them. */
export const PRESET_NAMES = [
  'identity',
  'box-blur',
  'gaussian-blur',
  'sharpen',
  'sobel-x',
  'sobel-y',
  'laplacian',
  'emboss',
] as const

export type PresetName = (typeof PRESET_NAMES)[number]

/**
 * `<!-- live: conv-filter kernel=sobel-x -->` or `<!-- live: conv-filter mode=learn target=sobel-y -->`
 * Defaults: a 96x96 procedural zebra filtered by a 3x3 Sobel-x kernel (hover the output to see
 * the multiply-add); in learn mode Adam (lr 0.05) recovers Sobel-x in about 300 steps (~5 s).
 */
export default defineManifest({
  name: 'conv-filter',
  summary:
    'A 2-D convolution on a zebra image with an editable 3x3/5x5 kernel and its multiply-add; in learn mode, gradient descent recovers a target kernel.',
  params: {
    mode: {
      type: 'choice',
      default: 'apply',
      choices: ['apply', 'learn'],
      doc: '`apply`: filter the image with an editable kernel; `learn`: train a kernel to reproduce the target filter.',
    },
    kernel: {
      type: 'choice',
      default: 'sobel-x',
      choices: PRESET_NAMES,
      doc: 'Initial kernel preset in apply mode (the widget has a select to change it).',
    },
    size: {
      type: 'choice',
      default: '3',
      choices: ['3', '5'],
      doc: 'Kernel size: 3 (3x3) or 5 (5x5).',
    },
    target: {
      type: 'choice',
      default: 'sobel-x',
      choices: PRESET_NAMES,
      doc: 'Learn mode: the preset whose output the trained kernel must reproduce.',
    },
    optimizer: {
      type: 'choice',
      default: 'adam',
      choices: ['adam', 'sgd'],
      doc: 'Learn mode: TF.js optimizer, tf.train.adam or tf.train.sgd.',
    },
    lr: {
      type: 'number',
      default: 0.05,
      min: 0.0001,
      max: 2,
      doc: 'Learn mode: learning rate of the optimizer.',
    },
    seed: {
      type: 'number',
      default: 7,
      min: 0,
      max: 2147483647,
      integer: true,
      doc: 'Learn mode: seed of the small random initial kernel.',
    },
    steps: {
      type: 'number',
      default: 2000,
      min: 1,
      max: 20000,
      integer: true,
      doc: 'Learn mode: maximum number of training steps.',
    },
    speed: {
      type: 'number',
      default: 60,
      min: 1,
      max: 1000,
      doc: 'Learn mode: training steps per second while playing.',
    },
    autoplay: {
      type: 'boolean',
      default: false,
      doc: 'Learn mode: start training when the slide is shown (never when the viewer prefers reduced motion).',
    },
  },
})
