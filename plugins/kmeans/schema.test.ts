import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { describe, expect, it } from 'vitest'
import { type ParamSpec, commonParams, defaults } from '../../src/widget/schema'
import manifest from './schema'
import { DATASETS, INITS, KMeans, kmeansOptions } from './model'

/** widened to the general spec type, so each kind of parameter is checked */
const params: [string, ParamSpec][] = Object.entries(manifest.params)

describe('kmeans schema', () => {
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
      if (spec.integer) {
        expect(Number.isInteger(spec.default)).toBe(true)
        expect(Number.isInteger(spec.min)).toBe(true)
        expect(Number.isInteger(spec.max)).toBe(true)
      }
    } else if (spec.type === 'choice') {
      expect(spec.choices).toContain(spec.default)
    } else if (spec.type === 'boolean') {
      expect(typeof spec.default).toBe('boolean')
    }
  })

  it('has the parameters the directive documents, and leaves the common ones to the runtime', () => {
    const names = params.map(([name]) => name)
    for (const name of ['k', 'init', 'points', 'dataset', 'seed', 'autoplay', 'speed']) expect(names).toContain(name)
    for (const name of Object.keys(commonParams)) expect(names).not.toContain(name)
    const p = manifest.params
    expect(p.k.integer && p.points.integer && p.seed.integer && p.centers.integer).toBe(true)
    expect([p.k.min, p.k.max]).toEqual([1, 10])
    // the model knows every choice the schema offers, and no other
    expect([...p.dataset.choices]).toEqual([...DATASETS])
    expect([...p.init.choices]).toEqual([...INITS])
  })

  it('defaults give a visible run: a centroid crosses the plot, convergence in a few iterations, true blobs found', async () => {
    await tf.setBackend('cpu')
    const d = defaults(manifest.params)
    const m = new KMeans(tf, kmeansOptions(d))
    try {
      m.runTo(Infinity)
      expect(m.status).toBe('converged')
      expect(m.iterations).toBeGreaterThanOrEqual(3)
      const seconds = m.stepCount / d.speed
      expect(seconds).toBeLessThan(12)
      let longest = 0
      for (const t of m.trails) longest = Math.max(longest, Math.hypot(t[t.length - 2] - t[0], t[t.length - 1] - t[1]))
      expect(longest).toBeGreaterThan(3) // blob centres are >= 3.4 apart
      expect(m.history[m.history.length - 1].inertia).toBeLessThan(m.history[0].inertia / 3)
    } finally {
      m.dispose()
    }
  })
})
