import { describe, expect, it } from 'vitest'
import { gaussian, mulberry32, shuffle } from '../../src/widget/random'

describe('seeded random numbers', () => {
  it('mulberry32 repeats for a seed, differs across seeds, and stays in [0, 1)', () => {
    const a = Array.from({ length: 1000 }, mulberry32(42))
    expect(Array.from({ length: 1000 }, mulberry32(42))).toEqual(a)
    expect(Array.from({ length: 1000 }, mulberry32(43))).not.toEqual(a)
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...a)).toBeLessThan(1)
    const mean = a.reduce((s, v) => s + v, 0) / a.length
    expect(mean).toBeGreaterThan(0.45)
    expect(mean).toBeLessThan(0.55)
  })

  it('gaussian draws standard normal samples', () => {
    const normal = gaussian(mulberry32(1))
    const xs = Array.from({ length: 20000 }, normal)
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length
    const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(variance - 1)).toBeLessThan(0.05)
    expect(xs.every(Number.isFinite)).toBe(true)
  })

  it('shuffle permutes in place, the same way for the same seed', () => {
    const a = shuffle(Array.from({ length: 50 }, (_, i) => i), mulberry32(3))
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(shuffle(Array.from({ length: 50 }, (_, i) => i), mulberry32(3))).toEqual(a)
    const typed = shuffle(Int32Array.from({ length: 50 }, (_, i) => i), mulberry32(3))
    expect(Array.from(typed)).toEqual(a)
  })
})
