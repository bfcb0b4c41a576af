/**
 * `<!-- live: kmeans k=3 seed=7 -->`: wires the model (Lloyd's algorithm, TF.js) to the view
 * (canvas, KaTeX, controls). The view owns the model, because "New data" replaces it; everything
 * is created in `mount` and freed by `destroy`.
 */
import { defineWidget } from '../../src/widget/define'
import manifest from './schema'
import { KMeans, kmeansOptions } from './model'
import { mountView } from './view'

export default defineWidget({
  manifest,
  mount(root, params, ctx) {
    const view = mountView(
      root,
      (seed) => new KMeans(ctx.tf, kmeansOptions({ ...params, seed })),
      { height: params.height, speed: params.speed, autoplay: params.autoplay, seed: params.seed },
      ctx,
    )
    return {
      destroy() {
        view.destroy()
      },
      async snapshot(at) {
        view.snapshot(at)
      },
    }
  },
})
