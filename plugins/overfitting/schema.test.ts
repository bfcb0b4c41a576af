// The checks every manifest must pass are in tests/widgets/schemas.test.ts.
import { describe, expect, it } from 'vitest'
import { defaults } from '../../src/widget/schema'
import { cpuBackend, tf } from '../../tests/tf'
import manifest from './schema'
import { MAX_DEGREE, TARGETS, bestDegree, fitAll, makeData, statusOf } from './model'

describe('overfitting schema', () => {
  it('has the documented parameters', () => {
    const names = Object.keys(manifest.params)
    for (const name of ['degree', 'function', 'points', 'noise', 'ratio', 'lambda', 'seed']) expect(names).toContain(name)
    const p = manifest.params
    expect(p.degree.integer && p.points.integer && p.seed.integer).toBe(true)
    expect(p.degree.max).toBe(MAX_DEGREE)
    expect([...p.function.choices].sort()).toEqual(Object.keys(TARGETS).sort())
  })

  it('defaults show underfitting, a sweet spot and overfitting', async () => {
    await cpuBackend()
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
