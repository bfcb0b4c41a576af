/**
 * Races on the straight-line fit of `model.ts`: the same data, several descents.
 *  - compare-lr: plain gradient descent with several learning rates, each labelled with its regime
 *    from the curvature of the loss (too small, good, oscillates, diverges);
 *  - batches: full-batch, mini-batch and stochastic gradient descent, the same number of epochs,
 *    seeded shuffling. One race step is one data point consumed: the full batch updates once per
 *    epoch, a mini-batch of B every B points, stochastic descent at every point.
 * Pure TF.js, no DOM.
 */
import type { Optimizer, Tensor, Tensor1D, Variable } from '@tensorflow/tfjs-core'
import type { TF } from '../../src/widget/define'
import type { Palette } from '../../src/widget/palette'
import { type DataOptions, type Dataset, disposeOptimizer, lineLossAndGrad, makeData, mseSurface } from './model'
import { mulberry32 } from '../../src/widget/random'
import { Race, type PathInfo, type Racer } from './race'

/* --------------------------------------------------------- learning rates */

export const MAX_RATES = 4

/** `rates="0.01, 0.1"` as numbers, or the reason it is not a valid list. */
export function parseRates(text: string): { rates: number[] } | { error: string } {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (parts.length === 0) return { error: 'rates is empty: give 1 to 4 learning rates, e.g. rates=0.01,0.1,0.4,0.5' }
  if (parts.length > MAX_RATES) return { error: `rates has ${parts.length} values: give at most ${MAX_RATES}, e.g. rates=0.01,0.1,0.4,0.5` }
  const rates: number[] = []
  for (const p of parts) {
    const v = Number(p)
    if (!/^[0-9.eE+-]+$/.test(p) || !Number.isFinite(v)) return { error: `rates: "${p}" is not a number (expected e.g. rates=0.01,0.1,0.4,0.5)` }
    if (!(v > 0 && v <= 2)) return { error: `rates: ${p} is outside (0, 2]` }
    rates.push(v)
  }
  return { rates }
}

/** Largest eigenvalue of the MSE's Hessian, 2 [[<x²>, <x>], [<x>, 1]]: the curvature that sets the regimes. */
export function maxCurvature({ x }: Dataset): number {
  let m1 = 0
  let m2 = 0
  for (const v of x) {
    m1 += v
    m2 += v * v
  }
  m1 /= x.length
  m2 /= x.length
  const tr = 2 * (m2 + 1)
  const det = 4 * (m2 - m1 * m1)
  return (tr + Math.sqrt(Math.max(0, tr * tr - 4 * det))) / 2
}

export type Regime = 'too small' | 'good' | 'oscillates' | 'diverges'

/**
 * On a quadratic loss with largest curvature λ, gradient descent diverges for η > 2/λ, overshoots
 * the valley and zig-zags for 1/λ < η < 2/λ, and crawls when η λ is small (here below 0.2).
 */
export function regime(lr: number, lambda: number): Regime {
  const q = lr * lambda
  if (q > 2) return 'diverges'
  if (q > 1) return 'oscillates'
  if (q < 0.2) return 'too small'
  return 'good'
}

const RATE_COLOURS: (keyof Palette)[] = ['blueschist', 'olivine', 'ocre', 'rubis']

/* ----------------------------------------------------------------- racer */

/** Options of the line problem shared by both races. */
export type LineProblem = Omit<DataOptions, 'xMin' | 'xMax'> & { a0: number; b0: number }

/** Data tensors shared by the racers of one race, freed by whichever race owns them. */
class LineData {
  readonly data: Dataset
  readonly x: Tensor1D
  readonly y: Tensor1D
  constructor(tf: TF, o: LineProblem) {
    this.data = makeData({ ...o, xMin: 0, xMax: 2 })
    this.x = tf.tensor1d(Float32Array.from(this.data.x))
    this.y = tf.tensor1d(Float32Array.from(this.data.y))
  }
}

/**
 * Plain gradient descent (`tf.train.sgd`) on the line fit. `batchAt(t)` says which points the
 * update at step t averages over, or null for no update at that step.
 */
class LineRacer implements Racer {
  private readonly a: Variable
  private readonly b: Variable
  private optimizer: Optimizer

  constructor(
    private readonly tf: TF,
    private readonly d: LineData,
    private readonly start: { a0: number; b0: number },
    private readonly lr: number,
    private readonly batchAt: (t: number) => Tensor | 'all' | null,
    private readonly owns: boolean,
  ) {
    this.a = tf.tidy(() => tf.variable(tf.scalar(start.a0), true))
    this.b = tf.tidy(() => tf.variable(tf.scalar(start.b0), true))
    this.optimizer = tf.train.sgd(lr)
  }

  evaluate(): Tensor {
    const tf = this.tf
    const { loss, ga, gb } = lineLossAndGrad(tf, this.a, this.b, this.d.x, this.d.y)
    return tf.stack([this.a, this.b, loss, tf.sqrt(tf.add(tf.square(ga), tf.square(gb)))])
  }

  advance(t: number): Tensor {
    const tf = this.tf
    const idx = this.batchAt(t)
    if (idx) {
      const x = idx === 'all' ? this.d.x : tf.gather(this.d.x, idx)
      const y = idx === 'all' ? this.d.y : tf.gather(this.d.y, idx)
      const { ga, gb } = lineLossAndGrad(tf, this.a, this.b, x, y)
      this.optimizer.applyGradients({ [this.a.name]: ga, [this.b.name]: gb })
    }
    return this.evaluate()
  }

  moveTo(a: number, b: number): void {
    this.tf.tidy(() => {
      this.a.assign(this.tf.scalar(a))
      this.b.assign(this.tf.scalar(b))
    })
  }

  reset(): void {
    this.moveTo(this.start.a0, this.start.b0)
    disposeOptimizer(this.optimizer)
    this.optimizer = this.tf.train.sgd(this.lr)
  }

  dispose(): void {
    disposeOptimizer(this.optimizer)
    this.tf.dispose([this.a, this.b])
    if (this.owns) this.tf.dispose([this.d.x, this.d.y])
  }
}

/* ------------------------------------------------------------------ races */

export interface LineRace {
  race: Race
  data: Dataset
}

/** compare-lr: one path per learning rate, plain gradient descent from the same start. */
export function compareLrRace(tf: TF, o: LineProblem & { rates: number[]; maxSteps: number }): LineRace {
  const d = new LineData(tf, o)
  const lambda = maxCurvature(d.data)
  const racers = o.rates.map((lr, k) => new LineRacer(tf, d, o, lr, () => 'all', k === 0))
  const infos: PathInfo[] = o.rates.map((lr, k) => ({ name: `η = ${lr}`, note: regime(lr, lambda), colour: RATE_COLOURS[k % RATE_COLOURS.length] }))
  return { race: new Race(tf, racers, infos, mseSurface(tf, d.x, d.y), { maxSteps: o.maxSteps, tol: 1e-3, divergence: 1e3 }), data: d.data }
}

/** A seeded permutation of 0..n-1 for epoch `epoch` (Fisher-Yates). */
export function shuffled(n: number, seed: number, epoch: number): Int32Array {
  const rand = mulberry32((seed ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0)
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/**
 * batches: full batch, mini-batches of `batch` points and single points, `epochs` passes over the
 * shuffled data (the same permutation for both, a new one each epoch). One step = one point consumed.
 */
export function batchRace(tf: TF, o: LineProblem & { lr: number; batch: number; epochs: number }): LineRace {
  const d = new LineData(tf, o)
  const n = d.data.x.length
  const sizes = [n, Math.min(o.batch, n), 1]
  const batchAt = (size: number) => (t: number): Tensor | 'all' | null => {
    const pos = t % n
    if ((pos + 1) % size !== 0 && pos !== n - 1) return null // the batch is not complete yet
    if (size === n) return 'all'
    const perm = shuffled(n, o.seed, Math.floor(t / n))
    const from = pos - (pos % size)
    return tf.tensor1d(perm.slice(from, pos + 1), 'int32')
  }
  const racers = sizes.map((size, k) => new LineRacer(tf, d, o, o.lr, batchAt(size), k === 0))
  const infos: PathInfo[] = [
    { name: 'full batch', note: `${n} points per step`, colour: 'olivine' },
    { name: `mini-batch ${sizes[1]}`, note: `${sizes[1]} points per step`, colour: 'blueschist' },
    { name: 'stochastic', note: '1 point per step', colour: 'magma' },
  ]
  const race = new Race(tf, racers, infos, mseSurface(tf, d.x, d.y), { maxSteps: o.epochs * n, tol: null, divergence: 1e3 })
  return { race, data: d.data }
}
