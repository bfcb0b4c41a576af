import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type ParamSpec, commonParams } from '../../src/widget/schema'
import manifest from './schema'

/** widened to the general spec type, so each kind of parameter is checked */
const params: [string, ParamSpec][] = Object.entries(manifest.params)

describe('digits schema', () => {
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
      expect(new Set(spec.choices).size).toBe(spec.choices.length)
    } else if (spec.type === 'boolean') {
      expect(typeof spec.default).toBe('boolean')
    }
  })

  it('has the documented parameters, and leaves the common ones to the runtime', () => {
    const names = params.map(([name]) => name)
    for (const name of ['hidden', 'activation', 'lr', 'batch', 'optimizer', 'seed', 'steps', 'speed', 'evalEvery', 'samples', 'panel', 'autoplay'])
      expect(names).toContain(name)
    for (const name of Object.keys(commonParams)) expect(names).not.toContain(name)
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
