import { describe, expect, it } from 'vitest'
import { modelKit, tf, trackTensors, useCpuBackend } from '../../tests/tf'
import { defaults } from '../../src/widget/schema'
import manifest from './schema'
import {
  type DescentOptions,
  LineDescent,
  descentOptions,
  gaussian,
  leastSquares,
  makeData,
  mse,
  mulberry32,
} from './model'

/** The options a slide with a bare `<!-- live: gradient-descent -->` gets, and models made from them. */
const { base, opts, withModel } = modelKit<DescentOptions, LineDescent>(descentOptions(defaults(manifest.params)), (o) => new LineDescent(tf, o))

/** First step at which the path is within `eps` of the least-squares optimum, or -1. */
function stepsToReach(m: LineDescent, eps: number): number {
  const { a, b } = m.path
  return a.findIndex((_, k) => Math.hypot(a[k] - m.optimum.a, b[k] - m.optimum.b) < eps)
}

useCpuBackend()

describe('seeded data', () => {
  it('mulberry32 is deterministic, in [0, 1) and depends on the seed', () => {
    const r1 = mulberry32(7)
    const r2 = mulberry32(7)
    const r3 = mulberry32(8)
    const s1 = Array.from({ length: 1000 }, r1)
    const s2 = Array.from({ length: 1000 }, r2)
    const s3 = Array.from({ length: 1000 }, r3)
    expect(s1).toEqual(s2)
    expect(s1).not.toEqual(s3)
    expect(Math.min(...s1)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...s1)).toBeLessThan(1)
    const mean = s1.reduce((s, v) => s + v, 0) / s1.length
    expect(mean).toBeGreaterThan(0.45)
    expect(mean).toBeLessThan(0.55)
  })

  it('Box-Muller gives standard normal samples', () => {
    const normal = gaussian(mulberry32(1))
    const n = 20000
    const xs = Array.from({ length: n }, normal)
    const mean = xs.reduce((s, v) => s + v, 0) / n
    const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / n)
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(sd - 1)).toBeLessThan(0.03)
    expect(xs.every(Number.isFinite)).toBe(true)
  })

  it('the same seed gives the same data, another seed other data', () => {
    const d1 = makeData({ ...opts(), xMin: 0, xMax: 2 })
    const d2 = makeData({ ...opts(), xMin: 0, xMax: 2 })
    const d3 = makeData({ ...opts({ seed: base.seed + 1 }), xMin: 0, xMax: 2 })
    expect(d1.x.length).toBe(base.points)
    expect(Array.from(d1.x)).toEqual(Array.from(d2.x))
    expect(Array.from(d1.y)).toEqual(Array.from(d2.y))
    expect(Array.from(d1.x)).not.toEqual(Array.from(d3.x))
    expect(Array.from(d1.y)).not.toEqual(Array.from(d3.y))
  })

  it('the data scatter around the true line with the requested noise', () => {
    const d = makeData({ ...opts({ points: 5000, noise: 0.5 }), xMin: 0, xMax: 2 })
    const fit = leastSquares(d)
    expect(fit.a).toBeCloseTo(base.slope, 1)
    expect(fit.b).toBeCloseTo(base.intercept, 1)
    expect(Math.sqrt(fit.loss)).toBeCloseTo(0.5, 1)
    expect(Math.min(...d.x)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...d.x)).toBeLessThanOrEqual(2)
  })

  it('the same seed gives the same descent path, another seed another path', () => {
    const p1 = withModel({}, (m) => (m.step(40), structuredClone(m.path)))
    const p2 = withModel({}, (m) => (m.step(40), structuredClone(m.path)))
    const p3 = withModel({ seed: 1234 }, (m) => (m.step(40), structuredClone(m.path)))
    expect(p1.a).toHaveLength(41)
    expect(p1).toEqual(p2)
    expect(p1.a).not.toEqual(p3.a)
  })
})

describe('closed-form least squares', () => {
  it('is a minimum of the MSE (any nearby line is worse)', () => {
    const d = makeData({ ...opts(), xMin: 0, xMax: 2 })
    const best = leastSquares(d)
    for (const [da, db] of [
      [1e-3, 0],
      [-1e-3, 0],
      [0, 1e-3],
      [0, -1e-3],
      [1e-3, -1e-3],
    ]) {
      expect(mse(d, best.a + da, best.b + db)).toBeGreaterThan(best.loss)
    }
  })
})

describe('gradient descent', () => {
  it('converges to the least-squares solution from the default start', () => {
    withModel({}, (m) => {
      expect(m.current.a).toBe(base.a0)
      expect(m.current.b).toBe(base.b0)
      m.runTo(base.maxSteps)
      expect(m.status).toBe('converged')
      expect(m.stepCount).toBeLessThan(base.maxSteps)
      expect(m.current.a).toBeCloseTo(m.optimum.a, 2)
      expect(m.current.b).toBeCloseTo(m.optimum.b, 2)
      expect(m.current.loss).toBeCloseTo(m.optimum.loss, 4)
      expect(m.current.grad).toBeLessThan(1e-3)
    })
  })

  it('decreases the loss monotonically with a small learning rate', () => {
    withModel({ lr: 0.01 }, (m) => {
      m.step(300)
      const loss = m.path.loss
      expect(loss).toHaveLength(301)
      for (let k = 1; k < loss.length; k++) expect(loss[k]).toBeLessThan(loss[k - 1])
      expect(loss[300]).toBeLessThan(loss[0] / 5)
    })
  })

  it('diverges with a too large learning rate: the loss grows', () => {
    withModel({ lr: 1 }, (m) => {
      m.runTo(200)
      expect(m.status).toBe('diverged')
      expect(m.stepCount).toBeLessThan(20) // stops as soon as it blows up, not at maxSteps
      const loss = m.path.loss
      for (let k = 1; k < loss.length; k++) expect(loss[k]).toBeGreaterThan(loss[k - 1])
      expect(loss[loss.length - 1]).toBeGreaterThan(100 * loss[0])
      expect(m.step(5)).toBe(0) // no stepping after divergence
    })
  })

  it('with momentum reaches the optimum in fewer steps than plain SGD at the same small lr', () => {
    const sgd = withModel({ lr: 0.01, momentum: 0, maxSteps: 6000 }, (m) => (m.runTo(6000), stepsToReach(m, 0.01)))
    const mom = withModel({ lr: 0.01, momentum: 0.9, maxSteps: 6000 }, (m) => (m.runTo(6000), stepsToReach(m, 0.01)))
    expect(sgd).toBeGreaterThan(0)
    expect(mom).toBeGreaterThan(0)
    expect(mom).toBeLessThan(sgd / 3)
  })

  it('gives the same path whether the steps are taken one by one or batched', () => {
    const one = withModel({}, (m) => {
      for (let k = 0; k < 60; k++) m.step(1)
      return structuredClone(m.path)
    })
    const batched = withModel({}, (m) => (m.step(25), m.step(35), structuredClone(m.path)))
    expect(batched).toEqual(one)
  })

  it('runTo jumps to a step (backwards too) and stops where playing would', () => {
    withModel({}, (m) => {
      expect(m.runTo(120)).toBe(120)
      const at120 = m.current
      m.runTo(500)
      expect(m.runTo(120)).toBe(120)
      expect(m.current).toEqual(at120)
      // converging in the middle of a batch stops exactly at the converged step
      const played = withModel({}, (p) => {
        while (p.status !== 'converged') p.step(1)
        return p.stepCount
      })
      expect(m.runTo(base.maxSteps)).toBe(played)
    })
  })

  it('never goes past maxSteps', () => {
    withModel({ lr: 0.001, maxSteps: 30 }, (m) => {
      expect(m.step(100)).toBe(30)
      expect(m.status).toBe('done')
      expect(m.step(1)).toBe(0)
      expect(m.stepCount).toBe(30)
    })
  })

  it('reset() returns to the start; setLearningRate() changes the step size', () => {
    withModel({}, (m) => {
      m.step(10)
      m.reset()
      expect(m.stepCount).toBe(0)
      expect(m.current.a).toBe(base.a0)
      expect(m.current.b).toBe(base.b0)
      m.setLearningRate(0)
      m.step(5)
      expect(m.current.a).toBe(base.a0)
      expect(m.current.b).toBe(base.b0)
      m.setLearningRate(0.1)
      expect(m.learningRate).toBe(0.1)
      m.step(1)
      expect(m.current.a).not.toBe(base.a0)
    })
  })

  it('one SGD step is θ - η∇L with ∇L from the lecture formula', () => {
    withModel({ lr: 0.05 }, (m) => {
      const d = m.data
      const n = d.x.length
      let ga = 0
      let gb = 0
      for (let i = 0; i < n; i++) {
        const r = base.a0 * d.x[i] + base.b0 - d.y[i]
        ga += (2 * r * d.x[i]) / n
        gb += (2 * r) / n
      }
      expect(m.current.grad).toBeCloseTo(Math.hypot(ga, gb), 4)
      expect(m.current.loss).toBeCloseTo(mse(d, base.a0, base.b0), 4)
      m.step(1)
      expect(m.current.a).toBeCloseTo(base.a0 - 0.05 * ga, 5)
      expect(m.current.b).toBeCloseTo(base.b0 - 0.05 * gb, 5)
    })
  })

  it('computes the loss landscape on a grid', () => {
    withModel({}, (m) => {
      const l = m.landscape(-3, 3, -1, 4, 31, 26)
      expect(l.values).toHaveLength(31 * 26)
      for (const [i, j] of [
        [0, 0],
        [30, 25],
        [12, 7],
      ]) {
        const a = -3 + (6 * i) / 30
        const b = -1 + (5 * j) / 25
        expect(l.values[j * 31 + i]).toBeCloseTo(mse(m.data, a, b), 3)
      }
      expect(l.min).toBeGreaterThanOrEqual(m.optimum.loss - 1e-4)
      expect(l.min).toBeLessThan(m.optimum.loss + 0.1)
      expect(l.max).toBeGreaterThan(10 * l.min)
    })
  })
})

describe('memory', () => {
  it('keeps the tensor count flat while stepping and frees everything on dispose', () => {
    for (const momentum of [0, 0.9]) {
      const t = trackTensors()
      const m = new LineDescent(tf, opts({ momentum }))
      m.step(1) // momentum creates its velocity variables on the first step
      expect(t.settle()).toBeGreaterThan(t.start)
      for (let k = 0; k < 5; k++) {
        m.step(7)
        t.expectSteady()
      }
      m.landscape(-3, 3, -1, 4, 20, 20)
      m.setLearningRate(0.05)
      m.runTo(300)
      t.expectSteady()
      m.reset()
      m.step(3)
      t.expectSteady()
      t.expectDisposed(m, () => m.step(1))
    }
  })
})
