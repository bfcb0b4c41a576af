/**
 * Drawing and controls for the k-means widget. Reads the model's host-side state, never its
 * tensors: at most one `model.step(n)` (so one read-back) per animation frame, then a redraw.
 *
 *   ┌──────────────────── data ─────────────────────┬──── side panel ────────────┐
 *   │ Voronoi regions of the centroids (faint),      │ [1 Assign]  ← next half-step│
 *   │ points in their cluster's colour (grey before  │ [2 Update]                  │
 *   │ the first assignment), centroid trails,        │ Inertia J = 321.4           │
 *   │ centroids                                      │ sparkline of J per half-step│
 *   ├────────────────────────────────────────────────┴────────────────────────────┤
 *   │ [Step] [Play] [Reset] [New data]                      status of the last step │
 *   └───────────────────────────────────────────────────────────────────────────────┘
 * Narrow (half-width column): icon-only buttons, the side panel becomes one row under the plot.
 * Centroids glide to their new place after an update (not with reduced motion).
 */
import type { WidgetContext } from '../../src/widget/define'
import type { Palette } from '../../src/widget/palette'
import { mix, rgbOf, type RGB } from '../../src/widget/ui/colour'
import { controlsCss, iconButton, setIconButton } from '../../src/widget/ui/controls'
import { el, labelledCanvas, liveRegion } from '../../src/widget/ui/dom'
import { viewLifecycle } from '../../src/widget/ui/lifecycle'
import { stepClock } from '../../src/widget/ui/step-clock'
import { tex, texNumber } from '../../src/widget/ui/math-text'
import { canvasScale, placeCanvas, px, py, type Frame } from '../../src/widget/ui/plot-frame'
import { attachShell, createShell } from '../../src/widget/ui/shell'
import { keyListener, rootFocus } from '../../src/widget/ui/keys'
import { voronoiCells, type KMeans } from './model'

export interface ViewOptions {
  /** total height of the widget, CSS px */
  height: number
  /** half-steps per second while playing */
  speed: number
  autoplay: boolean
  /** seed of the first data set; "New data" adds one */
  seed: number
}

export interface View {
  destroy(): void
  /** the state after `at` half-steps (or at convergence), drawn without animation */
  snapshot(at: number | 'converged'): void
}

/* ------------------------------------------------------------------ helpers */

const rgba = ([r, g, b]: RGB, a: number) => `rgba(${Math.round(r)},${Math.round(g)},${Math.round(b)},${a})`

/** Up to 10 cluster colours from the theme: its own colours first, then darker and lighter mixes. */
function clusterColours(g: CanvasRenderingContext2D, p: Palette): RGB[] {
  const c = (s: string) => rgbOf(g, s)
  const dark = c(p.graphite)
  const shade = (s: string, t: number): RGB => mix([c(s), dark], t)
  return [
    c(p.blueschist),
    c(p.magma),
    c(p.olivine),
    c(p.terra),
    c(p.rubis),
    shade(p.blueschist, 0.45),
    shade(p.olivine, 0.5),
    c(p.ocre),
    shade(p.terra, 0.45),
    c(p.graphiteAccent),
  ]
}

/** Inertia with 4 significant digits. */
function texInertia(v: number): string {
  if (!Number.isFinite(v)) return '\\text{—}'
  if (v >= 10000 || (v !== 0 && v < 1e-3)) return texNumber(v, 3)
  return String(Number(v.toPrecision(4)))
}

function css(p: Palette): string {
  return controlsCss('.lkm', p) + `
.lkm { box-sizing: border-box; width: 100%; display: flex; flex-direction: column; gap: 8px;
  color: ${p.graphite}; font-size: 18px; line-height: 1.2; user-select: none; -webkit-user-select: none; }
.lkm * { box-sizing: border-box; }
.lkm-main { flex: 1 1 auto; min-height: 0; display: flex; gap: 16px; }
.lkm-plot { position: relative; flex: 1 1 auto; min-width: 0; min-height: 0; }
.lkm-plot canvas, .lkm-sparkbox canvas { position: absolute; display: block; }
.lkm-side { flex: 0 0 300px; display: flex; flex-direction: column; gap: 10px; min-height: 0; overflow: hidden; }
.lkm-phase { display: flex; flex-direction: column; gap: 8px; }
.lkm-chip { border: 2px solid ${p.footer}; border-radius: 10px; padding: 6px 10px; color: ${p.graphiteAccent}; }
.lkm-chip b { display: block; font-size: 19px; }
.lkm-chip .lkm-what { display: block; font-size: 16px; margin-top: 2px; }
.lkm-chip.lkm-next { border: 3px solid ${p.graphite}; color: #fff; background: ${p.graphite}; }
.lkm-chip.lkm-next b::after { content: '  ← next'; font-weight: 400; font-size: 16px; }
.lkm-inertia { display: flex; align-items: baseline; gap: 10px; white-space: nowrap; font-size: 19px; }
.lkm-inertia .lkm-value { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; }
.lkm-chip .katex { color: inherit; font-size: 105%; }
.lkm-sparkbox { position: relative; flex: 1 1 auto; min-height: 0; }
.lkm.lkm-low .lkm-chip .lkm-what { display: none; }
.lkm-bar { display: flex; align-items: center; gap: 8px 18px; flex: 0 0 auto; }
.lkm-buttons { display: flex; gap: 8px; flex: none; }
.lkm-status { flex: 1 1 auto; min-width: 0; text-align: right; font-size: 19px; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.lkm.live-compact .lkm-main { flex-direction: column; gap: 8px; }
.lkm.live-compact .lkm-side { flex: 0 0 44px; flex-direction: row; align-items: center; gap: 12px; }
.lkm.live-compact .lkm-phase { flex-direction: row; gap: 6px; }
.lkm.live-compact .lkm-chip { padding: 4px 8px; }
.lkm.live-compact .lkm-chip .lkm-what { display: none; }
.lkm.live-compact .lkm-chip b { font-size: 17px; }
.lkm.live-compact .lkm-chip.lkm-next b::after { content: ''; }
.lkm.live-compact .lkm-inertia .lkm-name { display: none; }
.lkm.live-compact .lkm-inertia .lkm-value { font-size: 22px; }
.lkm.live-compact .lkm-sparkbox { min-height: 0; height: 44px; min-width: 60px; }
.lkm.live-compact .lkm-status { font-size: 17px; }
.lkm-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.lkm-focus:focus-visible { outline: 3px solid ${p.blueschist}; outline-offset: 3px; border-radius: 6px; }
`
}

/* --------------------------------------------------------------------- view */

export function mountView(
  root: HTMLElement,
  makeModel: (seed: number) => KMeans,
  options: ViewOptions,
  ctx: WidgetContext,
): View {
  const palette = ctx.palette
  const doc = root.ownerDocument
  const win = doc.defaultView ?? window

  /* ---------- DOM */
  const { box, style } = createShell(doc, 'lkm', options.height, css(palette))

  const main = el(doc, 'div', 'lkm-main')
  const plot = el(doc, 'div', 'lkm-plot')
  const canvas = labelledCanvas(doc, 'Data points coloured by cluster, Voronoi regions of the centroids and their trails')
  plot.append(canvas)

  const side = el(doc, 'div', 'lkm-side')
  const phase = el(doc, 'div', 'lkm-phase')
  const chip = (title: string, what: string) => {
    const c = el(doc, 'div', 'lkm-chip')
    const b = el(doc, 'b')
    b.textContent = title
    const s = el(doc, 'span', 'lkm-what')
    s.innerHTML = what
    c.append(b, s)
    return c
  }
  const assignChip = chip('1 · Assign', `each point → nearest centroid ${tex('\\mu_i')}`)
  const updateChip = chip('2 · Update', `${tex('\\mu_i')} ← mean of its points`)
  phase.append(assignChip, updateChip)
  const inertiaBox = el(doc, 'div', 'lkm-inertia')
  inertiaBox.title = 'Inertia: sum of squared distances of the points to their centroid'
  const inertiaName = el(doc, 'span', 'lkm-name')
  inertiaName.textContent = 'Inertia'
  const inertiaValue = el(doc, 'span', 'lkm-value')
  inertiaBox.append(inertiaName, inertiaValue)
  const sparkBox = el(doc, 'div', 'lkm-sparkbox')
  const spark = labelledCanvas(doc, 'Inertia after each half-step')
  sparkBox.append(spark)
  side.append(phase, inertiaBox, sparkBox)
  main.append(plot, side)

  const bar = el(doc, 'div', 'lkm-bar')
  const buttons = el(doc, 'div', 'lkm-buttons')
  const stepButton = iconButton(doc, 'step', 'Step', 'One half-step: assign or update (.)')
  stepButton.classList.add('live-primary')
  const playButton = iconButton(doc, 'play', 'Play', 'Run to convergence / pause (k)')
  const resetButton = iconButton(doc, 'reset', 'Reset', 'Back to the starting centroids (r)')
  const newButton = iconButton(doc, 'shuffle', 'New data', 'New data and centroids: next seed (n)')
  buttons.append(stepButton, playButton, resetButton, newButton)
  const status = el(doc, 'div', 'lkm-status')
  const live = liveRegion(doc, 'lkm-sr')
  bar.append(buttons, status, live)
  box.append(style, main, bar)

  const detachShell = attachShell(root, box, 'lkm-focus', 'k-means: period one half-step, k play or pause, r reset, n new data')

  const g = canvas.getContext('2d')!
  const sg = spark.getContext('2d')!
  const colours = clusterColours(g, palette)
  const grey: RGB = mix([rgbOf(g, palette.graphite), [255, 255, 255]], 0.45)

  /* ---------- state (per widget, never module-level) */
  let seed = options.seed
  let model = makeModel(seed)
  let playing = false
  const clock = stepClock(options.speed) // half-steps owed
  let compact = false
  let scale = 1
  let plotW = 0
  let plotH = 0
  let sparkW = 0
  let sparkH = 0
  let font = 'Helvetica, Arial, sans-serif'
  // centroids glide from `from` to the model's centroids during [tweenStart, tweenStart + tweenMs]
  let from: Float32Array | null = null
  let tweenStart = 0
  let tweenMs = 0
  let lastStatus = ''

  const fontPx = (size: number, weight = '') => `${weight} ${size}px ${font}`.trim()
  const colourOf = (i: number): RGB => colours[i % colours.length]

  /* ---------- layout */
  const layout = () => {
    compact = box.clientWidth < 760
    box.classList.toggle('live-compact', compact)
    box.classList.toggle('lkm-low', options.height < 360)
    scale = canvasScale(plot)
    font = win.getComputedStyle(box).fontFamily || font
    plotW = plot.clientWidth
    plotH = plot.clientHeight
    placeCanvas(canvas, { x: 0, y: 0, w: plotW, h: plotH }, scale)
    sparkW = sparkBox.clientWidth
    sparkH = sparkBox.clientHeight
    placeCanvas(spark, { x: 0, y: 0, w: sparkW, h: sparkH }, scale)
    render()
  }

  /** the data's bounding box, padded, widened to the plot's aspect ratio (equal units on x and y) */
  const frame = (): Frame => {
    const { xy, n } = model.data
    let x0 = Infinity
    let x1 = -Infinity
    let y0 = Infinity
    let y1 = -Infinity
    for (let j = 0; j < n; j++) {
      x0 = Math.min(x0, xy[2 * j])
      x1 = Math.max(x1, xy[2 * j])
      y0 = Math.min(y0, xy[2 * j + 1])
      y1 = Math.max(y1, xy[2 * j + 1])
    }
    const m = 3 // px inside the border
    const w = plotW - 2 * m
    const h = plotH - 2 * m
    const pad = 18 // px around the outermost points (a centroid there stays whole)
    const sx = Math.max(x1 - x0, 1e-6)
    const sy = Math.max(y1 - y0, 1e-6)
    const unit = Math.min((w - 2 * pad) / sx, (h - 2 * pad) / sy) // px per data unit
    const cx = (x0 + x1) / 2
    const cy = (y0 + y1) / 2
    const hw = w / 2 / unit
    const hh = h / 2 / unit
    return { x0: m, y0: m, w, h, xMin: cx - hw, xMax: cx + hw, yMin: cy - hh, yMax: cy + hh }
  }

  /** centroid positions as drawn: gliding after an update */
  const shownCentroids = (now: number): Float32Array => {
    const to = model.centroids
    if (!from || tweenMs <= 0) return to
    const t = Math.min(1, (now - tweenStart) / tweenMs)
    if (t >= 1) {
      from = null
      return to
    }
    const e = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2 // ease in-out
    return Float32Array.from(to, (v, i) => from![i] + (v - from![i]) * e)
  }
  const tweening = () => from !== null

  /* ---------- drawing: data panel */
  const drawPlot = (now: number) => {
    g.setTransform(scale, 0, 0, scale, 0, 0)
    g.clearRect(0, 0, plotW, plotH)
    if (plotW < 30 || plotH < 30) return
    const f = frame()
    const c = shownCentroids(now)
    const k = model.k
    g.save()
    g.beginPath()
    g.roundRect(f.x0, f.y0, f.w, f.h, 6)
    g.fillStyle = '#fff'
    g.fill()
    g.clip()
    // Voronoi regions: where the next assignment sends each point
    const cells = voronoiCells(c, { xMin: f.xMin, xMax: f.xMax, yMin: f.yMin, yMax: f.yMax })
    const polygon = (poly: number[]) => {
      g.beginPath()
      for (let p = 0; p < poly.length; p += 2) g.lineTo(px(f, poly[p]), py(f, poly[p + 1]))
      g.closePath()
    }
    cells.forEach((poly, i) => {
      if (poly.length < 6) return
      polygon(poly)
      g.fillStyle = rgba(colourOf(i), 0.17)
      g.fill()
    })
    g.strokeStyle = rgba(rgbOf(g, palette.graphite), 0.35)
    g.lineWidth = 1.5
    g.setLineDash([6, 5])
    for (const poly of cells) if (poly.length >= 6) (polygon(poly), g.stroke())
    g.setLineDash([])
    // points
    const { xy, n } = model.data
    const labels = model.labels
    const r = n > 1000 ? 3 : n > 400 ? 3.8 : 4.6
    g.lineWidth = 1
    g.strokeStyle = 'rgba(255,255,255,0.9)'
    for (let j = 0; j < n; j++) {
      g.beginPath()
      g.arc(px(f, xy[2 * j]), py(f, xy[2 * j + 1]), r, 0, 2 * Math.PI)
      g.fillStyle = labels ? rgba(colourOf(labels[j]), 1) : rgba(grey, 1)
      g.fill()
      if (n <= 1000) g.stroke()
    }
    // trails: previous positions joined by a line, ending at the centroid as drawn
    g.lineJoin = 'round'
    g.lineCap = 'round'
    for (let i = 0; i < k; i++) {
      const t = model.trails[i]
      // while gliding, the last recorded position is where the centroid is heading
      const m = (tweening() ? t.length - 2 : t.length) / 2
      if (m < 1) continue
      const dark = rgba(mix([colourOf(i), rgbOf(g, palette.graphite)], 0.55), 1)
      const path = () => {
        g.beginPath()
        for (let p = 0; p < m; p++) g.lineTo(px(f, t[2 * p]), py(f, t[2 * p + 1]))
        g.lineTo(px(f, c[2 * i]), py(f, c[2 * i + 1]))
      }
      path()
      g.strokeStyle = 'rgba(255,255,255,0.9)'
      g.lineWidth = 7
      g.stroke()
      path()
      g.strokeStyle = dark
      g.lineWidth = 3.5
      g.stroke()
      for (let p = 0; p < m; p++) {
        g.beginPath()
        g.arc(px(f, t[2 * p]), py(f, t[2 * p + 1]), p === 0 ? 5 : 4, 0, 2 * Math.PI)
        g.fillStyle = p === 0 ? '#fff' : dark
        g.fill()
        g.lineWidth = 2.5
        g.strokeStyle = dark
        g.stroke()
      }
    }
    // centroids: a coloured disc with a thick dark ring and a white cross
    for (let i = 0; i < k; i++) {
      const x = px(f, c[2 * i])
      const y = py(f, c[2 * i + 1])
      g.beginPath()
      g.arc(x, y, 15, 0, 2 * Math.PI)
      g.fillStyle = 'rgba(255,255,255,0.9)'
      g.fill()
      g.beginPath()
      g.arc(x, y, 11.5, 0, 2 * Math.PI)
      g.fillStyle = rgba(colourOf(i), 1)
      g.fill()
      g.lineWidth = 3.5
      g.strokeStyle = palette.graphite
      g.stroke()
      g.beginPath()
      g.moveTo(x - 5, y - 5)
      g.lineTo(x + 5, y + 5)
      g.moveTo(x + 5, y - 5)
      g.lineTo(x - 5, y + 5)
      g.lineWidth = 3
      g.strokeStyle = '#fff'
      g.stroke()
    }
    g.restore()
    g.beginPath()
    g.roundRect(f.x0, f.y0, f.w, f.h, 6)
    g.lineWidth = 2
    g.strokeStyle = palette.graphite
    g.stroke()
    // converged / stopped badge, top left
    const s = model.status
    if (s === 'converged' || s === 'done') {
      const text = s === 'converged' ? `converged · ${model.iterations} iterations` : `stopped at ${model.stepCount} half-steps`
      g.font = fontPx(compact ? 17 : 18, '600')
      const w = g.measureText(text).width + 22
      const h = 32
      // the top corner that hides the fewest points and centroids
      const { xy, n } = model.data
      const covered = (x: number, y: number) => {
        let count = 0
        for (let j = 0; j < n; j++) {
          const u = px(f, xy[2 * j])
          const v = py(f, xy[2 * j + 1])
          if (u > x - 6 && u < x + w + 6 && v > y - 6 && v < y + h + 6) count++
        }
        for (let i = 0; i < k; i++) {
          const u = px(f, c[2 * i])
          const v = py(f, c[2 * i + 1])
          if (u > x - 16 && u < x + w + 16 && v > y - 16 && v < y + h + 16) count += 50
        }
        return count
      }
      const corners: [number, number][] = [
        [f.x0 + 10, f.y0 + 10],
        [f.x0 + f.w - 10 - w, f.y0 + 10],
        [f.x0 + 10, f.y0 + f.h - 10 - h],
        [f.x0 + f.w - 10 - w, f.y0 + f.h - 10 - h],
      ]
      let [bx, by] = corners[0]
      let best = Infinity
      for (const [x, y] of corners) {
        const cost = covered(x, y)
        if (cost < best) [bx, by, best] = [x, y, cost]
      }
      g.beginPath()
      g.roundRect(bx, by, w, h, h / 2)
      g.fillStyle = s === 'converged' ? palette.olivine : palette.terra
      g.fill()
      g.fillStyle = '#fff'
      g.textAlign = 'left'
      g.textBaseline = 'middle'
      g.fillText(text, bx + 11, by + h / 2 + 1)
    }
  }

  /* ---------- drawing: inertia sparkline */
  const drawSpark = () => {
    const G = sg
    G.setTransform(scale, 0, 0, scale, 0, 0)
    G.clearRect(0, 0, sparkW, sparkH)
    if (sparkW < 30 || sparkH < 24) return
    const h = model.history
    const label = !compact && sparkH >= 80
    const top = label ? 26 : 4
    const f: Frame = { x0: 6, y0: top, w: sparkW - 12, h: sparkH - top - 6, xMin: 0, xMax: 1, yMin: 0, yMax: 1 }
    G.strokeStyle = 'rgba(72,66,77,0.35)'
    G.lineWidth = 1.5
    G.beginPath()
    G.moveTo(f.x0, f.y0 + f.h + 0.5)
    G.lineTo(f.x0 + f.w, f.y0 + f.h + 0.5)
    G.stroke()
    if (label) {
      G.font = fontPx(16)
      G.fillStyle = palette.graphiteAccent
      G.textAlign = 'left'
      G.textBaseline = 'top'
      G.fillText('inertia per half-step', f.x0, 2)
    }
    if (h.length === 0) return
    let lo = Infinity
    let hi = -Infinity
    for (const e of h) {
      lo = Math.min(lo, e.inertia)
      hi = Math.max(hi, e.inertia)
    }
    const span = hi - lo || Math.max(1e-9, hi * 0.1)
    f.yMin = lo - span * 0.08
    f.yMax = hi + span * 0.08
    f.xMin = -0.5
    f.xMax = Math.max(h.length - 0.5, 7.5) // at least 8 slots, so the first steps are not stretched
    G.strokeStyle = palette.graphite
    G.lineWidth = 2.5
    G.lineJoin = 'round'
    G.beginPath()
    h.forEach((e, i) => G.lineTo(px(f, i), py(f, e.inertia)))
    G.stroke()
    const dot = Math.max(2, Math.min(5, (f.w / Math.max(1, f.xMax - f.xMin)) * 0.3))
    h.forEach((e, i) => {
      G.beginPath()
      G.arc(px(f, i), py(f, e.inertia), i === h.length - 1 ? dot + 2 : dot, 0, 2 * Math.PI)
      G.fillStyle = i === h.length - 1 ? palette.magma : e.kind === 'assign' ? '#fff' : palette.graphite
      G.fill()
      G.lineWidth = 2
      G.strokeStyle = i === h.length - 1 ? '#fff' : palette.graphite
      G.stroke()
    })
  }

  /* ---------- text and state */
  const statusText = (): string => {
    const h = model.history
    const last = h[h.length - 1]
    const s = model.status
    if (s === 'converged') return `Converged: no point changed cluster.`
    if (s === 'done') return `Stopped after ${model.stepCount} half-steps.`
    if (!last) return compact ? `k = ${model.k}: next, assign.` : `k = ${model.k} centroids placed: next, assign the points.`
    if (last.kind === 'assign') {
      const moved = Math.round(last.moved)
      if (h.length === 1) return `${moved} points assigned.`
      return `${moved} point${moved === 1 ? '' : 's'} changed cluster.`
    }
    return `Iteration ${model.iterations}: centroids moved.`
  }

  const renderText = () => {
    const next = model.next
    const done = model.finished
    assignChip.classList.toggle('lkm-next', !done && next === 'assign')
    updateChip.classList.toggle('lkm-next', !done && next === 'update')
    inertiaValue.innerHTML = tex(`J = ${texInertia(model.inertia)}`)
    status.textContent = statusText()
    stepButton.disabled = done
    // machine-readable state, for tests and exports
    const d = box.dataset
    d.step = String(model.stepCount)
    d.status = model.status
    d.phase = done ? 'done' : next
    d.inertia = Number.isFinite(model.inertia) ? String(model.inertia) : ''
    d.iterations = String(model.iterations)
    d.moved = model.history.length ? String(model.history[model.history.length - 1].moved) : ''
    d.k = String(model.k)
    d.seed = String(seed)
    d.dataset = model.dataOptions.dataset
    if (model.status !== lastStatus) {
      lastStatus = model.status
      live.textContent = model.status === 'converged' ? `Converged after ${model.iterations} iterations.` : ''
    }
  }

  function render(now = performance.now()) {
    drawPlot(now)
    drawSpark()
    renderText()
  }

  /* ---------- stepping and playing */
  const glideMs = () => (ctx.reducedMotion ? 0 : playing ? Math.min(450, 600 / options.speed) : 450)

  /** take `n` half-steps; start a glide if the centroids moved */
  const advance = (n: number): number => {
    const before = shownCentroids(performance.now())
    const iterations = model.iterations
    const taken = model.step(n)
    if (taken > 0 && model.iterations > iterations && glideMs() > 0) {
      from = before.slice()
      tweenStart = performance.now()
      tweenMs = glideMs()
    }
    return taken
  }

  const tick = (budgetMs: number): boolean => {
    const now = performance.now()
    if (playing) {
      const n = clock.owed(Infinity, now)
      if (n > 0) {
        // Lloyd's half-steps are cheap: a frame's worth (one read-back) fits any sensible budget
        advance(Math.min(n, Math.max(1, Math.round(budgetMs * 4))))
        clock.took(n)
      }
      if (model.finished) {
        playing = false
        renderButtons()
      }
    }
    render(now)
    return playing || tweening()
  }

  const renderButtons = () => setIconButton(playButton, playing ? 'pause' : 'play', playing ? 'Pause' : 'Play')

  const play = () => {
    if (model.finished) restart()
    playing = true
    clock.restart() // first half-step right away
    renderButtons()
    ctx.animate(tick)
  }

  const pause = () => {
    playing = false
    renderButtons()
    if (!tweening()) ctx.stopAnimation()
    render()
  }

  const togglePlay = () => (playing ? pause() : play())

  const stepOnce = () => {
    if (playing) pause()
    if (model.finished) return
    advance(1)
    if (tweening()) ctx.animate(tick)
    render()
  }

  const stopGlide = () => {
    from = null
  }

  function restart() {
    model.reset()
    stopGlide()
    clock.restart()
    render()
  }

  const reset = () => {
    if (playing) pause()
    restart()
  }

  const newData = () => {
    if (playing) pause()
    ctx.stopAnimation()
    const next = makeModel(seed + 1)
    model.dispose()
    model = next
    seed += 1
    stopGlide()
    render()
  }

  /* ---------- events */
  const { onPointerDown, keep } = rootFocus(root)
  const onKey = keyListener({ '.': () => stepOnce(), k: () => togglePlay(), r: () => reset(), n: () => newData() })
  const lifecycle = viewLifecycle(() => layout(), ctx)
  lifecycle.buttons(keep, [
    [stepButton, () => stepOnce()],
    [playButton, () => togglePlay()],
    [resetButton, () => reset()],
    [newButton, () => newData()],
  ])
  lifecycle.root(root, onKey, onPointerDown)
  lifecycle.on(win, 'resize', layout)
  lifecycle.observe(box, plot)

  /* ---------- start */
  try {
    renderButtons()
    layout()
    if (options.autoplay && !ctx.reducedMotion) play()
  } catch (error) {
    lifecycle.end()
    model.dispose()
    box.remove()
    throw error
  }

  return {
    snapshot(at) {
      playing = false
      ctx.stopAnimation()
      renderButtons()
      stopGlide()
      model.runTo(at === 'converged' ? Infinity : at)
      render()
    },
    destroy() {
      playing = false
      lifecycle.end()
      model.dispose()
      detachShell()
    },
  }
}
