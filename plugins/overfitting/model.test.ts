import { describe, expect, it } from 'vitest'
import { tf, trackTensors, useCpuBackend } from '../../tests/tf'
import { defaults } from '../../src/widget/schema'
import manifest from './schema'
import {
  type DataOptions,
  MAX_DEGREE,
  bestDegree,
  fitAll,
  legendreAt,
  legendreFeatures,
  makeData,
  mulberry32,
  predict,
  statusOf,
} from './model'

const d = defaults(manifest.params)
const base: DataOptions = { target: d.function, points: d.points, noise: d.noise, seed: d.seed, ratio: d.ratio }
const opts = (o: Partial<DataOptions> = {}): DataOptions => ({ ...base, ...o })
const degrees = Array.from({ length: MAX_DEGREE }, (_, i) => i + 1)

useCpuBackend()

describe('data', () => {
  it('is deterministic with the seed, splits by the ratio, and scatters around the target', () => {
    const a = makeData(opts())
    const b = makeData(opts())
    const c = makeData(opts({ seed: base.seed + 1 }))
    expect(a).toEqual(b)
    expect(Array.from(a.train.x)).not.toEqual(Array.from(c.train.x))
    expect(a.train.x.length).toBe(Math.round(base.ratio * base.points))
    expect(a.train.x.length + a.test.x.length).toBe(base.points)
    const clean = makeData(opts({ noise: 0, points: 50 }))
    clean.train.x.forEach((x, i) => expect(clean.train.y[i]).toBeCloseTo(Math.sin(1.5 * Math.PI * x), 12))
    for (const x of [...a.train.x, ...a.test.x]) expect(Math.abs(x)).toBeLessThanOrEqual(1)
    const r = mulberry32(3)
    expect(Array.from({ length: 5 }, r)).toEqual(Array.from({ length: 5 }, mulberry32(3)))
  })
})

describe('Legendre features', () => {
  it('match P₀ … P₄ in closed form', () => {
    const xs = [-1, -0.3, 0.2, 0.7, 1]
    const t = legendreFeatures(tf, tf.tensor1d(xs), 4)
    const v = t.arraySync() as number[][]
    t.dispose()
    xs.forEach((x, i) => {
      const closed = [1, x, (3 * x * x - 1) / 2, (5 * x ** 3 - 3 * x) / 2, (35 * x ** 4 - 30 * x * x + 3) / 8]
      closed.forEach((c, k) => {
        expect(v[i][k]).toBeCloseTo(c, 5)
        expect(legendreAt(x, 4)[k]).toBeCloseTo(c, 12)
      })
    })
  })
})

describe('fitting every degree', () => {
  it('fits a noise-free polynomial exactly from its own degree on', () => {
    const data = makeData(opts({ target: 'cubic', noise: 0, points: 30 }))
    const fit = fitAll(tf, data, 0)
    expect(fit.trainMse[1]).toBeGreaterThan(1e-2)
    expect(fit.trainMse[2]).toBeGreaterThan(1e-2)
    for (const deg of [3, 4, 6]) {
      expect(fit.trainMse[deg]).toBeLessThan(1e-9)
      expect(fit.testMse[deg]).toBeLessThan(1e-8)
      for (const x of [-0.9, -0.2, 0.5]) expect(predict(fit, deg, x)).toBeCloseTo(2 * x ** 3 + 0.5 * x ** 2 - 1.5 * x, 4)
    }
    // the degree-3 coefficients are the Legendre expansion of 2x³ + 0.5x² − 1.5x:
    // 2x³ = 0.8 P₃ + 1.2 P₁, 0.5x² = (P₂ + 0.5 P₀)/3
    const c = Array.from(fit.coef[3])
    ;[1 / 6, 1.2 - 1.5, 1 / 3, 0.8].forEach((v, k) => expect(c[k]).toBeCloseTo(v, 4))
  })

  it('with λ = 0, the train MSE does not increase with the degree', () => {
    for (const seed of [1, 2, 42]) {
      const fit = fitAll(tf, makeData(opts({ seed })), 0)
      for (const deg of degrees.slice(1)) expect(fit.trainMse[deg]).toBeLessThanOrEqual(fit.trainMse[deg - 1] * (1 + 1e-3) + 1e-6)
      expect(fit.trainMse[MAX_DEGREE]).toBeLessThan(fit.trainMse[1] / 10)
    }
  })

  it('overfits at high degree with little data: test MSE ≫ train MSE, and worse than the sweet spot', () => {
    // 20 training points for up to 16 coefficients
    for (const seed of [1, 3, 42]) {
      const fit = fitAll(tf, makeData(opts({ seed })), 0)
      expect(fit.testMse[MAX_DEGREE]).toBeGreaterThan(100 * fit.trainMse[MAX_DEGREE])
      const best = bestDegree(fit)
      expect(best).toBeGreaterThan(3)
      expect(best).toBeLessThan(10)
      expect(fit.testMse[MAX_DEGREE]).toBeGreaterThan(100 * fit.testMse[best])
      expect(fit.testMse[1]).toBeGreaterThan(5 * fit.testMse[best])
      expect(statusOf(fit, 1)).toBe('underfit')
      expect(statusOf(fit, best)).toBe('good')
      expect(statusOf(fit, MAX_DEGREE)).toBe('overfit')
      // at low degree, train and test errors are alike
      expect(fit.testMse[1] / fit.trainMse[1]).toBeLessThan(3)
    }
  })

  it('L2 regularisation lowers the high-degree test MSE (and raises its train MSE)', () => {
    for (const seed of [1, 2, 3, 42]) {
      const data = makeData(opts({ seed }))
      const free = fitAll(tf, data, 0)
      const ridge = fitAll(tf, data, 1e-2)
      for (const deg of [14, 15]) {
        expect(ridge.testMse[deg]).toBeLessThan(free.testMse[deg] / 5)
        expect(ridge.trainMse[deg]).toBeGreaterThan(free.trainMse[deg])
      }
      // the coefficients shrink
      const norm = (c: Float64Array) => Math.hypot(...Array.from(c).slice(1))
      expect(norm(ridge.coef[15])).toBeLessThan(norm(free.coef[15]))
      // and a huge λ flattens every fit towards the mean: underfitting at every degree
      const flat = fitAll(tf, data, 1e4)
      expect(flat.trainMse[15]).toBeGreaterThan(free.trainMse[1] * 0.5)
    }
  })

  it('the curve is the polynomial given by the coefficients', () => {
    const fit = fitAll(tf, makeData(opts()), 0.001)
    for (const deg of [2, 7]) {
      for (const i of [0, 50, 137, 200]) expect(fit.curve[deg][i]).toBeCloseTo(predict(fit, deg, fit.curveX[i]), 3)
    }
  })

  it('is deterministic with the seed and keeps the tensor count flat', () => {
    const t = trackTensors()
    const a = fitAll(tf, makeData(opts()), 0)
    for (let k = 0; k < 3; k++) {
      fitAll(tf, makeData(opts({ seed: k })), k * 0.1)
      t.expectFreed()
    }
    const b = fitAll(tf, makeData(opts()), 0)
    expect(b.trainMse).toEqual(a.trainMse)
    expect(b.testMse).toEqual(a.testMse)
    const c = fitAll(tf, makeData(opts({ seed: 7 })), 0)
    expect(c.testMse).not.toEqual(a.testMse)
  })
})
