// The checks every manifest must pass are in tests/widgets/schemas.test.ts.
import { describe, expect, it } from 'vitest'
import { defaults } from '../../src/widget/schema'
import { cpuBackend, tf } from '../../tests/tf'
import manifest from './schema'
import { LineDescent, descentOptions } from './model'

describe('gradient-descent schema', () => {
  it('has the parameters the directive documents', () => {
    const names = Object.keys(manifest.params)
    for (const name of ['lr', 'momentum', 'steps', 'a0', 'b0', 'points', 'noise', 'seed', 'speed', 'autoplay'])
      expect(names).toContain(name)
    const p = manifest.params
    expect(p.steps.integer && p.points.integer && p.seed.integer).toBe(true)
    expect(p.momentum.max).toBeLessThan(1)
  })

  it('defaults give a visible descent from a poor start that converges in a few seconds', async () => {
    await cpuBackend()
    const d = defaults(manifest.params)
    const m = new LineDescent(tf, descentOptions(d))
    try {
      const startDistance = Math.hypot(d.a0 - m.optimum.a, d.b0 - m.optimum.b)
      expect(startDistance).toBeGreaterThan(2)
      expect(m.current.loss).toBeGreaterThan(20 * m.optimum.loss)
      m.runTo(d.steps)
      expect(m.status).toBe('converged')
      const seconds = m.stepCount / d.speed
      expect(seconds).toBeGreaterThan(1.5)
      expect(seconds).toBeLessThan(8)
      // the top of the lr slider diverges, so the slider spans both regimes
      const top = new LineDescent(tf, descentOptions({ ...d, lr: manifest.params.lr.max }))
      top.runTo(d.steps)
      expect(top.status).toBe('diverged')
      top.dispose()
    } finally {
      m.dispose()
    }
  })
})
