/** `livedeck widgets [NAME] [--format text|json]`: the widgets and their parameters, from their schemas. */
import path from 'node:path'
import { manifests } from 'livedeck:manifests'
import { formatDiagnostic } from '../../diagnostics'
import { expectation } from '../../directive/validate'
import { loadCustomWidgets } from '../../engine/custom-widgets'
import { packageRoot } from '../../engine/package-root'
import { suggest } from '../../directive/suggest'
import { commonParams, type ParamSpec, type Schema, type WidgetManifest } from '../../widget/schema'
import { UsageError } from '../usage-error'

export async function run(positionals: string[], options: Record<string, string | boolean | undefined>): Promise<number> {
  const format = (options.format as string | undefined) ?? 'text'
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format expects text or json, got "${format}"`)
  if (positionals.length > 1) throw new UsageError('widgets takes at most one widget name: livedeck widgets [NAME]')
  // a course's own widgets (livedeck.config.json in this folder or above) are listed too
  const custom = loadCustomWidgets({}, packageRoot(), manifests)
  for (const d of custom.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n')
  const origin = new Map(custom.widgets.map((w) => [w.name, path.relative(process.cwd(), w.dir) || '.']))
  const sorted = [...manifests, ...custom.widgets.map((w) => w.manifest)].sort((a, b) => a.name.localeCompare(b.name))
  let chosen = sorted
  if (positionals.length === 1) {
    const name = positionals[0]
    const found = sorted.find((m) => m.name === name)
    if (!found) {
      const guess = suggest(name, sorted.map((m) => m.name))
      throw new UsageError(`unknown widget "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}; available widgets: ${sorted.map((m) => m.name).join(', ')}`)
    }
    chosen = [found]
  }
  process.stdout.write((format === 'json' ? asJson(chosen, origin) : asText(chosen, positionals.length === 1, origin)) + '\n')
  return 0
}

function paramJson(name: string, spec: ParamSpec) {
  // every field of the spec (range, choices, limits...), whatever its type
  const { type, default: value, doc, ...limits } = spec as ParamSpec & { integer?: boolean }
  return {
    name,
    type: type === 'number' && limits.integer ? 'integer' : type,
    default: value,
    ...limits,
    accepts: expectation(spec),
    doc,
  }
}

function asJson(chosen: readonly WidgetManifest[], origin: Map<string, string>): string {
  const params = (schema: Schema) => Object.entries(schema).map(([name, spec]) => paramJson(name, spec))
  return JSON.stringify(
    {
      widgets: chosen.map((m) => ({ name: m.name, summary: m.summary, ...(origin.has(m.name) ? { custom: origin.get(m.name) } : {}), params: params(m.params) })),
      commonParams: params(commonParams),
    },
    null,
    2,
  )
}

function asText(chosen: readonly WidgetManifest[], one: boolean, origin: Map<string, string>): string {
  const label = (m: WidgetManifest) => (origin.has(m.name) ? `${m.summary} (custom: ${origin.get(m.name)})` : m.summary)
  const out: string[] = []
  if (!one) {
    const width = Math.max(...chosen.map((m) => m.name.length))
    out.push('Widgets (use one with <!-- live: NAME key=value -->; `livedeck widgets NAME` shows one):', '')
    for (const m of chosen) out.push(`  ${m.name.padEnd(width)}  ${label(m)}`)
    out.push('')
  }
  for (const m of chosen) {
    out.push(`${m.name}: ${label(m)}`, '', ...table(m.params), '')
  }
  out.push('Parameters every widget accepts:', '', ...table(commonParams))
  return out.join('\n')
}

function table(schema: Schema): string[] {
  const rows = Object.entries(schema).map(([name, spec]) => [name, expectation(spec), `default ${Array.isArray(spec.default) ? spec.default.join(',') || '(none)' : String(spec.default)}`, spec.doc])
  const w0 = Math.max(...rows.map((r) => r[0].length))
  return rows.map(([name, accepts, def, doc]) => `  ${name.padEnd(w0)}  ${accepts}; ${def}\n  ${''.padEnd(w0)}  ${doc}`)
}
