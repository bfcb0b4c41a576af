import { describe, expect, it } from 'vitest'
import { modelKit, tf, trackTensors, useCpuBackend } from '../../tests/tf'
import { defaults } from '../../src/widget/schema'
import manifest from './schema'
import {
  DATASETS,
  type KMeansOptions,
  KMeans,
  inertiaOf,
  kmeansOptions,
  makeData,
  mulberry32,
  voronoiCells,
} from './model'

/** The options a slide with a bare `<!-- live: kmeans -->` gets, and models made from them. */
const { base, opts, withModel } = modelKit<KMeansOptions, KMeans>(kmeansOptions(defaults(manifest.params)), (o) => new KMeans(tf, o))

/** Nearest centroid of every point, in float64 (the reference for TF.js's argMin). */
function nearest(m: KMeans, centroids: ArrayLike<number>): Int32Array {
  const { xy, n } = m.data
  const out = new Int32Array(n)
  for (let j = 0; j < n; j++) {
    let best = Infinity
    for (let i = 0; i < m.k; i++) {
      const d = (xy[2 * j] - centroids[2 * i]) ** 2 + (xy[2 * j + 1] - centroids[2 * i + 1]) ** 2
      if (d < best) {
        best = d
        out[j] = i
      }
    }
  }
  return out
}

/** Whether two labellings are the same partition up to renaming the clusters. */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const ab = new Map<number, number>()
  const ba = new Map<number, number>()
  for (let j = 0; j < a.length; j++) {
    if ((ab.get(a[j]) ?? b[j]) !== b[j] || (ba.get(b[j]) ?? a[j]) !== a[j]) return false
    ab.set(a[j], b[j])
    ba.set(b[j], a[j])
  }
  return true
}

useCpuBackend()

describe('seeded data', () => {
  it('mulberry32 is deterministic and depends on the seed', () => {
    const s1 = Array.from({ length: 100 }, mulberry32(7))
    expect(Array.from({ length: 100 }, mulberry32(7))).toEqual(s1)
    expect(Array.from({ length: 100 }, mulberry32(8))).not.toEqual(s1)
  })

  it.each(DATASETS)('%s: same seed same points, another seed other points', (dataset) => {
    const d1 = makeData({ ...opts({ dataset }) })
    const d2 = makeData({ ...opts({ dataset }) })
    const d3 = makeData({ ...opts({ dataset, seed: base.seed + 1 }) })
    expect(d1.n).toBe(base.points)
    expect(d1.xy).toHaveLength(2 * base.points)
    expect(Array.from(d1.xy)).toEqual(Array.from(d2.xy))
    expect(Array.from(d1.xy)).not.toEqual(Array.from(d3.xy))
    expect(Array.from(d1.xy).every(Number.isFinite)).toBe(true)
  })

  it('blobs are well separated groups of the requested count', () => {
    const d = makeData(opts({ dataset: 'blobs', centers: 4, points: 400 }))
    expect(d.groups).toBe(4)
    const means = Array.from({ length: 4 }, (_, g) => {
      let x = 0
      let y = 0
      let c = 0
      for (let j = 0; j < d.n; j++) if (d.truth[j] === g) (x += d.xy[2 * j], y += d.xy[2 * j + 1], c++)
      return [x / c, y / c]
    })
    for (let a = 0; a < 4; a++)
      for (let b = a + 1; b < 4; b++) expect(Math.hypot(means[a][0] - means[b][0], means[a][1] - means[b][1])).toBeGreaterThan(2.5)
  })

  it('rings are two circles of radius about 1 and 0.45', () => {
    const d = makeData(opts({ dataset: 'rings', points: 400 }))
    for (let j = 0; j < d.n; j++) {
      const r = Math.hypot(d.xy[2 * j], d.xy[2 * j + 1])
      expect(Math.abs(r - (d.truth[j] === 0 ? 1 : 0.45))).toBeLessThan(0.25)
    }
  })
})

describe("Lloyd's algorithm", () => {
  it('alternates assign and update, starting with assign', () => {
    withModel({}, (m) => {
      expect(m.next).toBe('assign')
      expect(m.labels).toBeNull()
      expect(Number.isNaN(m.inertia)).toBe(true)
      m.step(1)
      expect(m.next).toBe('update')
      expect(m.history[0]).toMatchObject({ kind: 'assign', moved: base.points })
      m.step(1)
      expect(m.next).toBe('assign')
      expect(m.history.map((h) => h.kind)).toEqual(['assign', 'update'])
      expect(m.iterations).toBe(1)
    })
  })

  it('assign: each point goes to its nearest centroid, and the inertia is the sum of squared distances', () => {
    withModel({ points: 500, k: 5, dataset: 'uniform' }, (m) => {
      const c = m.centroids.slice()
      m.step(1)
      expect(Array.from(m.labels!)).toEqual(Array.from(nearest(m, c)))
      expect(Array.from(m.centroids)).toEqual(Array.from(c)) // assign does not move centroids
      expect(m.inertia).toBeCloseTo(inertiaOf(m.data, c, m.labels!), 2)
    })
  })

  it('update: each centroid moves to the mean of its points; empty clusters stay put', () => {
    withModel({ dataset: 'blobs', k: 4 }, (m) => {
      m.step(1)
      const labels = m.labels!.slice()
      const before = m.centroids.slice()
      m.step(1)
      for (let i = 0; i < m.k; i++) {
        let x = 0
        let y = 0
        let c = 0
        for (let j = 0; j < m.data.n; j++)
          if (labels[j] === i) (x += m.data.xy[2 * j], y += m.data.xy[2 * j + 1], c++)
        const want = c ? [x / c, y / c] : [before[2 * i], before[2 * i + 1]]
        expect(m.centroids[2 * i]).toBeCloseTo(want[0], 4)
        expect(m.centroids[2 * i + 1]).toBeCloseTo(want[1], 4)
      }
      expect(m.inertia).toBeCloseTo(inertiaOf(m.data, m.centroids, labels), 2)
      expect(m.trails.every((t) => t.length === 4)).toBe(true)
    })
    // two identical centroids: the second gets no point, and keeps its place
    withModel({ dataset: 'blobs', k: 2, points: 30 }, (m) => {
      ;(m as unknown as { c: tf.Tensor }).c.dispose()
      const c = new Float32Array([m.data.xy[0], m.data.xy[1], m.data.xy[0], m.data.xy[1]])
      ;(m as unknown as { c: tf.Tensor }).c = tf.tensor2d(c, [2, 2])
      m.step(2)
      expect(Array.from(m.labels!).every((l) => l === 0)).toBe(true)
      expect(m.centroids[2]).toBeCloseTo(c[2], 6)
      expect(m.centroids[3]).toBeCloseTo(c[3], 6)
    })
  })

  it('never increases the inertia, on every data set, init and several seeds', () => {
    let checked = 0
    for (const dataset of DATASETS)
      for (const init of ['random', 'kmeans++'] as const)
        for (const seed of [1, 2, 3, 11])
          withModel({ dataset, init, seed, k: 4, points: 250 }, (m) => {
            m.runTo(Infinity)
            expect(m.status).toBe('converged')
            const J = m.history.map((h) => h.inertia)
            for (let s = 1; s < J.length; s++) expect(J[s]).toBeLessThanOrEqual(J[s - 1] * (1 + 1e-5))
            expect(J[J.length - 1]).toBeLessThan(J[0])
            checked++
          })
    expect(checked).toBe(DATASETS.length * 8)
  })

  it('converges: the last assignment changes no point, and its labels are the nearest centroids', () => {
    withModel({}, (m) => {
      m.runTo(Infinity)
      expect(m.status).toBe('converged')
      expect(m.stepCount).toBeLessThan(m.maxSteps)
      expect(m.stepCount % 2).toBe(1) // ends on an assign
      expect(m.history[m.history.length - 1]).toMatchObject({ kind: 'assign', moved: 0 })
      expect(Array.from(m.labels!)).toEqual(Array.from(nearest(m, m.centroids)))
      expect(m.step(5)).toBe(0)
    })
  })

  it('recovers the true clusters of well-separated blobs', () => {
    for (const seed of [1, 4, 9]) {
      withModel({ dataset: 'blobs', centers: 3, k: 3, init: 'kmeans++', seed }, (m) => {
        m.runTo(Infinity)
        expect(samePartition(m.labels!, m.data.truth)).toBe(true)
      })
    }
    // the default slide's random start puts two centroids in one blob, and still gets there
    withModel({}, (m) => {
      m.runTo(Infinity)
      expect(samePartition(m.labels!, m.data.truth)).toBe(true)
      expect(m.iterations).toBeGreaterThanOrEqual(3)
    })
  })

  it('fails on rings: the k = 2 clusters cut across both rings', () => {
    withModel({ dataset: 'rings', k: 2, init: 'kmeans++' }, (m) => {
      m.runTo(Infinity)
      expect(samePartition(m.labels!, m.data.truth)).toBe(false)
    })
  })

  it('gives the same history whether the half-steps are taken one by one or batched', () => {
    const one = withModel({}, (m) => {
      while (!m.finished) m.step(1)
      return { h: structuredClone(m.history), c: Array.from(m.centroids), l: Array.from(m.labels!) }
    })
    const batched = withModel({}, (m) => {
      m.step(3)
      m.step(100) // converges in the middle of the batch
      return { h: structuredClone(m.history), c: Array.from(m.centroids), l: Array.from(m.labels!) }
    })
    expect(batched).toEqual(one)
  })

  it('runTo jumps to a half-step (backwards too) and reset() returns to the same start', () => {
    withModel({}, (m) => {
      expect(m.runTo(3)).toBe(3)
      const at3 = { c: Array.from(m.centroids), l: Array.from(m.labels!), J: m.inertia }
      m.runTo(Infinity)
      const end = m.stepCount
      expect(end).toBeGreaterThan(3)
      expect(m.runTo(3)).toBe(3)
      expect({ c: Array.from(m.centroids), l: Array.from(m.labels!), J: m.inertia }).toEqual(at3)
      expect(m.runTo(10_000)).toBe(end)
      m.reset()
      expect(m.stepCount).toBe(0)
      expect(m.labels).toBeNull()
      expect(Array.from(m.centroids)).toEqual(Array.from(m.start))
      expect(m.trails.every((t) => t.length === 2)).toBe(true)
    })
  })
})

describe('initialisation', () => {
  it('random: k distinct data points; kmeans++ too; both deterministic with the seed', () => {
    for (const init of ['random', 'kmeans++'] as const) {
      const a = withModel({ init, k: 6 }, (m) => Array.from(m.start))
      const b = withModel({ init, k: 6 }, (m) => Array.from(m.start))
      const c = withModel({ init, k: 6, seed: base.seed + 1 }, (m) => Array.from(m.start))
      expect(a).toEqual(b)
      expect(a).not.toEqual(c)
      withModel({ init, k: 6 }, (m) => {
        const pts = new Set<string>()
        for (let i = 0; i < 6; i++) {
          const x = m.start[2 * i]
          const y = m.start[2 * i + 1]
          let found = false
          for (let j = 0; j < m.data.n; j++) if (m.data.xy[2 * j] === x && m.data.xy[2 * j + 1] === y) found = true
          expect(found).toBe(true)
          pts.add(`${x},${y}`)
        }
        expect(pts.size).toBe(6)
      })
    }
  })

  it('kmeans++ starts with a lower inertia than random on blobs, on average', () => {
    const seeds = Array.from({ length: 20 }, (_, i) => 100 + i)
    const first = (init: 'random' | 'kmeans++') =>
      seeds.map((seed) => withModel({ init, seed, dataset: 'blobs', centers: 5, k: 5 }, (m) => (m.step(1), m.inertia)))
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length
    const random = first('random')
    const plus = first('kmeans++')
    expect(mean(plus)).toBeLessThan(0.7 * mean(random))
  })
})

describe('Voronoi cells', () => {
  it('tile the box, and each cell lies nearest to its own centroid', () => {
    const rand = mulberry32(3)
    const c = Array.from({ length: 10 }, () => 4 * rand() - 2)
    const box = { xMin: -3, xMax: 3, yMin: -2, yMax: 2.5 }
    const cells = voronoiCells(c, box)
    expect(cells).toHaveLength(5)
    const area = (p: number[]) => {
      let s = 0
      for (let i = 0; i < p.length; i += 2) s += p[i] * p[(i + 3) % p.length] - p[(i + 2) % p.length] * p[i + 1]
      return Math.abs(s) / 2
    }
    const total = cells.reduce((s, p) => s + area(p), 0)
    expect(total).toBeCloseTo(6 * 4.5, 6)
    cells.forEach((p, i) => {
      // the vertex average is inside the (convex) cell: its nearest centroid must be i
      let x = 0
      let y = 0
      for (let v = 0; v < p.length; v += 2) (x += p[v], y += p[v + 1])
      x /= p.length / 2
      y /= p.length / 2
      const d = (j: number) => (x - c[2 * j]) ** 2 + (y - c[2 * j + 1]) ** 2
      for (let j = 0; j < 5; j++) expect(d(i)).toBeLessThanOrEqual(d(j) + 1e-9)
    })
  })

  it('gives a coincident centroid an empty cell', () => {
    const cells = voronoiCells([0, 0, 1, 1, 0, 0], { xMin: -1, xMax: 2, yMin: -1, yMax: 2 })
    expect(cells[0].length).toBeGreaterThanOrEqual(6)
    expect(cells[2]).toEqual([])
  })
})

describe('memory', () => {
  it('keeps the tensor count flat while stepping and frees everything on dispose', () => {
    for (const init of ['random', 'kmeans++'] as const) {
      const t = trackTensors()
      const m = new KMeans(tf, opts({ init, k: 5 }))
      expect(t.settle()).toBe(t.start + 3) // points, centroids, labels
      for (let s = 0; s < 5; s++) {
        m.step(1)
        t.expectSteady()
      }
      m.step(4)
      m.runTo(Infinity)
      t.expectSteady()
      m.runTo(2)
      m.reset()
      m.step(3)
      t.expectSteady()
      t.expectDisposed(m, () => m.step(1))
    }
  })
})
