// The checks every manifest must pass are in tests/widgets/schemas.test.ts.
import { describe, expect, it } from 'vitest'
import manifest from './schema'

describe('digits schema', () => {
  it('has the documented parameters', () => {
    const names = Object.keys(manifest.params)
    for (const name of ['hidden', 'activation', 'lr', 'batch', 'optimizer', 'seed', 'steps', 'speed', 'evalEvery', 'samples', 'panel', 'autoplay'])
      expect(names).toContain(name)
    const p = manifest.params
    expect(p.hidden.integer && p.batch.integer && p.steps.integer && p.seed.integer && p.evalEvery.integer && p.samples.integer).toBe(true)
    expect(p.activation.choices).toEqual(['relu', 'sigmoid', 'tanh'])
    expect(p.optimizer.choices).toEqual(['sgd', 'adam'])
    // the bundled data hold 1,500 training digits
    expect(p.samples.max).toBe(1500)
  })

  it('defaults play for a while: several seconds to pass 300 steps, under a minute to finish', () => {
    const p = manifest.params
    expect(300 / p.speed.default).toBeGreaterThan(3)
    expect(p.steps.default / p.speed.default).toBeLessThan(60)
    expect(p.steps.default % p.evalEvery.default).toBe(0)
    expect(p.autoplay.default).toBe(true)
  })
})
