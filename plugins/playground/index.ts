/**
 * `<!-- live: playground dataset=xor hidden=4,2 -->`: wires the model (data, MLP, TF.js) to the
 * view (heat map, Chart.js loss curves, controls). Everything is created in `mount` and freed by
 * `destroy`; the view owns the model because toggling a feature builds a new network.
 */
import { defineWidget } from '../../src/widget/define'
import manifest from './schema'
import { Playground, parseFeatures, parseHidden, playgroundOptions, type FeatureName } from './model'
import { mountView } from './view'

export default defineWidget({
  manifest,
  mount(root, params, ctx) {
    let features: FeatureName[] = ['x1', 'x2']
    let hidden: number[] = []
    let error: string | undefined
    try {
      features = parseFeatures(params.features)
      hidden = parseHidden(params.hidden)
    } catch (e) {
      error = (e as Error).message
    }
    const base = error ? null : playgroundOptions(params)
    const view = mountView(
      root,
      (f) => new Playground(ctx.tf, { ...base!, features: f }),
      { height: params.height, autoplay: params.autoplay, features, hidden, activation: params.activation, error },
      ctx,
    )
    return {
      destroy() {
        view.destroy()
      },
      snapshot(at) {
        return view.snapshot(at)
      },
    }
  },
})
