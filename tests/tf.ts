/**
 * TensorFlow.js under Node for the model tests: the CPU backend, models that are always
 * disposed, and checks that no tensor is leaked.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { beforeAll, expect } from 'vitest'

export { tf }

/** Selects the CPU backend before the tests of the calling file (call at the top level). */
export function useCpuBackend(then?: () => void | Promise<void>): void {
  beforeAll(async () => {
    await cpuBackend()
    await then?.()
  })
}

/** Selects the CPU backend and waits until it is ready. */
export async function cpuBackend(): Promise<void> {
  await tf.setBackend('cpu')
  await tf.ready()
}

/** Tensors alive now. */
export const tensorCount = (): number => tf.memory().numTensors

/** Runs `f` with `m` and disposes `m` afterwards, whatever happens. */
export function disposing<M extends { dispose(): void }, T>(m: M, f: (m: M) => T): T {
  try {
    return f(m)
  } finally {
    m.dispose()
  }
}

/** Runs `f` and expects it to leave as many tensors alive as there were before; returns its result. */
export function expectNoLeak<T>(f: () => T): T {
  const before = tensorCount()
  const out = f()
  expect(tensorCount(), 'tensors leaked').toBe(before)
  return out
}

/**
 * Follows the tensor count through a model's life: `start` is the count when the tracker is
 * made (before the model), `settle()` takes the count of the running model as its steady
 * state, `expectSteady()` expects that count again, `expectFreed()` expects the start count.
 */
export interface TensorTracker {
  readonly start: number
  /** records the current count as the steady state and returns it */
  settle(): number
  expectSteady(): void
  expectFreed(): void
  /**
   * Disposes `m` and expects the start count; with `use`, expects that using `m` now throws
   * (an error matching `error`).
   */
  expectDisposed(m: { dispose(): void }, use?: () => unknown, error?: RegExp): void
}

export function trackTensors(): TensorTracker {
  const start = tensorCount()
  let steady: number | undefined
  const expectFreed = () => expect(tensorCount(), 'tensors left behind').toBe(start)
  return {
    start,
    settle: () => (steady = tensorCount()),
    expectSteady: () => {
      if (steady === undefined) throw new Error('trackTensors: settle() before expectSteady()')
      expect(tensorCount(), 'tensors leaked while running').toBe(steady)
    },
    expectFreed,
    expectDisposed: (m, use, error = /dispose/) => {
      m.dispose()
      expectFreed()
      if (use) expect(use).toThrow(error)
    },
  }
}

/**
 * A model's options and models made from them: `opts(o)` is `base` with `o` over it, and
 * `withModel(o, f)` runs `f` with a model made from `opts(o)`, always disposing it.
 */
export function modelKit<O extends object, M extends { dispose(): void }>(base: O, make: (options: O) => M) {
  const opts = (o: Partial<O> = {}): O => ({ ...base, ...o })
  const withModel = <T>(o: Partial<O>, f: (m: M) => T): T => disposing(make(opts(o)), f)
  return { base, opts, withModel }
}
