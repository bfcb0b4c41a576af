/**
 * The browser-side contract between the runtime and a widget.
 * A widget folder's `index.ts` default-exports `defineWidget({ manifest, mount })`.
 */
import type * as tfc from '@tensorflow/tfjs-core'
import type { CommonParams, ParamValues, Schema, WidgetManifest } from './schema'
import type { Palette } from './palette'

export type TF = typeof tfc

export interface WidgetContext {
  /** TensorFlow.js core, with the backend already chosen and ready */
  readonly tf: TF
  /** name of the active TF.js backend (`cpu`, `webgl`, `wasm`) */
  readonly backend: string
  /** the theme's colours, read from the slide's CSS variables */
  readonly palette: Palette
  /** true when the viewer asked for reduced motion: prefer step-wise updates */
  readonly reducedMotion: boolean
  /**
   * Run `tick` once per animation frame while the widget's slide is shown.
   * `budgetMs` is how long the tick may compute this frame. Returning false ends the loop.
   * Hidden slides get no frames; the loop resumes when the slide is shown again.
   */
  animate(tick: (budgetMs: number) => boolean): void
  /** end the loop started by `animate` */
  stopAnimation(): void
  /** true while `animate`'s loop is running (even when paused by a hidden slide) */
  readonly animating: boolean
}

export interface WidgetController {
  /** free every tensor, listener and timer; the runtime removes the DOM */
  destroy(): void
  /**
   * Show the state after `at` steps (or at convergence), computed without animation and
   * deterministically, and resolve once it is drawn. Used by exports (PDF, PNG handouts).
   */
  snapshot?(at: number | 'converged'): Promise<void>
}

export interface WidgetDefinition<S extends Schema = Schema> {
  manifest: WidgetManifest<S>
  mount(root: HTMLElement, params: ParamValues<S> & CommonParams, ctx: WidgetContext): WidgetController
}

export function defineWidget<S extends Schema>(definition: WidgetDefinition<S>): WidgetDefinition<S> {
  return definition
}
