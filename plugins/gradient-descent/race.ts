/**
 * Several descents run side by side on one 2-D problem (learning rates, optimizers, batch sizes):
 * the bookkeeping they share, and nothing about any one problem.
 *
 * Each path is a `Racer` that owns its variables and optimizer; the `Race` advances them together
 * in one `tf.tidy` and reads every new point back with a single `dataSync` per `step(n)`. A path
 * stops on its own (converged or diverged) at the first step where it does, whatever the batching,
 * while the others go on; the race ends when every path has stopped or at `maxSteps`.
 */
import type { Tensor } from '@tensorflow/tfjs-core'
import type { TF } from '../../src/widget/define'
import type { Palette } from '../../src/widget/palette'
import { type Landscape, type Surface, sampleGrid } from './model'

/** One descent of a race. */
export interface Racer {
  /** [x, y, loss, |∇L|] at the current point, as a rank-1 tensor of 4 */
  evaluate(): Tensor
  /** one update at global step `t` (0-based), then `evaluate()` at the new point */
  advance(t: number): Tensor
  /** put the variables back at (x, y) (after a path stopped in the middle of a batch) */
  moveTo(x: number, y: number): void
  /** back to the start, optimizer state forgotten */
  reset(): void
  dispose(): void
}

export type PathStatus = 'running' | 'converged' | 'diverged' | 'done'
export type RaceStatus = 'ready' | 'running' | 'done'

/** What the view shows of one path. */
export interface PathInfo {
  /** short name for the legend, e.g. `η = 0.4` or `Adam` */
  name: string
  /** what the path illustrates, e.g. `oscillates` */
  note: string
  colour: keyof Palette
}

/** The visited points of one path (index 0 = the start); host-side copies. */
export interface RacePath extends PathInfo {
  x: number[]
  y: number[]
  loss: number[]
  grad: number[]
  status: PathStatus
}

/** A point worth a marker and a label on the landscape (minimum, saddle, plateau...). */
export interface Landmark {
  x: number
  y: number
  label: string
  kind: 'minimum' | 'local' | 'saddle' | 'plateau'
}

export interface RaceOptions {
  maxSteps: number
  /** a path converges when |∇L| and its last move are both below `tol`; null: never */
  tol: number | null
  /** a path diverges when its loss exceeds this multiple of its starting loss (or is not finite) */
  divergence: number
}

/** Steps per tidy in `runTo`, to bound the tensors alive at once. */
const CHUNK = 200

export class Race {
  readonly paths: RacePath[]
  private steps = 0
  private disposed = false

  constructor(
    private readonly tf: TF,
    private readonly racers: Racer[],
    infos: PathInfo[],
    private readonly surface: Surface,
    private readonly options: RaceOptions,
  ) {
    this.paths = infos.map((info) => ({ ...info, x: [], y: [], loss: [], grad: [], status: 'running' }))
    this.recordStart()
  }

  get stepCount(): number {
    return this.steps
  }
  get maxSteps(): number {
    return this.options.maxSteps
  }
  get finished(): boolean {
    return this.steps >= this.options.maxSteps || this.paths.every((p) => p.status !== 'running')
  }
  get status(): RaceStatus {
    if (this.finished) return 'done'
    return this.steps === 0 ? 'ready' : 'running'
  }
  /** the latest loss of each path */
  get losses(): number[] {
    return this.paths.map((p) => p.loss[p.loss.length - 1])
  }

  /**
   * Up to `n` steps of every running path, in one tidy with one read-back. Returns the number of
   * steps taken (0 once finished).
   */
  step(n = 1): number {
    this.assertAlive()
    const count = Math.min(Math.floor(n), this.options.maxSteps - this.steps)
    if (count <= 0 || this.finished) return 0
    const tf = this.tf
    const live = this.paths.map((p, k) => (p.status === 'running' ? k : -1)).filter((k) => k >= 0)
    const t0 = this.steps
    const rows = tf.tidy(() => {
      const out: Tensor[] = []
      for (let i = 0; i < count; i++) for (const k of live) out.push(tf.tidy(() => this.racers[k].advance(t0 + i)))
      return tf.stack(out)
    })
    const values = rows.dataSync()
    rows.dispose()
    const stoppedHere = new Set<number>()
    for (let i = 0; i < count; i++) {
      live.forEach((k, j) => {
        const path = this.paths[k]
        if (path.status !== 'running') return
        const at = (i * live.length + j) * 4
        path.x.push(values[at])
        path.y.push(values[at + 1])
        path.loss.push(values[at + 2])
        path.grad.push(values[at + 3])
        const stop = this.stopOf(path)
        if (stop) {
          path.status = stop
          stoppedHere.add(k)
        }
      })
    }
    for (const k of stoppedHere) {
      const p = this.paths[k]
      if (lastFinite(p)) this.racers[k].moveTo(p.x[p.x.length - 1], p.y[p.y.length - 1])
    }
    this.steps += count
    if (this.steps >= this.options.maxSteps) for (const p of this.paths) if (p.status === 'running') p.status = 'done'
    return count
  }

  /** The state after `target` steps (or the end), without animation; backwards through `reset()`. */
  runTo(target: number): number {
    this.assertAlive()
    const goal = Math.min(Math.max(0, Math.floor(target)), this.options.maxSteps)
    if (goal < this.steps) this.reset()
    while (this.steps < goal && !this.finished) this.step(Math.min(CHUNK, goal - this.steps))
    return this.steps
  }

  reset(): void {
    this.assertAlive()
    for (const r of this.racers) r.reset()
    for (const p of this.paths) {
      p.x.length = p.y.length = p.loss.length = p.grad.length = 0
      p.status = 'running'
    }
    this.steps = 0
    this.recordStart()
  }

  /** The loss surface on a grid, for the heat map and contours. */
  landscape(xMin: number, xMax: number, yMin: number, yMax: number, nx: number, ny: number): Landscape {
    this.assertAlive()
    return sampleGrid(this.tf, this.surface, xMin, xMax, yMin, yMax, nx, ny)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const r of this.racers) r.dispose()
  }

  /* ------------------------------------------------------- helpers */

  private stopOf(p: RacePath): PathStatus | null {
    const k = p.x.length - 1
    const { x, y, loss, grad } = p
    if (!Number.isFinite(x[k]) || !Number.isFinite(y[k]) || !(loss[k] <= this.options.divergence * Math.max(Math.abs(loss[0]), 1e-6)))
      return 'diverged'
    const tol = this.options.tol
    if (tol !== null && grad[k] < tol && Math.hypot(x[k] - x[k - 1], y[k] - y[k - 1]) < tol) return 'converged'
    return null
  }

  private recordStart(): void {
    const rows = this.tf.tidy(() => this.tf.stack(this.racers.map((r) => r.evaluate())))
    const v = rows.dataSync()
    rows.dispose()
    this.paths.forEach((p, k) => {
      p.x.push(v[4 * k])
      p.y.push(v[4 * k + 1])
      p.loss.push(v[4 * k + 2])
      p.grad.push(v[4 * k + 3])
    })
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('gradient-descent: race used after dispose()')
  }
}

/** whether the last point of a path is finite (a diverged path keeps its variables where they went) */
function lastFinite(p: RacePath): boolean {
  return Number.isFinite(p.x[p.x.length - 1]) && Number.isFinite(p.y[p.y.length - 1])
}
