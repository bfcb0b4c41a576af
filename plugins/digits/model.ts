/**
 * A fully connected network on handwritten digits: the maths, and nothing else.
 *
 *   x ∈ [0, 1]^196 (14x14 MNIST) -> h = act(x W1 + b1) ∈ R^hidden -> p = softmax(h W2 + b2) ∈ R^10
 *
 * trained by mini-batch SGD or Adam on the cross-entropy. Pure TF.js: `tf` is passed in (no import
 * side effects, no DOM), so this file runs unchanged in the browser and in vitest under Node. The
 * view reads the host-side copies (`history`, `confusion`, `weights`); it never touches a tensor.
 *
 * The gradients are backpropagation written out in TF.js ops (four matrix products), rather than
 * autodiff: it needs no gradient registry and is the formula the lecture derives.
 */
import type { Optimizer, Tensor, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs-core'
import type { TF } from '../../src/widget/define'
import * as data from './data/digits'
import { mulberry32, shuffle } from '../../src/widget/random'
export { mulberry32 }

/* ------------------------------------------------------------------ data */

/** pixels a side of the images the network sees */
export const SIDE = data.SIDE
/** pixels an image */
export const PIXELS = SIDE * SIDE
export const CLASSES = 10

export interface DigitSet {
  /** `count` images of PIXELS grey levels in [0, 1], row-major, one after the other */
  x: Float32Array
  /** class of each image, 0-9 */
  y: Uint8Array
  count: number
}

/** grey levels of the bundled images (and of the pad's drawing, as the network sees it) */
export const LEVELS = data.LEVELS

/**
 * Decode one set of the bundled file (see the layout in data/digits.ts): `bits` bits a pixel
 * (log2 of the grey levels: 1, 2, 4 or 8), the first pixel of each byte in its high bits.
 */
export function decodeSet(labels: string, pixels: string, levels = LEVELS): DigitSet {
  const bytes = base64Bytes(pixels)
  const count = labels.length
  const bits = Math.log2(levels)
  if (!Number.isInteger(bits) || 8 % bits !== 0) throw new Error(`digits: ${levels} grey levels cannot be packed in whole bytes`)
  const perByte = 8 / bits
  if (bytes.length * perByte !== count * PIXELS) throw new Error(`digits: ${bytes.length} bytes for ${count} digits`)
  const x = new Float32Array(count * PIXELS)
  const mask = levels - 1
  // one level's value in [0, 1] for each level
  const value = Float32Array.from({ length: levels }, (_, v) => v / mask)
  for (let i = 0, o = 0; i < bytes.length; i++) {
    const b = bytes[i]
    for (let shift = 8 - bits; shift >= 0; shift -= bits) x[o++] = value[(b >> shift) & mask]
  }
  const y = new Uint8Array(count)
  for (let i = 0; i < count; i++) y[i] = labels.charCodeAt(i) - 48
  return { x, y, count }
}

/** The bundled training and test sets. */
export function loadDigits(): { train: DigitSet; test: DigitSet } {
  return { train: decodeSet(data.trainLabels, data.trainPixels), test: decodeSet(data.testLabels, data.testPixels) }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** base64 -> bytes, without atob or Buffer (same code in the browser and under Node) */
export function base64Bytes(s: string): Uint8Array {
  const lookup = new Uint8Array(128)
  for (let i = 0; i < B64.length; i++) lookup[B64.charCodeAt(i)] = i
  const clean = s.replace(/[^A-Za-z0-9+/]/g, '')
  const n = Math.floor((clean.length * 3) / 4)
  const out = new Uint8Array(n)
  let o = 0
  for (let i = 0; i < clean.length; i += 4) {
    const a = lookup[clean.charCodeAt(i)]
    const b = lookup[clean.charCodeAt(i + 1)]
    const c = i + 2 < clean.length ? lookup[clean.charCodeAt(i + 2)] : 0
    const d = i + 3 < clean.length ? lookup[clean.charCodeAt(i + 3)] : 0
    const v = (a << 18) | (b << 12) | (c << 6) | d
    if (o < n) out[o++] = (v >> 16) & 255
    if (o < n) out[o++] = (v >> 8) & 255
    if (o < n) out[o++] = v & 255
  }
  return out
}


/* ------------------------------------------------------- drawing pad */

/**
 * A drawing, as MNIST preprocessed its scans: the ink's bounding box scaled (aspect kept) into a
 * 20x20 box, placed in a 28x28 image with its centre of mass at the centre, slightly blurred and
 * brought to a full-ink peak, then averaged 2x2 and quantised to the bundled data's LEVELS grey levels.
 *
 * `ink` holds `width` x `height` values in [0, 1] (row-major); `blur` is the share of the blurred
 * image mixed in. Returns PIXELS values, or null when nothing is drawn.
 */
export function preprocessDrawing(ink: ArrayLike<number>, width: number, height: number, blur = 0.5): Float32Array | null {
  // 1. bounding box of the ink (faint anti-aliased edges left out)
  let x0 = width
  let y0 = height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > 0.35) {
        if (x < x0) x0 = x
        if (x > x1) x1 = x
        if (y < y0) y0 = y
        if (y > y1) y1 = y
      }
    }
  }
  if (x1 < 0) return null
  const bw = x1 - x0 + 1
  const bh = y1 - y0 + 1
  // 2. into the 20x20 box, by area averaging
  const s = 20 / Math.max(bw, bh)
  const tw = Math.max(1, Math.min(20, Math.round(bw * s)))
  const th = Math.max(1, Math.min(20, Math.round(bh * s)))
  const box = new Float32Array(tw * th)
  for (let ty = 0; ty < th; ty++) {
    const sy0 = Math.floor(y0 + ty / s)
    const sy1 = Math.max(sy0 + 1, Math.min(height, Math.ceil(y0 + (ty + 1) / s)))
    for (let tx = 0; tx < tw; tx++) {
      const sx0 = Math.floor(x0 + tx / s)
      const sx1 = Math.max(sx0 + 1, Math.min(width, Math.ceil(x0 + (tx + 1) / s)))
      let sum = 0
      for (let y = sy0; y < sy1; y++) for (let x = sx0; x < sx1; x++) sum += ink[y * width + x]
      box[ty * tw + tx] = sum / ((sy1 - sy0) * (sx1 - sx0))
    }
  }
  // 3. centre of mass at the centre of 28x28
  let mass = 0
  let cx = 0
  let cy = 0
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = box[y * tw + x]
      mass += v
      cx += (x + 0.5) * v
      cy += (y + 0.5) * v
    }
  }
  if (mass <= 0) return null
  const ox = Math.round(14 - cx / mass)
  const oy = Math.round(14 - cy / mass)
  const big = new Float32Array(28 * 28)
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const X = x + ox
      const Y = y + oy
      if (X >= 0 && X < 28 && Y >= 0 && Y < 28) big[Y * 28 + X] = box[y * tw + x]
    }
  }
  // 4. a slight blur ([1 2 1] / 4 both ways, half strength)
  const blurred = blur121(big, 28)
  for (let i = 0; i < big.length; i++) big[i] = (1 - blur) * big[i] + blur * blurred[i]
  // 5. 2x2 averages, full ink at the peak, LEVELS grey levels (as in the data file)
  const out = new Float32Array(PIXELS)
  let peak = 0
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const i = 2 * y * 28 + 2 * x
      const v = (big[i] + big[i + 1] + big[i + 28] + big[i + 29]) / 4
      out[y * SIDE + x] = v
      peak = Math.max(peak, v)
    }
  }
  const max = LEVELS - 1
  for (let i = 0; i < PIXELS; i++) out[i] = Math.round(Math.min(1, out[i] / peak) * max) / max
  return out
}

function blur121(img: Float32Array, n: number): Float32Array {
  const tmp = new Float32Array(img.length)
  const out = new Float32Array(img.length)
  const at = (a: Float32Array, x: number, y: number) => (x < 0 || y < 0 || x >= n || y >= n ? 0 : a[y * n + x])
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) tmp[y * n + x] = (at(img, x - 1, y) + 2 * at(img, x, y) + at(img, x + 1, y)) / 4
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) out[y * n + x] = (at(tmp, x, y - 1) + 2 * at(tmp, x, y) + at(tmp, x, y + 1)) / 4
  return out
}

/* ----------------------------------------------------------------- model */

export type Activation = 'relu' | 'sigmoid' | 'tanh'
export type OptimizerName = 'sgd' | 'adam'

export interface NetOptions {
  /** neurons in the hidden layer */
  hidden: number
  activation: Activation
  /** learning rate η */
  lr: number
  /** mini-batch size */
  batch: number
  optimizer: OptimizerName
  /** seeds the initial weights and the mini-batch order */
  seed: number
  /** `step` never goes past this many steps */
  maxSteps: number
  /** evaluate on the test set every this many steps */
  evalEvery: number
  /** training digits used (a balanced prefix of the bundled 1,500) */
  samples: number
}

/** The widget's parameters (see schema.ts) as model options. */
export function netOptions(p: {
  hidden: number
  activation: Activation
  lr: number
  batch: number
  optimizer: OptimizerName
  seed: number
  steps: number
  evalEvery: number
  samples: number
}): NetOptions {
  return {
    hidden: p.hidden,
    activation: p.activation,
    lr: p.lr,
    batch: p.batch,
    optimizer: p.optimizer,
    seed: p.seed,
    maxSteps: p.steps,
    evalEvery: p.evalEvery,
    samples: p.samples,
  }
}

export type NetStatus = 'ready' | 'training' | 'done'

/** Evaluations, one entry per evaluation (index 0 = before training). */
export interface History {
  step: number[]
  /** on the first (up to) 500 training digits */
  trainLoss: number[]
  trainAccuracy: number[]
  testLoss: number[]
  testAccuracy: number[]
}

/** training digits the train curves are measured on */
const TRAIN_EVAL = 500
/** Steps per read-back in `runTo`. */
const CHUNK = 250

/**
 * `optimizer.dispose()`, plus the learning-rate scalar some optimizers keep (disposing a tensor
 * twice is a no-op).
 */
function disposeOptimizer(optimizer: Optimizer): void {
  optimizer.dispose()
  ;(optimizer as unknown as { c?: Tensor }).c?.dispose()
}

export class DigitsNet {
  readonly history: History = { step: [], trainLoss: [], trainAccuracy: [], testLoss: [], testAccuracy: [] }
  /** confusion matrix of the last evaluation on the test set: `[true * 10 + predicted]` */
  readonly confusion = new Int32Array(CLASSES * CLASSES)
  /** first-layer weights, `[pixel * hidden + neuron]`, as of the last step */
  weights: Float32Array
  /** mean mini-batch loss of the last `step(n)` call (the initial test loss before training) */
  lastLoss = NaN
  readonly testCount: number
  readonly trainCount: number

  private readonly tf: TF
  private readonly options: NetOptions
  private readonly testY: Uint8Array
  /** host-side training digits: mini-batches are copied from here (cheaper than tf.gather on CPU) */
  private readonly train: DigitSet
  private readonly trainEvalX: Tensor2D
  private readonly trainEvalY: Tensor2D
  private readonly testX: Tensor2D
  private readonly testYHot: Tensor2D
  private readonly w1: Variable
  private readonly b1: Variable
  private readonly w2: Variable
  private readonly b2: Variable
  private optimizer: Optimizer
  private steps = 0
  private order: Int32Array
  private cursor = 0
  private random: () => number
  private disposed = false

  constructor(tf: TF, options: NetOptions, digits: { train: DigitSet; test: DigitSet } = loadDigits()) {
    this.tf = tf
    const hidden = Math.max(1, Math.round(options.hidden))
    this.options = {
      ...options,
      hidden,
      batch: Math.max(1, Math.round(options.batch)),
      evalEvery: Math.max(1, Math.round(options.evalEvery)),
      maxSteps: Math.max(1, Math.round(options.maxSteps)),
    }
    const { train, test } = digits
    const n = Math.max(CLASSES, Math.min(train.count, Math.round(options.samples)))
    this.trainCount = n
    this.testCount = test.count
    this.testY = test.y
    const oneHot = (y: Uint8Array, count: number) => tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(y.subarray(0, count)), 'int32'), CLASSES) as Tensor2D)
    this.train = train
    const m = Math.min(n, TRAIN_EVAL)
    this.trainEvalX = tf.tensor2d(train.x.subarray(0, m * PIXELS), [m, PIXELS])
    this.trainEvalY = oneHot(train.y, m)
    this.testX = tf.tensor2d(test.x, [test.count, PIXELS])
    this.testYHot = oneHot(test.y, test.count)
    // inside tidy so the initial zeros are freed; variables survive a tidy
    const variable = (shape: number[]) => tf.tidy(() => tf.variable(tf.zeros(shape), true))
    this.w1 = variable([PIXELS, hidden])
    this.b1 = variable([hidden])
    this.w2 = variable([hidden, CLASSES])
    this.b2 = variable([CLASSES])
    this.weights = new Float32Array(PIXELS * hidden)
    this.order = new Int32Array(n)
    this.random = mulberry32(0)
    this.optimizer = this.makeOptimizer()
    this.initialise()
  }

  /* ---------------------------------------------------------- state */

  get stepCount(): number {
    return this.steps
  }
  get hidden(): number {
    return this.options.hidden
  }
  get activation(): Activation {
    return this.options.activation
  }
  get maxSteps(): number {
    return this.options.maxSteps
  }
  get evalEvery(): number {
    return this.options.evalEvery
  }
  get batchSize(): number {
    return this.options.batch
  }
  /** passes over the training digits so far */
  get epoch(): number {
    return (this.steps * this.options.batch) / this.trainCount
  }
  /** test accuracy at the last evaluation, in [0, 1] */
  get accuracy(): number {
    const h = this.history.testAccuracy
    return h[h.length - 1]
  }
  get status(): NetStatus {
    if (this.steps >= this.options.maxSteps) return 'done'
    return this.steps === 0 ? 'ready' : 'training'
  }
  get finished(): boolean {
    return this.steps >= this.options.maxSteps
  }

  /* ---------------------------------------------------------- maths */

  private act(z: Tensor): Tensor {
    const tf = this.tf
    switch (this.options.activation) {
      case 'sigmoid':
        return tf.sigmoid(z)
      case 'tanh':
        return tf.tanh(z)
      default:
        return tf.relu(z)
    }
  }

  /** act'(z), from z and a = act(z) */
  private actGrad(z: Tensor, a: Tensor): Tensor {
    const tf = this.tf
    switch (this.options.activation) {
      case 'sigmoid':
        return tf.mul(a, tf.sub(1, a))
      case 'tanh':
        return tf.sub(1, tf.square(a))
      default:
        return tf.step(z, 0)
    }
  }

  /** logits of a batch of images */
  private logits(x: Tensor2D): Tensor2D {
    const tf = this.tf
    const h = this.act(tf.add(tf.matMul(x, this.w1), this.b1))
    return tf.add(tf.matMul(h as Tensor2D, this.w2), this.b2)
  }

  /** mean cross-entropy from logits and one-hot labels */
  private crossEntropy(logits: Tensor2D, yHot: Tensor2D): Tensor {
    const tf = this.tf
    return tf.neg(tf.mean(tf.sum(tf.mul(yHot, tf.logSoftmax(logits)), 1)))
  }

  /** the next mini-batch's indices, reshuffling at each epoch (seeded) */
  private nextBatch(): Int32Array {
    const b = Math.min(this.options.batch, this.trainCount)
    const out = new Int32Array(b)
    for (let i = 0; i < b; i++) {
      if (this.cursor >= this.order.length) this.shuffle()
      out[i] = this.order[this.cursor++]
    }
    return out
  }

  private shuffle(): void {
    const o = this.order
    for (let i = 0; i < o.length; i++) o[i] = i
    shuffle(o, this.random)
    this.cursor = 0
  }

  /**
   * One step of backpropagation on a mini-batch; returns its loss (a scalar the caller frees).
   *   z1 = x W1 + b1, a1 = act(z1), p = softmax(a1 W2 + b2), L = -<Σ y log p>
   *   dL/dlogits = (p - y) / B, dW2 = a1ᵀ δ2, δ1 = δ2 W2ᵀ ⊙ act'(z1), dW1 = xᵀ δ1
   */
  private trainStep(): Tensor {
    const tf = this.tf
    const idx = this.nextBatch()
    const b = idx.length
    const xs = new Float32Array(b * PIXELS)
    const ys = new Float32Array(b * CLASSES)
    for (let k = 0; k < b; k++) {
      xs.set(this.train.x.subarray(idx[k] * PIXELS, (idx[k] + 1) * PIXELS), k * PIXELS)
      ys[k * CLASSES + this.train.y[idx[k]]] = 1
    }
    return tf.tidy(() => {
      const x = tf.tensor2d(xs, [b, PIXELS])
      const y = tf.tensor2d(ys, [b, CLASSES])
      const z1 = tf.add(tf.matMul(x, this.w1), this.b1) as Tensor2D
      const a1 = this.act(z1) as Tensor2D
      const logits = tf.add(tf.matMul(a1, this.w2), this.b2) as Tensor2D
      const logp = tf.logSoftmax(logits)
      const loss = tf.neg(tf.mean(tf.sum(tf.mul(y, logp), 1)))
      const d2 = tf.div(tf.sub(tf.exp(logp), y), b) as Tensor2D
      const dW2 = tf.matMul(a1, d2, true, false)
      const db2 = tf.sum(d2, 0)
      const d1 = tf.mul(tf.matMul(d2, this.w2, false, true), this.actGrad(z1, a1)) as Tensor2D
      const dW1 = tf.matMul(x, d1, true, false)
      const db1 = tf.sum(d1, 0)
      this.optimizer.applyGradients({
        [this.w1.name]: dW1,
        [this.b1.name]: db1,
        [this.w2.name]: dW2,
        [this.b2.name]: db2,
      })
      return loss
    })
  }

  /** [trainLoss, trainAccuracy, testLoss, testAccuracy] and the test predictions (float) */
  private evaluate(): { row: Tensor1D; predictions: Tensor1D } {
    const tf = this.tf
    return tf.tidy(() => {
      const accuracyOf = (logits: Tensor2D, yHot: Tensor2D) => tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(yHot, 1)), 'float32'))
      const trainLogits = this.logits(this.trainEvalX)
      const testLogits = this.logits(this.testX)
      const row = tf.stack([
        this.crossEntropy(trainLogits, this.trainEvalY),
        accuracyOf(trainLogits, this.trainEvalY),
        this.crossEntropy(testLogits, this.testYHot),
        accuracyOf(testLogits, this.testYHot),
      ]) as Tensor1D
      return { row, predictions: tf.cast(tf.argMax(testLogits, 1), 'float32') as Tensor1D }
    })
  }

  /**
   * Take up to `n` steps, evaluating whenever the step count reaches a multiple of `evalEvery`
   * (so the history does not depend on how steps are batched into frames). Everything is read back
   * once, at the end: the mean batch loss, the evaluations, the last test predictions, W1.
   * Returns the number of steps taken.
   */
  step(n = 1): number {
    this.assertAlive()
    const count = Math.min(Math.floor(n), this.options.maxSteps - this.steps)
    if (count <= 0) return 0
    const tf = this.tf
    const rows: Tensor[] = []
    const evalSteps: number[] = []
    let predictions: Tensor | null = null
    let lossSum: Tensor = tf.scalar(0)
    try {
      for (let k = 0; k < count; k++) {
        const loss = this.trainStep()
        const sum = tf.add(lossSum, loss)
        tf.dispose([loss, lossSum])
        lossSum = sum
        this.steps++
        if (this.steps % this.options.evalEvery === 0 || this.steps === this.options.maxSteps) {
          const e = this.evaluate()
          rows.push(e.row)
          predictions?.dispose()
          predictions = e.predictions
          evalSteps.push(this.steps)
        }
      }
      const all = tf.tidy(() => {
        const parts: Tensor[] = [tf.reshape(tf.div(lossSum, count), [1]), ...rows]
        if (predictions) parts.push(predictions)
        parts.push(tf.reshape(this.w1, [-1]))
        return tf.concat(parts as Tensor1D[])
      })
      const values = all.dataSync() as Float32Array
      all.dispose()
      this.lastLoss = values[0]
      let o = 1
      for (const s of evalSteps) {
        this.record(s, values.subarray(o, o + 4))
        o += 4
      }
      if (predictions) {
        this.fillConfusion(values.subarray(o, o + this.testCount))
        o += this.testCount
      }
      this.weights = values.slice(o, o + PIXELS * this.options.hidden)
    } finally {
      tf.dispose([lossSum, ...rows])
      predictions?.dispose()
    }
    return count
  }

  /**
   * The state after `target` steps without animation (PDF export, tests): the same as playing,
   * going back through `reset()` when `target` is behind. Returns the step count reached.
   */
  runTo(target: number): number {
    this.assertAlive()
    const goal = Math.min(Math.max(0, Math.floor(target)), this.options.maxSteps)
    if (goal < this.steps) this.reset()
    while (this.steps < goal) if (this.step(Math.min(CHUNK, goal - this.steps)) === 0) break
    return this.steps
  }

  /**
   * Trains until the test accuracy stops improving: the best accuracy of the last `patience`
   * steps is less than half a point above the best before them (or `maxSteps` is reached).
   * Checked every 50 steps, so it stops at the same step every time.
   */
  runToConvergence(patience = 200): number {
    this.assertAlive()
    if (this.steps > 0) this.reset()
    const { step, testAccuracy } = this.history
    while (this.steps < this.options.maxSteps) {
      this.runTo(this.steps + 50)
      if (this.steps < 2 * patience) continue
      const cut = this.steps - patience
      let before = 0
      let recent = 0
      step.forEach((s, i) => {
        if (s <= cut) before = Math.max(before, testAccuracy[i])
        else recent = Math.max(recent, testAccuracy[i])
      })
      if (recent - before < 0.005) break
    }
    return this.steps
  }

  /** Class probabilities of one image (PIXELS values in [0, 1]). */
  predict(image: ArrayLike<number>): Float32Array {
    this.assertAlive()
    const tf = this.tf
    const p = tf.tidy(() => tf.softmax(this.logits(tf.tensor2d(Float32Array.from(image), [1, PIXELS]))))
    const out = p.dataSync() as Float32Array
    p.dispose()
    return Float32Array.from(out)
  }

  /** Test-set accuracy of the current network on given images (used by tests). */
  classify(images: Float32Array, count: number): Int32Array {
    this.assertAlive()
    const tf = this.tf
    const p = tf.tidy(() => tf.argMax(this.logits(tf.tensor2d(images, [count, PIXELS])), 1))
    const out = Int32Array.from(p.dataSync())
    p.dispose()
    return out
  }

  /** Back to the seeded initial weights, a fresh optimizer and the first mini-batch order. */
  reset(): void {
    this.assertAlive()
    disposeOptimizer(this.optimizer)
    this.optimizer = this.makeOptimizer()
    this.initialise()
  }

  /** Free every tensor and variable this model (and its optimizer) holds. Idempotent. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    disposeOptimizer(this.optimizer)
    this.tf.dispose([this.trainEvalX, this.trainEvalY, this.testX, this.testYHot, this.w1, this.b1, this.w2, this.b2])
  }

  /* ------------------------------------------------------- helpers */

  private makeOptimizer(): Optimizer {
    const { optimizer, lr } = this.options
    return optimizer === 'adam' ? this.tf.train.adam(lr) : this.tf.train.sgd(lr)
  }

  /** Glorot-uniform weights from the seed (in JS, so every backend starts alike), zero biases. */
  private initialise(): void {
    const tf = this.tf
    const { hidden, seed } = this.options
    const random = mulberry32(seed)
    const glorot = (fanIn: number, fanOut: number) => {
      const limit = Math.sqrt(6 / (fanIn + fanOut))
      const w = new Float32Array(fanIn * fanOut)
      for (let i = 0; i < w.length; i++) w[i] = (2 * random() - 1) * limit
      return w
    }
    tf.tidy(() => {
      this.w1.assign(tf.tensor2d(glorot(PIXELS, hidden), [PIXELS, hidden]))
      this.b1.assign(tf.zeros([hidden]))
      this.w2.assign(tf.tensor2d(glorot(hidden, CLASSES), [hidden, CLASSES]))
      this.b2.assign(tf.zeros([CLASSES]))
    })
    this.random = mulberry32((seed ^ 0x9e3779b9) >>> 0)
    this.cursor = this.order.length // shuffle before the first batch
    this.steps = 0
    for (const k of Object.keys(this.history) as (keyof History)[]) this.history[k].length = 0
    const e = this.evaluate()
    const all = tf.tidy(() => tf.concat([e.row, e.predictions, tf.reshape(this.w1, [-1]) as Tensor1D]))
    const values = all.dataSync() as Float32Array
    tf.dispose([all, e.row, e.predictions])
    this.record(0, values.subarray(0, 4))
    this.fillConfusion(values.subarray(4, 4 + this.testCount))
    this.weights = values.slice(4 + this.testCount)
    this.lastLoss = values[0]
  }

  private record(step: number, row: ArrayLike<number>): void {
    const h = this.history
    h.step.push(step)
    h.trainLoss.push(row[0])
    h.trainAccuracy.push(row[1])
    h.testLoss.push(row[2])
    h.testAccuracy.push(row[3])
  }

  private fillConfusion(predictions: ArrayLike<number>): void {
    this.confusion.fill(0)
    for (let i = 0; i < this.testCount; i++) this.confusion[this.testY[i] * CLASSES + Math.round(predictions[i])]++
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('digits: model used after dispose()')
  }
}
