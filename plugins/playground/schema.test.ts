import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type ParamSpec, commonParams, defaults } from '../../src/widget/schema'
import manifest from './schema'
import { parseFeatures, parseHidden, playgroundOptions } from './model'

/** widened to the general spec type, so each kind of parameter is checked */
const params: [string, ParamSpec][] = Object.entries(manifest.params)

describe('playground schema', () => {
  it('is named after its folder', () => {
    expect(manifest.name).toBe(path.basename(__dirname))
    expect(manifest.summary.length).toBeGreaterThan(10)
  })

  it.each(params)('%s: default lies within its range, with a one-line doc', (_name, spec) => {
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
    } else {
      expect(spec.default.length).toBeLessThanOrEqual(spec.maxLength ?? Infinity)
    }
  })

  it('has the documented parameters, and leaves the common ones to the runtime', () => {
    const names = params.map(([name]) => name)
    for (const name of ['dataset', 'noise', 'ratio', 'batch', 'features', 'hidden', 'activation', 'lr', 'regularization', 'rate', 'seed', 'autoplay'])
      expect(names).toContain(name)
    for (const name of Object.keys(commonParams)) expect(names).not.toContain(name)
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
