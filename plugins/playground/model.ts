/**
 * TensorFlow Playground's maths, in TF.js: the 2-D data sets, the input features, and a
 * small multi-layer perceptron trained by mini-batch SGD. No DOM; `tf` is passed in.
 *
 * Like the Playground, the network predicts labels ±1 with a tanh output neuron and is
 * trained on the half squared error L = ½(ŷ − y)², averaged over a mini-batch (the loss
 * shown is the same quantity averaged over the training or test points). The gradients are
 * hand-written backpropagation with matMul (checked against `tf.grads` in the tests): on
 * networks this small TF.js spends its time in per-op overhead, and the tape that autodiff
 * records costs more than the maths. An epoch is one pass over the training points in
 * shuffled mini-batches: one gather per epoch, then `tf.split` into the batches.
 */
import type { NamedTensorMap, Optimizer, Tensor, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs-core'
import type { TF } from '../../src/widget/define'
import { mulberry32, shuffle } from '../../src/widget/random'
export { mulberry32, shuffle }

/* ------------------------------------------------------------------ random */


/** A standard normal sample (Box-Muller). */
function normal(rand: () => number): number {
  const u = 1 - rand()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand())
}


/* -------------------------------------------------------------------- data */

export const DATASETS = ['circle', 'xor', 'gaussian', 'spiral'] as const
export type DatasetName = (typeof DATASETS)[number]

export interface Point {
  x: number
  y: number
  /** +1 or -1 */
  label: number
}

/** The data live in [-DOMAIN, DOMAIN]², as in TensorFlow Playground. */
export const DOMAIN = 6

/**
 * TensorFlow Playground's classification data sets (src/dataset.ts), with our seeded PRNG.
 * `noise` is a fraction, 0 to 0.5.
 */
export function makeDataset(name: DatasetName, n: number, noise: number, seed: number): Point[] {
  const rand = mulberry32(seed)
  const uniform = (a: number, b: number) => a + (b - a) * rand()
  const points: Point[] = []
  if (name === 'circle') {
    const radius = 5
    const label = (x: number, y: number) => (Math.hypot(x, y) < radius * 0.5 ? 1 : -1)
    const ring = (count: number, r0: number, r1: number) => {
      for (let i = 0; i < count; i++) {
        const r = uniform(r0, r1)
        const angle = uniform(0, 2 * Math.PI)
        const x = r * Math.sin(angle)
        const y = r * Math.cos(angle)
        const nx = uniform(-radius, radius) * noise
        const ny = uniform(-radius, radius) * noise
        points.push({ x, y, label: label(x + nx, y + ny) })
      }
    }
    ring(Math.floor(n / 2), 0, radius * 0.5)
    ring(n - Math.floor(n / 2), radius * 0.7, radius)
  } else if (name === 'xor') {
    const padding = 0.3
    for (let i = 0; i < n; i++) {
      let x = uniform(-5, 5)
      x += x > 0 ? padding : -padding
      let y = uniform(-5, 5)
      y += y > 0 ? padding : -padding
      const nx = uniform(-5, 5) * noise
      const ny = uniform(-5, 5) * noise
      points.push({ x, y, label: (x + nx) * (y + ny) >= 0 ? 1 : -1 })
    }
  } else if (name === 'gaussian') {
    const variance = 0.5 + (noise / 0.5) * 3.5
    const sd = Math.sqrt(variance)
    const blob = (count: number, c: number, label: number) => {
      for (let i = 0; i < count; i++) points.push({ x: c + sd * normal(rand), y: c + sd * normal(rand), label })
    }
    blob(Math.floor(n / 2), 2, 1)
    blob(n - Math.floor(n / 2), -2, -1)
  } else {
    const arm = (count: number, deltaT: number, label: number) => {
      for (let i = 0; i < count; i++) {
        const r = (i / count) * 5
        const t = ((1.75 * i) / count) * 2 * Math.PI + deltaT
        const x = r * Math.sin(t) + uniform(-1, 1) * noise
        const y = r * Math.cos(t) + uniform(-1, 1) * noise
        points.push({ x, y, label })
      }
    }
    arm(Math.floor(n / 2), 0, 1)
    arm(n - Math.floor(n / 2), Math.PI, -1)
  }
  return points
}

/** Shuffle (seeded) and split into training and test points, `ratio` = training share in (0, 1). */
export function splitData(points: readonly Point[], ratio: number, seed: number): { train: Point[]; test: Point[] } {
  const all = points.slice()
  shuffle(all, mulberry32(seed ^ 0x5bd1e995))
  const cut = Math.min(all.length - 1, Math.max(1, Math.floor(all.length * ratio)))
  return { train: all.slice(0, cut), test: all.slice(cut) }
}

/* ---------------------------------------------------------------- features */

/** The input features TensorFlow Playground offers, in its order. */
export const FEATURES = {
  x1: { label: 'x₁', tex: 'x_1', f: (x: number) => x },
  x2: { label: 'x₂', tex: 'x_2', f: (_: number, y: number) => y },
  'x1^2': { label: 'x₁²', tex: 'x_1^2', f: (x: number) => x * x },
  'x2^2': { label: 'x₂²', tex: 'x_2^2', f: (_: number, y: number) => y * y },
  x1x2: { label: 'x₁x₂', tex: 'x_1 x_2', f: (x: number, y: number) => x * y },
  'sin(x1)': { label: 'sin x₁', tex: '\\sin x_1', f: (x: number) => Math.sin(x) },
  'sin(x2)': { label: 'sin x₂', tex: '\\sin x_2', f: (_: number, y: number) => Math.sin(y) },
} as const
export type FeatureName = keyof typeof FEATURES
export const FEATURE_NAMES = Object.keys(FEATURES) as FeatureName[]

/** `x1,x2,...` as feature names, in the Playground's order; throws a readable error for unknown names. */
export function parseFeatures(spec: string): FeatureName[] {
  const names = spec
    .split(',')
    .map((s) => s.trim().replace(/\s+/g, '').replace(/²/g, '^2').replace(/\*/g, ''))
    .filter((s) => s.length > 0)
  const unknown = names.filter((s) => !(s in FEATURES))
  if (unknown.length) {
    throw new Error(`unknown feature${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => `"${s}"`).join(', ')}: use ${FEATURE_NAMES.join(', ')}`)
  }
  if (names.length === 0) throw new Error(`no input feature: use some of ${FEATURE_NAMES.join(', ')}`)
  return FEATURE_NAMES.filter((f) => names.includes(f))
}

export const MAX_LAYERS = 6
export const MAX_NEURONS = 8

/** `4,2` as hidden-layer sizes; `''` or `0` is no hidden layer. Throws a readable error. */
export function parseHidden(spec: string): number[] {
  const parts = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  if (parts.length === 1 && Number(parts[0]) === 0) return []
  const sizes = parts.map(Number)
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_NEURONS)) {
    throw new Error(`hidden="${spec}": each layer needs 1 to ${MAX_NEURONS} neurons, e.g. hidden=4,2`)
  }
  if (sizes.length > MAX_LAYERS) throw new Error(`hidden="${spec}": at most ${MAX_LAYERS} hidden layers`)
  return sizes
}

/** Feature rows of points, row-major [n, features.length]. */
export function featureMatrix(points: readonly { x: number; y: number }[], features: readonly FeatureName[]): Float32Array {
  const out = new Float32Array(points.length * features.length)
  points.forEach((p, i) => features.forEach((f, j) => (out[i * features.length + j] = FEATURES[f].f(p.x, p.y))))
  return out
}

/* ------------------------------------------------------------------- model */

export type Activation = 'tanh' | 'relu' | 'sigmoid' | 'linear'
export type Regularization = 'none' | 'l1' | 'l2'

export interface PlaygroundOptions {
  dataset: DatasetName
  points: number
  /** fraction, 0 to 0.5 */
  noise: number
  /** training share, 0.1 to 0.9 */
  ratio: number
  batch: number
  features: FeatureName[]
  hidden: number[]
  activation: Activation
  lr: number
  regularization: Regularization
  rate: number
  seed: number
  /** heat-map resolution (cells per side); default 50 */
  grid?: number
}

/** The widget's parameters (see schema.ts) as model options; throws on bad `features` or `hidden`. */
export function playgroundOptions(p: {
  dataset: string
  points: number
  noise: number
  ratio: number
  batch: number
  features: string
  hidden: string
  activation: string
  lr: number
  regularization: string
  rate: number
  seed: number
}): PlaygroundOptions {
  return {
    dataset: p.dataset as DatasetName,
    points: p.points,
    noise: p.noise / 100,
    ratio: p.ratio / 100,
    batch: p.batch,
    features: parseFeatures(p.features),
    hidden: parseHidden(p.hidden),
    activation: p.activation as Activation,
    lr: p.lr,
    regularization: p.regularization as Regularization,
    rate: p.rate,
    seed: p.seed,
  }
}

export type PlaygroundStatus = 'ready' | 'trained' | 'diverged'

/** What one `advance` read back. */
export interface Advance {
  /** epochs trained by this call */
  epochs: number
  /** network output on the heat-map grid, row 0 at the top (y = +DOMAIN), when asked for */
  grid?: Float32Array
}

/**
 * `optimizer.dispose()`, plus the learning-rate scalar in case a TF.js version forgets it.
 * Disposing a tensor twice is a no-op.
 */
function disposeOptimizer(optimizer: Optimizer): void {
  optimizer.dispose()
  ;(optimizer as unknown as { c?: Tensor }).c?.dispose()
}

/** Epochs per tidy in `runTo`, to bound the tensors alive at once. */
const CHUNK = 50

export class Playground {
  readonly options: Required<PlaygroundOptions>
  readonly train: Point[]
  readonly test: Point[]
  /** layer sizes, inputs to output: [features, ...hidden, 1] */
  readonly sizes: number[]
  /** mean losses after each epoch, index 0 = before training */
  readonly history: { train: number[]; test: number[] } = { train: [], test: [] }
  /** accuracy (fraction of points whose sign is right) now */
  accuracy = { train: 0, test: 0 }

  private readonly tf: TF
  private readonly trainX: Tensor2D
  private readonly trainY: Tensor2D
  private readonly allX: Tensor2D
  private readonly allY: Tensor2D
  /** [N, 2]: column 0 averages over the training rows of allX, column 1 over the test rows */
  private readonly means: Tensor2D
  private readonly gridX: Tensor2D
  private readonly weights: Variable[] = []
  private readonly biases: Variable[] = []
  private readonly initial: { w: Float32Array[]; b: Float32Array[] }
  private optimizer: Optimizer
  private shuffleRand: () => number
  private readonly perm: Int32Array
  /** the epoch under way: shuffled training rows, and how many of them were used */
  private shuffled: { x: Tensor; y: Tensor } | null = null
  private cursor = 0
  private readonly constants = new Map<number, Tensor>()
  private lr: number
  private disposed = false

  constructor(tf: TF, options: PlaygroundOptions) {
    this.tf = tf
    this.options = { grid: 50, ...options }
    const o = this.options
    if (o.features.length === 0) throw new Error('playground: at least one input feature is needed')
    this.lr = o.lr
    const points = makeDataset(o.dataset, Math.max(4, Math.round(o.points)), o.noise, o.seed)
    ;({ train: this.train, test: this.test } = splitData(points, o.ratio, o.seed))
    const F = o.features.length
    this.sizes = [F, ...o.hidden, 1]
    const all = [...this.train, ...this.test]
    const nTrain = this.train.length
    const nTest = this.test.length
    this.trainX = tf.tensor2d(featureMatrix(this.train, o.features), [nTrain, F])
    this.trainY = tf.tensor2d(Float32Array.from(this.train, (p) => p.label), [nTrain, 1])
    this.allX = tf.tensor2d(featureMatrix(all, o.features), [all.length, F])
    this.allY = tf.tensor2d(Float32Array.from(all, (p) => p.label), [all.length, 1])
    const means = new Float32Array(all.length * 2)
    for (let i = 0; i < all.length; i++) means[i * 2 + (i < nTrain ? 0 : 1)] = i < nTrain ? 1 / nTrain : 1 / nTest
    this.means = tf.tensor2d(means, [all.length, 2])
    const G = o.grid
    const cells: { x: number; y: number }[] = []
    for (let j = 0; j < G; j++) {
      for (let i = 0; i < G; i++) cells.push({ x: -DOMAIN + ((i + 0.5) * 2 * DOMAIN) / G, y: DOMAIN - ((j + 0.5) * 2 * DOMAIN) / G })
    }
    this.gridX = tf.tensor2d(featureMatrix(cells, o.features), [G * G, F])
    // Glorot-uniform weights from the seed, zero biases
    const rand = mulberry32(o.seed * 2654435761 + 12345)
    this.initial = { w: [], b: [] }
    for (let l = 1; l < this.sizes.length; l++) {
      const fanIn = this.sizes[l - 1]
      const fanOut = this.sizes[l]
      const limit = Math.sqrt(6 / (fanIn + fanOut))
      const w = Float32Array.from({ length: fanIn * fanOut }, () => (2 * rand() - 1) * limit)
      const b = new Float32Array(fanOut)
      this.initial.w.push(w)
      this.initial.b.push(b)
      // inside tidy so the initial tensors are freed; variables survive a tidy
      this.weights.push(tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true)))
      this.biases.push(tf.tidy(() => tf.variable(tf.tensor1d(b), true)))
    }
    this.optimizer = tf.train.sgd(this.lr)
    this.shuffleRand = mulberry32(o.seed ^ 0x9e3779b9)
    this.perm = Int32Array.from({ length: nTrain }, (_, i) => i)
    this.record()
  }

  /* ---------------------------------------------------------------- state */

  get epoch(): number {
    return this.history.train.length - 1
  }
  get trainLoss(): number {
    return this.history.train[this.epoch]
  }
  get testLoss(): number {
    return this.history.test[this.epoch]
  }
  get learningRate(): number {
    return this.lr
  }
  get diverged(): boolean {
    return !Number.isFinite(this.trainLoss) || !Number.isFinite(this.testLoss)
  }
  get status(): PlaygroundStatus {
    return this.diverged ? 'diverged' : this.epoch === 0 ? 'ready' : 'trained'
  }
  /** gradient steps in one epoch */
  get stepsPerEpoch(): number {
    return Math.ceil(this.train.length / this.options.batch)
  }
  /** the trainable variables, first-layer weights first: [W1, b1, W2, b2, ...] */
  get variables(): Variable[] {
    return this.weights.flatMap((w, l) => [w, this.biases[l]])
  }
  /** the current weights and biases, read back (for tests and the network drawing) */
  parameters(): { w: Float32Array[]; b: Float32Array[] } {
    return {
      w: this.weights.map((w) => w.dataSync() as Float32Array),
      b: this.biases.map((b) => b.dataSync() as Float32Array),
    }
  }

  /* ---------------------------------------------------------------- maths */

  private hiddenAct(z: Tensor): Tensor {
    const tf = this.tf
    switch (this.options.activation) {
      case 'relu':
        return tf.relu(z)
      case 'sigmoid':
        return tf.sigmoid(z)
      case 'linear':
        return z
      default:
        return tf.tanh(z)
    }
  }

  /** One layer: act(A W + b), with the bias (and relu/sigmoid/linear) fused into the matMul. */
  private layer(a: Tensor, l: number, last: boolean): Tensor2D {
    const tf = this.tf
    const act = last ? 'tanh' : this.options.activation
    const w = this.weights[l] as Tensor2D
    if (act === 'tanh') return tf.tanh(tf.fused.matMul({ a: a as Tensor2D, b: w, bias: this.biases[l] })) as Tensor2D
    return tf.fused.matMul({ a: a as Tensor2D, b: w, bias: this.biases[l], activation: act }) as Tensor2D
  }

  /** Network output for feature rows x: [n, 1]. */
  predict(x: Tensor2D): Tensor2D {
    let a: Tensor2D = x
    for (let l = 0; l < this.weights.length; l++) a = this.layer(a, l, l === this.weights.length - 1)
    return a
  }

  /**
   * The objective of a mini-batch in plain differentiable ops (no fused kernels), for autodiff:
   * mean ½(ŷ − y)² plus the weight penalty.
   */
  objective(x: Tensor2D, y: Tensor2D): Tensor {
    const tf = this.tf
    let a: Tensor = x
    for (let l = 0; l < this.weights.length; l++) {
      const z = tf.add(tf.matMul(a as Tensor2D, this.weights[l]), this.biases[l])
      a = l === this.weights.length - 1 ? tf.tanh(z) : this.hiddenAct(z)
    }
    const data = tf.mul(tf.mean(tf.square(tf.sub(a, y))), 0.5)
    const { regularization, rate } = this.options
    if (regularization === 'none' || rate === 0) return data
    const penalty = tf.addN(this.weights.map((w) => (regularization === 'l1' ? tf.sum(tf.abs(w)) : tf.mul(tf.sum(tf.square(w)), 0.5))))
    return tf.add(data, tf.mul(penalty, rate))
  }

  /**
   * Hand-written backpropagation for a mini-batch: the gradient of `objective(x, y)` with
   * respect to every variable, keyed by variable name (what `optimizer.applyGradients` takes).
   */
  gradients(x: Tensor2D, y: Tensor2D): NamedTensorMap {
    const tf = this.tf
    const L = this.weights.length
    const acts: Tensor2D[] = [x]
    for (let l = 0; l < L; l++) acts.push(this.layer(acts[l], l, l === L - 1))
    const out = acts[L]
    // dL/dz at the output: (ŷ − y)(1 − ŷ²) / B  (tanh output, half squared error, batch mean)
    const one = this.constant(1)
    let delta: Tensor2D = tf.mul(tf.mul(tf.sub(out, y), tf.sub(one, tf.square(out))), this.constant(1 / x.shape[0]))
    const grads: NamedTensorMap = {}
    const { regularization, rate } = this.options
    const act = this.options.activation
    for (let l = L - 1; l >= 0; l--) {
      const w = this.weights[l]
      let gw: Tensor = tf.matMul(acts[l], delta, true, false)
      if (regularization !== 'none' && rate !== 0) gw = tf.add(gw, tf.mul(regularization === 'l1' ? tf.sign(w) : w, this.constant(rate)))
      grads[w.name] = gw
      grads[this.biases[l].name] = tf.sum(delta, 0)
      if (l === 0) break
      const da = tf.matMul(delta, w as Tensor2D, false, true)
      const a = acts[l]
      delta = (
        act === 'tanh'
          ? tf.mul(da, tf.sub(one, tf.square(a)))
          : act === 'relu'
            ? tf.mul(da, tf.step(a))
            : act === 'sigmoid'
              ? tf.mul(da, tf.mul(a, tf.sub(one, a)))
              : da
      ) as Tensor2D
    }
    return grads
  }

  /** [1, 2] mean loss over the training and the test points, then [1, 2] accuracies when asked. */
  private evaluate(withAccuracy: boolean): Tensor[] {
    const tf = this.tf
    const out = this.predict(this.allX)
    const loss = tf.matMul(tf.mul(tf.square(tf.sub(out, this.allY)), this.constant(0.5)), this.means, true, false)
    if (!withAccuracy) return [loss]
    const right = tf.cast(tf.greater(tf.mul(out, this.allY), this.constant(0)), 'float32')
    return [loss, tf.matMul(right, this.means, true, false)]
  }

  /** Shuffle the training rows for a new epoch: the shuffled copies live until the epoch ends. */
  private startEpoch(): void {
    const tf = this.tf
    shuffle(this.perm, this.shuffleRand)
    this.shuffled = tf.tidy(() => {
      const idx = tf.tensor1d(this.perm, 'int32')
      return { x: tf.keep(tf.gather(this.trainX, idx)), y: tf.keep(tf.gather(this.trainY, idx)) }
    })
    this.cursor = 0
  }

  private endEpoch(): void {
    if (this.shuffled) this.tf.dispose([this.shuffled.x, this.shuffled.y])
    this.shuffled = null
    this.cursor = 0
  }

  /** gradient steps taken in the epoch under way (0 at an epoch boundary) */
  get stepInEpoch(): number {
    return Math.ceil(this.cursor / this.options.batch)
  }

  /**
   * Train and read back once: at most `maxSteps` mini-batch steps and at most `maxEpochs`
   * completed epochs, whichever comes first. An epoch may span several calls (so that a frame
   * never has to hold a whole epoch of a big network); the batches, and so the result, are the
   * same however the steps are grouped. Reads back the losses after each completed epoch, the
   * accuracies, and (when `withGrid`) the network's output on the heat-map grid.
   * Does nothing once diverged (a non-finite loss); stops at the first diverged epoch.
   */
  run(maxSteps: number, maxEpochs = Infinity, withGrid = false): Advance {
    this.assertAlive()
    const tf = this.tf
    const steps = this.diverged ? 0 : Math.max(0, Math.floor(maxSteps))
    let done = 0
    const packed = tf.tidy(() => {
      const parts: Tensor[] = []
      const n = this.train.length
      const F = this.sizes[0]
      const B = Math.min(this.options.batch, n)
      for (let k = 0; k < steps && done < maxEpochs; k++) {
        if (!this.shuffled) this.startEpoch()
        const { x, y } = this.shuffled!
        const size = Math.min(B, n - this.cursor)
        const xb = n === size ? x : tf.slice(x, [this.cursor, 0], [size, F])
        const yb = n === size ? y : tf.slice(y, [this.cursor, 0], [size, 1])
        this.optimizer.applyGradients(this.gradients(xb as Tensor2D, yb as Tensor2D))
        this.cursor += size
        if (this.cursor >= n) {
          this.endEpoch()
          parts.push(tf.reshape(this.evaluate(false)[0], [2]))
          done++
        }
      }
      parts.push(tf.reshape(this.evaluate(true)[1], [2]))
      if (withGrid) parts.push(tf.reshape(this.predict(this.gridX), [-1]))
      return tf.concat(parts as Tensor1D[])
    })
    const values = packed.dataSync() as Float32Array
    packed.dispose()
    return this.unpack(values, done, withGrid)
  }

  /** Complete the epoch under way, if any (so the losses shown match the weights). */
  finishEpoch(withGrid = false): Advance {
    return this.cursor > 0 ? this.run(this.stepsPerEpoch, 1, withGrid) : this.run(0, 0, withGrid)
  }

  /** Train until `epochs` more epochs are complete (the one under way counts as the first). */
  advance(epochs: number, withGrid = false): Advance {
    const count = Math.max(0, Math.floor(epochs))
    return this.run(count * this.stepsPerEpoch, count, withGrid)
  }

  /** The heat-map grid alone (after a reset, a resize...): one forward pass, one read-back. */
  grid(): Float32Array {
    this.assertAlive()
    const t = this.tf.tidy(() => this.predict(this.gridX))
    const values = t.dataSync() as Float32Array
    t.dispose()
    return values
  }

  /** Back to the initial weights, batch order and history; keeps the learning rate. */
  reset(): void {
    this.assertAlive()
    const tf = this.tf
    tf.tidy(() => {
      this.weights.forEach((w, l) => w.assign(tf.tensor2d(this.initial.w[l], w.shape as [number, number])))
      this.biases.forEach((b, l) => b.assign(tf.tensor1d(this.initial.b[l])))
    })
    disposeOptimizer(this.optimizer)
    this.optimizer = tf.train.sgd(this.lr)
    this.endEpoch()
    this.shuffleRand = mulberry32(this.options.seed ^ 0x9e3779b9)
    this.perm.forEach((_, i) => (this.perm[i] = i))
    this.history.train.length = 0
    this.history.test.length = 0
    this.record()
  }

  /**
   * The state after `target` epochs, without animation: what playing reaches (the epochs are
   * the same whichever way they are batched). Goes back through `reset()` when behind.
   */
  runTo(target: number): number {
    this.assertAlive()
    const goal = Math.max(0, Math.floor(target))
    if (goal < this.epoch || (goal === this.epoch && this.cursor > 0)) this.reset()
    while (this.epoch < goal && !this.diverged) this.advance(Math.min(CHUNK, goal - this.epoch))
    return this.epoch
  }

  /**
   * Train until the training loss stops improving: its mean over the last 10 epochs less than
   * `tol` (relative) below its mean `window` epochs before, at an epoch whose loss is not above
   * that mean (not on one of the spikes mini-batch training makes); or below 0.01, where the
   * picture no longer changes; or diverged; at most `maxEpochs`. Checked every 10 epochs, so
   * it stops at the same epoch every time.
   */
  runToConvergence(maxEpochs = 2000, window = 50, tol = 0.01): number {
    this.assertAlive()
    if (this.epoch > 0 || this.cursor > 0) this.reset()
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    while (this.epoch < maxEpochs && !this.diverged) {
      this.advance(Math.min(10, maxEpochs - this.epoch))
      if (this.trainLoss < 0.01) break
      const h = this.history.train
      if (h.length < window + 10) continue
      const recent = mean(h.slice(-10))
      const before = mean(h.slice(-window - 10, -window))
      if (before - recent < tol * before && this.trainLoss <= recent) break
    }
    return this.epoch
  }

  setLearningRate(lr: number): void {
    this.assertAlive()
    this.lr = lr
    ;(this.optimizer as Optimizer & { setLearningRate(lr: number): void }).setLearningRate(lr)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    disposeOptimizer(this.optimizer)
    this.endEpoch()
    this.tf.dispose([...this.constants.values()])
    this.constants.clear()
    this.tf.dispose([this.trainX, this.trainY, this.allX, this.allY, this.means, this.gridX, ...this.weights, ...this.biases])
  }

  /* -------------------------------------------------------------- helpers */

  /**
   * A cached scalar: `tf.sub(1, t)` would upload a new scalar at every call, which costs
   * about as much as an op on these tiny tensors. Kept out of any tidy; freed by dispose().
   */
  private constant(v: number): Tensor {
    let c = this.constants.get(v)
    if (!c) {
      c = this.tf.keep(this.tf.scalar(v))
      this.constants.set(v, c)
    }
    return c
  }

  private record(): void {
    const t = this.tf.tidy(() => this.tf.concat(this.evaluate(true).map((x) => this.tf.reshape(x, [2])) as Tensor1D[]))
    const v = t.dataSync()
    t.dispose()
    this.history.train.push(v[0])
    this.history.test.push(v[1])
    this.accuracy = { train: v[2], test: v[3] }
  }

  private unpack(values: Float32Array, count: number, withGrid: boolean): Advance {
    let taken = 0
    for (let e = 0; e < count; e++) {
      const tr = values[2 * e]
      const te = values[2 * e + 1]
      this.history.train.push(tr)
      this.history.test.push(te)
      taken++
      if (!Number.isFinite(tr) || !Number.isFinite(te)) break
    }
    this.accuracy = { train: values[2 * count], test: values[2 * count + 1] }
    const out: Advance = { epochs: taken }
    if (withGrid) out.grid = values.slice(2 * count + 2)
    return out
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('playground: model used after dispose()')
  }
}
