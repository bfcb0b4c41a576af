/**
 * Parameter schemas: what a widget accepts in its `live:` directive.
 * A schema is plain data (no DOM, no Node APIs) so that the engine can validate
 * directives at build time and the docs can be generated from the same table.
 */

export interface NumberParam {
  type: 'number'
  default: number
  min?: number
  max?: number
  /** true when only whole numbers are accepted */
  integer?: boolean
  doc: string
}

export interface BooleanParam {
  type: 'boolean'
  default: boolean
  doc: string
}

export interface StringParam {
  type: 'string'
  default: string
  maxLength?: number
  doc: string
}

export interface ChoiceParam<C extends string = string> {
  type: 'choice'
  default: C
  choices: readonly C[]
  doc: string
}

/** A point in a widget's run: a number of steps (the widget's own unit), or convergence. */
export type Step = number | 'converged'

/** One step (`snapshot=100`, `snapshot=converged`). */
export interface StepParam {
  type: 'step'
  default: Step
  doc: string
}

/** A list of steps (`filmstrip=0,10,100`); an empty default means the widget's own list. */
export interface StepListParam {
  type: 'steps'
  default: readonly Step[]
  /** most entries accepted */
  maxLength: number
  doc: string
}

export type ParamSpec = NumberParam | BooleanParam | StringParam | ChoiceParam | StepParam | StepListParam

export type Schema = Readonly<Record<string, ParamSpec>>

export type ParamValue<P extends ParamSpec> = P extends NumberParam
  ? number
  : P extends BooleanParam
    ? boolean
    : P extends ChoiceParam<infer C>
      ? C
      : P extends StepParam
        ? Step
        : P extends StepListParam
          ? Step[]
          : string

export type ParamValues<S extends Schema> = { -readonly [K in keyof S]: ParamValue<S[K]> }

/** What a widget folder's `schema.ts` exports as its default. */
export interface WidgetManifest<S extends Schema = Schema> {
  /** the name used in `<!-- live: NAME -->`; must equal the folder name */
  name: string
  /** one-line description for docs and `livedeck widgets` */
  summary: string
  params: S
  /**
   * The snapshots a handout shows for this widget (`livedeck build --handout`), in the
   * widget's own step unit; the directive's `filmstrip` parameter overrides it.
   * Absent: one snapshot, as in every other export.
   */
  filmstrip?: readonly Step[]
}

export function defineManifest<const S extends Schema>(manifest: WidgetManifest<S>): WidgetManifest<S> {
  return manifest
}

/** Parameters every widget accepts, handled by the runtime rather than the widget. */
export const commonParams = {
  height: {
    type: 'number',
    default: 440,
    min: 160,
    max: 720,
    integer: true,
    doc: 'Height of the widget on the slide, in CSS pixels (slides are 1280x720).',
  },
  backend: {
    type: 'choice',
    default: 'auto',
    choices: ['auto', 'cpu', 'webgl', 'wasm'],
    doc: 'TensorFlow.js backend for the whole deck: `auto` is CPU, the fastest for small models; `webgl` or `wasm` fall back to CPU if they cannot start.',
  },
  snapshot: {
    type: 'step',
    default: 'converged',
    doc: 'What PDF, PNG and PPTX exports show: the state after this many steps (in the widget\'s own unit), or `converged`. Computed without animation, the same on every export.',
  },
  filmstrip: {
    type: 'steps',
    default: [],
    maxLength: 6,
    doc: 'With `livedeck build --handout`: the snapshots shown side by side, e.g. `filmstrip=0,10,100` (empty: the widget\'s own filmstrip, listed with it, or just `snapshot`).',
  },
} as const satisfies Schema

export type CommonParams = ParamValues<typeof commonParams>

/** Defaults of a schema, as values. */
export function defaults<S extends Schema>(schema: S): ParamValues<S> {
  const out: Record<string, unknown> = {}
  for (const [key, spec] of Object.entries(schema)) out[key] = spec.default
  return out as ParamValues<S>
}
