/**
 * `<!-- live: conv-filter kernel=sobel-x -->`: wires the maths (model.ts: procedural image,
 * tf.conv2d, kernel learning) to the view (canvases, kernel grids, controls). Everything is
 * created in `mount` and freed by `destroy`.
 */
import { defineWidget } from '../../src/widget/define'
import manifest from './schema'
import { mountView } from './view'

export default defineWidget({
  manifest,
  mount(root, params, ctx) {
    const view = mountView(
      root,
      {
        height: params.height,
        mode: params.mode,
        kernel: params.kernel,
        size: params.size === '5' ? 5 : 3,
        target: params.target,
        optimizer: params.optimizer,
        lr: params.lr,
        seed: params.seed,
        steps: params.steps,
        speed: params.speed,
        autoplay: params.autoplay,
      },
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
