/**
 * A non-convex 2-D loss with the common issues of gradient descent, and SGD, momentum and Adam
 * racing on it. Pure TF.js, no DOM; the gradient comes from autodiff (`tf.grad`), which needs
 * tfjs-core's gradient registry filled (`import '@tensorflow/tfjs-core/dist/register_all_gradients'`,
 * done once by the widget's index.ts and by the tests).
 *
 *   f(x, y) = 0.04 (x² + y²) − 3 exp(−|p − G|² / 2) − 1.6 exp(−2 |p − L|²),
 *   G = (1.3, −0.9), L = (−1, 0.8), p = (x, y)
 *
 * A wide deep well (the global minimum, f ≈ −2.9 near G), a narrow shallow one (a local minimum,
 * f ≈ −1.5 near L), a saddle on the ridge between them, and far from both a plateau where only the
 * weak bowl 0.04 (x² + y²) slopes (|∇f| ≈ 0.2 against ≈ 2 on the walls of the wells).
 * From the default start (−2.75, 2.5) on the plateau, with η = 0.1: plain gradient descent and Adam
 * settle in the local minimum; momentum (α = 0.9) gathers speed, overshoots it, crosses the saddle
 * and ends in the global minimum.
 */
import type { Optimizer, Tensor, Variable } from '@tensorflow/tfjs-core'
import type { TF } from '../../src/widget/define'
import { disposeOptimizer, type Surface } from './model'
import { gaussian, mulberry32 } from '../../src/widget/random'
import { Race, type Landmark, type PathInfo, type Racer } from './race'

/** f = BOWL |p|² − Σ depth exp(−|p − centre|² / (2 width²)) */
const BOWL = 0.04
export const WELLS = [
  { x: 1.3, y: -0.9, depth: 3, width: 1 },
  { x: -1, y: 0.8, depth: 1.6, width: 0.5 },
] as const

/** where the plateau label goes: far from both wells, on the side of the default start */
export const PLATEAU = { x: -2.6, y: -2.4 }

/* ----------------------------------------------------- float64, host side */

/** f(x, y) in float64 */
export function surfaceValue(x: number, y: number): number {
  let v = BOWL * (x * x + y * y)
  for (const w of WELLS) v -= w.depth * Math.exp(-((x - w.x) ** 2 + (y - w.y) ** 2) / (2 * w.width ** 2))
  return v
}

/** ∇f and the Hessian [fxx, fxy, fyy] in float64, from the closed forms */
export function surfaceDerivatives(x: number, y: number): { gx: number; gy: number; hxx: number; hxy: number; hyy: number } {
  let gx = 2 * BOWL * x
  let gy = 2 * BOWL * y
  let hxx = 2 * BOWL
  let hxy = 0
  let hyy = 2 * BOWL
  for (const w of WELLS) {
    const s2 = w.width ** 2
    const dx = x - w.x
    const dy = y - w.y
    const e = w.depth * Math.exp(-(dx * dx + dy * dy) / (2 * s2))
    // −e is the well; ∂(−e)/∂x = e dx / s², ∂²(−e)/∂x² = e (1 − dx²/s²) / s²
    gx += (e * dx) / s2
    gy += (e * dy) / s2
    hxx += (e * (1 - (dx * dx) / s2)) / s2
    hyy += (e * (1 - (dy * dy) / s2)) / s2
    hxy -= (e * dx * dy) / (s2 * s2)
  }
  return { gx, gy, hxx, hxy, hyy }
}

/** Newton's method on ∇f = 0 from (x, y): the stationary point nearby. */
function newton(x: number, y: number): { x: number; y: number } {
  for (let i = 0; i < 50; i++) {
    const d = surfaceDerivatives(x, y)
    const det = d.hxx * d.hyy - d.hxy * d.hxy
    const dx = (d.hyy * d.gx - d.hxy * d.gy) / det
    const dy = (d.hxx * d.gy - d.hxy * d.gx) / det
    x -= dx
    y -= dy
    if (Math.hypot(dx, dy) < 1e-13) break
  }
  return { x, y }
}

/** The global minimum, the local minimum and the saddle between them, refined by Newton's method. */
export function stationaryPoints(): { global: { x: number; y: number }; local: { x: number; y: number }; saddle: { x: number; y: number } } {
  return { global: newton(WELLS[0].x, WELLS[0].y), local: newton(WELLS[1].x, WELLS[1].y), saddle: newton(-0.3, 0.15) }
}

/** The labelled features of the surface, for the view. */
export function landmarks(): Landmark[] {
  const s = stationaryPoints()
  return [
    { ...s.global, label: 'global min', kind: 'minimum' },
    { ...s.local, label: 'local min', kind: 'local' },
    { ...s.saddle, label: 'saddle', kind: 'saddle' },
    { ...PLATEAU, label: 'plateau', kind: 'plateau' },
  ]
}

/* ------------------------------------------------------------ TF.js side */

/** f from squared distances: `sq(cx, cy)` is |p − (cx, cy)|² for whatever p is (a point, a grid). */
function surfaceOf(tf: TF, sq: (cx: number, cy: number) => Tensor): Tensor {
  let f = tf.mul(sq(0, 0), BOWL)
  for (const w of WELLS) f = tf.sub(f, tf.mul(tf.exp(tf.mul(sq(w.x, w.y), -1 / (2 * w.width ** 2))), w.depth))
  return f
}

/** f at a point p = [x, y] (rank 1), as a scalar: what `tf.grad` differentiates */
export function surfaceAt(tf: TF, p: Tensor): Tensor {
  return surfaceOf(tf, (cx, cy) => tf.sum(tf.square(tf.sub(p, tf.tensor1d([cx, cy])))))
}

/** f on a grid, for the heat map */
export function surfaceGrid(tf: TF): Surface {
  return (x, y) => surfaceOf(tf, (cx, cy) => tf.add(tf.square(tf.sub(x, cx)), tf.square(tf.sub(y, cy))))
}

export type OptimizerKind = 'sgd' | 'momentum' | 'adam'

export interface OptimizerOptions {
  x0: number
  y0: number
  lr: number
  /** momentum coefficient of the momentum path */
  momentum: number
  /** standard deviation of the Gaussian noise added to each gradient (0: none) */
  jitter: number
  seed: number
  maxSteps: number
}

class SurfaceRacer implements Racer {
  private readonly p: Variable
  private optimizer: Optimizer
  private readonly grad: (p: Tensor) => Tensor

  constructor(
    private readonly tf: TF,
    private readonly kind: OptimizerKind,
    private readonly index: number,
    private readonly o: OptimizerOptions,
  ) {
    this.p = tf.tidy(() => tf.variable(tf.tensor1d([o.x0, o.y0]), true))
    this.optimizer = this.makeOptimizer()
    this.grad = tf.grad((p: Tensor) => surfaceAt(tf, p))
  }

  evaluate(): Tensor {
    const tf = this.tf
    return tf.concat([this.p, tf.stack([surfaceAt(tf, this.p), tf.norm(this.grad(this.p))])])
  }

  advance(t: number): Tensor {
    const tf = this.tf
    let g = this.grad(this.p)
    if (this.o.jitter > 0) {
      // seeded by (seed, path, step): the same noise however the steps are batched
      const normal = gaussian(mulberry32((this.o.seed ^ Math.imul(t + 1, 0x9e3779b1) ^ Math.imul(this.index + 1, 0x85ebca6b)) >>> 0))
      g = tf.add(g, tf.tensor1d([normal() * this.o.jitter, normal() * this.o.jitter]))
    }
    this.optimizer.applyGradients({ [this.p.name]: g })
    return this.evaluate()
  }

  moveTo(x: number, y: number): void {
    this.tf.tidy(() => this.p.assign(this.tf.tensor1d([x, y])))
  }

  reset(): void {
    this.moveTo(this.o.x0, this.o.y0)
    disposeOptimizer(this.optimizer)
    this.optimizer = this.makeOptimizer()
  }

  dispose(): void {
    disposeOptimizer(this.optimizer)
    this.p.dispose()
  }

  private makeOptimizer(): Optimizer {
    const { tf, o } = this
    if (this.kind === 'momentum') return tf.train.momentum(o.lr, o.momentum)
    if (this.kind === 'adam') return tf.train.adam(o.lr)
    return tf.train.sgd(o.lr)
  }
}

const KINDS: { kind: OptimizerKind; info: (o: OptimizerOptions) => PathInfo }[] = [
  { kind: 'sgd', info: () => ({ name: 'SGD', note: 'plain gradient', colour: 'graphite' }) },
  { kind: 'momentum', info: (o) => ({ name: 'momentum', note: `α = ${o.momentum}`, colour: 'magma' }) },
  { kind: 'adam', info: () => ({ name: 'Adam', note: 'adaptive steps', colour: 'blueschist' }) },
]

/** SGD, momentum and Adam from the same start on the designed surface. */
export function optimizerRace(tf: TF, o: OptimizerOptions): Race {
  const racers = KINDS.map(({ kind }, k) => new SurfaceRacer(tf, kind, k, o))
  const tol = o.jitter > 0 ? null : 1e-3
  return new Race(tf, racers, KINDS.map(({ info }) => info(o)), surfaceGrid(tf), { maxSteps: o.maxSteps, tol, divergence: 1e3 })
}
