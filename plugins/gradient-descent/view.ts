/**
 * Drawing and controls for the gradient-descent widget. Reads the model's state, never its
 * tensors: one `model.step(n)` (so one read-back) per animation frame, then a redraw.
 *
 *   ┌──────────────── data + fit ───────────────┬──────── loss landscape L(a, b) ────────┐
 *   │ points, residuals, current line (magma),   │ filled contours, descent path, start,  │
 *   │ least-squares line (olivine, dashed)       │ minimum, current point, status badge   │
 *   ├────────────────────────────────────────────┴────────────────────────────────────────┤
 *   │ [play] [step] [reset]   η ──●── 0.1          t = 12, a = …, b = …, L(a,b) = …        │
 *   └──────────────────────────────────────────────────────────────────────────────────────┘
 * Narrow (half-width column): icon-only buttons, the bar wraps, the two plots sit side by side
 * while the plot area is wider than tall, and stack vertically otherwise.
 */
import type { WidgetContext } from '../../src/widget/define'
import type { Palette } from '../../src/widget/palette'
import { rgbOf, type RGB } from '../../src/widget/ui/colour'
import { controlsCss, playStepReset } from '../../src/widget/ui/controls'
import { el, labelledCanvas, liveRegion } from '../../src/widget/ui/dom'
import { viewLifecycle } from '../../src/widget/ui/lifecycle'
import { player } from '../../src/widget/ui/player'
import { stepTimer } from '../../src/widget/ui/step-clock'
import { tex, texNumber } from '../../src/widget/ui/math-text'
import { canvasScale, clearToWhite, placeCanvas, px, py, splitTwo, type Frame } from '../../src/widget/ui/plot-frame'
import { type AxisStyle, drawAxes } from '../../src/widget/ui/axes'
import { attachShell, createShell } from '../../src/widget/ui/shell'
import { keyListener, rootFocus } from '../../src/widget/ui/keys'
import type { LineDescent } from './model'
import { heatLayer, polyline, star } from './view-kit'

export interface ViewOptions {
  /** total height of the widget, CSS px */
  height: number
  /** optimizer steps per second while playing */
  speed: number
  autoplay: boolean
  /** learning-rate slider range (log scale) */
  lrMin: number
  lrMax: number
}

export interface View {
  destroy(): void
  /** stop playing and draw the model's current state (after a `runTo`, for snapshots) */
  redraw(): void
}

/* ------------------------------------------------------------------ helpers */

/** an axis-aligned rectangle in CSS px */
interface Box {
  x: number
  y: number
  w: number
  h: number
}

const overlaps = (p: Box, q: Box): boolean => p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h

/** whether `b` lies inside the plot rectangle of `f`, `margin` px clear of its frame */
const within = (b: Box, f: Frame, margin: number): boolean =>
  b.x >= f.x0 + margin && b.x + b.w <= f.x0 + f.w - margin && b.y >= f.y0 + margin && b.y + b.h <= f.y0 + f.h - margin

/** Length of the segment (x1, y1)-(x2, y2) inside `r` (Liang-Barsky clipping). */
function lengthInside(r: Box, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1
  const dy = y2 - y1
  let t0 = 0
  let t1 = 1
  for (const [p, q] of [
    [-dx, x1 - r.x],
    [dx, r.x + r.w - x1],
    [-dy, y1 - r.y],
    [dy, r.y + r.h - y1],
  ]) {
    if (p === 0) {
      if (q < 0) return 0
      continue
    }
    const t = q / p
    if (p < 0) {
      if (t > t1) return 0
      if (t > t0) t0 = t
    } else {
      if (t < t0) return 0
      if (t < t1) t1 = t
    }
  }
  return (t1 - t0) * Math.hypot(dx, dy)
}

/** Round to 2 significant digits: the learning rate shown is the learning rate used. */
function round2(v: number): number {
  return Number(v.toPrecision(2))
}

/** 1-2-5 ladder used by the `[` and `]` keys. */
function ladder(lr: number, dir: 1 | -1, min: number, max: number): number {
  const values: number[] = []
  for (let e = Math.floor(Math.log10(min)) - 1; e <= Math.ceil(Math.log10(max)) + 1; e++) {
    for (const m of [1, 2, 5]) values.push(round2(m * 10 ** e))
  }
  const inRange = values.filter((v) => v >= min - 1e-12 && v <= max + 1e-12)
  const next = dir > 0 ? inRange.find((v) => v > lr * (1 + 1e-9)) : [...inRange].reverse().find((v) => v < lr * (1 - 1e-9))
  return next ?? (dir > 0 ? max : min)
}

/** Loss with 4 significant digits. */
function texLoss(v: number): string {
  if (!Number.isFinite(v) || v >= 1000 || (v !== 0 && v < 1e-3)) return texNumber(v, 3)
  return v.toPrecision(4)
}

function css(p: Palette): string {
  return controlsCss('.ldgd', p) + `
.ldgd { box-sizing: border-box; width: 100%; display: flex; flex-direction: column; gap: 8px;
  color: ${p.graphite}; font-size: 18px; line-height: 1.2; user-select: none; -webkit-user-select: none; }
.ldgd * { box-sizing: border-box; }
.ldgd-plots { position: relative; flex: 1 1 auto; min-height: 0; }
.ldgd-plots canvas { position: absolute; display: block; border-radius: 6px; }
.ldgd-bar { display: flex; flex-wrap: nowrap; align-items: center; gap: 8px 22px; flex: 0 0 auto; }
.ldgd.live-compact .ldgd-bar { flex-wrap: wrap; }
.ldgd-buttons { display: flex; gap: 8px; }
.ldgd-lr { display: flex; align-items: center; gap: 10px; font-size: 20px; }
.ldgd-lr input { width: 190px; }
.ldgd.live-compact .ldgd-lr input { width: 150px; }
.ldgd-lr output { font-variant-numeric: tabular-nums; min-width: 4.2em; font-weight: 600; }
.ldgd-readout { flex: 1 1 auto; min-width: 0; overflow: hidden; text-align: right; font-size: 21px; padding-right: 4px;
  white-space: nowrap; min-height: 28px; }
.ldgd.live-compact .ldgd-readout { flex-basis: 100%; text-align: left; }
.ldgd math { font-size: 100%; }
.ldgd-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.ldgd-focus:focus-visible { outline: 3px solid ${p.blueschist}; outline-offset: 3px; border-radius: 6px; }
`
}

/* --------------------------------------------------------------------- view */

export function mountView(root: HTMLElement, model: LineDescent, options: ViewOptions, ctx: WidgetContext): View {
  const palette = ctx.palette
  const doc = root.ownerDocument
  const win = doc.defaultView ?? window

  /* ---------- DOM */
  const { box, style } = createShell(doc, 'ldgd', options.height, css(palette))
  box.dataset.mode = 'single'

  const plots = el(doc, 'div', 'ldgd-plots')
  const dataCanvas = labelledCanvas(doc, 'Data points with the current fitted line and the least-squares line')
  const lossCanvas = labelledCanvas(doc, 'Loss landscape over slope a and intercept b, with the gradient descent path')
  plots.append(dataCanvas, lossCanvas)

  const bar = el(doc, 'div', 'ldgd-bar')
  const buttons = el(doc, 'div', 'ldgd-buttons')
  const { playButton, stepButton, resetButton } = playStepReset(doc, { play: 'Play / pause (k)', step: 'One step (.)', reset: 'Back to the start (r)' })
  buttons.append(playButton, stepButton, resetButton)

  const lrBox = doc.createElement('label')
  lrBox.className = 'ldgd-lr'
  lrBox.title = 'Learning rate, log scale ([ and ])'
  const lrSymbol = doc.createElement('span')
  lrSymbol.innerHTML = tex('\\eta')
  const slider = doc.createElement('input')
  slider.type = 'range'
  slider.min = '0'
  slider.max = '1000'
  slider.step = '1'
  slider.setAttribute('aria-label', 'Learning rate')
  const lrValue = doc.createElement('output')
  lrBox.append(lrSymbol, slider, lrValue)

  const readout = el(doc, 'div', 'ldgd-readout')
  const live = liveRegion(doc, 'ldgd-sr')
  bar.append(buttons, lrBox, readout, live)
  box.append(style, plots, bar)

  const detachShell = attachShell(root, box, 'ldgd-focus', 'Gradient descent: k play or pause, period one step, r reset, brackets change the learning rate')

  const dctx = dataCanvas.getContext('2d')!
  const lctx = lossCanvas.getContext('2d')!
  const heatStops: RGB[] = [rgbOf(lctx, palette.blueschist), rgbOf(lctx, palette.sable), rgbOf(lctx, palette.terra)]

  /* ---------- state (per widget, never module-level) */
  let ghost: { a: number[]; b: number[] } | null = null
  let compact = false
  let shortLoss = false // "L" instead of "L(a,b)" in the readout, when the long one would be cut off
  let scale = 1 // backing-store pixels per CSS pixel
  let dataRect = { x: 0, y: 0, w: 0, h: 0 }
  let lossRect = { x: 0, y: 0, w: 0, h: 0 }
  let lossFrame: Frame | null = null
  let base: HTMLCanvasElement | null = null // heat map + contours, redrawn only on resize
  let lastStatus = ''
  let font = 'Helvetica, Arial, sans-serif'

  /* ---------- learning rate slider (log scale) */
  const logMin = Math.log10(options.lrMin)
  const logMax = Math.log10(options.lrMax)
  const sliderToLr = (v: number) => round2(10 ** (logMin + (v / 1000) * (logMax - logMin)))
  const lrToSlider = (lr: number) => Math.round(((Math.log10(lr) - logMin) / (logMax - logMin)) * 1000)
  const showLr = () => {
    const lr = model.learningRate
    slider.value = String(lrToSlider(lr))
    lrValue.textContent = String(lr)
    slider.setAttribute('aria-valuetext', `learning rate ${lr}`)
  }
  const setLr = (lr: number) => {
    model.setLearningRate(Math.min(options.lrMax, Math.max(options.lrMin, lr)))
    showLr()
    render()
  }

  /* ---------- layout */
  const layout = () => {
    const W = plots.clientWidth
    const H = plots.clientHeight
    scale = canvasScale(plots) // slides are scaled with CSS transforms
    compact = box.clientWidth < 760
    box.classList.toggle('live-compact', compact)
    fitReadout()
    font = win.getComputedStyle(box).fontFamily || font
    ;[dataRect, lossRect] = splitTwo(W, H, 12)
    for (const [canvas, r] of [
      [dataCanvas, dataRect],
      [lossCanvas, lossRect],
    ] as const) placeCanvas(canvas, r, scale)
    buildLandscape()
    render()
  }

  /* ---------- fonts & text */
  const fontPx = (size: number, weight = '') => `${weight} ${size}px ${font}`.trim()
  const tickSize = () => (compact ? 16 : 17)
  const axisStyle = (): AxisStyle => ({ palette, font: fontPx, size: tickSize(), compact })

  /* ---------- data panel */
  const data = model.data
  const optimum = model.optimum
  const dataFrame = (): Frame => {
    const { xMin, xMax } = model.dataOptions
    const pad = (xMax - xMin) * 0.05
    const x0 = xMin - pad
    const x1 = xMax + pad
    let lo = Infinity
    let hi = -Infinity
    for (const v of data.y) {
      lo = Math.min(lo, v)
      hi = Math.max(hi, v)
    }
    for (const [a, b] of [
      [model.start.a, model.start.b],
      [optimum.a, optimum.b],
    ]) {
      for (const x of [x0, x1]) {
        lo = Math.min(lo, a * x + b)
        hi = Math.max(hi, a * x + b)
      }
    }
    const span = Math.max(hi - lo, 1e-6)
    const left = compact ? 44 : 52
    const w = dataRect.w - left - 14
    const h = dataRect.h - 40 - 48
    // 8 % of the span, plus enough pixels that the extreme points (radius ≤ 5.5) stay clear
    // of the frame: yPad = 0.08 span + m (span + 2 yPad) / h, solved for yPad
    const m = Math.min(12, h / 8)
    const yPad = (0.08 * span + (m * span) / Math.max(h, 1)) / Math.max(0.2, 1 - (2 * m) / Math.max(h, 1))
    // the same pixel margin on x, so the points at either end do not touch the sides
    const xSpan = x1 - x0
    const mx = Math.min(6, w / 16)
    const xPad = (mx * xSpan) / Math.max(1, w - 2 * mx)
    return {
      x0: left,
      y0: 40,
      w,
      h,
      xMin: x0 - xPad,
      xMax: x1 + xPad,
      yMin: lo - yPad,
      yMax: hi + yPad,
    }
  }

  /** clip to the inside of the 2 px frame, so nothing drawn in the plot spills over it */
  const clipInside = (g: CanvasRenderingContext2D, f: Frame) => {
    g.beginPath()
    g.rect(f.x0 + 1, f.y0 + 1, f.w - 2, f.h - 2)
    g.clip()
  }

  const lineThrough = (g: CanvasRenderingContext2D, f: Frame, a: number, b: number) => {
    g.beginPath()
    g.moveTo(px(f, f.xMin), py(f, a * f.xMin + b))
    g.lineTo(px(f, f.xMax), py(f, a * f.xMax + b))
    g.stroke()
  }

  const legend = (g: CanvasRenderingContext2D, x: number, y: number, items: [string, (x: number, y: number) => void][]) => {
    g.font = fontPx(tickSize())
    g.textBaseline = 'middle'
    g.textAlign = 'left'
    for (const [label, swatch] of items) {
      swatch(x, y)
      g.fillStyle = palette.graphite
      g.fillText(label, x + 30, y)
      x += 30 + g.measureText(label).width + 18
    }
  }

  const drawData = () => {
    const g = dctx
    clearToWhite(g, dataRect, scale)
    const f = dataFrame()
    if (f.w < 20 || f.h < 20) return
    drawAxes(g, f, axisStyle(), { xName: 'x', yName: 'y' })
    const { a, b } = model.current
    const finite = Number.isFinite(a) && Number.isFinite(b)
    g.save()
    clipInside(g, f)
    // residuals: what the MSE averages (squared)
    if (finite && data.x.length <= 120) {
      g.strokeStyle = palette.lava
      g.globalAlpha = 0.55
      g.lineWidth = 2
      g.beginPath()
      for (let i = 0; i < data.x.length; i++) {
        const x = px(f, data.x[i])
        g.moveTo(x, py(f, data.y[i]))
        g.lineTo(x, py(f, a * data.x[i] + b))
      }
      g.stroke()
      g.globalAlpha = 1
    }
    // least-squares line (where descent should end)
    g.strokeStyle = palette.olivine
    g.lineWidth = 3.5
    g.setLineDash([10, 7])
    lineThrough(g, f, optimum.a, optimum.b)
    g.setLineDash([])
    // points
    const r = data.x.length > 150 ? 3.5 : 5.5
    g.fillStyle = palette.blueschist
    g.strokeStyle = palette.graphite
    g.lineWidth = 1.5
    for (let i = 0; i < data.x.length; i++) {
      g.beginPath()
      g.arc(px(f, data.x[i]), py(f, data.y[i]), r, 0, 2 * Math.PI)
      g.fill()
      g.stroke()
    }
    // current fit
    if (finite) {
      g.strokeStyle = '#fff'
      g.lineWidth = 8
      lineThrough(g, f, a, b)
      g.strokeStyle = palette.magma
      g.lineWidth = 5
      lineThrough(g, f, a, b)
    }
    g.restore()
    legend(g, f.x0 + 2, 18, [
      [
        'data',
        (x, y) => {
          g.beginPath()
          g.arc(x + 12, y, 5.5, 0, 2 * Math.PI)
          g.fillStyle = palette.blueschist
          g.fill()
          g.strokeStyle = palette.graphite
          g.lineWidth = 1.5
          g.stroke()
        },
      ],
      [
        compact ? 'fit' : 'current fit',
        (x, y) => {
          g.strokeStyle = palette.magma
          g.lineWidth = 5
          g.beginPath()
          g.moveTo(x, y)
          g.lineTo(x + 24, y)
          g.stroke()
        },
      ],
      [
        compact ? 'best' : 'least squares',
        (x, y) => {
          g.strokeStyle = palette.olivine
          g.lineWidth = 3.5
          g.setLineDash([8, 5])
          g.beginPath()
          g.moveTo(x, y)
          g.lineTo(x + 24, y)
          g.stroke()
          g.setLineDash([])
        },
      ],
    ])
  }

  /* ---------- loss panel */
  const buildLandscape = () => {
    const left = compact ? 44 : 52
    const x0 = left
    const y0 = 40
    const w = lossRect.w - left - 14
    const h = lossRect.h - y0 - 48
    if (w < 20 || h < 20) {
      lossFrame = null
      base = null
      return
    }
    // a box around start and minimum, then widened to equal units on both axes so the
    // gradient is drawn perpendicular to the contours
    const s = model.start
    // momentum overshoots the minimum, away from the start: leave room for that too
    const over = 0.4 * model.momentum
    const oa = optimum.a + over * (optimum.a - s.a)
    const ob = optimum.b + over * (optimum.b - s.b)
    let aLo = Math.min(s.a, optimum.a, oa)
    let aHi = Math.max(s.a, optimum.a, oa)
    let bLo = Math.min(s.b, optimum.b, ob)
    let bHi = Math.max(s.b, optimum.b, ob)
    const pad = 0.22 * Math.max(aHi - aLo, bHi - bLo, 0.5)
    aLo -= pad
    aHi += pad
    bLo -= pad
    bHi += pad
    const unit = Math.max((aHi - aLo) / w, (bHi - bLo) / h) // parameter units per CSS px
    const ac = (aLo + aHi) / 2
    const bc = (bLo + bHi) / 2
    const f: Frame = { x0, y0, w, h, xMin: ac - (unit * w) / 2, xMax: ac + (unit * w) / 2, yMin: bc - (unit * h) / 2, yMax: bc + (unit * h) / 2 }
    lossFrame = f
    const nA = Math.min(240, Math.max(24, Math.round(w / 3)))
    const nB = Math.min(240, Math.max(24, Math.round(h / 3)))
    const land = model.landscape(f.xMin, f.xMax, f.yMin, f.yMax, nA, nB)

    const layer = heatLayer(doc, land, f, optimum.loss, heatStops, palette.graphite, lossCanvas, scale)
    const g = layer.getContext('2d')!
    g.setTransform(scale, 0, 0, scale, 0, 0)
    drawAxes(g, f, axisStyle(), { xName: 'a  (slope)', yName: 'b  (intercept)', grid: false })
    g.font = fontPx(tickSize() + 1)
    g.textAlign = 'left'
    g.textBaseline = 'middle'
    g.fillStyle = palette.graphite
    g.fillText(caption(g, w - 4), x0 + 2, 18)
    base = layer
  }

  /** the longest panel title that fits in `room` px (the plot's width), with an ellipsis at worst */
  const caption = (g: CanvasRenderingContext2D, room: number): string => {
    const m = model.momentum
    const captions =
      m > 0
        ? [
            `MSE loss L(a, b)  ·  momentum ${m}`,
            `loss L(a, b)  ·  momentum ${m}`,
            `loss L(a, b) · momentum ${m}`,
            `L(a, b) · momentum ${m}`,
            `L(a, b) · α = ${m}`,
            'L(a, b)',
          ]
        : ['MSE loss L(a, b)', 'loss L(a, b)', 'L(a, b)']
    const fits = (c: string) => g.measureText(c).width <= room
    const found = captions.find(fits)
    if (found) return found
    let text = captions[captions.length - 1]
    while (text.length > 1 && !fits(`${text}…`)) text = text.slice(0, -1)
    return `${text.trimEnd()}…`
  }

  const pill = (g: CanvasRenderingContext2D, text: string, colour: string, x: number, y: number, w: number, h: number) => {
    g.font = fontPx(tickSize(), '600')
    g.fillStyle = 'rgba(255,255,255,0.94)'
    g.strokeStyle = colour
    g.lineWidth = 2.5
    g.beginPath()
    g.roundRect(x, y, w, h, h / 2)
    g.fill()
    g.stroke()
    g.fillStyle = colour
    g.beginPath()
    g.arc(x + 16, y + h / 2, 6, 0, 2 * Math.PI)
    g.fill()
    g.fillStyle = palette.graphite
    g.textAlign = 'left'
    g.textBaseline = 'middle'
    g.fillText(text, x + 28, y + h / 2 + 1)
  }

  /**
   * The status pill; `texts` go from the most informative to the bare status word. Inside the
   * plot it takes the corner (or the middle of the top or bottom edge) that covers least of the
   * path, farthest from the start, minimum and current point on a tie, and never one that covers
   * the start, its label, the first steps of the path, the minimum, its label or the current
   * point. When there is no such place (a diverging path sweeps the whole plot), it goes in the
   * title line instead, right-aligned, and the title shortens or gives way.
   */
  const badge = (
    g: CanvasRenderingContext2D,
    f: Frame,
    texts: string[],
    colour: string,
    scene: { start: Box[]; others: Box[]; path: number[]; points: [number, number][] },
  ) => {
    const h = 32
    const m = 8
    const FIRST = 10 // the path's first steps must stay visible, like the start
    const BLOCKED = 1e3
    const cost = (r: Box): number => {
      const grown = { x: r.x - 6, y: r.y - 6, w: r.w + 12, h: r.h + 12 } // the path's halo and dots included
      let c = 0
      for (const o of scene.start) if (overlaps(grown, o)) c += 1e6
      for (const o of scene.others) if (overlaps(grown, o)) c += 1e4
      const p = scene.path
      for (let k = 0; k + 3 < p.length; k += 2) c += lengthInside(grown, p[k], p[k + 1], p[k + 2], p[k + 3]) * (k / 2 < FIRST ? 1e4 : 1)
      return c
    }
    // tie-break: the place farthest from the nearest of start, minimum and current point
    const gapTo = (r: Box, x: number, y: number) => Math.hypot(Math.max(r.x - x, 0, x - r.x - r.w), Math.max(r.y - y, 0, y - r.y - r.h))
    const far = (r: Box) => Math.min(...scene.points.map(([x, y]) => gapTo(r, x, y)))
    g.font = fontPx(tickSize(), '600')
    const widths = texts.map((t) => g.measureText(t).width + 34)
    const last = texts.length - 1
    /** the free place in the plot for texts[i], if any */
    const inPlot = (i: number): Box | null => {
      const w = widths[i]
      if (w + 2 * m > f.w) return null
      const left = f.x0 + m
      const right = f.x0 + f.w - w - m
      const centre = f.x0 + (f.w - w) / 2
      const top = f.y0 + m
      const bottom = f.y0 + f.h - h - m
      let best: Box | null = null
      let bestCost = Infinity
      for (const [x, y] of [
        [right, top],
        [left, top],
        [right, bottom],
        [left, bottom],
        [centre, top],
        [centre, bottom],
      ]) {
        const r = { x, y, w, h }
        const c = cost(r) - far(r) * 1e-3
        if (c < bestCost) {
          best = r
          bestCost = c
        }
      }
      return bestCost < BLOCKED ? best : null
    }
    // title line: the pill right-aligned above the plot, the title shortened before it
    const gap = 12
    const avail = f.w - 4
    const captionFont = fontPx(tickSize() + 1)
    g.font = captionFont
    const least = g.measureText('L(a, b)').width // the shortest title worth keeping
    const inTitle = (i: number, withCaption: boolean) => widths[i] + (withCaption ? gap + least : 0) <= avail
    const drawInTitle = (i: number) => {
      const bw = Math.min(widths[i], avail + f.x0)
      const room = avail - bw - gap
      g.fillStyle = '#fff'
      g.fillRect(0, 0, lossRect.w, f.y0 - 3)
      g.font = captionFont
      g.fillStyle = palette.graphite
      g.textAlign = 'left'
      g.textBaseline = 'middle'
      if (room >= least) g.fillText(caption(g, room), f.x0 + 2, 18)
      pill(g, texts[i], colour, f.x0 + f.w - bw, 3, bw, h)
    }
    // in order of preference: a full text (step count, or the hint "lower η") in a free place
    // in the plot, then in the title line beside the title, then the bare status word in the
    // plot, then a full text alone in the title line, then the bare word there
    const full = texts.slice(0, last).map((_, i) => i)
    for (const i of full) {
      const r = inPlot(i)
      if (r) return pill(g, texts[i], colour, r.x, r.y, widths[i], h)
    }
    for (const i of full) if (inTitle(i, true)) return drawInTitle(i)
    const r = inPlot(last)
    if (r) return pill(g, texts[last], colour, r.x, r.y, widths[last], h)
    for (const i of full) if (inTitle(i, false)) return drawInTitle(i)
    drawInTitle(last)
  }

  /** unit vector, in CSS px (y down), of the first step from the start: along -∇L there */
  let firstStep: [number, number] | null = null
  const firstStepDirection = (): [number, number] => {
    if (!firstStep) {
      const { a, b } = model.start
      let ga = 0
      let gb = 0
      for (let i = 0; i < data.x.length; i++) {
        const r = a * data.x[i] + b - data.y[i]
        ga += r * data.x[i]
        gb += r
      }
      firstStep = [-ga, -gb]
    }
    // the loss plot has equal units on both axes: in px only y flips
    const [da, db] = firstStep
    const n = Math.hypot(da, db)
    return n > 0 ? [da / n, -db / n] : [0, 0]
  }

  const drawLoss = () => {
    const g = lctx
    g.setTransform(1, 0, 0, 1, 0, 0)
    g.clearRect(0, 0, lossCanvas.width, lossCanvas.height)
    if (base) g.drawImage(base, 0, 0)
    const f = lossFrame
    if (!f) return
    g.setTransform(scale, 0, 0, scale, 0, 0)
    const path = model.path
    g.save()
    clipInside(g, f)
    g.lineJoin = 'round'
    g.lineCap = 'round'
    // previous run, for comparison
    if (ghost) {
      g.strokeStyle = palette.graphiteAccent
      g.globalAlpha = 0.5
      g.lineWidth = 2.5
      g.setLineDash([6, 6])
      polyline(g, f, ghost.a, ghost.b)
      g.setLineDash([])
      g.globalAlpha = 1
    }
    // path: white halo, then graphite; dots mark the steps while they are far enough apart
    g.strokeStyle = 'rgba(255,255,255,0.85)'
    g.lineWidth = 7
    polyline(g, f, path.a, path.b)
    g.strokeStyle = palette.graphite
    g.lineWidth = 3.5
    polyline(g, f, path.a, path.b)
    g.fillStyle = palette.graphite
    let lastX = Infinity
    let lastY = Infinity
    for (let k = 0; k < path.a.length; k++) {
      const x = px(f, path.a[k])
      const y = py(f, path.b[k])
      if (!Number.isFinite(x) || !Number.isFinite(y)) break
      if (Math.hypot(x - lastX, y - lastY) < 9) continue
      g.beginPath()
      g.arc(x, y, 3.5, 0, 2 * Math.PI)
      g.fill()
      lastX = x
      lastY = y
    }
    // minimum, above the path so a wild descent cannot hide it
    const ox = px(f, optimum.a)
    const oy = py(f, optimum.b)
    star(g, ox, oy, 13)
    g.fillStyle = palette.olivine
    g.fill()
    g.strokeStyle = '#fff'
    g.lineWidth = 2
    g.stroke()
    // start
    const sx = px(f, model.start.a)
    const sy = py(f, model.start.b)
    g.beginPath()
    g.arc(sx, sy, 8, 0, 2 * Math.PI)
    g.fillStyle = '#fff'
    g.fill()
    g.strokeStyle = palette.graphite
    g.lineWidth = 3
    g.stroke()
    // current point
    const { a, b } = model.current
    if (Number.isFinite(a) && Number.isFinite(b)) {
      g.beginPath()
      g.arc(px(f, a), py(f, b), 9, 0, 2 * Math.PI)
      g.fillStyle = palette.magma
      g.fill()
      g.strokeStyle = '#fff'
      g.lineWidth = 3
      g.stroke()
    }
    // labels with a light halo for legibility on the colours, always whole inside the plot
    const size = tickSize()
    g.font = fontPx(size, '600')
    g.textBaseline = 'middle'
    g.textAlign = 'left'
    /**
     * The box of a label beside a marker of radius `r` at (x, y): on the side (above, below,
     * right, left) that `away` points to most, among those where it fits inside the frame
     * without covering `avoid`; `vertical` biases the choice towards above/below.
     */
    const place = (text: string, x: number, y: number, r: number, away: [number, number], vertical: number, avoid: Box[]): Box => {
      const w = g.measureText(text).width
      const h = size + 2
      const gap = 5
      const m = 3 // clear of the frame, halo included
      const clampX = (v: number) => Math.max(f.x0 + m, Math.min(f.x0 + f.w - m - w, v))
      const clampY = (v: number) => Math.max(f.y0 + m, Math.min(f.y0 + f.h - m - h, v))
      const sides: [number, number, Box][] = [
        [0, -1, { x: clampX(x - w / 2), y: y - r - gap - h, w, h }],
        [0, 1, { x: clampX(x - w / 2), y: y + r + gap, w, h }],
        [1, 0, { x: x + r + gap, y: clampY(y - h / 2), w, h }],
        [-1, 0, { x: x - r - gap - w, y: clampY(y - h / 2), w, h }],
      ]
      const score = ([dx, dy, b]: [number, number, Box]) =>
        (within(b, f, m) ? 0 : 100) + (avoid.some((o) => overlaps(b, o)) ? 10 : 0) - (dx * away[0] + dy * away[1]) - vertical * Math.abs(dy)
      const best = sides.reduce((p, q) => (score(q) < score(p) ? q : p))[2]
      // nowhere fits (a tiny plot): pull it inside anyway
      return { x: clampX(best.x), y: clampY(best.y), w, h }
    }
    const label = (text: string, b: Box) => {
      const y = b.y + b.h / 2 + 1
      g.lineWidth = 4
      g.strokeStyle = 'rgba(255,255,255,0.9)'
      g.strokeText(text, b.x, y)
      g.fillStyle = palette.graphite
      g.fillText(text, b.x, y)
    }
    const around = (x: number, y: number, r: number): Box => ({ x: x - r, y: y - r, w: 2 * r, h: 2 * r })
    // start: on the side opposite the first step, so the path leaves it clear
    const [ux, uy] = firstStepDirection()
    const startMark = around(sx, sy, 9)
    const starMark = around(ox, oy, 13)
    const startBox = place('start', sx, sy, 9, [-ux, -uy], 0.3, [starMark])
    label('start', startBox)
    // minimum: on the side away from the start, where the path comes from
    const toStart = Math.hypot(sx - ox, sy - oy) || 1
    const minBox = place('minimum', ox, oy, 13, [(ox - sx) / toStart, (oy - sy) / toStart], -0.3, [startMark, startBox])
    label('minimum', minBox)
    g.restore()
    // status, placed clear of what is drawn above
    const status = model.status
    const t = model.stepCount
    const texts =
      status === 'converged'
        ? [`converged · step ${t}`, 'converged']
        : status === 'diverged'
          ? ['diverged: lower η, then reset', 'diverged: lower η', 'diverged']
          : status === 'done'
            ? [`stopped at ${t} steps`, `${t} steps`]
            : null
    if (!texts) return
    const colour = status === 'converged' ? palette.olivine : status === 'diverged' ? palette.lava : palette.terra
    const pathPx: number[] = []
    for (let k = 0; k < path.a.length; k++) {
      const x = px(f, path.a[k])
      const y = py(f, path.b[k])
      if (!Number.isFinite(x) || !Number.isFinite(y)) break
      pathPx.push(Math.min(1e6, Math.max(-1e6, x)), Math.min(1e6, Math.max(-1e6, y)))
    }
    const others = [starMark, minBox]
    const points: [number, number][] = [
      [sx, sy],
      [ox, oy],
    ]
    if (Number.isFinite(a) && Number.isFinite(b)) {
      others.push(around(px(f, a), py(f, b), 10))
      points.push([px(f, a), py(f, b)])
    }
    badge(g, f, texts, colour, { start: [startMark, startBox], others, path: pathPx, points })
  }

  /* ---------- readout and controls */
  const readoutTex = (t: number, a: number, b: number, loss: number, short: boolean) =>
    tex(`t = ${t},\\; a = ${texNumber(a, 3)},\\; b = ${texNumber(b, 3)},\\; ${short ? '\\mathcal{L}' : '\\mathcal{L}(a,b)'} = ${texLoss(loss)}`)

  /** whether the readout needs the short loss name: always when compact, else when a wide sample overflows */
  const fitReadout = () => {
    shortLoss = compact
    if (compact) return
    readout.innerHTML = readoutTex(model.maxSteps, -8.888, -8.888, 0.8888, false)
    shortLoss = readout.scrollWidth > readout.clientWidth + 1
  }

  const renderReadout = () => {
    const c = model.current
    readout.innerHTML = readoutTex(model.stepCount, c.a, c.b, c.loss, shortLoss)
    const status = model.status
    // machine-readable state, for tests and for export waiting on a given step
    box.dataset.step = String(model.stepCount)
    box.dataset.loss = String(c.loss)
    box.dataset.status = status
    if (status !== lastStatus) {
      lastStatus = status
      if (status === 'converged') live.textContent = `Converged after ${model.stepCount} steps.`
      else if (status === 'diverged') live.textContent = 'Diverged: the learning rate is too large.'
      else if (status === 'done') live.textContent = `Stopped after ${model.stepCount} steps.`
      else live.textContent = ''
    }
  }

  function render() {
    drawData()
    drawLoss()
    renderReadout()
  }

  /* ---------- playing */
  const stopped = () => {
    const s = model.status
    return s === 'converged' || s === 'diverged' || s === 'done'
  }

  const playback = player({
    ctx,
    button: playButton,
    speed: options.speed,
    timer: stepTimer(0.05, 0.8), // 0.05 ms a step to start with; steps may take 80% of a frame's budget
    step: (n) => model.step(n),
    stepped: () => render(),
    render: () => render(),
    finished: stopped,
    reset: () => reset(),
  })

  const stepOnce = () => {
    if (playback.playing) playback.pause()
    if (model.diverged || model.stepCount >= model.maxSteps) return
    model.step(1)
    render()
  }

  function reset() {
    if (model.stepCount > 0) ghost = { a: model.path.a.slice(), b: model.path.b.slice() }
    model.reset()
    playback.restart()
    render()
  }

  /* ---------- events */
  const { focusRoot, onPointerDown, keep } = rootFocus(root)
  const onKey = keyListener({
    k: () => playback.toggle(),
    '.': () => stepOnce(),
    r: () => reset(),
    '[': () => setLr(ladder(model.learningRate, -1, options.lrMin, options.lrMax)),
    ']': () => setLr(ladder(model.learningRate, 1, options.lrMin, options.lrMax)),
  })
  const onPlay = () => playback.toggle()
  const onStep = () => stepOnce()
  const onReset = () => reset()
  const onSlide = () => {
    const v = Number(slider.value)
    const at = lrToSlider(model.learningRate)
    const lr = sliderToLr(v)
    // a notch too small to change the rounded rate (an arrow key) goes to the next rate instead
    setLr(lr === model.learningRate && v !== at ? ladder(lr, v > at ? 1 : -1, options.lrMin, options.lrMax) : lr)
  }
  const onSlideDone = () => {
    showLr()
    focusRoot() // so the deck's arrow keys are not taken by the slider afterwards
  }
  // every listener goes with the lifecycle's signal, so destroy() removes them all at once
  const lifecycle = viewLifecycle(() => layout(), ctx)
  lifecycle.buttons(keep, [
    [playButton, onPlay],
    [stepButton, onStep],
    [resetButton, onReset],
  ])
  lifecycle.on(slider, 'input', onSlide)
  lifecycle.on(slider, 'change', onSlideDone)
  lifecycle.root(root, onKey, onPointerDown)
  lifecycle.on(win, 'resize', layout)
  lifecycle.observe(plots)

  /* ---------- start */
  showLr()
  layout()
  if (options.autoplay && !ctx.reducedMotion) playback.play()

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
