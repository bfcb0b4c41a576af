import { describe, expect, it } from 'vitest'
import { tf, trackTensors, useCpuBackend } from '../../tests/tf'
import {
  ACTIVATIONS,
  curves,
  evaluateUnit,
  flatRegions,
  outputPlane,
  saturationThreshold,
  statusOf,
  type Unit,
} from './model'

useCpuBackend()

const unit = (o: Partial<Unit> = {}): Unit => ({ w1: 1.5, w2: -1, b: 0.5, x1: 1, x2: 0.5, ...o })

describe('activation functions and their derivatives (TF.js + autodiff)', () => {
  it('match the known values at 0 and ±1', () => {
    const s = curves(tf, 'sigmoid', [0, 2, -2])
    expect(s.phi[0]).toBeCloseTo(0.5, 6)
    expect(s.grad[0]).toBeCloseTo(0.25, 6)
    expect(s.phi[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6)
    expect(s.grad[2]).toBeCloseTo(s.phi[2] * (1 - s.phi[2]), 6)
    const t = curves(tf, 'tanh', [0, 1])
    expect(t.phi[0]).toBeCloseTo(0, 6)
    expect(t.grad[0]).toBeCloseTo(1, 6)
    expect(t.grad[1]).toBeCloseTo(1 - Math.tanh(1) ** 2, 6)
    const r = curves(tf, 'relu', [-1, 2, 0])
    expect(Array.from(r.phi)).toEqual([0, 2, 0])
    expect(r.grad[0]).toBe(0)
    expect(r.grad[1]).toBe(1)
    expect(r.grad[2]).toBe(0) // TF.js: relu'(0) = 0
  })

  it('the derivative matches a finite difference of φ over a range of z', () => {
    const zs = Array.from({ length: 41 }, (_, i) => -5 + i / 4 + 0.03)
    for (const a of ACTIVATIONS) {
      const c = curves(tf, a, zs)
      const hi = curves(tf, a, zs.map((z) => z + 1e-2))
      const lo = curves(tf, a, zs.map((z) => z - 1e-2))
      zs.forEach((_, i) => expect(c.grad[i]).toBeCloseTo((hi.phi[i] - lo.phi[i]) / 2e-2, 2))
    }
  })
})

describe('one unit', () => {
  it('computes z = w·x + b, h = φ(z) and φ′(z)', () => {
    const s = evaluateUnit(tf, 'sigmoid', unit(), 0.05)
    expect(s.z).toBeCloseTo(1.5, 6)
    expect(s.h).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 6)
    expect(s.grad).toBeCloseTo(s.h * (1 - s.h), 6)
    expect(s.status).toBe('active')
    const r = evaluateUnit(tf, 'relu', unit({ w1: 2, w2: 3, b: -1, x1: -1, x2: 0.5 }), 0.05)
    expect(r.z).toBeCloseTo(-1.5, 6)
    expect(r.h).toBe(0)
    expect(r.grad).toBe(0)
    expect(r.status).toBe('dead')
  })

  it('detects saturation where |φ′| drops below the threshold', () => {
    expect(evaluateUnit(tf, 'sigmoid', unit({ b: 5 }), 0.05).status).toBe('saturated') // z = 6
    expect(evaluateUnit(tf, 'sigmoid', unit({ b: -7 }), 0.05).status).toBe('saturated') // z = -6
    expect(evaluateUnit(tf, 'tanh', unit({ b: 2 }), 0.05).status).toBe('saturated') // z = 3
    expect(evaluateUnit(tf, 'tanh', unit({ b: 0 }), 0.05).status).toBe('active') // z = 1
    expect(evaluateUnit(tf, 'relu', unit({ b: 5 }), 0.05).status).toBe('active') // ReLU never saturates for z > 0
    expect(statusOf('sigmoid', 0.049, 0.05)).toBe('saturated')
    expect(statusOf('sigmoid', 0.051, 0.05)).toBe('active')
    expect(statusOf('relu', 0, 0.05)).toBe('dead')
  })

  it('the closed-form saturation threshold is where the autodiff derivative crosses it', () => {
    for (const a of ['sigmoid', 'tanh'] as const) {
      for (const t of [0.01, 0.05, 0.1]) {
        const s = saturationThreshold(a, t)
        const c = curves(tf, a, [s - 1e-3, s + 1e-3, -s - 1e-3, -s + 1e-3])
        expect(c.grad[0]).toBeGreaterThan(t)
        expect(c.grad[1]).toBeLessThan(t)
        expect(c.grad[2]).toBeLessThan(t)
        expect(c.grad[3]).toBeGreaterThan(t)
      }
    }
    expect(saturationThreshold('sigmoid', 0.05)).toBeCloseTo(2.887, 2)
    expect(saturationThreshold('tanh', 0.05)).toBeCloseTo(Math.atanh(Math.sqrt(0.95)), 5)
    expect(flatRegions('relu', 0.05, -6, 6)).toEqual([{ from: -6, to: 0, kind: 'dead' }])
    const sig = flatRegions('sigmoid', 0.05, -6, 6)
    expect(sig).toHaveLength(2)
    expect(sig[0].kind).toBe('saturated')
    expect(sig[0].to).toBeCloseTo(-2.887, 2)
    expect(sig[1].from).toBeCloseTo(2.887, 2)
    expect(flatRegions('sigmoid', 0.05, -2, 2)).toEqual([])
  })

  it('computes the output over the input plane, with the boundary z = 0 where w·x + b = 0', () => {
    const n = 11
    const u = unit({ w1: 1, w2: 2, b: 1 })
    const v = outputPlane(tf, 'sigmoid', u, -5, 5, n)
    expect(v).toHaveLength(n * n)
    for (const [i, j] of [
      [0, 0],
      [10, 10],
      [3, 7],
    ]) {
      const x1 = -5 + i
      const x2 = -5 + j
      expect(v[j * n + i]).toBeCloseTo(1 / (1 + Math.exp(-(x1 + 2 * x2 + 1))), 5)
    }
    // (x1, x2) = (1, -1): z = 0
    expect(v[4 * n + 6]).toBeCloseTo(0.5, 6)
  })

  it('is deterministic and keeps the tensor count flat', () => {
    const t = trackTensors()
    const a = evaluateUnit(tf, 'tanh', unit(), 0.05)
    for (let k = 0; k < 5; k++) {
      for (const act of ACTIVATIONS) {
        evaluateUnit(tf, act, unit({ b: k }), 0.05)
        curves(tf, act, [-1, 0, 1])
        outputPlane(tf, act, unit(), -5, 5, 16)
      }
      t.expectFreed()
    }
    expect(evaluateUnit(tf, 'tanh', unit(), 0.05)).toEqual(a)
  })
})
