import path from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { describe, expect, it } from 'vitest'
import { type ParamSpec, commonParams, defaults } from '../../src/widget/schema'
import manifest from './schema'
import { LineDescent, descentOptions } from './model'

/** widened to the general spec type, so each kind of parameter is checked */
const params: [string, ParamSpec][] = Object.entries(manifest.params)

describe('gradient-descent schema', () => {
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
      if (spec.integer) {
        expect(Number.isInteger(spec.default)).toBe(true)
        expect(Number.isInteger(spec.min)).toBe(true)
        expect(Number.isInteger(spec.max)).toBe(true)
      }
    } else if (spec.type === 'choice') {
      expect(spec.choices).toContain(spec.default)
    } else if (spec.type === 'boolean') {
      expect(typeof spec.default).toBe('boolean')
    }
  })

  it('has the parameters the directive documents, and leaves the common ones to the runtime', () => {
    const names = params.map(([name]) => name)
    for (const name of ['lr', 'momentum', 'steps', 'a0', 'b0', 'points', 'noise', 'seed', 'speed', 'autoplay'])
      expect(names).toContain(name)
    for (const name of Object.keys(commonParams)) expect(names).not.toContain(name)
    const p = manifest.params
    expect(p.steps.integer && p.points.integer && p.seed.integer).toBe(true)
    expect(p.momentum.max).toBeLessThan(1)
  })

  it('defaults give a visible descent from a poor start that converges in a few seconds', async () => {
    await tf.setBackend('cpu')
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
