import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type ParamSpec, commonParams } from '../../src/widget/schema'
import manifest from './schema'
import { ACTIVATIONS, saturationThreshold } from './model'

const params: [string, ParamSpec][] = Object.entries(manifest.params)

describe('neuron schema', () => {
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

  it('offers every activation of the model and leaves the common parameters to the runtime', () => {
    expect([...manifest.params.activation.choices].sort()).toEqual([...ACTIVATIONS].sort())
    const names = params.map(([name]) => name)
    for (const name of ['w1', 'w2', 'b', 'x1', 'x2', 'activation']) expect(names).toContain(name)
    for (const name of Object.keys(commonParams)) expect(names).not.toContain(name)
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
