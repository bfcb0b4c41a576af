/**
 * A short soak (the long one is `npm run bench -- soak`): every widget runs continuously in
 * its own page, trainers training and restarted when they stop, the others driven by their
 * keys. At the last sample TF.js holds no more tensors than it did before (at the first sample, or
 * at most during the warm-up once the widget ran), and the JS heap, after a forced garbage
 * collection, grew by less than 5 MB since the first sample.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { growth, SOAK_WIDGETS, soak } from '../../bench/soak'

const root = path.resolve(__dirname, '..', '..')

describe('soak', () => {
  it('every widget runs for a while with flat tensors and a flat heap', async () => {
    const results = await soak({ root, seconds: 12, warmupSeconds: 4, sampleEvery: 6 })
    expect(results.map((r) => r.name)).toEqual(SOAK_WIDGETS.map((w) => w.name))
    for (const r of results) {
      const g = growth(r)
      console.log(`${r.name}: tensors ${g.firstTensors} (warm-up at most ${r.warmupTensors}) -> ${r.samples.at(-1)!.tensors}, heap ${g.heapMB >= 0 ? '+' : ''}${g.heapMB.toFixed(2)} MB, progress ${r.progress}, restarts ${r.restarts}`)
      expect(r.samples.length, r.name).toBeGreaterThanOrEqual(2)
      // it really ran: steps, epochs, new data sets or key presses
      expect(r.progress, r.name).toBeGreaterThan(0)
      expect(g.tensors, `${r.name}: tensors ${r.samples.map((s) => s.tensors).join(' -> ')} (warm-up at most ${r.warmupTensors})`).toBeLessThanOrEqual(0)
      expect(g.heapMB, `${r.name}: heap ${r.samples.map((s) => (s.heap / 1e6).toFixed(2)).join(' -> ')} MB`).toBeLessThan(5)
      expect(r.errors, r.name).toEqual([])
      expect(r.blocked, r.name).toEqual([])
    }
  }, 90_000)
})
