/**
 * Gradient descent on a straight-line fit: the maths, and nothing else.
 *
 * Pure TF.js: `tf` is passed in (no import side effects, no DOM), so this file runs
 * unchanged in the browser and in vitest under Node. The view reads the state through
 * the read-only getters and the `path` arrays; it never touches a tensor.
 */
import type { NamedTensorMap, Optimizer, Tensor, Tensor1D, Variable } from '@tensorflow/tfjs-core'
import type { TF } from '../../src/widget/define'
import { mulberry32, gaussian } from '../../src/widget/random'
export { mulberry32, gaussian }

/* ------------------------------------------------------------------ data */



export interface DataOptions {
  /** number of points */
  points: number
  /** standard deviation of the Gaussian noise added to y */
  noise: number
  /** seeds both the x positions and the noise */
  seed: number
  /** the true line y = slope x + intercept */
  slope: number
  intercept: number
  /** x is drawn uniformly in [xMin, xMax] */
  xMin: number
  xMax: number
}

export interface Dataset {
  x: Float64Array
  y: Float64Array
}

/** Points scattered around the true line; deterministic for a given seed. */
export function makeData(o: DataOptions): Dataset {
  const n = Math.max(1, Math.round(o.points))
  const uniform = mulberry32(o.seed)
  const normal = gaussian(uniform)
  const x = new Float64Array(n)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    x[i] = o.xMin + (o.xMax - o.xMin) * uniform()
    y[i] = o.slope * x[i] + o.intercept + o.noise * normal()
  }
  return { x, y }
}

export interface LineFit {
  a: number
  b: number
  /** mean squared error of the line on the data */
  loss: number
}

/** Closed-form least squares (in float64, independently of TF.js): the point descent should reach. */
export function leastSquares({ x, y }: Dataset): LineFit {
  const n = x.length
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += x[i]
    my += y[i]
  }
  mx /= n
  my /= n
  let sxx = 0
  let sxy = 0
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2
    sxy += (x[i] - mx) * (y[i] - my)
  }
  const a = sxx > 0 ? sxy / sxx : 0
  const b = my - a * mx
  return { a, b, loss: mse({ x, y }, a, b) }
}

/** Mean squared error of y = a x + b, in float64. */
export function mse({ x, y }: Dataset, a: number, b: number): number {
  let s = 0
  for (let i = 0; i < x.length; i++) s += (a * x[i] + b - y[i]) ** 2
  return s / x.length
}

/* ----------------------------------------------------------------- model */

/**
 * `optimizer.dispose()`, plus the learning-rate scalar `tf.train.momentum` forgets to free
 * (MomentumOptimizer.dispose() does not dispose the `c` it inherits from SGDOptimizer).
 * Disposing a tensor twice is a no-op, so this is safe for SGD too.
 */
export function disposeOptimizer(optimizer: Optimizer): void {
  optimizer.dispose()
  ;(optimizer as unknown as { c?: Tensor }).c?.dispose()
}

export interface DescentOptions extends Omit<DataOptions, 'xMin' | 'xMax'> {
  /** learning rate η */
  lr: number
  /** 0 = plain SGD; otherwise the momentum coefficient of `tf.train.momentum` */
  momentum: number
  /** starting slope and intercept */
  a0: number
  b0: number
  /** `step` never goes past this many steps */
  maxSteps: number
  /** x is drawn uniformly in [xMin, xMax]; default [0, 2] */
  xMin?: number
  xMax?: number
  /** converged when both |∇L| and the last move are below this; default 1e-3 */
  tol?: number
}

/** The widget's parameters (see schema.ts) as model options. */
export function descentOptions(p: {
  lr: number
  momentum: number
  steps: number
  a0: number
  b0: number
  slope: number
  intercept: number
  points: number
  noise: number
  seed: number
}): DescentOptions {
  return {
    lr: p.lr,
    momentum: p.momentum,
    maxSteps: p.steps,
    a0: p.a0,
    b0: p.b0,
    slope: p.slope,
    intercept: p.intercept,
    points: p.points,
    noise: p.noise,
    seed: p.seed,
  }
}

export type DescentStatus = 'ready' | 'running' | 'converged' | 'diverged' | 'done'

/**
 * The visited points, one entry per step (index 0 = the start). Host-side copies,
 * appended once per `step(n)` call from a single read-back.
 */
export interface DescentPath {
  a: number[]
  b: number[]
  /** MSE at (a[k], b[k]) */
  loss: number[]
  /** |∇L| at (a[k], b[k]) */
  grad: number[]
}

/** A loss surface sampled on a regular grid: `values[j * nA + i]` is L(a_i, b_j). */
export interface Landscape {
  aMin: number
  aMax: number
  bMin: number
  bMax: number
  nA: number
  nB: number
  values: Float32Array
  min: number
  max: number
}

/**
 * The MSE of y = a x + b and its gradient, as the lecture writes them:
 *   r = a x + b - y,   L = <r²>,   dL/da = 2 <r x>,   dL/db = 2 <r>.
 * Written in TF.js ops rather than autodiff: for a straight line the exact gradient is two means,
 * and `tf.train.*` applies it exactly as it would autodiff's.
 */
export function lineLossAndGrad(tf: TF, a: Tensor, b: Tensor, x: Tensor, y: Tensor): { loss: Tensor; ga: Tensor; gb: Tensor } {
  const r = tf.sub(tf.add(tf.mul(a, x), b), y)
  return { loss: tf.mean(tf.square(r)), ga: tf.mul(tf.mean(tf.mul(r, x)), 2), gb: tf.mul(tf.mean(r), 2) }
}

/** A surface to sample: its value at every point of the grids `A` (columns) and `B` (rows), broadcast. */
export type Surface = (A: Tensor, B: Tensor) => Tensor

/**
 * The MSE of the line fit as a surface over (a, b), from the data moments:
 * L(a,b) = a²<x²> + 2ab<x> + b² - 2a<xy> - 2b<y> + <y²>.
 */
export function mseSurface(tf: TF, x: Tensor, y: Tensor): Surface {
  return (a, b) => {
    const terms = [
      tf.mul(tf.square(a), tf.mean(tf.square(x))),
      tf.mul(tf.mul(tf.mul(a, b), tf.mean(x)), 2),
      tf.square(b),
      tf.mul(tf.mul(a, tf.mean(tf.mul(x, y))), -2),
      tf.mul(tf.mul(b, tf.mean(y)), -2),
      tf.mean(tf.square(y)),
    ]
    const shape = [b.shape[0] ?? 1, a.shape[1] ?? 1]
    // clamp tiny negative round-off so log-scaled colours stay finite
    return tf.maximum(tf.addN(terms.map((t) => tf.broadcastTo(t, shape))), 0)
  }
}

/** `surface` on an nA x nB grid over [aMin, aMax] x [bMin, bMax], with one read-back. */
export function sampleGrid(tf: TF, surface: Surface, aMin: number, aMax: number, bMin: number, bMax: number, nA: number, nB: number): Landscape {
  const grid = tf.tidy(() => {
    const a = tf.reshape(tf.linspace(aMin, aMax, nA), [1, nA])
    const b = tf.reshape(tf.linspace(bMin, bMax, nB), [nB, 1])
    return surface(a, b)
  })
  const values = Float32Array.from(grid.dataSync())
  grid.dispose()
  let min = Infinity
  let max = -Infinity
  for (const v of values) {
    if (v < min) min = v
    if (v > max) max = v
  }
  return { aMin, aMax, bMin, bMax, nA, nB, values, min, max }
}

/** Loss above this multiple of the starting loss (or not finite) counts as diverged. */
const DIVERGENCE_FACTOR = 1e3
/** Steps per tidy in `runTo`, to bound the tensors alive at once. */
const CHUNK = 500

export class LineDescent {
  readonly data: Dataset
  /** the closed-form least-squares solution */
  readonly optimum: LineFit
  readonly path: DescentPath = { a: [], b: [], loss: [], grad: [] }

  private readonly tf: TF
  private readonly options: Required<DescentOptions>
  private readonly x: Tensor1D
  private readonly y: Tensor1D
  private readonly a: Variable
  private readonly b: Variable
  private optimizer: Optimizer
  private lr: number
  private disposed = false

  constructor(tf: TF, options: DescentOptions) {
    this.tf = tf
    this.options = { xMin: 0, xMax: 2, tol: 1e-3, ...options }
    this.lr = this.options.lr
    this.data = makeData(this.options)
    this.optimum = leastSquares(this.data)
    this.x = tf.tensor1d(Float32Array.from(this.data.x))
    this.y = tf.tensor1d(Float32Array.from(this.data.y))
    // inside tidy so the initial scalars are freed; variables survive a tidy
    this.a = tf.tidy(() => tf.variable(tf.scalar(this.options.a0), true))
    this.b = tf.tidy(() => tf.variable(tf.scalar(this.options.b0), true))
    this.optimizer = this.makeOptimizer()
    this.recordStart()
  }

  /* ---------------------------------------------------------- state */

  /** number of optimizer steps taken since the last reset */
  get stepCount(): number {
    return this.path.a.length - 1
  }
  get current(): { a: number; b: number; loss: number; grad: number } {
    const k = this.path.a.length - 1
    return { a: this.path.a[k], b: this.path.b[k], loss: this.path.loss[k], grad: this.path.grad[k] }
  }
  get learningRate(): number {
    return this.lr
  }
  get momentum(): number {
    return this.options.momentum
  }
  get maxSteps(): number {
    return this.options.maxSteps
  }
  get start(): { a: number; b: number } {
    return { a: this.options.a0, b: this.options.b0 }
  }
  get dataOptions(): Readonly<DataOptions> {
    return this.options
  }

  get diverged(): boolean {
    const { a, b, loss } = this.current
    return (
      !Number.isFinite(a) ||
      !Number.isFinite(b) ||
      !(loss <= DIVERGENCE_FACTOR * Math.max(this.path.loss[0], 1e-6))
    )
  }

  get converged(): boolean {
    const k = this.path.a.length - 1
    if (k < 1 || this.diverged) return false
    const move = Math.hypot(this.path.a[k] - this.path.a[k - 1], this.path.b[k] - this.path.b[k - 1])
    return this.path.grad[k] < this.options.tol && move < this.options.tol
  }

  get status(): DescentStatus {
    if (this.diverged) return 'diverged'
    if (this.converged) return 'converged'
    if (this.stepCount >= this.options.maxSteps) return 'done'
    return this.stepCount === 0 ? 'ready' : 'running'
  }

  /** true when `step` would do nothing: diverged or out of steps */
  get finished(): boolean {
    return this.diverged || this.stepCount >= this.options.maxSteps
  }

  /* ---------------------------------------------------------- maths */

  /**
   * [a, b, loss, |grad|] at the current point as one rank-1 tensor, and the gradient for the optimizer.
   *
   * The gradient is the lecture's formula written in TF.js ops rather than autodiff:
   *   r = a x + b - y,   L = <r²>,   dL/da = 2 <r x>,   dL/db = 2 <r>.
   * Autodiff (`tf.variableGrads`) would need tfjs-core's gradient registry to be filled first, a
   * global side effect that belongs to the runtime and does not load under Node; for a straight line
   * the exact gradient is two means, and `tf.train.*` applies it exactly as it would autodiff's.
   */
  private evaluate(): { row: Tensor; grads: NamedTensorMap } {
    const tf = this.tf
    const { loss, ga, gb } = lineLossAndGrad(tf, this.a, this.b, this.x, this.y)
    const norm = tf.sqrt(tf.add(tf.square(ga), tf.square(gb)))
    const row = tf.stack([this.a, this.b, loss, norm])
    return { row, grads: { [this.a.name]: ga, [this.b.name]: gb } }
  }

  /**
   * Take up to `n` optimizer steps. All the work happens inside one `tf.tidy`; the visited
   * points are stacked into a single [n, 4] tensor and read back once at the end.
   * Stops at the first step that converges or diverges (so the result does not depend on how
   * the steps were batched), does nothing once diverged or at `maxSteps`.
   * Returns the number of steps taken.
   */
  step(n = 1): number {
    this.assertAlive()
    const count = Math.min(Math.floor(n), this.options.maxSteps - this.stepCount)
    if (count <= 0 || this.diverged) return 0
    const tf = this.tf
    const rows = tf.tidy(() => {
      const out: Tensor[] = []
      for (let i = 0; i < count; i++) {
        // the first evaluation's row is the point we are already at (recorded last time)
        const keepRow = i > 0
        const row = tf.tidy(() => {
          const { row, grads } = this.evaluate()
          this.optimizer.applyGradients(grads)
          return keepRow ? row : undefined
        })
        if (row) out.push(row)
      }
      out.push(this.evaluate().row)
      return tf.stack(out)
    })
    const values = rows.dataSync()
    rows.dispose()
    const before = this.stepCount
    this.append(values)
    this.truncateAtStop(before)
    return this.stepCount - before
  }

  /**
   * Jump to `target` steps without animation (PDF export, tests): the state playing would
   * reach. Goes back through `reset()` when `target` is behind; stops early, like playing,
   * at convergence or divergence. Returns the step count reached.
   */
  runTo(target: number): number {
    this.assertAlive()
    const goal = Math.min(Math.max(0, Math.floor(target)), this.options.maxSteps)
    if (goal < this.stepCount) this.reset()
    while (this.stepCount < goal && !this.diverged && !this.converged) {
      if (this.step(Math.min(CHUNK, goal - this.stepCount)) === 0) break
    }
    return this.stepCount
  }

  /** Back to (a0, b0) with a fresh optimizer (momentum forgotten); keeps the current learning rate. */
  reset(): void {
    this.assertAlive()
    this.tf.tidy(() => {
      this.a.assign(this.tf.scalar(this.options.a0))
      this.b.assign(this.tf.scalar(this.options.b0))
    })
    disposeOptimizer(this.optimizer)
    this.optimizer = this.makeOptimizer()
    this.path.a.length = 0
    this.path.b.length = 0
    this.path.loss.length = 0
    this.path.grad.length = 0
    this.recordStart()
  }

  /** Change η from the next step on; the descent carries on from where it is. */
  setLearningRate(lr: number): void {
    this.assertAlive()
    this.lr = lr
    ;(this.optimizer as Optimizer & { setLearningRate(lr: number): void }).setLearningRate(lr)
  }

  /**
   * The loss on an nA x nB grid over [aMin, aMax] x [bMin, bMax], for contours. Computed with
   * TF.js from the data moments, L(a,b) = a²<x²> + 2ab<x> + b² - 2a<xy> - 2b<y> + <y²>.
   */
  landscape(aMin: number, aMax: number, bMin: number, bMax: number, nA: number, nB: number): Landscape {
    this.assertAlive()
    return sampleGrid(this.tf, mseSurface(this.tf, this.x, this.y), aMin, aMax, bMin, bMax, nA, nB)
  }

  /** Free every tensor and variable this model (and its optimizer) holds. Idempotent. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    disposeOptimizer(this.optimizer)
    this.tf.dispose([this.x, this.y, this.a, this.b])
  }

  /* ------------------------------------------------------- helpers */

  private makeOptimizer(): Optimizer {
    const { momentum } = this.options
    return momentum > 0 ? this.tf.train.momentum(this.lr, momentum) : this.tf.train.sgd(this.lr)
  }

  private recordStart(): void {
    const row = this.tf.tidy(() => this.evaluate().row)
    const values = row.dataSync()
    row.dispose()
    this.append(values)
  }

  /**
   * If a point recorded after index `from` converged or diverged, drop the points after the
   * first such one and move the variables back there. (A momentum optimizer keeps the velocity
   * it had at the end of the batch; that only matters if stepping resumes after a stop.)
   */
  private truncateAtStop(from: number): void {
    const p = this.path
    const last = p.a.length - 1
    const limit = DIVERGENCE_FACTOR * Math.max(p.loss[0], 1e-6)
    let stop = -1
    for (let k = Math.max(1, from + 1); k < last; k++) {
      const bad = !Number.isFinite(p.a[k]) || !Number.isFinite(p.b[k]) || !(p.loss[k] <= limit)
      const move = Math.hypot(p.a[k] - p.a[k - 1], p.b[k] - p.b[k - 1])
      if (bad || (p.grad[k] < this.options.tol && move < this.options.tol)) {
        stop = k
        break
      }
    }
    if (stop < 0) return
    p.a.length = p.b.length = p.loss.length = p.grad.length = stop + 1
    const tf = this.tf
    tf.tidy(() => {
      this.a.assign(tf.scalar(p.a[stop]))
      this.b.assign(tf.scalar(p.b[stop]))
    })
  }

  private append(values: ArrayLike<number>): void {
    for (let i = 0; i + 3 < values.length; i += 4) {
      this.path.a.push(values[i])
      this.path.b.push(values[i + 1])
      this.path.loss.push(values[i + 2])
      this.path.grad.push(values[i + 3])
    }
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('gradient-descent: model used after dispose()')
  }
}
