// A long class: every widget runs continuously in headless Chromium, each in its own page
// (its own renderer process) at its own slide of one deck built by the real CLI. The trainers
// train flat out and are restarted (reset, play, new data) whenever they stop; the two
// closed-form widgets are driven with their keys (new data, degree sweeps; activations, bias).
// After a warm-up (until every widget has moved), and again at the end, each page's TF.js tensor count is read, and its JS
// heap after a forced garbage collection (CDP HeapProfiler.collectGarbage, then
// Runtime.getHeapUsage). A leak shows as tensors or heap growing with time. A widget may hold a
// few tensors only at times (playground: the shuffled rows of the epoch under way), so the count
// is compared with the most it held while running during the warm-up (read every 0.25 s).
// Shared by tests/browser/soak.test.ts (short) and `npm run bench -- soak` (at least 10 minutes).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import type { CDPSession, Page } from 'playwright-core'
import { guardedPage, launch, type GuardedPage } from '../src/browser/chromium'

/** each widget's parameters for the soak, and how it is kept busy */
export const SOAK_WIDGETS: { name: string; params: string; drive: 'train' | 'new-data' | 'sweep' | 'neuron' }[] = [
  { name: 'gradient-descent', params: 'speed=600 steps=20000 lr=0.002', drive: 'train' },
  { name: 'kmeans', params: 'autoplay=true speed=30 points=600 k=4', drive: 'new-data' },
  { name: 'conv-filter', params: 'mode=learn autoplay=true speed=300 steps=20000', drive: 'train' },
  { name: 'playground', params: 'dataset=spiral hidden=8,8 features=x1,x2,x1x2,sin(x1),sin(x2)', drive: 'train' },
  { name: 'overfitting', params: 'degree=2', drive: 'sweep' },
  { name: 'neuron', params: 'activation=sigmoid', drive: 'neuron' },
  { name: 'digits', params: 'speed=200 steps=50000 evalEvery=20', drive: 'train' },
]

export interface Sample {
  /** seconds since the end of the warm-up */
  t: number
  tensors: number
  /** JS heap in use after a forced GC, bytes */
  heap: number
  step: number
}

export interface SoakResult {
  name: string
  samples: Sample[]
  /** how far the widget went in all (steps, epochs, half-steps or key presses), restarts included */
  progress: number
  restarts: number
  errors: string[]
  blocked: string[]
  /** the most tensors it held during the warm-up once it had moved (0: never read) */
  warmupTensors: number
}

export interface SoakOptions {
  root: string
  /** measured time after the warm-up */
  seconds: number
  warmupSeconds?: number
  /** seconds between two drives of the widgets */
  driveEvery?: number
  /** seconds between two memory samples (each forces a GC) */
  sampleEvery?: number
  log?: (line: string) => void
}

interface Running {
  spec: (typeof SOAK_WIDGETS)[number]
  g: GuardedPage
  cdp: CDPSession
  result: SoakResult
  lastStep: number
  lastDegree: string
}

const readData = (page: Page) =>
  page.$eval('.bespoke-marp-active .live-root > *', (el) => ({ ...(el as HTMLElement).dataset }) as Record<string, string | undefined>)

async function press(page: Page, ...keys: string[]) {
  await page.focus('.bespoke-marp-active .live-root')
  for (const k of keys) await page.keyboard.press(k)
}

async function drive(w: Running) {
  const { page } = w.g
  const d = await readData(page)
  const step = Number(d.step ?? 0)
  switch (w.spec.drive) {
    case 'train':
    case 'new-data': {
      if (step > w.lastStep) {
        w.result.progress += step - w.lastStep
        w.lastStep = step
        return
      }
      // stopped (done, converged, diverged): start again
      w.result.restarts++
      await press(page, w.spec.drive === 'new-data' ? 'n' : 'r')
      await page.waitForTimeout(400)
      const again = Number((await readData(page)).step ?? 0)
      await page.waitForTimeout(300)
      if (Number((await readData(page)).step ?? 0) <= again) await press(page, 'k')
      w.lastStep = 0
      return
    }
    case 'sweep': {
      // new data every time; a new sweep once the last one has ended
      await press(page, 'n')
      w.result.progress++
      if (d.degree === w.lastDegree) {
        await press(page, 'r', 'k')
        w.result.restarts++
      }
      w.lastDegree = d.degree ?? ''
      return
    }
    case 'neuron': {
      await press(page, 'a', ']', ']', '[')
      w.result.progress += 4
      return
    }
  }
}

async function sample(w: Running, t: number): Promise<Sample> {
  await w.cdp.send('HeapProfiler.collectGarbage')
  const heap = (await w.cdp.send('Runtime.getHeapUsage')).usedSize
  return { t, tensors: await tensors(w.g.page), heap, step: Number((await readData(w.g.page)).step ?? 0) }
}

const tensors = (page: Page) => page.evaluate(() => (window as any).livedeck.tf.memory().numTensors) as Promise<number>

export async function soak(options: SoakOptions): Promise<SoakResult[]> {
  const { root, seconds, warmupSeconds = 8, driveEvery = 2, sampleEvery = Math.max(5, seconds / 10), log = () => {} } = options
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-soak-'))
  const md = path.join(dir, 'soak.md')
  fs.writeFileSync(
    md,
    `---\nmarp: true\ntheme: presentation\n---\n\n` + SOAK_WIDGETS.map((w) => `## ${w.name}\n\n<!-- live: ${w.name} ${w.params} -->\n`).join('\n---\n\n'),
  )
  execFileSync(process.execPath, [path.join(root, 'bin', 'livedeck.js'), 'build', md], { stdio: 'ignore' })
  const url = pathToFileURL(md.replace(/\.md$/, '.html')).href
  const browser = await launch()
  const running: Running[] = []
  try {
    const opened = await Promise.all(
      SOAK_WIDGETS.map(async (spec, i) => {
        const g = await guardedPage(browser)
        await g.page.goto(`${url}#${i + 1}`)
        await g.page.waitForSelector('.bespoke-marp-active .live-embed[data-live-state="mounted"] .live-root > *', { timeout: 60_000 })
        const cdp = await g.page.context().newCDPSession(g.page)
        return { spec, g, cdp, result: { name: spec.name, samples: [], progress: 0, restarts: 0, errors: g.errors, blocked: g.blocked, warmupTensors: 0 }, lastStep: 0, lastDegree: '' }
      }),
    )
    running.push(...opened)
    log(`soak: ${running.length} pages open`)
    const loop = async (until: number, measuring: boolean, t0: number) => {
      let nextSample = measuring ? Date.now() : Infinity
      while (Date.now() < until) {
        await Promise.all(running.map(drive))
        if (Date.now() >= nextSample) {
          const t = (Date.now() - t0) / 1000
          const taken = await Promise.all(running.map((w) => sample(w, t)))
          running.forEach((w, i) => w.result.samples.push(taken[i]))
          log(`soak ${t.toFixed(0)} s: ` + running.map((w) => `${w.spec.name} ${w.result.samples.at(-1)!.tensors} tensors ${(w.result.samples.at(-1)!.heap / 1e6).toFixed(2)} MB`).join('; '))
          nextSample += sampleEvery * 1000
        }
        const wake = Date.now() + Math.max(0, Math.min(driveEvery * 1000, until - Date.now()))
        if (measuring) await new Promise((r) => setTimeout(r, wake - Date.now()))
        else {
          while (Date.now() < wake) {
            await Promise.all(running.filter((w) => w.result.progress > 0).map(async (w) => (w.result.warmupTensors = Math.max(w.result.warmupTensors, await tensors(w.g.page)))))
            await new Promise((r) => setTimeout(r, Math.max(0, Math.min(250, wake - Date.now()))))
          }
        }
      }
    }
    await loop(Date.now() + warmupSeconds * 1000, false, Date.now())
    // on a loaded machine a widget may not have stepped yet, and its first steps create tensors
    // it keeps (optimizer slots, cached constants): the warm-up lasts until every one has moved
    for (let extra = 0; extra < 30 && running.some((w) => w.result.progress === 0); extra += driveEvery) {
      await loop(Date.now() + driveEvery * 1000, false, Date.now())
    }
    for (const w of running) w.result.progress = 0
    const t0 = Date.now()
    await loop(t0 + seconds * 1000, true, t0)
    const end = (Date.now() - t0) / 1000
    const last = await Promise.all(running.map((w) => sample(w, end)))
    running.forEach((w, i) => w.result.samples.push(last[i]))
    return running.map((w) => w.result)
  } finally {
    await browser.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** heap from the first sample to the last; tensors at the last above the most held before (first sample or warm-up) */
export function growth(r: SoakResult): { tensors: number; heapMB: number; maxTensors: number; firstTensors: number } {
  const first = r.samples[0]
  const last = r.samples[r.samples.length - 1]
  return {
    tensors: last.tensors - Math.max(first.tensors, r.warmupTensors),
    heapMB: (last.heap - first.heap) / 1e6,
    maxTensors: Math.max(...r.samples.map((s) => s.tensors)),
    firstTensors: first.tensors,
  }
}

export function soakReport(results: SoakResult[], seconds: number): string[] {
  return results.map((r) => {
    const g = growth(r)
    const first = r.samples[0]
    return (
      `soak ${r.name} (${(seconds / 60).toFixed(1)} min, ${r.samples.length} samples): tensors ${first.tensors} -> ${r.samples.at(-1)!.tensors} (max ${g.maxTensors}; warm-up at most ${r.warmupTensors}); ` +
      `heap after GC ${(first.heap / 1e6).toFixed(2)} -> ${(r.samples.at(-1)!.heap / 1e6).toFixed(2)} MB (${g.heapMB >= 0 ? '+' : ''}${g.heapMB.toFixed(2)} MB, target < +5 MB); ` +
      `progress ${r.progress}, restarts ${r.restarts}${r.errors.length ? `; ERRORS: ${r.errors[0]}` : ''}`
    )
  })
}
