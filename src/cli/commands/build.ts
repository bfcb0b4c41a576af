/** `livedeck build INPUT... [-o OUTPUT] [--pdf | --png | --pptx | --html] [handout options]` */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { formatDiagnostic } from '../../diagnostics'
import { exportDecks, type DeckOutcome } from '../../export/export-decks'
import type { Format } from '../../export/formats'
import { planJobs } from '../../export/plan'
import { createReporter, isCi } from '../../export/progress'
import { UsageError } from '../usage-error'

type Options = Record<string, string | boolean | undefined>

export async function run(positionals: string[], options: Options): Promise<number> {
  const flags = (['html', 'pdf', 'png', 'pptx'] as const).filter((f) => options[f])
  if (flags.length > 1) throw new UsageError(`choose one format: ${flags.map((f) => `--${f}`).join(' and ')} were both given`)
  if (options.strict && options['no-strict']) throw new UsageError('--strict and --no-strict contradict each other')
  const jobs = planJobs(positionals, options.output as string | undefined, flags[0] as Format | undefined)
  const handoutOnly = ['handout', 'fragments', 'notes', 'scale', 'no-cache'].filter((o) => options[o] !== undefined)
  if (jobs.some((j) => j.format === 'html') && handoutOnly.length > 0) {
    throw new UsageError(`${handoutOnly.map((o) => `--${o}`).join(', ')} apply to PDF, PNG and PPTX handouts, not to HTML (whose widgets are live)`)
  }
  if (jobs.some((j) => j.format !== 'html') && options['inline-assets']) {
    throw new UsageError('--inline-assets applies to HTML; PDF, PNG and PPTX always hold their images')
  }
  const env = process.env
  const strict = options['no-strict'] ? false : options.strict === true || isCi(env)
  const reporter = createReporter(process.stderr, jobs.length, env)
  const started = performance.now()
  const outcomes = await exportDecks(
    jobs,
    {
      handout: options.handout === true,
      fragments: options.fragments === true,
      notes: options.notes === true,
      inlineAssets: options['inline-assets'] === true,
      strict,
      scale: number(options.scale, 'scale', 0.25, 4),
      parallel: number(options.parallel, 'parallel', 1, 16) ?? defaultParallel(),
      widgetTimeoutMs: (number(options.timeout, 'timeout', 0.001, 3600) ?? 30) * 1000,
      cache: options['no-cache'] !== true,
      env,
    },
    {
      phase: (job, phase) => {
        if (options.verbose && !/ [1-9]\d*\/\d+$/.test(phase)) reporter.message(`${rel(job.input)}: ${phase} (${Math.round(performance.now() - started)} ms)`)
        reporter.phase(rel(job.input), phase)
      },
      done: (outcome) => {
        for (const line of describe(outcome, strict)) reporter.message(line)
        reporter.deckDone(rel(outcome.job.input))
      },
    },
  )
  reporter.close()
  const failed = outcomes.filter((o) => !o.ok)
  if (jobs.length > 1) {
    process.stderr.write(`livedeck: ${outcomes.length - failed.length} of ${outcomes.length} decks built${failed.length ? `; failed: ${failed.map((o) => rel(o.job.input)).join(', ')}` : ''}\n`)
  }
  return failed.length > 0 ? 1 : 0
}

function describe(o: DeckOutcome, strict: boolean): string[] {
  const lines = [...o.diagnostics.map(formatDiagnostic), ...o.messages]
  if (o.ok) {
    const what = o.job.format === 'html' ? '' : ` ${o.pages} page${o.pages === 1 ? '' : 's'}, ${o.widgets} widget${o.widgets === 1 ? '' : 's'},`
    const out = o.files.length > 1 ? `${rel(o.files[0])} … ${path.basename(o.files[o.files.length - 1])}` : rel(o.job.output)
    lines.push(`${rel(o.job.input)} => ${out} (${what} ${o.ms} ms)`.replace('( ', '(').replace(',)', ')'))
  } else {
    const errors = o.diagnostics.filter((d) => d.severity === 'error').length
    const reason = errors ? `${errors} error${errors > 1 ? 's' : ''}` : strict && o.diagnostics.length ? `${o.diagnostics.length} warning${o.diagnostics.length > 1 ? 's' : ''} (strict)` : 'an error'
    const kept = fs.existsSync(o.job.output) ? `${rel(o.job.output)} was left as it was` : 'nothing was written'
    lines.push(`livedeck: ${rel(o.job.input)} failed with ${reason}; ${kept}`)
  }
  return lines
}

function number(value: string | boolean | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(String(value).replace(/s$/, ''))
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} expects a number from ${min} to ${max}, got "${value}"`)
  return n
}

function rel(file: string): string {
  return path.relative(process.cwd(), file) || file
}

/** Decks at once: one per core, at most 4 (each holds a page). */
export function defaultParallel(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, cores))
}
