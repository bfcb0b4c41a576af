// The checks every manifest must pass are in tests/widgets/schemas.test.ts.
import { describe, expect, it } from 'vitest'
import { defaults } from '../../src/widget/schema'
import { cpuBackend, tf } from '../../tests/tf'
import manifest from './schema'
import { DATASETS, INITS, KMeans, kmeansOptions } from './model'

describe('kmeans schema', () => {
  it('has the parameters the directive documents', () => {
    const names = Object.keys(manifest.params)
    for (const name of ['k', 'init', 'points', 'dataset', 'seed', 'autoplay', 'speed']) expect(names).toContain(name)
    const p = manifest.params
    expect(p.k.integer && p.points.integer && p.seed.integer && p.centers.integer).toBe(true)
    expect([p.k.min, p.k.max]).toEqual([1, 10])
    // the model knows every choice the schema offers, and no other
    expect([...p.dataset.choices]).toEqual([...DATASETS])
    expect([...p.init.choices]).toEqual([...INITS])
  })

  it('defaults give a visible run: a centroid crosses the plot, convergence in a few iterations, true blobs found', async () => {
    await cpuBackend()
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
