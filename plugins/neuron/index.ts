/**
 * `<!-- live: neuron activation=relu -->`: wires the unit's maths (model.ts, TF.js) to the
 * view (canvas, KaTeX, sliders). No animation: every change recomputes and redraws at once.
 */
import { defineWidget } from '../../src/widget/define'
import manifest from './schema'
import type { Unit } from './model'
import { mountView } from './view'

export default defineWidget({
  manifest,
  mount(root, params, ctx) {
    const p = manifest.params
    const range = (k: keyof Unit): [number, number] => [p[k].min, p[k].max]
    const view = mountView(
      root,
      {
        height: params.height,
        activation: params.activation,
        unit: { w1: params.w1, w2: params.w2, b: params.b, x1: params.x1, x2: params.x2 },
        plane: params.plane,
        threshold: params.saturation,
        ranges: { w1: range('w1'), w2: range('w2'), b: range('b'), x1: range('x1'), x2: range('x2') },
      },
      ctx,
    )
    return {
      destroy() {
        view.destroy()
      },
      /** the unit has no steps: a handout shows the slide's own values, whatever `at` is */
      snapshot() {
        view.reset()
        return Promise.resolve()
      },
    }
  },
})
