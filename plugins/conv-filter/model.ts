/**
 * 2-D convolution on a procedural zebra: the maths, and nothing else.
 *
 * Pure TF.js: `tf` is passed in (no DOM), so this file runs unchanged in the browser and in
 * vitest under Node. `tf.conv2d` computes a cross-correlation, out[i][j] = Σ_rc w[r][c] x[i+r-p][j+c-p]
 * (the kernel is not flipped), as every CNN library does; padding is `same` (zeros outside).
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients'
import type { Optimizer, Scalar, Tensor, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core'
import type { TF } from '../../src/widget/define'
import type { PresetName } from './schema'
import { mulberry32 } from '../../src/widget/random'
export { mulberry32 }

/* ------------------------------------------------------------------ seeded randomness */


/* ------------------------------------------------------------------ the image */

/** A square grayscale image, row-major, values in [0, 1]. */
export interface Gray {
  side: number
  data: Float32Array
}

const smooth = (e0: number, e1: number, x: number) => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)))
  return t * t * (3 - 2 * t)
}

/** Inside an ellipse centred (cx, cy), radii (rx, ry), turned by `angle` radians. */
const inEllipse = (u: number, v: number, cx: number, cy: number, rx: number, ry: number, angle = 0) => {
  const c = Math.cos(angle)
  const s = Math.sin(angle)
  const du = u - cx
  const dv = v - cy
  const a = (du * c + dv * s) / rx
  const b = (-du * s + dv * c) / ry
  return a * a + b * b <= 1
}

/** Brightness at (u, v) in [0, 1]²: sky gradient, sun, horizon, and a striped zebra. */
function scene(u: number, v: number): number {
  // zebra silhouette: body, neck, head, muzzle, four legs, tail, mane
  const body = inEllipse(u, v, 0.47, 0.5, 0.27, 0.145)
  const neck = inEllipse(u, v, 0.73, 0.36, 0.15, 0.07, -1.0)
  const head = inEllipse(u, v, 0.82, 0.2, 0.1, 0.05, 0.55)
  const muzzle = inEllipse(u, v, 0.89, 0.25, 0.045, 0.035)
  const legX = [0.27, 0.35, 0.58, 0.66]
  const leg = v > 0.55 && v < 0.9 && legX.some((x) => Math.abs(u - (x + (v - 0.55) * (x < 0.5 ? -0.05 : 0.04))) < 0.024)
  const tail = v > 0.44 && v < 0.7 && Math.abs(u - (0.2 - (v - 0.44) * 0.25)) < 0.01
  const ear = inEllipse(u, v, 0.76, 0.11, 0.02, 0.045, 0.4)
  if (muzzle) return 0.08
  if (body || neck || head || ear || leg || tail) {
    let phase: number
    if (leg) phase = 26 * v + 3 * Math.sin(8 * u)
    else if (head || ear) phase = 30 * (u * 0.6 + v * 0.8)
    else if (neck) phase = 30 * (u * 0.85 - v * 0.5)
    else phase = 22 * u + 2.2 * Math.sin(7 * v + 3 * u) + 6 * (v - 0.5) * (v - 0.5) * 10
    const stripe = Math.sin(2 * Math.PI * phase * 0.5)
    return 0.06 + 0.88 * smooth(-0.15, 0.15, stripe)
  }
  // ground below the horizon, darker towards the bottom; sky above, lighter towards the top
  const horizon = 0.78 + 0.03 * Math.sin(6 * u)
  if (v > horizon) return 0.42 - 0.2 * (v - horizon) / (1 - horizon)
  const sun = Math.hypot(u - 0.14, v - 0.16)
  if (sun < 0.075) return 1
  return 0.82 - 0.34 * (v / horizon) + 0.06 * u
}

/**
 * The bundled test image: a zebra of curved black and white stripes on a sky gradient with a
 * sun and a horizon, so filters have stripes, edges, a blob and a gradient to work on.
 * Deterministic (no randomness), 2x2 supersampled so edges are anti-aliased.
 */
export function zebraImage(side = 96): Gray {
  const data = new Float32Array(side * side)
  const ss = 2
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      let acc = 0
      for (let a = 0; a < ss; a++) for (let b = 0; b < ss; b++) acc += scene((j + (b + 0.5) / ss) / side, (i + (a + 0.5) / ss) / side)
      data[i * side + j] = acc / (ss * ss)
    }
  }
  return { side, data }
}

/* ------------------------------------------------------------------ kernels */

/** A kernel written as integers times a common factor, as textbooks write blur kernels. */
export interface Kernel {
  size: number
  /** row-major size x size, what the cells show */
  weights: number[]
  /** the kernel applied is `scale * weights` */
  scale: number
  /** `scale` as shown, e.g. "1/16"; empty when the scale is 1 */
  scaleLabel: string
}

const outer = (a: number[], b: number[]) => a.flatMap((x) => b.map((y) => x * y))
const centre = (size: number, value: number, rest = 0) =>
  Array.from({ length: size * size }, (_, k) => (k === (size * size - 1) / 2 ? value : rest))

/** The kernel of a preset at size 3 or 5. Sobel kernels respond positively where brightness grows to the right (x) or downwards (y). */
export function preset(name: PresetName, size: 3 | 5): Kernel {
  const k = (weights: number[], den = 1): Kernel => ({ size, weights, scale: 1 / den, scaleLabel: den === 1 ? '' : `1/${den}` })
  const three = size === 3
  switch (name) {
    case 'identity':
      return k(centre(size, 1))
    case 'box-blur':
      return k(centre(size, 1, 1), size * size)
    case 'gaussian-blur':
      return three ? k(outer([1, 2, 1], [1, 2, 1]), 16) : k(outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]), 256)
    case 'sharpen':
      return three
        ? k([0, -1, 0, -1, 5, -1, 0, -1, 0])
        : k([0, 0, -1, 0, 0, 0, -1, -2, -1, 0, -1, -2, 21, -2, -1, 0, -1, -2, -1, 0, 0, 0, -1, 0, 0], 5)
    case 'sobel-x':
      return three ? k(outer([1, 2, 1], [-1, 0, 1])) : k(outer([1, 4, 6, 4, 1], [-1, -2, 0, 2, 1]), 16)
    case 'sobel-y':
      return three ? k(outer([-1, 0, 1], [1, 2, 1])) : k(outer([-1, -2, 0, 2, 1], [1, 4, 6, 4, 1]), 16)
    case 'laplacian':
      return three
        ? k([0, 1, 0, 1, -4, 1, 0, 1, 0])
        : k([0, 0, 1, 0, 0, 0, 1, 2, 1, 0, 1, 2, -16, 2, 1, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0])
    case 'emboss':
      return three
        ? k([-2, -1, 0, -1, 1, 1, 0, 1, 2])
        : k([-2, -1, -1, 0, 0, -1, -2, -1, 0, 0, -1, -1, 1, 1, 1, 0, 0, 1, 2, 1, 0, 0, 1, 1, 2])
  }
}

/** The weights actually applied: `scale * weights`. */
export function effective(k: Kernel): number[] {
  return k.weights.map((w) => w * k.scale)
}

/* ------------------------------------------------------------------ convolution */

/** The image as a [1, side, side, 1] tensor. */
export function imageTensor(tf: TF, img: Gray): Tensor4D {
  return tf.tensor4d(img.data, [1, img.side, img.side, 1])
}

/** `tf.conv2d` with `same` padding of a [1, H, W, 1] image by a row-major size x size kernel. */
export function convTensor(tf: TF, x: Tensor4D, weights: ArrayLike<number>, size: number): Tensor4D {
  return tf.tidy(() => tf.conv2d(x, tf.tensor4d(Float32Array.from(weights), [size, size, 1, 1]), 1, 'same'))
}

/** The filtered image, read back once. */
export function convolve(tf: TF, img: Gray, weights: ArrayLike<number>, size: number): Float32Array {
  const out = tf.tidy(() => convTensor(tf, imageTensor(tf, img), weights, size))
  const data = out.dataSync() as Float32Array
  out.dispose()
  return Float32Array.from(data)
}

/** The size x size input values under the kernel for output pixel (i, j), zeros outside the image. */
export function patch(img: Gray, i: number, j: number, size: number): number[] {
  const p = (size - 1) / 2
  const out: number[] = []
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const y = i + r - p
      const x = j + c - p
      out.push(y >= 0 && y < img.side && x >= 0 && x < img.side ? img.data[y * img.side + x] : 0)
    }
  }
  return out
}

/** Σ w·x for one output pixel, on the host: what the widget writes out when hovering. */
export function multiplyAdd(img: Gray, i: number, j: number, weights: ArrayLike<number>, size: number): number {
  const x = patch(img, i, j, size)
  let s = 0
  for (let k = 0; k < x.length; k++) s += x[k] * weights[k]
  return s
}

/** Every output pixel's patch, row after row: [side², size²] row-major (im2col, zero padding). */
export function im2col(img: Gray, size: number): Float32Array {
  const n = img.side * img.side
  const out = new Float32Array(n * size * size)
  for (let i = 0; i < img.side; i++) for (let j = 0; j < img.side; j++) out.set(patch(img, i, j, size), (i * img.side + j) * size * size)
  return out
}

export function range(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity
  let max = -Infinity
  for (let k = 0; k < values.length; k++) {
    if (values[k] < min) min = values[k]
    if (values[k] > max) max = values[k]
  }
  return { min, max }
}

/* ------------------------------------------------------------------ learning a kernel */

/**
 * `optimizer.dispose()`, plus the learning-rate scalar `c` that SGD keeps (momentum forgets to
 * free it); disposing twice is a no-op.
 */
function disposeOptimizer(optimizer: Optimizer): void {
  optimizer.dispose()
  ;(optimizer as unknown as { c?: Tensor }).c?.dispose()
}

export interface LearnOptions {
  img: Gray
  size: number
  /** the effective target kernel (row-major), whose output the learner must reproduce */
  target: number[]
  optimizer: 'adam' | 'sgd'
  lr: number
  /** seeds the initial kernel: uniform in [-0.1, 0.1) */
  seed: number
  maxSteps: number
  /** converged when every learned weight is within `tol` of the target; default 0.01 */
  tol?: number
}

export type LearnStatus = 'ready' | 'running' | 'converged' | 'done'

/** The seeded initial kernel. */
export function initialKernel(size: number, seed: number): number[] {
  const r = mulberry32(seed)
  return Array.from({ length: size * size }, () => (r() - 0.5) * 0.2)
}

/** Steps per tidy in `runTo`, to bound the tensors alive at once. */
const CHUNK = 200

/**
 * Trains one conv2d kernel w so that conv(x, w) matches conv(x, target) in mean squared error,
 * with tf.train.adam or tf.train.sgd. One read-back per `step(n)`.
 */
export class KernelLearner {
  /** MSE after k steps, k = 0..stepCount */
  readonly loss: number[] = []
  /** max |w - target| after k steps */
  readonly maxDiff: number[] = []
  /** the learned kernel now, row-major */
  weights: number[] = []

  readonly options: Required<LearnOptions>
  private readonly tf: TF
  private readonly x: Tensor4D
  /** the image's patches, one row per output pixel: [side², size²] (im2col) */
  private readonly patches: Tensor2D
  /** the target output, [side², 1] */
  private readonly y: Tensor2D
  /** the kernel being learned, row-major as a column: [size², 1] */
  private readonly w: Variable
  private optimizer: Optimizer
  private disposed = false

  constructor(tf: TF, options: LearnOptions) {
    this.tf = tf
    this.options = { tol: 0.01, ...options }
    const { img, size, target, seed } = this.options
    this.x = imageTensor(tf, img)
    this.patches = tf.tensor2d(im2col(img, size), [img.side * img.side, size * size])
    this.y = tf.tidy(() => tf.reshape(convTensor(tf, this.x, target, size), [-1, 1]))
    this.w = tf.tidy(() => tf.variable(tf.tensor2d(initialKernel(size, seed), [size * size, 1]), true))
    this.optimizer = this.makeOptimizer()
    this.record(this.tf.tidy(() => tf.concat([tf.reshape(this.lossOf(), [1]), tf.reshape(this.w, [-1])])))
  }

  get stepCount(): number {
    return this.loss.length - 1
  }
  get size(): number {
    return this.options.size
  }
  get target(): number[] {
    return this.options.target
  }
  get currentLoss(): number {
    return this.loss[this.loss.length - 1]
  }
  get currentMaxDiff(): number {
    return this.maxDiff[this.maxDiff.length - 1]
  }
  /** the first step at which the kernel was within `tol` of the target, or -1 */
  get convergedAt(): number {
    return this.maxDiff.findIndex((d) => d < this.options.tol)
  }
  get status(): LearnStatus {
    if (this.convergedAt >= 0) return 'converged'
    if (this.stepCount >= this.options.maxSteps) return 'done'
    return this.stepCount === 0 ? 'ready' : 'running'
  }
  /** the learned output conv(x, w), read back */
  output(): Float32Array {
    this.assertAlive()
    const { size } = this.options
    const out = this.tf.tidy(() => this.tf.conv2d(this.x, this.tf.reshape(this.w, [size, size, 1, 1]) as Tensor4D, 1, 'same'))
    const data = Float32Array.from(out.dataSync())
    out.dispose()
    return data
  }

  /**
   * MSE between the learned and the target outputs. The convolution is written as one matrix
   * product of the image's patches with the kernel (im2col, how conv layers are often computed):
   * the same numbers as tf.conv2d (tested), and its gradient is two small matrix products, several
   * times faster on the CPU backend than conv2d's backward pass.
   */
  private lossOf(): Scalar {
    const tf = this.tf
    return tf.mean(tf.square(tf.sub(tf.matMul(this.patches, this.w), this.y)))
  }

  /**
   * Up to `n` optimizer steps inside one tidy; the loss and weights after every step are stacked
   * and read back once. Returns the number of steps taken.
   */
  step(n = 1): number {
    this.assertAlive()
    const count = Math.min(Math.floor(n), this.options.maxSteps - this.stepCount)
    if (count <= 0) return 0
    const tf = this.tf
    const rows = tf.tidy(() => {
      const costs: Tensor[] = []
      const ws: Tensor[] = []
      for (let i = 0; i < count; i++) {
        // minimize returns the loss before its update: the loss after the previous step
        const cost = this.optimizer.minimize(() => this.lossOf(), true, [this.w])!
        if (i > 0) costs.push(tf.reshape(cost, [1]))
        ws.push(tf.reshape(this.w, [-1]))
      }
      costs.push(tf.reshape(this.lossOf(), [1]))
      return tf.concat([tf.stack(costs), tf.stack(ws)], 1) // [count, 1 + size²]
    })
    const values = rows.dataSync()
    rows.dispose()
    const width = 1 + this.options.size ** 2
    for (let i = 0; i < count; i++) this.record(values.subarray(i * width, (i + 1) * width))
    return count
  }

  /**
   * The state after `target` steps, or at convergence for 'converged' (capped at maxSteps),
   * without animation: goes back through reset() when behind. Same result however the steps
   * were batched. Returns the step count reached.
   */
  runTo(target: number | 'converged'): number {
    this.assertAlive()
    if (target === 'converged') {
      // one step per read-back: the first converged step is found without overshooting it, so
      // there is no going back through reset() and training it again (half the work)
      if (this.convergedAt >= 0) return this.runTo(this.convergedAt)
      while (this.convergedAt < 0 && this.stepCount < this.options.maxSteps) this.step(1)
      return this.stepCount
    }
    const goal = Math.min(Math.max(0, Math.floor(target)), this.options.maxSteps)
    if (goal < this.stepCount) this.reset()
    while (this.stepCount < goal) this.step(Math.min(CHUNK, goal - this.stepCount))
    return this.stepCount
  }

  /** Back to the seeded initial kernel with a fresh optimizer. */
  reset(): void {
    this.assertAlive()
    const tf = this.tf
    const { size, seed } = this.options
    tf.tidy(() => this.w.assign(tf.tensor2d(initialKernel(size, seed), [size * size, 1])))
    disposeOptimizer(this.optimizer)
    this.optimizer = this.makeOptimizer()
    this.loss.length = 0
    this.maxDiff.length = 0
    this.record(tf.tidy(() => tf.concat([tf.reshape(this.lossOf(), [1]), tf.reshape(this.w, [-1])])))
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    disposeOptimizer(this.optimizer)
    this.tf.dispose([this.x, this.patches, this.y, this.w])
  }

  private makeOptimizer(): Optimizer {
    const { optimizer, lr } = this.options
    return optimizer === 'sgd' ? this.tf.train.sgd(lr) : this.tf.train.adam(lr)
  }

  /** Appends one [loss, ...weights] row (a tensor is read back and disposed). */
  private record(row: Tensor | ArrayLike<number>): void {
    let values: ArrayLike<number>
    if ('dataSync' in row) {
      values = row.dataSync()
      row.dispose()
    } else values = row
    const w = Array.from(values).slice(1)
    this.loss.push(values[0])
    this.weights = w
    let d = 0
    for (let k = 0; k < w.length; k++) d = Math.max(d, Math.abs(w[k] - this.options.target[k]))
    this.maxDiff.push(Number.isFinite(d) ? d : Infinity)
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('conv-filter: model used after dispose()')
  }
}
