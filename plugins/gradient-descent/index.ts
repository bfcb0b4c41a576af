/**
 * `<!-- live: gradient-descent lr=0.1 -->`: wires the model (maths, TF.js) to the view (canvas,
 * KaTeX, controls). Everything is created in `mount` and freed by `destroy`.
 */
import { defineWidget } from '../../src/widget/define'
import manifest from './schema'
import { LineDescent, descentOptions } from './model'
import { mountView } from './view'

export default defineWidget({
  manifest,
  mount(root, params, ctx) {
    const { lr } = manifest.params
    const model = new LineDescent(ctx.tf, descentOptions(params))
    let view: ReturnType<typeof mountView>
    try {
      view = mountView(
        root,
        model,
        {
          height: params.height,
          speed: params.speed,
          autoplay: params.autoplay,
          lrMin: lr.min,
          lrMax: lr.max,
        },
        ctx,
      )
    } catch (error) {
      model.dispose()
      throw error
    }
    return {
      destroy() {
        view.destroy()
        model.dispose()
      },
    }
  },
})
