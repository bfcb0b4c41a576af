/**
 * `<!-- live: gradient-descent lr=0.1 -->`: wires the models (maths, TF.js) to the views (canvas,
 * KaTeX, controls). `mode` picks one descent with a learning-rate slider (`single`) or a race of
 * several descents (`compare-lr`, `optimizers`, `batches`). Everything is created in `mount` and
 * freed by `destroy`.
 */
// tf.grad (optimizers mode) needs the gradients of tfjs-core's ops registered
import '@tensorflow/tfjs-core/dist/register_all_gradients'
import { defineWidget, type WidgetContext } from '../../src/widget/define'
import type { CommonParams, ParamValues } from '../../src/widget/schema'
import manifest from './schema'
import { LineDescent, descentOptions, leastSquares } from './model'
import { mountView } from './view'
import { batchRace, compareLrRace, parseRates, type LineProblem } from './line-races'
import { landmarks, optimizerRace, stationaryPoints, surfaceValue } from './optimizers'
import type { Race } from './race'
import { mountRaceView, type RaceViewOptions } from './race-view'

type Params = ParamValues<typeof manifest.params> & CommonParams

interface Mounted {
  /** the state after `at` steps (or the end), drawn */
  runTo(at: number | 'converged'): void
  destroy(): void
}

/** A message in place of the widget, for parameters only the widget can check. */
function mountError(root: HTMLElement, message: string): Mounted {
  const box = root.ownerDocument.createElement('div')
  box.dataset.status = 'error'
  box.setAttribute('role', 'alert')
  box.style.cssText = 'padding:16px 20px;border:3px solid currentColor;border-radius:8px;font-size:22px;line-height:1.3'
  box.textContent = `gradient-descent: ${message}`
  root.append(box)
  return { runTo() {}, destroy: () => box.remove() }
}

function mountSingle(root: HTMLElement, params: Params, ctx: WidgetContext): Mounted {
  const { lr } = manifest.params
  const model = new LineDescent(ctx.tf, descentOptions(params))
  try {
    const view = mountView(root, model, { height: params.height, speed: params.speed, autoplay: params.autoplay, lrMin: lr.min, lrMax: lr.max }, ctx)
    return {
      runTo(at) {
        model.runTo(at === 'converged' ? model.maxSteps : at)
        view.redraw()
      },
      destroy() {
        view.destroy()
        model.dispose()
      },
    }
  } catch (error) {
    model.dispose()
    throw error
  }
}

/** a box around `points`, padded by `pad` of its size */
function around(points: { x: number; y: number }[], pad: number): RaceViewOptions['box'] {
  const xs = points.map((p) => p.x)
  const ys = points.map((p) => p.y)
  const [xMin, xMax, yMin, yMax] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const d = pad * Math.max(xMax - xMin, yMax - yMin, 0.5)
  return { xMin: xMin - d, xMax: xMax + d, yMin: yMin - d, yMax: yMax + d }
}

function mountRace(root: HTMLElement, params: Params, ctx: WidgetContext): Mounted {
  const tf = ctx.tf
  const line: LineProblem = { points: params.points, noise: params.noise, seed: params.seed, slope: params.slope, intercept: params.intercept, a0: params.a0, b0: params.b0 }
  let race: Race
  let view: Omit<RaceViewOptions, 'mode' | 'height' | 'speed' | 'autoplay'>
  if (params.mode === 'optimizers') {
    const momentum = params.momentum > 0 ? params.momentum : 0.9
    race = optimizerRace(tf, { x0: params.x0, y0: params.y0, lr: params.lr, momentum, jitter: params.jitter, seed: params.seed, maxSteps: params.steps })
    const marks = landmarks()
    const { global } = stationaryPoints()
    view = {
      box: around([...marks, { x: params.x0, y: params.y0 }], 0.12),
      xName: 'x',
      yName: 'y',
      title: 'loss f(x, y): minima, saddle, plateau',
      floor: surfaceValue(global.x, global.y),
      knee: 0.15,
      landmarks: marks,
      perUnit: 1,
      unit: 'step',
    }
  } else {
    const made =
      params.mode === 'batches'
        ? batchRace(tf, { ...line, lr: params.lr, batch: params.batch, epochs: params.epochs })
        : (() => {
            const parsed = parseRates(params.rates)
            if ('error' in parsed) throw new RatesError(parsed.error)
            return compareLrRace(tf, { ...line, rates: parsed.rates, maxSteps: params.steps })
          })()
    race = made.race
    const best = leastSquares(made.data)
    view = {
      box: around([{ x: params.a0, y: params.b0 }, { x: best.a, y: best.b }], 0.25),
      xName: 'a  (slope)',
      yName: 'b  (intercept)',
      title: 'MSE loss L(a, b)',
      floor: best.loss,
      knee: 2e-3,
      landmarks: [{ x: best.a, y: best.b, label: 'minimum', kind: 'minimum' }],
      perUnit: params.mode === 'batches' ? made.data.x.length : 1,
      unit: params.mode === 'batches' ? 'epoch' : 'step',
    }
  }
  try {
    const v = mountRaceView(root, race, { ...view, mode: params.mode, height: params.height, speed: params.speed, autoplay: params.autoplay }, ctx)
    return {
      runTo(at) {
        race.runTo(at === 'converged' ? race.maxSteps : at)
        v.redraw()
      },
      destroy() {
        v.destroy()
        race.dispose()
      },
    }
  } catch (error) {
    race.dispose()
    throw error
  }
}

class RatesError extends Error {}

export default defineWidget({
  manifest,
  mount(root, params, ctx) {
    let mounted: Mounted
    try {
      mounted = params.mode === 'single' ? mountSingle(root, params, ctx) : mountRace(root, params, ctx)
    } catch (error) {
      if (!(error instanceof RatesError)) throw error
      mounted = mountError(root, error.message)
    }
    return {
      snapshot(at) {
        mounted.runTo(at)
        return new Promise<void>((resolve) => (root.ownerDocument.defaultView ?? window).requestAnimationFrame(() => resolve()))
      },
      destroy() {
        mounted.destroy()
      },
    }
  },
})
