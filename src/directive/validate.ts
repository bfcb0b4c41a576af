/**
 * Validation of a parsed directive against the widget manifests: the widget must
 * exist, every parameter must be declared by its schema (or be a common one), and
 * every value must have the declared type and lie in its range.
 */
import { commonParams, type ParamSpec, type Schema, type Step, type WidgetManifest } from '../widget/schema'
import type { Directive, RawValue } from './parse'
import { suggest } from './suggest'

export interface ValidationProblem {
  message: string
  offset: number
}

export type Params = Record<string, string | number | boolean | readonly Step[]>

export type ValidationResult =
  | { ok: true; manifest: WidgetManifest; params: Params }
  | { ok: false; problems: ValidationProblem[] }

/** The full schema of a widget: its own parameters and the common ones. */
export function fullSchema(manifest: WidgetManifest): Schema {
  return { ...manifest.params, ...commonParams }
}

export function validateDirective(directive: Directive, manifests: readonly WidgetManifest[]): ValidationResult {
  const manifest = manifests.find((m) => m.name === directive.name)
  if (!manifest) {
    const names = manifests.map((m) => m.name)
    const guess = suggest(directive.name, names)
    return {
      ok: false,
      problems: [
        {
          message:
            `unknown widget "${directive.name}"` +
            (guess ? ` (did you mean "${guess}"?)` : '') +
            `; available widgets: ${names.join(', ') || '(none)'}`,
          offset: directive.nameOffset,
        },
      ],
    }
  }
  const schema = fullSchema(manifest)
  const problems: ValidationProblem[] = []
  const params: Params = {}
  for (const [key, spec] of Object.entries(schema)) params[key] = spec.default
  for (const raw of directive.params) {
    const spec = Object.hasOwn(schema, raw.key) ? schema[raw.key] : undefined
    if (!spec) {
      const guess = suggest(raw.key, Object.keys(schema))
      problems.push({
        message:
          `unknown parameter "${raw.key}" for widget "${manifest.name}"` +
          (guess ? ` (did you mean "${guess}"?)` : '') +
          `; known parameters: ${Object.keys(schema).join(', ')}`,
        offset: raw.offset,
      })
      continue
    }
    const coerced = coerce(raw.value, spec)
    if ('error' in coerced) {
      problems.push({
        message: `parameter "${raw.key}" of widget "${manifest.name}" expects ${expectation(spec)}, got ${show(raw.value)}`,
        offset: raw.valueOffset,
      })
      continue
    }
    params[raw.key] = coerced.value
  }
  return problems.length ? { ok: false, problems } : { ok: true, manifest, params }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i
const TRUE = new Set(['true', 'yes', 'on', '1'])
const FALSE = new Set(['false', 'no', 'off', '0'])

function coerce(value: RawValue, spec: ParamSpec): { value: string | number | boolean | Step[] } | { error: true } {
  switch (spec.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && NUMBER.test(value.trim()) ? Number(value) : NaN
      if (!Number.isFinite(n)) return { error: true }
      if (spec.integer && !Number.isInteger(n)) return { error: true }
      if (spec.min !== undefined && n < spec.min) return { error: true }
      if (spec.max !== undefined && n > spec.max) return { error: true }
      return { value: n }
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value }
      const s = String(value).toLowerCase()
      if (typeof value !== 'object' && TRUE.has(s)) return { value: true }
      if (typeof value !== 'object' && FALSE.has(s)) return { value: false }
      return { error: true }
    }
    case 'choice': {
      if (typeof value === 'object' || value === null) return { error: true }
      const s = String(value)
      return spec.choices.includes(s) ? { value: s } : { error: true }
    }
    case 'string': {
      if (typeof value === 'object' || value === null) return { error: true }
      const s = String(value)
      if (spec.maxLength !== undefined && s.length > spec.maxLength) return { error: true }
      return { value: s }
    }
    case 'step': {
      const step = typeof value === 'object' ? undefined : toStep(value)
      return step === undefined ? { error: true } : { value: step }
    }
    case 'steps': {
      const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : typeof value === 'number' ? [value] : null
      if (!items || items.length > spec.maxLength) return { error: true }
      if (items.length === 1 && typeof items[0] === 'string' && items[0].trim() === '') return { value: [] }
      const steps = items.map((item) => (typeof item === 'object' ? undefined : toStep(item)))
      return steps.some((s) => s === undefined) ? { error: true } : { value: steps as Step[] }
    }
  }
}

/** `converged`, or a whole number of steps from 0 to 100,000. */
function toStep(value: string | number | boolean | null): Step | undefined {
  if (value === null || typeof value === 'boolean') return undefined
  const s = String(value).trim().toLowerCase()
  if (s === 'converged') return 'converged'
  if (!/^\d{1,6}$/.test(s)) return undefined
  const n = Number(s)
  return n <= MAX_STEPS ? n : undefined
}

const MAX_STEPS = 100_000

/** What a parameter accepts, in words: "an integer between 1 and 10". */
export function expectation(spec: ParamSpec): string {
  switch (spec.type) {
    case 'number': {
      const what = spec.integer ? 'an integer' : 'a number'
      if (spec.min !== undefined && spec.max !== undefined) return `${what} between ${spec.min} and ${spec.max}`
      if (spec.min !== undefined) return `${what} >= ${spec.min}`
      if (spec.max !== undefined) return `${what} <= ${spec.max}`
      return what
    }
    case 'boolean':
      return 'true or false'
    case 'choice':
      return `one of ${spec.choices.map((c) => `"${c}"`).join(', ')}`
    case 'string':
      return spec.maxLength !== undefined ? `a text of at most ${spec.maxLength} characters` : 'a text'
    case 'step':
      return `a number of steps (0 to ${MAX_STEPS.toLocaleString('en')}) or "converged"`
    case 'steps':
      return `a comma-separated list of up to ${spec.maxLength} steps (numbers or "converged"), e.g. "0,10,converged"`
  }
}

function show(value: RawValue): string {
  if (value === null) return 'nothing'
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping'
  const s = String(value)
  return `"${s.length > 40 ? s.slice(0, 39) + '…' : s}"`
}
