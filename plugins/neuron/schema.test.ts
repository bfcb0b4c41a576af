// The checks every manifest must pass are in tests/widgets/schemas.test.ts.
import { describe, expect, it } from 'vitest'
import manifest from './schema'
import { ACTIVATIONS, saturationThreshold } from './model'

describe('neuron schema', () => {
  it('offers every activation of the model', () => {
    expect([...manifest.params.activation.choices].sort()).toEqual([...ACTIVATIONS].sort())
    const names = Object.keys(manifest.params)
    for (const name of ['w1', 'w2', 'b', 'x1', 'x2', 'activation']) expect(names).toContain(name)
  })

  it('defaults put the unit in its active range, and the bias slider reaches both saturations', () => {
    const p = manifest.params
    const z = p.w1.default * p.x1.default + p.w2.default * p.x2.default + p.b.default
    const s = saturationThreshold(p.activation.default, p.saturation.default)
    expect(Math.abs(z)).toBeLessThan(s)
    expect(Math.abs(z)).toBeGreaterThan(0.5) // not the trivial centre
    expect(z + p.b.max - p.b.default).toBeGreaterThan(s)
    expect(z + p.b.min - p.b.default).toBeLessThan(-s)
  })
})
