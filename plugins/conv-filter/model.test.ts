import { describe, expect, it } from 'vitest'
import { expectNoLeak, tf, trackTensors, useCpuBackend } from '../../tests/tf'
import {
  type Gray,
  KernelLearner,
  convolve,
  effective,
  im2col,
  initialKernel,
  mulberry32,
  multiplyAdd,
  patch,
  preset,
  zebraImage,
} from './model'
import { PRESET_NAMES } from './schema'
import { formatFixed, formatWeight, parseWeight } from './view'

useCpuBackend()

/** 5x5 image with a vertical step edge: columns 0-1 dark (0), columns 2-4 bright (1). */
const step: Gray = { side: 5, data: Float32Array.from({ length: 25 }, (_, k) => (k % 5 >= 2 ? 1 : 0)) }
/** a small image for learning, cut from the zebra (fast under Node) */
function crop(img: Gray, top: number, left: number, side: number): Gray {
  const data = new Float32Array(side * side)
  for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) data[i * side + j] = img.data[(top + i) * img.side + left + j]
  return { side, data }
}
const zebra = zebraImage(96)
const small = crop(zebra, 30, 30, 40)

describe('procedural image', () => {
  it('is deterministic, in [0, 1], with black and white stripes', () => {
    const a = zebraImage(96)
    const b = zebraImage(96)
    expect(a.data.length).toBe(96 * 96)
    expect(Array.from(a.data)).toEqual(Array.from(b.data))
    let dark = 0
    let bright = 0
    for (const v of a.data) {
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThanOrEqual(1)
      if (v < 0.15) dark++
      if (v > 0.85) bright++
    }
    expect(dark).toBeGreaterThan(500)
    expect(bright).toBeGreaterThan(500)
  })
})

describe('convolution (tf.conv2d, same padding)', () => {
  it('Sobel-x on a vertical step edge gives the hand-computed values', () => {
    const out = convolve(tf, step, effective(preset('sobel-x', 3)), 3)
    // interior rows: columns 1 and 2 see the edge (0,0,1 / 0,1,1 → (1-0)·(1+2+1) = 4);
    // column 4 sees the zero padding on its right (−4); top and bottom rows miss one kernel row (3, −3)
    const expected = [
      [0, 3, 3, 0, -3],
      [0, 4, 4, 0, -4],
      [0, 4, 4, 0, -4],
      [0, 4, 4, 0, -4],
      [0, 3, 3, 0, -3],
    ].flat()
    Array.from(out).forEach((v, k) => expect(v).toBeCloseTo(expected[k], 5))
  })

  it('Sobel-y sees no vertical edge away from the padding', () => {
    const out = convolve(tf, step, effective(preset('sobel-y', 3)), 3)
    for (let i = 1; i < 4; i++) for (let j = 0; j < 5; j++) expect(out[i * 5 + j]).toBeCloseTo(0, 5)
  })

  it('the identity kernel returns the input, at both sizes', () => {
    for (const size of [3, 5] as const) {
      const out = convolve(tf, zebra, effective(preset('identity', size)), size)
      expect(Array.from(out)).toEqual(Array.from(zebra.data))
    }
  })

  it('blurs sum to 1 and edge detectors to 0; 5x5 presets are 5x5', () => {
    for (const size of [3, 5] as const) {
      for (const name of PRESET_NAMES) {
        const k = preset(name, size)
        expect(k.weights).toHaveLength(size * size)
        const sum = effective(k).reduce((s, v) => s + v, 0)
        if (['identity', 'box-blur', 'gaussian-blur', 'sharpen', 'emboss'].includes(name)) expect(sum).toBeCloseTo(1, 6)
        else expect(sum).toBeCloseTo(0, 6)
      }
    }
  })

  it('the multiply-add written out for a pixel equals the conv2d output there', () => {
    const w = effective(preset('sobel-x', 5))
    const out = convolve(tf, zebra, w, 5)
    for (const [i, j] of [
      [0, 0],
      [40, 50],
      [95, 3],
      [60, 95],
    ]) {
      expect(patch(zebra, i, j, 5)).toHaveLength(25)
      expect(multiplyAdd(zebra, i, j, w, 5)).toBeCloseTo(out[i * 96 + j], 4)
    }
  })

  it('im2col times the kernel is the same convolution as tf.conv2d', () => {
    const w = effective(preset('laplacian', 3))
    const cols = im2col(small, 3)
    const out = convolve(tf, small, w, 3)
    for (let p = 0; p < small.side ** 2; p += 37) {
      let s = 0
      for (let k = 0; k < 9; k++) s += cols[p * 9 + k] * w[k]
      expect(s).toBeCloseTo(out[p], 4)
    }
  })
})

describe('learning a kernel', () => {
  const make = (o: Partial<ConstructorParameters<typeof KernelLearner>[1]> = {}) =>
    new KernelLearner(tf, { img: small, size: 3, target: effective(preset('sobel-x', 3)), optimizer: 'adam', lr: 0.05, seed: 7, maxSteps: 2000, ...o })

  it('reduces the loss by orders of magnitude and recovers Sobel-x', () => {
    const m = make()
    try {
      expect(m.currentMaxDiff).toBeGreaterThan(1.5)
      m.runTo(600)
      expect(m.currentLoss).toBeLessThan(m.loss[0] / 1e4)
      expect(m.currentMaxDiff).toBeLessThan(0.02)
      expect(m.status).toBe('converged')
    } finally {
      m.dispose()
    }
  })

  it('SGD lowers the loss too', () => {
    const m = make({ optimizer: 'sgd', lr: 0.2 })
    try {
      m.step(200)
      expect(m.currentLoss).toBeLessThan(m.loss[0] / 10)
    } finally {
      m.dispose()
    }
  })

  it('is seeded: same seed same path, other seed other start; batching does not matter', () => {
    expect(initialKernel(3, 7)).toEqual(initialKernel(3, 7))
    expect(initialKernel(3, 7)).not.toEqual(initialKernel(3, 8))
    expect(Array.from({ length: 3 }, mulberry32(1))).toEqual(Array.from({ length: 3 }, mulberry32(1)))
    const one = make()
    const batched = make()
    try {
      for (let k = 0; k < 30; k++) one.step(1)
      batched.step(12)
      batched.step(18)
      expect(batched.loss).toEqual(one.loss)
      expect(batched.weights).toEqual(one.weights)
    } finally {
      one.dispose()
      batched.dispose()
    }
  })

  it('runTo goes back and forth, and "converged" lands on the first converged step', () => {
    const m = make()
    try {
      m.runTo(50)
      const at50 = m.weights.slice()
      m.runTo(120)
      expect(m.runTo(50)).toBe(50)
      expect(m.weights).toEqual(at50)
      const k = m.runTo('converged')
      expect(k).toBe(m.convergedAt)
      expect(m.currentMaxDiff).toBeLessThan(0.01)
      expect(m.maxDiff[k - 1]).toBeGreaterThanOrEqual(0.01)
    } finally {
      m.dispose()
    }
  })

  it('reaches "converged" from the start without training any step twice', () => {
    const m = make()
    const taken: number[] = []
    const step = m.step.bind(m)
    m.step = (n = 1) => {
      const k = step(n)
      taken.push(k)
      return k
    }
    try {
      const k = m.runTo('converged')
      expect(k).toBeGreaterThan(0)
      expect(k).toBe(m.convergedAt)
      expect(taken.reduce((a, b) => a + b, 0)).toBe(k)
      expect(m.runTo('converged')).toBe(k) // asked again: already there
    } finally {
      m.dispose()
    }
  })

  it('keeps the tensor count flat while stepping and frees everything on dispose', () => {
    for (const optimizer of ['adam', 'sgd'] as const) {
      const t = trackTensors()
      const m = make({ optimizer })
      m.step(1)
      t.settle()
      for (let k = 0; k < 4; k++) {
        m.step(5)
        m.output()
        t.expectSteady()
      }
      m.reset()
      m.step(2)
      t.expectSteady()
      t.expectDisposed(m, () => m.step(1))
    }
    expectNoLeak(() => convolve(tf, zebra, effective(preset('emboss', 5)), 5))
  })
})

describe('weight text', () => {
  it('formats and parses cell values', () => {
    expect(formatWeight(-2)).toBe('−2')
    expect(formatWeight(0.0625)).toBe('0.06')
    expect(formatFixed(-0.04, 1)).toBe('0.0')
    expect(formatFixed(-1.96, 1)).toBe('−2.0')
    expect(parseWeight('−1.5')).toBe(-1.5)
    expect(parseWeight('1/4')).toBe(0.25)
    expect(parseWeight('0,5')).toBe(0.5)
    expect(parseWeight('abc')).toBeNull()
    expect(parseWeight('')).toBeNull()
  })
})
