import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type ParamSpec, commonParams, defaults } from '../../src/widget/schema'
import manifest from './schema'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { MAX_DEGREE, TARGETS, bestDegree, fitAll, makeData, statusOf } from './model'

const params: [string, ParamSpec][] = Object.entries(manifest.params)

describe('overfitting schema', () => {
  it('is named after its folder', () => {
    expect(manifest.name).toBe(path.basename(__dirname))
    expect(manifest.summary.length).toBeGreaterThan(10)
  })

  it.each(params)('%s: default lies within its range', (_name, spec) => {
    expect(spec.doc.trim().length).toBeGreaterThan(5)
    expect(spec.doc).not.toMatch(/\n/)
    if (spec.type === 'number') {
      expect(Number.isFinite(spec.default)).toBe(true)
      expect(spec.min).toBeTypeOf('number')
      expect(spec.max).toBeTypeOf('number')
      expect(spec.min!).toBeLessThan(spec.max!)
      expect(spec.default).toBeGreaterThanOrEqual(spec.min!)
      expect(spec.default).toBeLessThanOrEqual(spec.max!)
      if (spec.integer) expect(Number.isInteger(spec.default)).toBe(true)
    } else if (spec.type === 'choice') {
      expect(spec.choices).toContain(spec.default)
    } else if (spec.type === 'boolean') {
      expect(typeof spec.default).toBe('boolean')
    }
  })

  it('has the documented parameters and leaves the common ones to the runtime', () => {
    const names = params.map(([name]) => name)
    for (const name of ['degree', 'function', 'points', 'noise', 'ratio', 'lambda', 'seed']) expect(names).toContain(name)
    for (const name of Object.keys(commonParams)) expect(names).not.toContain(name)
    const p = manifest.params
    expect(p.degree.integer && p.points.integer && p.seed.integer).toBe(true)
    expect(p.degree.max).toBe(MAX_DEGREE)
    expect([...p.function.choices].sort()).toEqual(Object.keys(TARGETS).sort())
  })

  it('defaults show underfitting, a sweet spot and overfitting', async () => {
    await tf.setBackend('cpu')
    const d = defaults(manifest.params)
    const fit = fitAll(tf, makeData({ target: d.function, points: d.points, noise: d.noise, seed: d.seed, ratio: d.ratio }), d.lambda)
    const best = bestDegree(fit)
    expect(best).toBeGreaterThan(3)
    expect(best).toBeLessThan(9)
    expect(statusOf(fit, 1)).toBe('underfit')
    expect(statusOf(fit, MAX_DEGREE)).toBe('overfit')
    expect(fit.testMse[1]).toBeGreaterThan(5 * fit.testMse[best])
    expect(fit.testMse[MAX_DEGREE]).toBeGreaterThan(100 * fit.testMse[best])
  })
})
