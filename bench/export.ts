// Handout export against Marp CLI, in the same session, in turns:
//  - the shipped lecture to PDF (`livedeck build --pdf`, widgets drawn at their snapshots)
//    against `marp --pdf` of the same deck with its live: directives removed;
//  - a course of five decks (`livedeck build DIR --pdf`, one browser, decks in parallel pages)
//    against Marp CLI's own folder export (`marp -I DIR --pdf`, parallel conversions in one browser).
// Marp CLI's Chromium goes through a wrapper adding a dead proxy, so nothing leaves the machine
// (our own browser blocks outside requests itself).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CHROMIUM } from '../src/browser/chromium'

const LIVE = /<!--\s*live:[\s\S]*?-->/g

export interface ExportTimes {
  /** livedeck: widget pictures from the snapshot cache; cold: every widget drawn (--no-cache) */
  lecture: { slides: number; livedeck: number; cold: number; marp: number }
  course: { decks: number; slides: number; livedeck: number; cold: number; marp: number }
  runs: number
}

export async function exportTimes({ root, runs = 3 }: { root: string; runs?: number }): Promise<ExportTimes> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-bench-export-'))
  try {
    const lecture = fs.readFileSync(path.join(root, 'slides', 'ai-for-geosciences.md'), 'utf8')
    const shared = fs.readFileSync(path.resolve(root, '..', 'shared', 'decks', 'ai-for-geosciences-2024.md'), 'utf8')
    // the course: the lecture whole, in three parts, and the original deck it was ported from
    const course: Record<string, string> = { 'lecture.md': lecture, 'original.md': shared, ...parts(lecture, 3) }
    const ours = path.join(dir, 'course')
    const theirs = path.join(dir, 'course-marp')
    for (const [name, text] of Object.entries(course)) {
      write(path.join(ours, name), text)
      write(path.join(theirs, name), text.replace(LIVE, ''))
    }
    const slides = (text: string) => text.split(/^---\s*$/m).length - 2
    const browser = chromiumWrapper(dir)
    const node = process.execPath
    const livedeck = path.join(root, 'bin', 'livedeck.js')
    const marp = [path.join(root, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js'), '--no-stdin', '--html', '--allow-local-files', '--browser-path', browser]
    const theme = ['--theme-set', path.join(root, 'themes', 'presentation.css')]
    const commands: Record<string, string[]> = {
      lectureLivedeck: [livedeck, 'build', path.join(ours, 'lecture.md'), '-o', path.join(dir, 'out', 'lecture.pdf'), '--no-strict'],
      lectureCold: [livedeck, 'build', path.join(ours, 'lecture.md'), '-o', path.join(dir, 'out-cold', 'lecture.pdf'), '--no-strict', '--no-cache'],
      lectureMarp: [...marp, '--pdf', path.join(theirs, 'lecture.md'), '-o', path.join(dir, 'out-marp', 'lecture.pdf'), ...theme],
      courseLivedeck: [livedeck, 'build', ours, '--pdf', '-o', path.join(dir, 'out-course'), '--no-strict'],
      courseCold: [livedeck, 'build', ours, '--pdf', '-o', path.join(dir, 'out-course-cold'), '--no-strict', '--no-cache'],
      courseMarp: [...marp, '--pdf', '-I', theirs, '-o', path.join(dir, 'out-course-marp'), ...theme],
    }
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]))
    const env = { ...process.env, CI: '' }
    // one warm-up each (disk cache, runtime bundle cache), then runs in rotating order
    for (const args of Object.values(commands)) execFileSync(node, args, { stdio: 'ignore', env })
    for (let i = 0; i < runs; i++) {
      const order = Object.entries(commands)
      for (const [name, args] of [...order.slice(i % order.length), ...order.slice(0, i % order.length)]) {
        const t0 = performance.now()
        execFileSync(node, args, { stdio: 'ignore', env })
        times[name].push(performance.now() - t0)
      }
    }
    return {
      lecture: { slides: slides(lecture), livedeck: median(times.lectureLivedeck), cold: median(times.lectureCold), marp: median(times.lectureMarp) },
      course: {
        decks: Object.keys(course).length,
        slides: Object.values(course).reduce((n, t) => n + slides(t), 0),
        livedeck: median(times.courseLivedeck),
        cold: median(times.courseCold),
        marp: median(times.courseMarp),
      },
      runs,
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export function exportReport(t: ExportTimes): string[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  const r = (a: number, b: number) => (a / b).toFixed(2)
  return [
    `export lecture PDF (${t.lecture.slides} slides, 24 widgets, median of ${t.runs}): marp --pdf without the widgets ${s(t.lecture.marp)}; ` +
      `livedeck ${s(t.lecture.livedeck)} (ratio ${r(t.lecture.livedeck, t.lecture.marp)}), every widget drawn anew ${s(t.lecture.cold)} (ratio ${r(t.lecture.cold, t.lecture.marp)})`,
    `export course PDF (${t.course.decks} decks, ${t.course.slides} slides): marp -I DIR --pdf ${s(t.course.marp)}; ` +
      `livedeck ${s(t.course.livedeck)} (ratio ${r(t.course.livedeck, t.course.marp)}), every widget drawn anew ${s(t.course.cold)} (ratio ${r(t.course.cold, t.course.marp)}) (target <= 1.00, aim 0.50)`,
  ]
}

/** The deck's slides cut into `n` decks, each keeping the front matter. */
function parts(deck: string, n: number): Record<string, string> {
  const front = /^---\n[\s\S]*?\n---\n/.exec(deck)?.[0] ?? ''
  const slides = deck.slice(front.length).split(/^---\s*$/m)
  const size = Math.ceil(slides.length / n)
  const out: Record<string, string> = {}
  for (let i = 0; i < n; i++) out[`part-${i + 1}.md`] = front + slides.slice(i * size, (i + 1) * size).join('---\n')
  return out
}

/** Chromium for Marp CLI, with a dead proxy so that no request leaves the machine. */
function chromiumWrapper(dir: string): string {
  const file = path.join(dir, 'chromium-offline')
  fs.writeFileSync(file, `#!/bin/sh\nexec ${CHROMIUM} --proxy-server=http://127.0.0.1:9 '--proxy-bypass-list=<-loopback>' "$@"\n`, { mode: 0o755 })
  return file
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
