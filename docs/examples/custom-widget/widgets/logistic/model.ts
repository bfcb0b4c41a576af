/**
 * The maths of the `logistic` widget, with TF.js and no DOM: seeded data, and a logistic
 * regression p(y = 1 | x) = σ(w₁x₁ + w₂x₂ + b) trained by full-batch gradient descent on the
 * cross-entropy. Every tensor it creates is freed by `dispose()`.
 */
import { gaussian, mulberry32, type TF } from 'livedeck/widget'
// training needs the gradients of TF.js's ops, registered once for the page
import 'livedeck/widget/gradients'

export interface Points {
  /** x₁, x₂ of each point, interleaved */
  xy: Float32Array
  /** 0 or 1 */
  label: Float32Array
}

/** Two Gaussian clouds around (-1, -0.5) (class 0) and (1, 0.5) (class 1). */
export function makePoints(count: number, spread: number, seed: number): Points {
  const normal = gaussian(mulberry32(seed))
  const xy = new Float32Array(count * 2)
  const label = new Float32Array(count)
  for (let i = 0; i < count; i++) {
    const c = i % 2
    label[i] = c
    xy[2 * i] = (c ? 1 : -1) + spread * normal()
    xy[2 * i + 1] = (c ? 0.5 : -0.5) + spread * normal()
  }
  return { xy, label }
}

export interface Weights {
  w1: number
  w2: number
  b: number
}

type Tensor2D = ReturnType<TF['tensor2d']>
type Variable = ReturnType<TF['variable']>
type Optimizer = ReturnType<TF['train']['sgd']>

export class LogisticModel {
  step = 0
  private readonly x: Tensor2D
  private readonly y: Tensor2D
  private readonly w: Variable
  private readonly b: Variable
  private readonly optimizer: Optimizer

  constructor(
    private readonly tf: TF,
    readonly points: Points,
    lr: number,
  ) {
    const n = points.label.length
    this.x = tf.tensor2d(points.xy, [n, 2])
    this.y = tf.tensor2d(points.label, [n, 1])
    this.w = tf.variable(tf.zeros([2, 1]))
    this.b = tf.variable(tf.scalar(0))
    this.optimizer = tf.train.sgd(lr)
  }

  private logits(x: Tensor2D = this.x) {
    return this.tf.add(this.tf.matMul(x, this.w), this.b)
  }

  /** One gradient step on all the points; returns the loss before the step. */
  train(): number {
    const cost = this.optimizer.minimize(() => this.tf.losses.sigmoidCrossEntropy(this.y, this.logits()), true, [this.w, this.b])
    this.step += 1
    const loss = cost ? cost.dataSync()[0] : NaN
    cost?.dispose()
    return loss
  }

  /** Mean cross-entropy on the points. */
  loss(): number {
    return this.tf.tidy(() => this.tf.losses.sigmoidCrossEntropy(this.y, this.logits()).dataSync()[0])
  }

  /** Share of the points on the right side of the decision line. */
  accuracy(): number {
    return this.tf.tidy(() => {
      const predicted = this.tf.cast(this.tf.greater(this.logits(), 0), 'float32')
      return this.tf.mean(this.tf.cast(this.tf.equal(predicted, this.y), 'float32')).dataSync()[0]
    })
  }

  weights(): Weights {
    const [w1, w2] = this.w.dataSync()
    return { w1, w2, b: this.b.dataSync()[0] }
  }

  /** p(y = 1) at each point of `xy` (interleaved x₁, x₂). */
  probabilities(xy: Float32Array): Float32Array {
    return this.tf.tidy(() => this.tf.sigmoid(this.logits(this.tf.tensor2d(xy, [xy.length / 2, 2]))).dataSync() as Float32Array)
  }

  dispose(): void {
    this.tf.dispose([this.x, this.y, this.w, this.b])
    this.optimizer.dispose()
  }
}
