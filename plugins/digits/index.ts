/**
 * `<!-- live: digits hidden=32 -->`: wires the model (a fully connected network on bundled MNIST
 * digits, TF.js) to the view (curves, canvases, drawing pad, controls). Everything is
 * created in `mount` and freed by `destroy`.
 */
import { defineWidget } from '../../src/widget/define'
import manifest from './schema'
import { DigitsNet, netOptions } from './model'
import { mountView } from './view'

export default defineWidget({
  manifest,
  mount(root, params, ctx) {
    const model = new DigitsNet(ctx.tf, netOptions(params))
    let view: ReturnType<typeof mountView>
    try {
      view = mountView(root, model, { height: params.height, speed: params.speed, autoplay: params.autoplay, panel: params.panel }, ctx)
    } catch (error) {
      model.dispose()
      throw error
    }
    return {
      destroy() {
        view.destroy()
        model.dispose()
      },
      async snapshot(at) {
        view.snapshot(at)
      },
    }
  },
})
