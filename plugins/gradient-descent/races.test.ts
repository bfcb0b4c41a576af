import { disposing, tf, trackTensors, useCpuBackend } from '../../tests/tf'
// (tests/tf loads TF.js core and the CPU backend: it must come before the gradients are registered)
import '@tensorflow/tfjs-core/dist/register_all_gradients'
import { describe, expect, it } from 'vitest'
import { defaults } from '../../src/widget/schema'
import manifest from './schema'
import { leastSquares, mse } from './model'
import { batchRace, compareLrRace, maxCurvature, parseRates, regime, shuffled } from './line-races'
import { landmarks, optimizerRace, stationaryPoints, surfaceAt, surfaceDerivatives, surfaceValue, WELLS } from './optimizers'
import type { Race } from './race'

const d = defaults(manifest.params)
const problem = { points: d.points, noise: d.noise, seed: d.seed, slope: d.slope, intercept: d.intercept, a0: d.a0, b0: d.b0 }
const rates = (parseRates(d.rates) as { rates: number[] }).rates
const optimizerOptions = { x0: d.x0, y0: d.y0, lr: d.lr, momentum: 0.9, jitter: 0, seed: d.seed, maxSteps: d.steps }

function withRace<T>(make: () => { race: Race } | Race, f: (r: Race) => T): T {
  const made = make()
  return disposing('race' in made ? made.race : made, f)
}

/** number of steps where the loss went up */
const increases = (loss: number[]) => loss.reduce((n, v, k) => n + (k > 0 && v > loss[k - 1] + 1e-7 ? 1 : 0), 0)

useCpuBackend()

describe('rates parameter', () => {
  it('parses up to 4 learning rates and explains what is wrong otherwise', () => {
    expect(parseRates('0.01, 0.1,0.4 ,0.5')).toEqual({ rates: [0.01, 0.1, 0.4, 0.5] })
    expect(parseRates('0.1,0.2,0.3,0.4,0.5')).toMatchObject({ error: expect.stringMatching(/at most 4/) })
    expect(parseRates('0.1,fast')).toMatchObject({ error: expect.stringMatching(/"fast" is not a number/) })
    expect(parseRates('0.1,3')).toMatchObject({ error: expect.stringMatching(/outside/) })
    expect(parseRates(' ')).toMatchObject({ error: expect.stringMatching(/empty/) })
  })
})

describe('compare-lr', () => {
  it('labels the default rates too small, good, oscillates, diverges', () => {
    withRace(() => compareLrRace(tf, { ...problem, rates, maxSteps: d.steps }), (race) => {
      expect(race.paths.map((p) => p.note)).toEqual(['too small', 'good', 'oscillates', 'diverges'])
    })
  })

  it('too small decreases slowly, good converges, too large oscillates, the largest diverges', () => {
    withRace(() => compareLrRace(tf, { ...problem, rates, maxSteps: d.steps }), (race) => {
      race.runTo(d.steps)
      expect(race.status).toBe('done')
      const [small, good, osc, div] = race.paths
      const best = race.paths[1].loss.at(-1)!
      // too small: monotone, but after 300 steps still far above the optimum
      expect(increases(small.loss)).toBe(0)
      expect(small.loss[300]).toBeGreaterThan(3 * best)
      expect(small.status).toBe('done')
      expect(good.status).toBe('converged')
      expect(good.loss.length - 1).toBeLessThan(600)
      // oscillating: each step turns back against the previous one (a zig-zag across the valley)
      const turns = (p: typeof osc) => {
        let n = 0
        for (let k = 1; k < 12; k++) {
          const dot = (p.x[k] - p.x[k - 1]) * (p.x[k + 1] - p.x[k]) + (p.y[k] - p.y[k - 1]) * (p.y[k + 1] - p.y[k])
          if (dot < 0) n++
        }
        return n
      }
      expect(turns(osc)).toBeGreaterThan(8)
      expect(turns(good)).toBe(0)
      // diverging: the loss grows at every step until it blows up
      expect(div.status).toBe('diverged')
      expect(increases(div.loss)).toBe(div.loss.length - 1)
      expect(div.loss.at(-1)!).toBeGreaterThan(100 * div.loss[0])
    })
  })

  it('regimes follow the curvature: 1/λ and 2/λ are the thresholds', () => {
    const lambda = 4
    expect(regime(0.01, lambda)).toBe('too small')
    expect(regime(0.2, lambda)).toBe('good')
    expect(regime(0.3, lambda)).toBe('oscillates')
    expect(regime(0.6, lambda)).toBe('diverges')
    withRace(() => compareLrRace(tf, { ...problem, rates: [0.1], maxSteps: 10 }), () => {
      // for x uniform in [0, 2], λ ≈ 2 (4/3 + 1 + √((4/3+1)² − 4/3)) ≈ 4.4
      const { data } = compareLrRace(tf, { ...problem, rates: [0.1], maxSteps: 1 })
      expect(maxCurvature(data)).toBeGreaterThan(3.5)
      expect(maxCurvature(data)).toBeLessThan(5.5)
    })
  })
})

describe('the designed surface', () => {
  it('has a global minimum, a local minimum and a saddle where it says', () => {
    const s = stationaryPoints()
    for (const p of [s.global, s.local, s.saddle]) {
      const g = surfaceDerivatives(p.x, p.y)
      expect(Math.hypot(g.gx, g.gy)).toBeLessThan(1e-9)
      // autodiff agrees with the closed form
      const auto = tf.tidy(() => tf.grad((v: tf.Tensor) => surfaceAt(tf, v))(tf.tensor1d([p.x, p.y])).arraySync() as number[])
      expect(Math.hypot(auto[0], auto[1])).toBeLessThan(1e-4)
    }
    const det = (p: { x: number; y: number }) => {
      const h = surfaceDerivatives(p.x, p.y)
      return { det: h.hxx * h.hyy - h.hxy ** 2, tr: h.hxx + h.hyy }
    }
    expect(det(s.global).det).toBeGreaterThan(0)
    expect(det(s.global).tr).toBeGreaterThan(0)
    expect(det(s.local).det).toBeGreaterThan(0)
    expect(det(s.local).tr).toBeGreaterThan(0)
    expect(det(s.saddle).det).toBeLessThan(0) // one positive and one negative curvature
    expect(surfaceValue(s.global.x, s.global.y)).toBeLessThan(surfaceValue(s.local.x, s.local.y) - 1)
    expect(Math.hypot(s.global.x - WELLS[0].x, s.global.y - WELLS[0].y)).toBeLessThan(0.2)
    expect(Math.hypot(s.local.x - WELLS[1].x, s.local.y - WELLS[1].y)).toBeLessThan(0.2)
    // the saddle lies between the two minima, higher than both
    expect(s.saddle.x).toBeGreaterThan(s.local.x)
    expect(s.saddle.x).toBeLessThan(s.global.x)
    expect(surfaceValue(s.saddle.x, s.saddle.y)).toBeGreaterThan(surfaceValue(s.local.x, s.local.y))
  })

  it('is flat on the plateau compared with the walls of the wells', () => {
    const p = landmarks().find((l) => l.kind === 'plateau')!
    const flat = surfaceDerivatives(p.x, p.y)
    const wall = surfaceDerivatives(WELLS[1].x + 0.5, WELLS[1].y)
    expect(Math.hypot(flat.gx, flat.gy)).toBeLessThan(0.2 * Math.hypot(wall.gx, wall.gy))
  })
})

describe('optimizers', () => {
  it('from the default start: SGD and Adam end in the local minimum, momentum in the global one', () => {
    const { global, local } = stationaryPoints()
    withRace(() => optimizerRace(tf, optimizerOptions), (race) => {
      race.runTo(d.steps)
      const end = race.paths.map((p) => ({ x: p.x.at(-1)!, y: p.y.at(-1)! }))
      const near = (e: { x: number; y: number }, m: { x: number; y: number }) => Math.hypot(e.x - m.x, e.y - m.y) < 0.05
      const [sgd, momentum, adam] = end
      expect(near(sgd, local)).toBe(true)
      expect(near(momentum, global)).toBe(true)
      expect(near(adam, local)).toBe(true)
      expect(race.paths[0].status).toBe('converged')
    })
  })

  it('with gradient noise, the run is still deterministic for a seed', () => {
    const run = (seed: number) =>
      withRace(() => optimizerRace(tf, { ...optimizerOptions, jitter: 0.5, seed, maxSteps: 80 }), (r) => (r.runTo(80), structuredClone(r.paths)))
    const a = run(1)
    expect(run(1)).toEqual(a)
    expect(run(2)[0].x).not.toEqual(a[0].x)
  })
})

describe('batches', () => {
  const batchOptions = { ...problem, lr: d.lr, batch: d.batch, epochs: d.epochs }
  it('full batch decreases monotonically, stochastic is noisier but ends near the optimum', () => {
    withRace(() => batchRace(tf, batchOptions), (race) => {
      race.runTo(Infinity)
      expect(race.stepCount).toBe(d.epochs * d.points)
      const [full, mini, sgd] = race.paths
      const fullUpdates = full.loss.filter((_, k) => k % d.points === 0)
      expect(increases(fullUpdates)).toBe(0)
      expect(increases(full.loss)).toBe(0)
      expect(increases(sgd.loss)).toBeGreaterThan(increases(mini.loss))
      expect(increases(sgd.loss)).toBeGreaterThan(20)
      const data = compareLrRace(tf, { ...problem, rates: [0.1], maxSteps: 1 })
      const best = leastSquares(data.data)
      data.race.dispose()
      expect(mse(data.data, sgd.x.at(-1)!, sgd.y.at(-1)!)).toBeLessThan(1.5 * best.loss)
      expect(mini.loss.at(-1)!).toBeLessThan(full.loss.at(-1)!)
    })
  })

  it('shuffles with the seed, differently each epoch', () => {
    expect(Array.from(shuffled(10, 1, 0))).toEqual(Array.from(shuffled(10, 1, 0)))
    expect(Array.from(shuffled(10, 1, 0))).not.toEqual(Array.from(shuffled(10, 1, 1)))
    expect([...shuffled(10, 1, 3)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })
})

describe('every race', () => {
  const makers: [string, () => Race][] = [
    ['compare-lr', () => compareLrRace(tf, { ...problem, rates, maxSteps: d.steps }).race],
    ['optimizers', () => optimizerRace(tf, { ...optimizerOptions, jitter: 0.3 })],
    ['batches', () => batchRace(tf, { ...problem, lr: d.lr, batch: d.batch, epochs: d.epochs }).race],
  ]
  it.each(makers)('%s: batched steps, runTo and reset give the same paths', (_name, make) => {
    const one = withRace(make, (r) => {
      for (let k = 0; k < 90; k++) r.step(1)
      return structuredClone(r.paths)
    })
    const batched = withRace(make, (r) => (r.step(37), r.step(53), structuredClone(r.paths)))
    expect(batched).toEqual(one)
    withRace(make, (r) => {
      r.runTo(200)
      r.runTo(90)
      expect(r.stepCount).toBe(90)
      expect(structuredClone(r.paths)).toEqual(one)
    })
  })

  it.each(makers)('%s: keeps the tensor count flat and frees everything', (_name, make) => {
    const t = trackTensors()
    const r = make()
    r.step(2) // optimizers create their slots on the first step
    t.settle()
    for (let k = 0; k < 4; k++) {
      r.step(9)
      t.expectSteady()
    }
    r.landscape(-3, 3, -3, 3, 20, 20)
    r.reset()
    r.step(2)
    t.expectSteady()
    t.expectDisposed(r)
  })
})
