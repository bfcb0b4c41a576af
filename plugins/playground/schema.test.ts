// The checks every manifest must pass are in tests/widgets/schemas.test.ts.
import { describe, expect, it } from 'vitest'
import { defaults } from '../../src/widget/schema'
import manifest from './schema'
import { parseFeatures, parseHidden, playgroundOptions } from './model'

describe('playground schema', () => {
  it('has the documented parameters', () => {
    const names = Object.keys(manifest.params)
    for (const name of ['dataset', 'noise', 'ratio', 'batch', 'features', 'hidden', 'activation', 'lr', 'regularization', 'rate', 'seed', 'autoplay'])
      expect(names).toContain(name)
    const p = manifest.params
    expect(p.dataset.choices).toEqual(['circle', 'xor', 'gaussian', 'spiral'])
    expect(p.activation.choices).toEqual(['tanh', 'relu', 'sigmoid', 'linear'])
    expect(p.regularization.choices).toEqual(['none', 'l1', 'l2'])
    expect([p.noise.min, p.noise.max, p.ratio.min, p.ratio.max, p.batch.min, p.batch.max]).toEqual([0, 50, 10, 90, 1, 30])
    expect(p.batch.integer && p.seed.integer && p.points.integer).toBe(true)
  })

  it('string defaults parse, and the defaults become valid model options', () => {
    const d = defaults(manifest.params)
    expect(parseFeatures(d.features)).toEqual(['x1', 'x2'])
    expect(parseHidden(d.hidden)).toEqual([4, 2])
    const o = playgroundOptions(d)
    expect(o.noise).toBe(0)
    expect(o.ratio).toBe(0.5)
    expect(() => playgroundOptions({ ...d, features: 'x1,y' })).toThrow(/unknown feature "y"/)
  })
})
