// The checks every manifest must pass are in tests/widgets/schemas.test.ts.
import { describe, expect, it } from 'vitest'
import manifest, { PRESET_NAMES } from './schema'

describe('conv-filter schema', () => {
  it('offers every preset for both kernel and target', () => {
    const p = manifest.params
    expect(p.kernel.choices).toEqual(PRESET_NAMES)
    expect(p.target.choices).toEqual(PRESET_NAMES)
    expect(p.size.choices).toEqual(['3', '5'])
    expect(p.mode.choices).toEqual(['apply', 'learn'])
    expect(p.target.default).toBe('sobel-x')
    expect(p.seed.integer && p.steps.integer).toBe(true)
  })
})
