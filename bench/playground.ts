// How fast does the playground widget train in headless Chromium, compared with TensorFlow
// Playground (~55 epochs/s on xor 4,2 and ~25 on spiral 8,8,8 with all features, on the
// same machine)? For each setting a deck is built with the real CLI and opened; the widget
// trains (autoplay, heat map on) for `seconds`, and we read the epochs it reports in
// `data-epoch` and the longest gap between animation frames (a requestAnimationFrame
// timestamp recorder injected into the page).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import { guardedPage, launch } from '../tests/browser/chromium'

export interface PlaygroundSpeed {
  epochsPerSecond: number
  longestFrameMs: number
}

/** 500 points with 50 % for training, as TF Playground: 250 training points, 25 batches of 10 per epoch. */
const SETTINGS = {
  xor: 'dataset=xor hidden=4,2 activation=tanh features=x1,x2 points=500 ratio=50 batch=10',
  spiral: 'dataset=spiral hidden=8,8,8 activation=tanh features=x1,x2,x1^2,x2^2,x1x2,sin(x1),sin(x2) points=500 ratio=50 batch=10',
} as const

/** Runs in the page (as source text, so that no bundler helper leaks into it). */
const RECORD_FRAMES = `(() => {
  const w = window
  w.__frames = []
  const rec = (t) => { w.__frames.push(t); w.__raf = requestAnimationFrame(rec) }
  w.__raf = requestAnimationFrame(rec)
})()`

const READ = `(() => {
  const el = document.querySelector('.live-root > *')
  return { epoch: Number(el.dataset.epoch), now: performance.now(), status: el.dataset.status }
})()`

const LONGEST = `((from, to) => {
  const f = window.__frames.filter((t) => t >= from && t <= to)
  let worst = 0
  for (let i = 1; i < f.length; i++) worst = Math.max(worst, f[i] - f[i - 1])
  return worst
})`

export async function playgroundSpeed({ root, seconds = 5 }: { root: string; seconds?: number }): Promise<Record<keyof typeof SETTINGS, PlaygroundSpeed>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-bench-playground-'))
  const browser = await launch()
  const out = {} as Record<keyof typeof SETTINGS, PlaygroundSpeed>
  try {
    for (const [name, params] of Object.entries(SETTINGS) as [keyof typeof SETTINGS, string][]) {
      const md = path.join(dir, `${name}.md`)
      fs.writeFileSync(md, `---\nmarp: true\ntheme: presentation\n---\n\n## ${name}\n\n<!-- live: playground ${params} autoplay=true -->\n`)
      execFileSync(process.execPath, [path.join(root, 'bin', 'livedeck.js'), 'build', md], { stdio: 'ignore' })
      const g = await guardedPage(browser)
      await g.page.goto(pathToFileURL(md.replace(/\.md$/, '.html')).href)
      await g.page.waitForSelector('.live-embed[data-live-state="mounted"] .live-root > [data-status="playing"]', { timeout: 30_000 })
      await g.page.evaluate(RECORD_FRAMES)
      await g.page.waitForTimeout(1000) // warm-up: JIT, first heat maps
      const a = (await g.page.evaluate(READ)) as { epoch: number; now: number }
      await g.page.waitForTimeout(seconds * 1000)
      const b = (await g.page.evaluate(READ)) as { epoch: number; now: number; status: string }
      const longest = (await g.page.evaluate(`${LONGEST}(${a.now}, ${b.now})`)) as number
      if (b.status !== 'playing') throw new Error(`playground ${name}: stopped training (${b.status})`)
      if (g.blocked.length) throw new Error(`the page tried to reach ${g.blocked[0]}`)
      if (g.errors.length) throw new Error(`playground ${name}: ${g.errors[0]}`)
      out[name] = { epochsPerSecond: (b.epoch - a.epoch) / ((b.now - a.now) / 1000), longestFrameMs: longest }
      await g.page.context().close()
    }
  } finally {
    await browser.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return out
}
