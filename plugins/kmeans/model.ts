/**
 * k-means by Lloyd's algorithm, one half-step at a time: the maths, and nothing else.
 *
 *   assign:  label_j = argmin_i ||x_j - μ_i||²                 (distance matrix, argMin)
 *   update:  μ_i = mean of the points with label i              (one-hot matmul / counts)
 *   inertia: J = Σ_j ||x_j - μ_{label_j}||²                     (never increases, step after step)
 *
 * Pure TF.js: `tf` is passed in (no import side effects, no DOM), so this file runs unchanged
 * in the browser and under vitest. The view reads host-side copies (`centroids`, `labels`,
 * `history`, `trails`), refreshed from one read-back per `step(n)` call; it never sees a tensor.
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core'
import type { TF } from '../../src/widget/define'
import { mulberry32, gaussian } from '../../src/widget/random'
export { mulberry32, gaussian }

/* ------------------------------------------------------------------ random */



/* -------------------------------------------------------------------- data */

export const DATASETS = ['blobs', 'anisotropic', 'moons', 'rings', 'uniform'] as const
export type DatasetName = (typeof DATASETS)[number]
export const INITS = ['random', 'kmeans++'] as const
export type InitName = (typeof INITS)[number]

export interface DataOptions {
  dataset: DatasetName
  points: number
  seed: number
  /** number of true blobs (blobs, anisotropic) */
  centers: number
}

export interface Dataset {
  /** n points, interleaved: x0, y0, x1, y1, ... */
  xy: Float32Array
  /** the group each point was drawn from (blob, moon, ring; 0 for uniform noise) */
  truth: Int32Array
  /** number of true groups */
  groups: number
  n: number
}

/** standard deviation of a blob, and the smallest distance between two blob centres */
const BLOB_STD = 0.75
const BLOB_SEPARATION = 3.4
/** half-width of the box blob centres are drawn in */
const BLOB_BOX = 5

/** Blob centres in [-BLOB_BOX, BLOB_BOX]², at least BLOB_SEPARATION apart when that fits. */
function blobCentres(count: number, uniform: () => number): [number, number][] {
  const out: [number, number][] = []
  let separation = BLOB_SEPARATION
  let tries = 0
  while (out.length < count) {
    const c: [number, number] = [BLOB_BOX * (2 * uniform() - 1), BLOB_BOX * (2 * uniform() - 1)]
    if (out.every((o) => Math.hypot(o[0] - c[0], o[1] - c[1]) >= separation)) {
      out.push(c)
      tries = 0
    } else if (++tries > 200) {
      separation *= 0.9 // crowded: accept closer blobs rather than loop forever
      tries = 0
    }
  }
  return out
}

/** The points of a data set; deterministic for a given seed. */
export function makeData(o: DataOptions): Dataset {
  const n = Math.max(1, Math.round(o.points))
  const uniform = mulberry32(o.seed)
  const normal = gaussian(uniform)
  const xy = new Float32Array(2 * n)
  const truth = new Int32Array(n)
  let groups = 1
  const put = (i: number, x: number, y: number, g: number) => {
    xy[2 * i] = x
    xy[2 * i + 1] = y
    truth[i] = g
  }
  switch (o.dataset) {
    case 'blobs':
    case 'anisotropic': {
      groups = Math.max(1, Math.round(o.centers))
      const centres = blobCentres(groups, uniform)
      // scikit-learn's anisotropic example: the blobs sheared and stretched by a linear map
      const [a, b, c, d] = o.dataset === 'anisotropic' ? [0.6, -0.64, -0.41, 0.85] : [1, 0, 0, 1]
      const std = o.dataset === 'anisotropic' ? 1.2 * BLOB_STD : BLOB_STD
      for (let i = 0; i < n; i++) {
        const g = i % groups
        const x = centres[g][0] + std * normal()
        const y = centres[g][1] + std * normal()
        put(i, a * x + c * y, b * x + d * y, g)
      }
      break
    }
    case 'moons': {
      groups = 2
      for (let i = 0; i < n; i++) {
        const g = i % 2
        const t = Math.PI * uniform()
        const x = g === 0 ? Math.cos(t) : 1 - Math.cos(t)
        const y = g === 0 ? Math.sin(t) : 0.5 - Math.sin(t)
        put(i, x + 0.09 * normal(), y + 0.09 * normal(), g)
      }
      break
    }
    case 'rings': {
      groups = 2
      for (let i = 0; i < n; i++) {
        const g = i % 2
        const t = 2 * Math.PI * uniform()
        const r = g === 0 ? 1 : 0.45
        put(i, r * Math.cos(t) + 0.05 * normal(), r * Math.sin(t) + 0.05 * normal(), g)
      }
      break
    }
    case 'uniform': {
      for (let i = 0; i < n; i++) put(i, 2 * uniform() - 1, 2 * uniform() - 1, 0)
      break
    }
  }
  return { xy, truth, groups, n }
}

/** Inertia of `labels` with `centroids` (interleaved), in float64, independently of TF.js. */
export function inertiaOf(data: Dataset, centroids: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0
  for (let j = 0; j < data.n; j++) {
    const i = labels[j]
    s += (data.xy[2 * j] - centroids[2 * i]) ** 2 + (data.xy[2 * j + 1] - centroids[2 * i + 1]) ** 2
  }
  return s
}

/* ------------------------------------------------------------------ voronoi */

export interface Box {
  xMin: number
  xMax: number
  yMin: number
  yMax: number
}

/**
 * The Voronoi cell of each centroid inside `box`, as polygons (flat x, y lists): the box clipped
 * by the half-planes closer to centroid i than to each other centroid (Sutherland-Hodgman).
 * Coincident centroids go to the lowest index, as argMin does. An empty cell is an empty list.
 */
export function voronoiCells(centroids: ArrayLike<number>, box: Box): number[][] {
  const k = centroids.length / 2
  const cells: number[][] = []
  for (let i = 0; i < k; i++) {
    const xi = centroids[2 * i]
    const yi = centroids[2 * i + 1]
    let poly = [box.xMin, box.yMin, box.xMax, box.yMin, box.xMax, box.yMax, box.xMin, box.yMax]
    for (let j = 0; j < k && poly.length > 0; j++) {
      if (j === i) continue
      const xj = centroids[2 * j]
      const yj = centroids[2 * j + 1]
      // keep p where (cj - ci)·p <= (|cj|² - |ci|²) / 2
      const nx = xj - xi
      const ny = yj - yi
      if (nx === 0 && ny === 0) {
        if (j < i) poly = []
        continue
      }
      const c = (xj * xj + yj * yj - xi * xi - yi * yi) / 2
      const side = (x: number, y: number) => nx * x + ny * y - c
      const out: number[] = []
      const m = poly.length / 2
      for (let p = 0; p < m; p++) {
        const ax = poly[2 * p]
        const ay = poly[2 * p + 1]
        const bx = poly[(2 * p + 2) % poly.length]
        const by = poly[(2 * p + 3) % poly.length]
        const sa = side(ax, ay)
        const sb = side(bx, by)
        if (sa <= 0) out.push(ax, ay)
        if ((sa < 0 && sb > 0) || (sa > 0 && sb < 0)) {
          const t = sa / (sa - sb)
          out.push(ax + t * (bx - ax), ay + t * (by - ay))
        }
      }
      poly = out.length >= 6 ? out : []
    }
    cells.push(poly)
  }
  return cells
}

/* -------------------------------------------------------------------- model */

export interface KMeansOptions extends DataOptions {
  k: number
  init: InitName
  /** `step` never goes past this many half-steps; default 400 */
  maxSteps?: number
}

/** The widget's parameters (see schema.ts) as model options. */
export function kmeansOptions(p: {
  k: number
  init: InitName
  dataset: DatasetName
  centers: number
  points: number
  seed: number
}): KMeansOptions {
  return { k: p.k, init: p.init, dataset: p.dataset, centers: p.centers, points: p.points, seed: p.seed }
}

export type HalfStep = 'assign' | 'update'
export type KMeansStatus = 'ready' | 'running' | 'converged' | 'done'

export interface HistoryEntry {
  kind: HalfStep
  /** inertia after this half-step */
  inertia: number
  /** assign: points whose cluster changed (all of them the first time); update: total centroid shift */
  moved: number
}

/** half-steps per tidy in `runTo`, to bound the tensors alive at once */
const CHUNK = 64

export class KMeans {
  readonly data: Dataset
  readonly k: number
  /** the starting centroids, interleaved */
  readonly start: Float32Array
  /** current centroids, interleaved x, y (host copy) */
  centroids: Float32Array
  /** current cluster of each point; null before the first assignment (host copy) */
  labels: Int32Array | null = null
  /** one entry per half-step taken */
  readonly history: HistoryEntry[] = []
  /** each centroid's positions: the start, then one per update (flat x, y lists) */
  readonly trails: number[][]

  private readonly tf: TF
  private readonly options: Required<KMeansOptions>
  private readonly x: Tensor2D
  private c: Tensor2D
  private l: Tensor1D
  private disposed = false
  private isConverged = false

  constructor(tf: TF, options: KMeansOptions) {
    this.tf = tf
    this.options = { maxSteps: 400, ...options }
    this.data = makeData(this.options)
    this.k = Math.max(1, Math.min(Math.round(options.k), this.data.n))
    this.x = tf.tensor2d(this.data.xy, [this.data.n, 2])
    this.start = this.initialCentroids()
    this.centroids = this.start.slice()
    this.trails = []
    this.c = tf.tensor2d(this.start, [this.k, 2])
    this.l = tf.fill([this.data.n], -1, 'int32') as Tensor1D
    this.resetHost()
  }

  /* ---------------------------------------------------------- state */

  /** half-steps taken since the start */
  get stepCount(): number {
    return this.history.length
  }
  /** the half-step that comes next */
  get next(): HalfStep {
    return this.history.length % 2 === 0 ? 'assign' : 'update'
  }
  /** completed iterations (updates) */
  get iterations(): number {
    return Math.floor(this.history.length / 2)
  }
  /** inertia after the last half-step, NaN before the first assignment */
  get inertia(): number {
    return this.history.length ? this.history[this.history.length - 1].inertia : NaN
  }
  get converged(): boolean {
    return this.isConverged
  }
  get maxSteps(): number {
    return this.options.maxSteps
  }
  get status(): KMeansStatus {
    if (this.isConverged) return 'converged'
    if (this.stepCount >= this.options.maxSteps) return 'done'
    return this.stepCount === 0 ? 'ready' : 'running'
  }
  /** true when `step` would do nothing */
  get finished(): boolean {
    return this.isConverged || this.stepCount >= this.options.maxSteps
  }
  get dataOptions(): Readonly<KMeansOptions> {
    return this.options
  }

  /* ---------------------------------------------------------- maths */

  /** squared distances [n, k] from every point to every centroid */
  private sqDist(c: Tensor2D): Tensor2D {
    const tf = this.tf
    const diff = tf.sub(tf.expandDims(this.x, 1), tf.expandDims(c, 0)) // [n, k, 2]
    return tf.sum(tf.square(diff), 2) as Tensor2D
  }

  /**
   * Take up to `n` half-steps. All of them run on the backend inside one `tf.tidy`; the inertia,
   * the change and the centroids after each half-step, and the final labels, are concatenated
   * and read back once. Stops at convergence: the first assignment (after an update) that
   * changes no point. Past that point Lloyd's map is a fixed point, so half-steps computed in
   * the same batch after it leave the state as it was. Returns the number of half-steps taken.
   */
  step(n = 1): number {
    this.assertAlive()
    const count = Math.min(Math.floor(n), this.options.maxSteps - this.stepCount)
    if (count <= 0 || this.isConverged) return 0
    const tf = this.tf
    const k = this.k
    let kind: HalfStep = this.next
    const [flat, c, l] = tf.tidy(() => {
      let c: Tensor2D = this.c
      let l: Tensor1D = this.l
      const rows: Tensor[] = []
      for (let s = 0; s < count; s++) {
        let inertia: Tensor
        let moved: Tensor
        if (kind === 'assign') {
          const d = this.sqDist(c)
          const next = tf.argMin(d, 1) as Tensor1D
          inertia = tf.sum(tf.min(d, 1))
          moved = tf.sum(tf.cast(tf.notEqual(next, l), 'float32'))
          l = next
        } else {
          const oneHot = tf.oneHot(l, k, 1, 0, 'float32') // [n, k]
          const counts = tf.reshape(tf.sum(oneHot, 0), [k, 1])
          const sums = tf.matMul(oneHot, this.x, true, false) // [k, 2]
          const means = tf.div(sums, tf.maximum(counts, 1))
          // an empty cluster keeps its centroid (the inertia cannot grow)
          const next = tf.where(tf.broadcastTo(tf.greater(counts, 0), [k, 2]), means, c) as Tensor2D
          inertia = tf.sum(tf.square(tf.sub(this.x, tf.gather(next, l))))
          moved = tf.sum(tf.sqrt(tf.sum(tf.square(tf.sub(next, c)), 1)))
          c = next
        }
        rows.push(tf.concat([tf.stack([inertia, moved]), tf.reshape(c, [2 * k])]))
        kind = kind === 'assign' ? 'update' : 'assign'
      }
      rows.push(tf.cast(l, 'float32'))
      return [tf.concat(rows), c, l] as [Tensor1D, Tensor2D, Tensor1D]
    })
    const values = flat.dataSync()
    flat.dispose()
    if (c !== this.c) this.c.dispose()
    if (l !== this.l) this.l.dispose()
    this.c = c
    this.l = l
    return this.record(values, count)
  }

  /**
   * Jump to `target` half-steps without animation (PDF export, tests): the state playing would
   * reach. Goes back through `reset()` when `target` is behind; stops early at convergence.
   * `Infinity` runs to convergence (or `maxSteps`). Returns the half-step count reached.
   */
  runTo(target: number): number {
    this.assertAlive()
    const goal = Math.min(Math.max(0, Math.floor(target === Infinity ? this.options.maxSteps : target)), this.options.maxSteps)
    if (goal < this.stepCount) this.reset()
    while (this.stepCount < goal && !this.isConverged) {
      if (this.step(Math.min(CHUNK, goal - this.stepCount)) === 0) break
    }
    return this.stepCount
  }

  /** Back to the same starting centroids, nothing assigned. */
  reset(): void {
    this.assertAlive()
    this.c.dispose()
    this.l.dispose()
    this.c = this.tf.tensor2d(this.start, [this.k, 2])
    this.l = this.tf.fill([this.data.n], -1, 'int32') as Tensor1D
    this.resetHost()
  }

  /** Free every tensor this model holds. Idempotent. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.tf.dispose([this.x, this.c, this.l])
  }

  /* ------------------------------------------------------- helpers */

  /**
   * Starting centroids, from a PRNG seeded by the data seed (a different stream from the data's).
   * random: k distinct data points (Forgy). kmeans++: the first uniformly, each next one with a
   * probability proportional to its squared distance to the nearest centroid chosen so far.
   */
  private initialCentroids(): Float32Array {
    const { n, xy } = this.data
    const k = this.k
    const uniform = mulberry32((this.options.seed ^ 0x5bd1e995) + 1)
    const chosen: number[] = []
    if (this.options.init === 'random') {
      const order = Array.from({ length: n }, (_, i) => i)
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(uniform() * (n - i))
        ;[order[i], order[j]] = [order[j], order[i]]
        chosen.push(order[i])
      }
    } else {
      chosen.push(Math.floor(uniform() * n))
      const tf = this.tf
      while (chosen.length < k) {
        const picked = Float32Array.from(chosen.flatMap((i) => [xy[2 * i], xy[2 * i + 1]]))
        const d2t = tf.tidy(() => tf.min(this.sqDist(tf.tensor2d(picked, [chosen.length, 2])), 1))
        const d2 = d2t.dataSync()
        d2t.dispose()
        let total = 0
        for (let j = 0; j < n; j++) total += d2[j]
        let next = -1
        if (total > 0) {
          let r = uniform() * total
          for (let j = 0; j < n; j++) {
            r -= d2[j]
            if (r < 0 && d2[j] > 0) {
              next = j
              break
            }
          }
          if (next < 0) for (let j = n - 1; j >= 0 && next < 0; j--) if (d2[j] > 0) next = j
        }
        // every point already sits on a centroid: any point not chosen yet
        if (next < 0) next = Array.from({ length: n }, (_, j) => j).find((j) => !chosen.includes(j)) ?? 0
        chosen.push(next)
      }
    }
    return Float32Array.from(chosen.flatMap((i) => [xy[2 * i], xy[2 * i + 1]]))
  }

  private resetHost(): void {
    this.centroids = this.start.slice()
    this.labels = null
    this.history.length = 0
    this.isConverged = false
    this.trails.length = 0
    for (let i = 0; i < this.k; i++) this.trails.push([this.start[2 * i], this.start[2 * i + 1]])
  }

  /** Appends the rows read back by `step`, up to convergence; returns how many were kept. */
  private record(values: ArrayLike<number>, count: number): number {
    const k = this.k
    const width = 2 + 2 * k
    let taken = 0
    for (let s = 0; s < count; s++) {
      const o = s * width
      const kind = this.next
      const entry: HistoryEntry = { kind, inertia: values[o], moved: values[o + 1] }
      this.history.push(entry)
      this.centroids = Float32Array.from({ length: 2 * k }, (_, i) => values[o + 2 + i])
      if (kind === 'update') for (let i = 0; i < k; i++) this.trails[i].push(this.centroids[2 * i], this.centroids[2 * i + 1])
      taken++
      if (kind === 'assign' && entry.moved === 0 && this.history.length > 1) {
        this.isConverged = true
        break
      }
    }
    const n = this.data.n
    const labels = new Int32Array(n)
    const lo = count * width
    for (let j = 0; j < n; j++) labels[j] = values[lo + j]
    this.labels = labels
    return taken
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('kmeans: model used after dispose()')
  }
}
