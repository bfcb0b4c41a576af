/**
 * Runs every lint rule on a set of decks. The engine renders each deck once (its own
 * diagnostics are the directive, image, theme and encoding rules); the source rules
 * (remote resources, mojibake) read the text; the overflow rule lays the render out in
 * one shared Chromium.
 */
import fs from 'node:fs'
import type { Browser } from 'playwright-core'
import { reencodeFix } from './rules/encoding'
import { renderDeck, type Rendered } from './rules/engine'
import { mojibake } from './rules/mojibake'
import { remoteResources } from './rules/remote'
import type { Deck, Problem } from './types'

export interface LintOptions {
  /** measure overflow in Chromium (default true) */
  browser?: boolean
}

export interface FileReport {
  file: string
  deck: Deck
  problems: Problem[]
}

export interface LintReport {
  files: FileReport[]
  /** things the user should know that are not problems of a deck (a check that could not run) */
  notes: string[]
}

export function readDeck(file: string): Deck {
  const bytes = fs.readFileSync(file)
  return { file, bytes, text: bytes.toString('utf8') }
}

/** The problems one deck has without the browser, and its render for the overflow rule. */
export function lintSource(deck: Deck): { problems: Problem[]; rendered?: Rendered } {
  const { problems, rendered } = renderDeck(deck)
  if (problems.some((p) => p.rule === 'encoding')) {
    // not text: the engine's error says where, and gets the fix when the file is Windows-1252;
    // the text rules would only report the garbage
    const reencode = reencodeFix(deck)
    if (reencode) for (const p of problems) if (p.rule === 'encoding') p.fix = reencode
    return { problems: sortProblems(problems), rendered }
  }
  const remote = remoteResources(deck)
  // the engine lists remote resources too when it renders for offline use: one report per line
  const ownLines = new Set(remote.map((p) => p.line))
  const kept = problems.filter((p) => !(p.rule === 'remote-resource' && ownLines.has(p.line)))
  kept.push(...remote, ...mojibake(deck))
  return { problems: sortProblems(kept), rendered }
}

export async function lint(files: string[], options: LintOptions = {}): Promise<LintReport> {
  const report: LintReport = { files: [], notes: [] }
  const pending: { report: FileReport; rendered: Rendered }[] = []
  for (const file of files) {
    let deck: Deck
    try {
      deck = readDeck(file)
    } catch (e) {
      const problem: Problem = { file, line: 1, column: 1, severity: 'error', rule: 'engine', message: `cannot read the deck: ${(e as Error).message}` }
      report.files.push({ file, deck: { file, bytes: Buffer.alloc(0), text: '' }, problems: [problem] })
      continue
    }
    const { problems, rendered } = lintSource(deck)
    const fileReport = { file, deck, problems }
    report.files.push(fileReport)
    if (rendered && !problems.some((p) => p.rule === 'encoding')) pending.push({ report: fileReport, rendered })
  }
  if (options.browser !== false && pending.length > 0) {
    // Chromium's driver loads only when the overflow check runs
    const [{ launch }, { overflow }] = await Promise.all([import('../browser/chromium'), import('./rules/overflow')])
    let browser: Browser | undefined
    try {
      browser = await launch()
    } catch (e) {
      report.notes.push(`overflow not checked: ${(e as Error).message} (or pass --no-browser)`)
    }
    if (browser) {
      try {
        for (const { report: r, rendered } of pending) {
          try {
            r.problems = sortProblems([...r.problems, ...(await overflow(browser, r.deck, rendered))])
          } catch (e) {
            report.notes.push(`overflow not checked in ${r.file}: ${(e as Error).message.split('\n')[0]}`)
          }
        }
      } finally {
        await browser.close()
      }
    }
  }
  return report
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column)
}
