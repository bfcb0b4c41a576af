/**
 * Polynomial regression of growing degree on a train/test split: the maths, and nothing else.
 *
 * Pure TF.js (`tf` passed in, no DOM): runs unchanged in the browser and under vitest.
 *
 * Features. x lies in [-1, 1] and the features are the Legendre polynomials P₀ … P_d, not the
 * monomials 1, x, …, x^d: on [-1, 1] they are nearly orthogonal, so the least-squares problem
 * stays well conditioned up to degree 15 even in float32 (TF.js's only float type), where the
 * monomial Vandermonde matrix (condition number ~10⁷ at degree 15) would lose every digit.
 *
 * Solver. Ridge regression minimises ‖Xw − y‖² + λ‖Dw‖² with D = diag(0, 1, …, 1) (the constant
 * term is not penalised), i.e. (XᵀX + λD) w = Xᵀy. Instead of forming XᵀX (which squares the
 * condition number) we solve the equivalent augmented least-squares problem
 *     [ X    ] w ≈ [ y ]
 *     [ √λ D ]     [ 0 ]
 * with a Householder QR (`tf.linalg.qr`) and a back substitution R w = Qᵀb on the small
 * (≤ 16 × 16) triangular matrix, in float64 in JS. One QR serves every degree at once: the first
 * d + 1 columns of the augmented matrix are the augmented matrix of degree d (plus zero rows), and
 * Householder QR processes columns left to right, so the leading (d+1) × (d+1) block of R and the
 * first d + 1 entries of Qᵀb solve degree d. λ = 0 uses a floor of 1e-9 (`LAMBDA_FLOOR`): with more
 * coefficients than training points the problem has no unique solution, and the floor picks a
 * small-norm one (the interpolating polynomial with the smallest coefficients) instead of failing.
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core'
import type { TF } from '../../src/widget/define'
import { mulberry32 } from '../../src/widget/random'
export { mulberry32 }

export const MAX_DEGREE = 15
/** λ used when λ = 0, so that degree + 1 > training points stays solvable */
export const LAMBDA_FLOOR = 1e-9
/** points of the fitted curves */
export const CURVE_POINTS = 201

/* ------------------------------------------------------------------ data */


/** Standard normal samples from a uniform source (Box-Muller). */
export function gaussian(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform()
    const v = uniform()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
}

export type TargetName = 'sine' | 'cubic' | 'runge'

/** The smooth functions the data are drawn from, on x ∈ [-1, 1]. */
export const TARGETS: Record<TargetName, { f: (x: number) => number; tex: string }> = {
  sine: { f: (x) => Math.sin(1.5 * Math.PI * x), tex: '\\sin(1.5\\pi x)' },
  cubic: { f: (x) => 2 * x ** 3 + 0.5 * x ** 2 - 1.5 * x, tex: '2x^3 + 0.5x^2 - 1.5x' },
  runge: { f: (x) => 1 / (1 + 25 * x * x), tex: '1/(1 + 25x^2)' },
}

export interface DataOptions {
  target: TargetName
  /** number of points, train and test together */
  points: number
  /** standard deviation of the Gaussian noise on y */
  noise: number
  seed: number
  /** share of the points used for training */
  ratio: number
}

export interface Samples {
  x: Float64Array
  y: Float64Array
}

export interface Split {
  train: Samples
  test: Samples
}

/** x uniform in [-1, 1], y = f(x) + noise; the first round(ratio · n) points (in random order) train. */
export function makeData(o: DataOptions): Split {
  const n = Math.max(2, Math.round(o.points))
  const uniform = mulberry32(o.seed)
  const normal = gaussian(uniform)
  const f = TARGETS[o.target].f
  const x = new Float64Array(n)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    x[i] = 2 * uniform() - 1
    y[i] = f(x[i]) + o.noise * normal()
  }
  const nTrain = Math.min(n - 1, Math.max(1, Math.round(o.ratio * n)))
  // x is already in random order: the split is the first nTrain points
  return {
    train: { x: x.slice(0, nTrain), y: y.slice(0, nTrain) },
    test: { x: x.slice(nTrain), y: y.slice(nTrain) },
  }
}

/* -------------------------------------------------------------- features */

/**
 * Legendre features [P₀(x), …, P_d(x)] as an [n, d + 1] tensor, by the three-term recurrence
 * (k + 1) P_{k+1} = (2k + 1) x P_k − k P_{k−1}.
 */
export function legendreFeatures(tf: TF, x: Tensor1D, degree: number): Tensor2D {
  return tf.tidy(() => {
    const cols: Tensor[] = [tf.onesLike(x)]
    if (degree >= 1) cols.push(x)
    for (let k = 1; k < degree; k++) {
      cols.push(tf.div(tf.sub(tf.mul(tf.mul(x, cols[k]), 2 * k + 1), tf.mul(cols[k - 1], k)), k + 1))
    }
    return tf.stack(cols, 1) as Tensor2D
  })
}

/** Legendre P₀ … P_d at one x, in float64 (for tests and exact evaluation). */
export function legendreAt(x: number, degree: number): number[] {
  const p = [1, x]
  for (let k = 1; k < degree; k++) p.push(((2 * k + 1) * x * p[k] - k * p[k - 1]) / (k + 1))
  return p.slice(0, degree + 1)
}

/* ------------------------------------------------------------------- fit */

export interface FitAll {
  /** λ as asked (0 allowed) */
  lambda: number
  /** coef[d]: the d + 1 Legendre coefficients of the degree-d fit (coef[0] unused) */
  coef: Float64Array[]
  /** trainMse[d], testMse[d] for d = 1 … MAX_DEGREE (index 0 unused, NaN) */
  trainMse: number[]
  testMse: number[]
  /** the fitted curves on CURVE_POINTS evenly spaced x in [-1, 1]: curve[d][i] */
  curveX: Float64Array
  curve: Float32Array[]
}

/** Back substitution R w = c on the leading (k × k) block of an n × n upper-triangular R (row-major). */
function backSubstitute(R: ArrayLike<number>, n: number, c: ArrayLike<number>, k: number): Float64Array {
  const w = new Float64Array(k)
  for (let i = k - 1; i >= 0; i--) {
    let s = c[i]
    for (let j = i + 1; j < k; j++) s -= R[i * n + j] * w[j]
    w[i] = s / R[i * n + i]
  }
  return w
}

/**
 * Fits every degree 1 … maxDegree by ridge regression (see the file header), then evaluates the
 * train and test MSE of each and its curve over [-1, 1]. Two read-backs in all.
 */
export function fitAll(tf: TF, data: Split, lambda: number, maxDegree = MAX_DEGREE): FitAll {
  const p = maxDegree + 1
  const lam = Math.max(lambda, LAMBDA_FLOOR)
  const { train, test } = data
  // 1. QR of the augmented system, for all degrees at once
  const rc = tf.tidy(() => {
    const X = legendreFeatures(tf, tf.tensor1d(Float32Array.from(train.x)), maxDegree)
    const penalty = Array.from({ length: p }, (_, i) => (i === 0 ? 0 : Math.sqrt(lam)))
    const A = tf.concat([X, tf.diag(tf.tensor1d(penalty))], 0)
    const b = tf.concat([tf.tensor2d(Float32Array.from(train.y), [train.y.length, 1]), tf.zeros([p, 1])], 0)
    const [Q, R] = tf.linalg.qr(A)
    const qtb = tf.matMul(Q, b, true, false)
    return tf.concat([tf.reshape(R, [-1]), tf.reshape(qtb, [-1])])
  })
  const rcValues = rc.dataSync()
  rc.dispose()
  const R = rcValues.subarray(0, p * p)
  const c = rcValues.subarray(p * p)
  const coef: Float64Array[] = [new Float64Array(1)]
  for (let d = 1; d <= maxDegree; d++) coef.push(backSubstitute(R, p, c, d + 1))

  // 2. errors and curves of every degree: one matrix of coefficients, three matMuls, one read-back
  const curveX = new Float64Array(CURVE_POINTS)
  for (let i = 0; i < CURVE_POINTS; i++) curveX[i] = -1 + (2 * i) / (CURVE_POINTS - 1)
  const W = new Float32Array(p * maxDegree) // W[j, d - 1] = coef[d][j]
  for (let d = 1; d <= maxDegree; d++) coef[d].forEach((v, j) => (W[j * maxDegree + d - 1] = v))
  const out = tf.tidy(() => {
    const w = tf.tensor2d(W, [p, maxDegree])
    const mseOf = (s: Samples) => {
      if (s.x.length === 0) return tf.fill([maxDegree], NaN)
      const pred = tf.matMul(legendreFeatures(tf, tf.tensor1d(Float32Array.from(s.x)), maxDegree), w)
      return tf.mean(tf.square(tf.sub(pred, tf.tensor2d(Float32Array.from(s.y), [s.y.length, 1]))), 0)
    }
    const curves = tf.matMul(legendreFeatures(tf, tf.tensor1d(Float32Array.from(curveX)), maxDegree), w)
    return tf.concat([mseOf(train), mseOf(test), tf.reshape(tf.transpose(curves), [-1])])
  })
  const values = out.dataSync() as Float32Array
  out.dispose()
  const trainMse = [NaN]
  const testMse = [NaN]
  const curve: Float32Array[] = [new Float32Array(0)]
  for (let d = 1; d <= maxDegree; d++) {
    trainMse.push(values[d - 1])
    testMse.push(values[maxDegree + d - 1])
    const start = 2 * maxDegree + (d - 1) * CURVE_POINTS
    curve.push(values.slice(start, start + CURVE_POINTS))
  }
  return { lambda, coef, trainMse, testMse, curveX, curve }
}

/** The degree with the lowest test MSE (the sweet spot). */
export function bestDegree(fit: FitAll): number {
  let best = 1
  for (let d = 2; d < fit.testMse.length; d++) if (fit.testMse[d] < fit.testMse[best]) best = d
  return best
}

export type FitStatus = 'underfit' | 'good' | 'overfit'

/** A test MSE within this factor of the best one counts as good. */
export const GOOD_FACTOR = 1.3

/** Left of the sweet spot and clearly worse: underfit; right and clearly worse: overfit. */
export function statusOf(fit: FitAll, degree: number): FitStatus {
  const best = bestDegree(fit)
  if (fit.testMse[degree] <= GOOD_FACTOR * fit.testMse[best]) return 'good'
  return degree < best ? 'underfit' : 'overfit'
}

/** Value of the degree-d fit at x, in float64 from its coefficients. */
export function predict(fit: FitAll, degree: number, x: number): number {
  const p = legendreAt(x, degree)
  return p.reduce((s, v, j) => s + v * fit.coef[degree][j], 0)
}
