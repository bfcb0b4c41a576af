import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type ParamSpec, commonParams } from '../../src/widget/schema'
import manifest, { PRESET_NAMES } from './schema'

const params: [string, ParamSpec][] = Object.entries(manifest.params)

describe('conv-filter schema', () => {
  it('is named after its folder', () => {
    expect(manifest.name).toBe(path.basename(__dirname))
    expect(manifest.summary.length).toBeGreaterThan(10)
  })

  it.each(params)('%s: default lies within its range, with a one-line doc', (_name, spec) => {
    expect(spec.doc.trim().length).toBeGreaterThan(5)
    expect(spec.doc).not.toMatch(/\n/)
    if (spec.type === 'number') {
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

  it('offers every preset for both kernel and target, and leaves the common params to the runtime', () => {
    const p = manifest.params
    expect(p.kernel.choices).toEqual(PRESET_NAMES)
    expect(p.target.choices).toEqual(PRESET_NAMES)
    expect(p.size.choices).toEqual(['3', '5'])
    expect(p.mode.choices).toEqual(['apply', 'learn'])
    expect(p.target.default).toBe('sobel-x')
    for (const name of Object.keys(commonParams)) expect(Object.keys(p)).not.toContain(name)
    expect(p.seed.integer && p.steps.integer).toBe(true)
  })
})
