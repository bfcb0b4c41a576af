// Which TF.js backend trains the slides' small models fastest? In headless Chromium, on
// each backend, a deck's own runtime runs gradient-descent steps of a small model (the
// kind slides train: a few element-wise ops and reductions on a few hundred values, one
// read-back every 20 steps, as widgets do per frame) flat out, and the steps per second
// are compared to the CPU backend's.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import { guardedPage, launch } from '../tests/browser/chromium'

/** Runs in the page (as source text, so that no bundler helper leaks into it). */
const TRAIN_FLAT_OUT = `async (ms) => {
  const tf = window.livedeck.tf
  const n = 200
  const x = tf.tensor1d(Array.from({ length: n }, (_, i) => (2 * i) / n))
  const y = tf.tensor1d(Array.from({ length: n }, (_, i) => 1.5 * ((2 * i) / n) + 0.5 + Math.sin(i)))
  const a = tf.variable(tf.scalar(-2))
  const b = tf.variable(tf.scalar(3))
  const step = () => tf.tidy(() => {
    const r = tf.sub(tf.add(tf.mul(a, x), b), y)
    a.assign(tf.sub(a, tf.mul(tf.mean(tf.mul(r, x)), 0.02)))
    b.assign(tf.sub(b, tf.mul(tf.mean(r), 0.02)))
    return tf.mean(tf.square(r))
  })
  let steps = 0
  const t0 = performance.now()
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 19; i++) step().dispose()
    const loss = step()
    await loss.data()
    loss.dispose()
    steps += 20
  }
  const rate = steps / ((performance.now() - t0) / 1000)
  tf.dispose([x, y, a, b])
  return { rate, backend: tf.getBackend() }
}`

export async function backendSpeeds({ root, seconds = 4 }: { root: string; seconds?: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-bench-'))
  const browser = await launch()
  const rates: Record<string, number> = {}
  const active: Record<string, string> = {}
  const bytes: Record<string, number> = {}
  const mountMs: Record<string, number> = {}
  try {
    for (const backend of ['cpu', 'wasm', 'webgl']) {
      const md = path.join(dir, `${backend}.md`)
      fs.writeFileSync(md, `---\nmarp: true\n---\n\n<!-- live: gradient-descent backend=${backend} autoplay=false -->\n`)
      execFileSync(process.execPath, [path.join(root, 'bin', 'livedeck.js'), 'build', md], { stdio: 'ignore' })
      const html = md.replace(/\.md$/, '.html')
      bytes[backend] = fs.statSync(html).size
      const g = await guardedPage(browser)
      const t0 = Date.now()
      await g.page.goto(pathToFileURL(html).href)
      await g.page.waitForSelector('.live-embed[data-live-state="mounted"]', { timeout: 30_000 })
      mountMs[backend] = Date.now() - t0
      const measured = (await g.page.evaluate(`(${TRAIN_FLAT_OUT})(${seconds * 1000})`)) as { rate: number; backend: string }
      rates[backend] = measured.rate
      active[backend] = measured.backend
      if (g.blocked.length) throw new Error(`the page tried to reach ${g.blocked[0]}`)
      await g.page.context().close()
    }
  } finally {
    await browser.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return { rates, active, bytes, mountMs }
}
