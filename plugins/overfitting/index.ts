/**
 * `<!-- live: overfitting degree=12 -->`: wires the fits (model.ts, TF.js) to the view (canvas,
 * KaTeX, controls). The model keeps no tensors between calls (each fit is one tidy), so there is
 * nothing to dispose beyond the view's listeners and animation.
 */
import { defineWidget } from '../../src/widget/define'
import manifest from './schema'
import { mountView } from './view'

/** smallest non-zero λ on the slider */
const LAMBDA_MIN = 1e-6

export default defineWidget({
  manifest,
  mount(root, params, ctx) {
    const view = mountView(
      root,
      {
        height: params.height,
        degree: params.degree,
        lambda: params.lambda,
        data: { target: params.function, points: params.points, noise: params.noise, seed: params.seed, ratio: params.ratio },
        lambdaMin: LAMBDA_MIN,
        lambdaMax: manifest.params.lambda.max,
      },
      ctx,
    )
    return {
      destroy() {
        view.destroy()
      },
      /**
       * The slide's data and λ at degree `at` (clamped to 1…15); 'converged' shows the slide's
       * own degree, as the class first saw it.
       */
      snapshot(at) {
        view.show(at === 'converged' ? params.degree : Math.min(Math.max(1, at), manifest.params.degree.max))
        return Promise.resolve()
      },
    }
  },
})
