/**
 * The view of a race (compare-lr, optimizers, batches): the paths on one shared loss landscape,
 * and the loss of each path against steps (or epochs) on a log scale, with a legend.
 *
 *   ┌──────── loss landscape, paths, landmarks ────────┬──────── legend + L − L* (log) vs steps ───────┐
 *   ├──────────────────────────────────────────────────┴──────────────────────────────────────────────┤
 *   │ [play] [step] [reset]                          step 120  ■ 0.52  ■ 0.08  ■ 0.08  ■ diverged     │
 *   └──────────────────────────────────────────────────────────────────────────────────────────────────┘
 * One `race.step(n)` (one read-back) per animation frame, then a redraw. Narrow: icon-only buttons,
 * panels stacked when the plot area is taller than wide.
 */
import type { WidgetContext } from '../../src/widget/define'
import type { Palette } from '../../src/widget/palette'
import { rgbOf, type RGB } from '../../src/widget/ui/colour'
import { controlsCss, playStepReset } from '../../src/widget/ui/controls'
import { el, labelledCanvas, liveRegion } from '../../src/widget/ui/dom'
import { viewLifecycle } from '../../src/widget/ui/lifecycle'
import { player } from '../../src/widget/ui/player'
import { fixedStepTimer } from '../../src/widget/ui/step-clock'
import { canvasScale, placeCanvas, px, py, splitTwo, type Frame } from '../../src/widget/ui/plot-frame'
import { type AxisStyle, drawAxes, yNameOffset } from '../../src/widget/ui/axes'
import { keyListener, rootFocus } from '../../src/widget/ui/keys'
import { attachShell, createShell } from '../../src/widget/ui/shell'
import type { Landmark, Race } from './race'
import { type Box, boxesOverlap, fitText, heatLayer, polyline, segmentHitsBox, star } from './view-kit'

export interface RaceViewOptions {
  mode: string
  height: number
  /** race steps per second while playing */
  speed: number
  autoplay: boolean
  /** the landscape's view box, in parameter units */
  box: { xMin: number; xMax: number; yMin: number; yMax: number }
  /** axis names of the landscape */
  xName: string
  yName: string
  /** title of the landscape panel */
  title: string
  /** the lowest loss (L*): curves show L − L* */
  floor: number
  /** colour scale of the landscape: see `heatLayer`'s knee */
  knee: number
  landmarks: Landmark[]
  /** race steps per unit of the curves' x axis (the points per epoch in batches mode) */
  perUnit: number
  unit: 'step' | 'epoch'
}

const css = (p: Palette) =>
  controlsCss('.ldgr', p) +
  `
.ldgr { box-sizing: border-box; width: 100%; display: flex; flex-direction: column; gap: 8px; color: ${p.graphite};
  font-size: 18px; line-height: 1.2; user-select: none; -webkit-user-select: none; }
.ldgr * { box-sizing: border-box; }
.ldgr-plots { position: relative; flex: 1 1 auto; min-height: 0; }
.ldgr-plots canvas { position: absolute; display: block; border-radius: 6px; }
.ldgr-bar { display: flex; align-items: center; gap: 8px 18px; flex: 0 0 auto; }
.ldgr.live-compact .ldgr-bar { flex-wrap: wrap; }
.ldgr-buttons { display: flex; gap: 8px; }
.ldgr-readout { flex: 1 1 auto; display: flex; flex-wrap: wrap; justify-content: flex-end; align-items: center; gap: 4px 16px;
  font-size: 20px; font-variant-numeric: tabular-nums; min-height: 28px; }
.ldgr.live-compact .ldgr-readout { justify-content: flex-start; font-size: 18px; gap: 2px 12px; }
.ldgr-readout b { font-weight: 600; }
.ldgr-sw { display: inline-block; width: 14px; height: 14px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }
.ldgr-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.ldgr-focus:focus-visible { outline: 3px solid ${p.blueschist}; outline-offset: 3px; border-radius: 6px; }
`

/** loss with 3 significant digits, for the readout */
const shortLoss = (v: number) => (!Number.isFinite(v) ? '∞' : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : v.toPrecision(3))

export function mountRaceView(root: HTMLElement, race: Race, o: RaceViewOptions, ctx: WidgetContext): { destroy(): void; redraw(): void } {
  const palette = ctx.palette
  const doc = root.ownerDocument
  const win = doc.defaultView ?? window
  const colour = (k: number) => palette[race.paths[k].colour]

  /* ---------- DOM */
  const { box, style } = createShell(doc, 'ldgr', o.height, css(palette))
  box.dataset.mode = o.mode
  const plots = el(doc, 'div', 'ldgr-plots')
  const mapCanvas = labelledCanvas(doc, `${o.title}, with the path of each descent`)
  const curveCanvas = labelledCanvas(doc, `Loss of each descent against ${o.unit}s, log scale`)
  plots.append(mapCanvas, curveCanvas)
  const bar = el(doc, 'div', 'ldgr-bar')
  const buttons = el(doc, 'div', 'ldgr-buttons')
  const { playButton, stepButton, resetButton } = playStepReset(doc, { play: 'Play / pause (k)', step: 'One step (.)', reset: 'Back to the start (r)' })
  buttons.append(playButton, stepButton, resetButton)
  const readout = el(doc, 'div', 'ldgr-readout')
  const live = liveRegion(doc, 'ldgr-sr')
  bar.append(buttons, readout, live)
  box.append(style, plots, bar)
  const detachShell = attachShell(root, box, 'ldgr-focus', `${o.title}: k play or pause, period one step, r reset`)

  const mctx = mapCanvas.getContext('2d')!
  const cctx = curveCanvas.getContext('2d')!
  const terra = rgbOf(mctx, palette.terra)
  const heatStops: RGB[] = [[255, 255, 255], rgbOf(mctx, palette.sable), terra.map((c) => c + (255 - c) * 0.25) as RGB]

  /* ---------- state */
  let compact = false
  let scale = 1
  let font = 'Helvetica, Arial, sans-serif'
  let mapRect = { x: 0, y: 0, w: 0, h: 0 }
  let curveRect = { x: 0, y: 0, w: 0, h: 0 }
  let mapFrame: Frame | null = null
  let base: HTMLCanvasElement | null = null
  let lastStatus = ''
  /** the spot (candidate index) of each landscape label, kept while it stays clear of the paths */
  const labelSpots = new Map<string, number>()

  const fontPx = (size: number, weight = '') => `${weight} ${size}px ${font}`.trim()
  const tickSize = () => (compact ? 16 : 17)
  const axisStyle = (): AxisStyle => ({ palette, font: fontPx, size: tickSize(), compact })
  const left = () => (compact ? 50 : 58)

  /* ---------- layout */
  const layout = () => {
    const W = plots.clientWidth
    const H = plots.clientHeight
    scale = canvasScale(plots)
    compact = box.clientWidth < 760
    box.classList.toggle('live-compact', compact)
    font = win.getComputedStyle(box).fontFamily || font
    ;[mapRect, curveRect] = splitTwo(W, H, 12)
    placeCanvas(mapCanvas, mapRect, scale)
    placeCanvas(curveCanvas, curveRect, scale)
    buildMap()
    render()
  }

  /** the landscape panel's frame: the view box widened to equal units on both axes */
  const buildMap = () => {
    const x0 = left()
    const y0 = 36
    const w = mapRect.w - x0 - 12
    const h = mapRect.h - y0 - 50
    if (w < 20 || h < 20) {
      mapFrame = null
      base = null
      return
    }
    const b = o.box
    const unit = Math.max((b.xMax - b.xMin) / w, (b.yMax - b.yMin) / h)
    const xc = (b.xMin + b.xMax) / 2
    const yc = (b.yMin + b.yMax) / 2
    const f: Frame = { x0, y0, w, h, xMin: xc - (unit * w) / 2, xMax: xc + (unit * w) / 2, yMin: yc - (unit * h) / 2, yMax: yc + (unit * h) / 2 }
    mapFrame = f
    const nx = Math.min(200, Math.max(24, Math.round(w / 3)))
    const ny = Math.min(200, Math.max(24, Math.round(h / 3)))
    const land = race.landscape(f.xMin, f.xMax, f.yMin, f.yMax, nx, ny)
    const layer = heatLayer(doc, land, f, Math.min(land.min, o.floor), heatStops, palette.graphite, mapCanvas, scale, o.knee)
    const g = layer.getContext('2d')!
    g.setTransform(scale, 0, 0, scale, 0, 0)
    drawAxes(g, f, axisStyle(), { xName: o.xName, yName: o.yName, grid: false })
    g.font = fontPx(tickSize() + 1)
    g.fillStyle = palette.graphite
    g.textAlign = 'left'
    g.textBaseline = 'middle'
    // narrow: the title up to its colon ("loss f(x, y)"), else cut; never clipped
    const short = o.title.split(':')[0].trim()
    g.fillText(fitText(g, short && short !== o.title ? [o.title, short] : [o.title], mapRect.w - x0 - 6), x0 + 2, 17)
    base = layer
  }

  const haloText = (g: CanvasRenderingContext2D, text: string, x: number, y: number) => {
    g.lineWidth = 4
    g.strokeStyle = 'rgba(255,255,255,0.92)'
    g.strokeText(text, x, y)
    g.fillStyle = palette.graphite
    g.fillText(text, x, y)
  }

  const drawMap = () => {
    const g = mctx
    g.setTransform(1, 0, 0, 1, 0, 0)
    g.clearRect(0, 0, mapCanvas.width, mapCanvas.height)
    if (base) g.drawImage(base, 0, 0)
    const f = mapFrame
    if (!f) return
    g.setTransform(scale, 0, 0, scale, 0, 0)
    g.save()
    g.beginPath()
    g.rect(f.x0 + 1, f.y0 + 1, f.w - 2, f.h - 2)
    g.clip()
    g.lineJoin = 'round'
    g.lineCap = 'round'
    // landmarks under the paths, labels above them
    for (const m of o.landmarks) {
      const x = px(f, m.x)
      const y = py(f, m.y)
      if (m.kind === 'minimum') {
        star(g, x, y, 12)
        g.fillStyle = palette.olivine
        g.fill()
        g.strokeStyle = '#fff'
        g.lineWidth = 2
        g.stroke()
      } else if (m.kind === 'local') {
        g.beginPath()
        g.arc(x, y, 7, 0, 2 * Math.PI)
        g.fillStyle = palette.terra
        g.fill()
        g.strokeStyle = palette.graphite
        g.lineWidth = 2
        g.stroke()
      } else if (m.kind === 'saddle') {
        g.strokeStyle = palette.graphite
        g.lineWidth = 3
        g.beginPath()
        g.moveTo(x - 7, y - 7)
        g.lineTo(x + 7, y + 7)
        g.moveTo(x + 7, y - 7)
        g.lineTo(x - 7, y + 7)
        g.stroke()
      }
    }
    // paths: white halo then colour; the current point as a disc. A diverging path is drawn until
    // it leaves the plot, so its flight does not cover the others
    const inside = (x: number, y: number) => x >= f.x0 && x <= f.x0 + f.w && y >= f.y0 && y <= f.y0 + f.h
    const drawn: { xs: number[]; ys: number[] }[] = []
    race.paths.forEach((p, k) => {
      const out = p.x.findIndex((x, i) => !inside(px(f, x), py(f, p.y[i])))
      const end = out < 0 ? p.x.length : out + 1
      const xs = p.x.slice(0, end)
      const ys = p.y.slice(0, end)
      drawn.push({ xs, ys })
      g.strokeStyle = 'rgba(255,255,255,0.8)'
      g.lineWidth = 6
      polyline(g, f, xs, ys)
      g.strokeStyle = colour(k)
      g.lineWidth = 3
      polyline(g, f, xs, ys)
    })
    race.paths.forEach((p, k) => {
      const x = px(f, p.x[p.x.length - 1])
      const y = py(f, p.y[p.y.length - 1])
      if (!Number.isFinite(x) || !Number.isFinite(y)) return
      g.beginPath()
      g.arc(x, y, 8, 0, 2 * Math.PI)
      g.fillStyle = colour(k)
      g.fill()
      g.strokeStyle = '#fff'
      g.lineWidth = 2.5
      g.stroke()
    })
    // start (shared by every path)
    const sx = px(f, race.paths[0].x[0])
    const sy = py(f, race.paths[0].y[0])
    g.beginPath()
    g.arc(sx, sy, 8, 0, 2 * Math.PI)
    g.fillStyle = '#fff'
    g.fill()
    g.strokeStyle = palette.graphite
    g.lineWidth = 3
    g.stroke()
    g.font = fontPx(tickSize(), '600')
    g.textBaseline = 'middle'
    const labels: [string, number, number][] = [['start', sx, sy], ...o.landmarks.map((m): [string, number, number] => [m.label, px(f, m.x), py(f, m.y)])]
    // what a label should not cover: the paths (as pixel segments) and the markers
    const segments: number[] = []
    for (const { xs, ys } of drawn) {
      let x = NaN
      let y = NaN
      for (let i = 0; i < xs.length; i++) {
        const nx = px(f, xs[i])
        const ny = py(f, ys[i])
        if (!Number.isFinite(nx) || !Number.isFinite(ny)) break
        if (i > 0) segments.push(x, y, nx, ny)
        x = nx
        y = ny
      }
    }
    const markers: Box[] = labels.map(([, x, y]) => ({ x: x - 9, y: y - 9, w: 18, h: 18 }))
    race.paths.forEach((p) => {
      const x = px(f, p.x[p.x.length - 1])
      const y = py(f, p.y[p.y.length - 1])
      if (Number.isFinite(x) && Number.isFinite(y)) markers.push({ x: x - 9, y: y - 9, w: 18, h: 18 })
    })
    const placed: Box[] = []
    const textH = tickSize() + 4
    for (const [text, x, y] of labels) {
      const w = g.measureText(text).width
      // spots: right of the marker when it fits, else left (above it; beside it for the plateau),
      // then the other side, then below, then centred above and below; always inside the plot
      const dy = text === 'plateau' ? 0 : -14
      const right = x + 14 + w < f.x0 + f.w - 4
      const side = (r: boolean) => (r ? x + 14 : x - 14 - w)
      const spots: [number, number][] = [
        [side(right), y + dy],
        [side(!right), y + dy],
        [side(right), y + 14],
        [side(!right), y + 14],
        [x - w / 2, y - 22],
        [x - w / 2, y + 22],
      ]
      const boxOf = (k: number): Box => {
        const lx = Math.min(f.x0 + f.w - 4 - w, Math.max(f.x0 + 4, spots[k][0]))
        const ly = Math.min(f.y0 + f.h - 12, Math.max(f.y0 + 12, spots[k][1]))
        return { x: lx - 2, y: ly - textH / 2, w: w + 4, h: textH }
      }
      const cost = (k: number) => {
        const b = boxOf(k)
        let c = 0
        for (const m of placed) if (boxesOverlap(b, m)) c += 1000
        for (const m of markers) if (boxesOverlap(b, m)) c += 100
        for (let i = 0; i < segments.length; i += 4) if (segmentHitsBox(segments[i], segments[i + 1], segments[i + 2], segments[i + 3], b)) c++
        return c
      }
      // keep the label where it is while that spot stays clear, else the clearest spot (first wins ties)
      let best = labelSpots.get(text) ?? 0
      let bestCost = cost(best)
      for (let k = 0; k < spots.length && bestCost > 0; k++) {
        if (k === best) continue
        const c = cost(k)
        if (c < bestCost) {
          best = k
          bestCost = c
        }
      }
      labelSpots.set(text, best)
      const b = boxOf(best)
      placed.push(b)
      g.textAlign = 'left'
      haloText(g, text, b.x + 2, b.y + textH / 2)
    }
    g.restore()
  }

  /** the curves' frame, and the legend above it */
  const drawCurves = () => {
    const g = cctx
    g.setTransform(scale, 0, 0, scale, 0, 0)
    g.fillStyle = '#fff'
    g.fillRect(0, 0, curveRect.w, curveRect.h)
    const n = race.paths.length
    const lineH = compact ? 24 : 27
    const legendH = n * lineH + 8
    const y0 = 36 + legendH
    const fh = curveRect.h - y0 - 50
    if (curveRect.w - left() - 12 < 20 || fh < 20) return
    // log axis over the losses seen
    const excess = (v: number) => Math.max(v - o.floor, 1e-6)
    let lo = Infinity
    let hi = -Infinity
    for (const p of race.paths)
      for (const v of p.loss) {
        if (!Number.isFinite(v)) continue
        const e = Math.log10(excess(v))
        lo = Math.min(lo, e)
        hi = Math.max(hi, e)
      }
    lo = Math.floor(Math.max(lo, hi - 7, -6))
    hi = Math.ceil(Math.min(hi, 8))
    if (hi <= lo) hi = lo + 1
    const step = Math.max(1, Math.ceil((hi - lo) / Math.max(2, Math.floor(fh / 45))))
    const yt: number[] = []
    for (let e = lo; e <= hi; e += step) yt.push(e)
    const yLabel = (e: number) => (e >= -2 && e <= 3 ? String(Number((10 ** e).toPrecision(1))) : `1e${e}`)
    // wide: a left margin wide enough for the y name beside the tick labels; narrow: the usual
    // margin, and the y name goes (into the title) when it does not fit
    const style = axisStyle()
    const x0 = compact ? left() : Math.max(left(), Math.ceil(yNameOffset(g, style, yt.map(yLabel)) + (style.size + 1) / 2 + 2))
    const f0 = { x0, y0, w: curveRect.w - x0 - 12, h: fh }
    if (f0.w < 20) return
    const units = Math.max(race.maxSteps / o.perUnit, 1)
    const f: Frame = { ...f0, xMin: 0, xMax: Math.max(Math.min(units, (race.stepCount / o.perUnit) * 1.25 + 5 / o.perUnit), 1e-9), yMin: lo, yMax: hi }
    drawAxes(g, f, style, { xName: o.unit === 'epoch' ? 'epoch' : 'step', yName: 'L − L*', yTicks: yt, yLabel, fitYName: true })
    // title (it names the axis when the y name does not fit) and legend (swatch, name, what it
    // shows), shortened to the panel's width, never clipped
    const textRight = curveRect.w - 6
    g.font = fontPx(tickSize() + 1)
    g.fillStyle = palette.graphite
    g.textAlign = 'left'
    g.textBaseline = 'middle'
    const titles = compact ? ['L − L*, log scale', 'L − L* (log)'] : [`loss above the minimum, L − L* (log) vs ${o.unit}s`, `L − L* (log) vs ${o.unit}s`, 'L − L* (log)']
    g.fillText(fitText(g, titles, textRight - x0 - 2), x0 + 2, 17)
    // one level of detail for every line: note and status (wide), note, or the name only
    const nameFont = fontPx(tickSize() + 1, '600')
    const noteFont = fontPx(tickSize() + 1)
    const detail = (p: (typeof race.paths)[number], level: number) =>
      level === 0 ? '' : `  ${p.note}${level === 2 && p.status !== 'running' && !compact ? `  ·  ${p.status}` : ''}`
    const widthOf = (p: (typeof race.paths)[number], level: number) => {
      g.font = nameFont
      const w = g.measureText(p.name).width
      g.font = noteFont
      return w + g.measureText(detail(p, level)).width
    }
    const room = textRight - (x0 + 40)
    let level = 2
    while (level > 0 && race.paths.some((p) => widthOf(p, level) > room)) level--
    race.paths.forEach((p, k) => {
      const y = 36 + k * lineH + lineH / 2
      g.strokeStyle = colour(k)
      g.lineWidth = 5
      g.beginPath()
      g.moveTo(x0 + 2, y)
      g.lineTo(x0 + 30, y)
      g.stroke()
      g.fillStyle = palette.graphite
      g.font = nameFont
      const name = fitText(g, [p.name], room)
      g.fillText(name, x0 + 40, y)
      if (level === 0) return
      const w = g.measureText(name).width
      g.font = noteFont
      g.fillText(detail(p, level), x0 + 40 + w, y)
    })
    g.save()
    g.beginPath()
    g.rect(f.x0 + 1, f.y0 + 1, f.w - 2, f.h - 2)
    g.clip()
    g.lineJoin = 'round'
    race.paths.forEach((p, k) => {
      const ks = p.loss.map((_, i) => i / o.perUnit)
      const ls = p.loss.map((v) => (Number.isFinite(v) ? Math.log10(excess(v)) : hi + 10))
      g.strokeStyle = colour(k)
      g.lineWidth = 3
      polyline(g, f, ks, ls)
    })
    g.restore()
  }

  /* ---------- readout */
  const renderReadout = () => {
    const t = race.stepCount
    const where = o.unit === 'epoch' ? `epoch <b>${(t / o.perUnit).toFixed(t % o.perUnit === 0 ? 0 : 2)}</b>` : `step <b>${t}</b>`
    const parts = [`<span>${where}</span>`]
    race.paths.forEach((p, k) => {
      const l = p.loss[p.loss.length - 1]
      const value = p.status === 'diverged' ? 'diverged' : `L = ${shortLoss(l)}`
      parts.push(`<span title="${p.name}"><span class="ldgr-sw" style="background:${colour(k)}"></span>${value}</span>`)
    })
    readout.innerHTML = parts.join('')
    const status = race.status
    box.dataset.step = String(t)
    box.dataset.status = status
    box.dataset.loss = String(race.losses[0])
    box.dataset.losses = JSON.stringify(race.losses.map((v) => (Number.isFinite(v) ? v : null)))
    box.dataset.statuses = JSON.stringify(race.paths.map((p) => p.status))
    if (status !== lastStatus) {
      lastStatus = status
      live.textContent = status === 'done' ? `Done after ${t} steps: ${race.paths.map((p) => `${p.name} ${p.status}`).join(', ')}.` : ''
    }
  }

  function render() {
    drawMap()
    drawCurves()
    renderReadout()
  }

  /* ---------- playing */
  const playback = player({
    ctx,
    button: playButton,
    speed: o.speed,
    timer: fixedStepTimer(4), // 4 steps a ms of the frame's budget, untimed
    step: (n) => race.step(n),
    stepped: () => render(),
    render: () => render(),
    finished: () => race.finished,
    reset: () => reset(),
    redrawOnPause: false, // drawn after every step already
  })
  const stepOnce = () => {
    if (playback.playing) playback.pause()
    race.step(1)
    render()
  }
  function reset() {
    race.reset()
    labelSpots.clear()
    playback.restart()
    render()
  }

  /* ---------- events */
  const { focusRoot, keep } = rootFocus(root)
  const onKey = keyListener({ k: () => playback.toggle(), '.': stepOnce, r: reset })
  const lifecycle = viewLifecycle(() => layout(), ctx)
  lifecycle.buttons(keep, [
    [playButton, () => playback.toggle()],
    [stepButton, stepOnce],
    [resetButton, reset],
  ])
  lifecycle.root(root, onKey, focusRoot)
  lifecycle.observe(plots)

  layout()
  if (o.autoplay && !ctx.reducedMotion) playback.play()

  return {
    redraw() {
      if (playback.playing) playback.pause()
      render()
    },
    destroy() {
      playback.stop()
      lifecycle.end()
      detachShell()
      base = null
    },
  }
}
