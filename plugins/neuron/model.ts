/**
 * One artificial neuron, h = φ(w₁x₁ + w₂x₂ + b): the maths, and nothing else.
 *
 * Pure TF.js: `tf` is passed in (no DOM), so this runs unchanged in the browser and under
 * vitest. φ comes from TF.js (`tf.sigmoid`, `tf.tanh`, `tf.relu`) and φ′ from autodiff
 * (`tf.grad`), exactly as a network would compute them during backpropagation. Every call
 * works inside one `tf.tidy` and reads its results back once.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients'
import type { Tensor } from '@tensorflow/tfjs-core'
import type { TF } from '../../src/widget/define'

export type Activation = 'sigmoid' | 'tanh' | 'relu'
export const ACTIVATIONS: readonly Activation[] = ['sigmoid', 'tanh', 'relu']

/** 'active': the gradient flows; 'saturated': |φ′| below the threshold; 'dead': ReLU with φ′ = 0 */
export type UnitStatus = 'active' | 'saturated' | 'dead'

export interface Unit {
  w1: number
  w2: number
  b: number
  x1: number
  x2: number
}

export interface UnitState {
  z: number
  h: number
  /** φ′(z) */
  grad: number
  status: UnitStatus
}

/** φ as a TF.js op, element-wise. */
export function phi(tf: TF, activation: Activation, z: Tensor): Tensor {
  switch (activation) {
    case 'sigmoid':
      return tf.sigmoid(z)
    case 'tanh':
      return tf.tanh(z)
    case 'relu':
      return tf.relu(z)
  }
}

/** φ and φ′ at every z, as two tensors (φ′ by autodiff; φ is element-wise, so dy = 1 gives the derivative). */
function phiAndGrad(tf: TF, activation: Activation, z: Tensor): [Tensor, Tensor] {
  const dphi = tf.grad((t: Tensor) => phi(tf, activation, t))
  return [phi(tf, activation, z), dphi(z)]
}

/** φ(z) and φ′(z) for a vector of z values (one read-back). */
export function curves(tf: TF, activation: Activation, zs: ArrayLike<number>): { phi: Float32Array; grad: Float32Array } {
  const n = zs.length
  const out = tf.tidy(() => {
    const [h, g] = phiAndGrad(tf, activation, tf.tensor1d(Array.from(zs)))
    return tf.concat([h, g])
  })
  const values = out.dataSync() as Float32Array
  out.dispose()
  return { phi: values.slice(0, n), grad: values.slice(n, 2 * n) }
}

/** The status of a unit from its gradient: ReLU is dead where φ′ = 0, sigmoid/tanh saturated where |φ′| < threshold. */
export function statusOf(activation: Activation, grad: number, threshold: number): UnitStatus {
  if (activation === 'relu') return grad === 0 ? 'dead' : 'active'
  return Math.abs(grad) < threshold ? 'saturated' : 'active'
}

/** z, h = φ(z), φ′(z) and the status of the unit for its inputs (z computed with TF.js: w·x + b). */
export function evaluateUnit(tf: TF, activation: Activation, u: Unit, threshold: number): UnitState {
  const out = tf.tidy(() => {
    const w = tf.tensor1d([u.w1, u.w2])
    const x = tf.tensor1d([u.x1, u.x2])
    const z = tf.reshape(tf.add(tf.sum(tf.mul(w, x)), u.b), [1])
    const [h, g] = phiAndGrad(tf, activation, z)
    return tf.concat([z, h, g])
  })
  const [z, h, grad] = out.dataSync()
  out.dispose()
  return { z, h, grad, status: statusOf(activation, grad, threshold) }
}

/**
 * |z| beyond which the unit is saturated (closed form), or, for ReLU, 0 (dead for z ≤ 0).
 *   σ′(z) = 1 / (4 cosh²(z/2)) < t  ⇔  |z| > 2 acosh(1 / (2√t))
 *   tanh′(z) = 1 / cosh²(z) < t    ⇔  |z| > acosh(1 / √t)
 * Returns Infinity when the derivative never goes above the threshold (σ′ ≤ 1/4 < t).
 */
export function saturationThreshold(activation: Activation, threshold: number): number {
  if (activation === 'relu') return 0
  const c = activation === 'sigmoid' ? 1 / (2 * Math.sqrt(threshold)) : 1 / Math.sqrt(threshold)
  if (c <= 1) return 0
  return (activation === 'sigmoid' ? 2 : 1) * Math.acosh(c)
}

export interface Region {
  from: number
  to: number
  kind: 'saturated' | 'dead'
}

/** The saturated (sigmoid, tanh) or dead (ReLU) intervals of z within [zMin, zMax]. */
export function flatRegions(activation: Activation, threshold: number, zMin: number, zMax: number): Region[] {
  if (activation === 'relu') return zMin < 0 ? [{ from: zMin, to: Math.min(0, zMax), kind: 'dead' }] : []
  const s = saturationThreshold(activation, threshold)
  const out: Region[] = []
  if (zMin < -s) out.push({ from: zMin, to: Math.min(-s, zMax), kind: 'saturated' })
  if (zMax > s) out.push({ from: Math.max(s, zMin), to: zMax, kind: 'saturated' })
  return out
}

/**
 * The unit's output over the input plane: `values[j * n + i]` is h at x₁ = lo + i (hi - lo)/(n - 1),
 * x₂ = lo + j (hi - lo)/(n - 1) (j = 0 at the bottom).
 */
export function outputPlane(tf: TF, activation: Activation, u: Unit, lo: number, hi: number, n: number): Float32Array {
  const out = tf.tidy(() => {
    const x1 = tf.reshape(tf.linspace(lo, hi, n), [1, n])
    const x2 = tf.reshape(tf.linspace(lo, hi, n), [n, 1])
    const z = tf.add(tf.add(tf.mul(x1, u.w1), tf.mul(x2, u.w2)), u.b)
    return phi(tf, activation, z)
  })
  const values = out.dataSync() as Float32Array
  out.dispose()
  return values
}

/** The output's range for colour scales: [0, 1] for sigmoid, [-1, 1] for tanh, [0, max] for ReLU. */
export function outputRange(activation: Activation): [number, number] | null {
  return activation === 'sigmoid' ? [0, 1] : activation === 'tanh' ? [-1, 1] : null
}
