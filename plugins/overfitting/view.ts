/**
 * Drawing and controls for the overfitting widget. Every degree is fitted at once (model.fitAll):
 * moving the degree only redraws; λ and new data refit (one QR, two read-backs).
 *
 *   ┌──────────── data + fit ──────────────┬──────── error vs degree (log) ────────┐
 *   │ train ● (blueschist), test ○ (rubis), │ train and test MSE, degrees 1…15;      │
 *   │ true f (olivine, dashed), fit (magma) │ sweet spot shaded, current degree line │
 *   ├───────────────────────────────────────┴────────────────────────────────────────┤
 *   │ degree [−]──●──[+] 3   λ ──●── 0   [sweep] [new data]   train … test … [status] │
 *   └─────────────────────────────────────────────────────────────────────────────────┘
 * Narrow (half-width column, class `live-compact`): icon-only buttons, the bar wraps; the plots
 * sit side by side while their area is wider than tall, and stack otherwise.
 */
import type { WidgetContext } from '../../src/widget/define'
import type { Palette } from '../../src/widget/palette'
import { controlsCss, iconButton, setIconButton, textButton } from '../../src/widget/ui/controls'
import { el, labelledCanvas, liveRegion } from '../../src/widget/ui/dom'
import { viewLifecycle } from '../../src/widget/ui/lifecycle'
import { tex, texNumber } from '../../src/widget/ui/math-text'
import { type AxisStyle, drawAxes } from '../../src/widget/ui/axes'
import { clipToFrame, legend, lineSwatch, polyline, type LegendStyle } from '../../src/widget/ui/lines'
import { canvasScale, clearToWhite, placeCanvas, px, py, splitTwo, ticks, type Frame } from '../../src/widget/ui/plot-frame'
import { attachShell, createShell } from '../../src/widget/ui/shell'
import { keyListener, rootFocus } from '../../src/widget/ui/keys'
import {
  type DataOptions,
  type FitAll,
  type FitStatus,
  MAX_DEGREE,
  type Split,
  TARGETS,
  bestDegree,
  fitAll,
  makeData,
  statusOf,
} from './model'

export interface ViewOptions {
  height: number
  degree: number
  lambda: number
  data: DataOptions
  /** λ slider range: 0, then log-spaced from lambdaMin to lambdaMax */
  lambdaMin: number
  lambdaMax: number
}

export interface View {
  /** show `degree` (or the sweet spot) for the directive's data and λ, drawn synchronously */
  show(degree: number | 'best'): void
  destroy(): void
}

/** sweep: one degree every this many ms */
const SWEEP_MS = 650
/** λ slider: 10 stops per decade, stop 0 is λ = 0 */
const LAMBDA_STOPS_PER_DECADE = 10

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))
const round2 = (v: number) => Number(v.toPrecision(2))

function css(p: Palette): string {
  return controlsCss('.ldof', p) + `
.ldof { box-sizing: border-box; width: 100%; display: flex; flex-direction: column; gap: 8px;
  color: ${p.graphite}; font-size: 18px; line-height: 1.2; user-select: none; -webkit-user-select: none; }
.ldof * { box-sizing: border-box; }
.ldof-plots { position: relative; flex: 1 1 auto; min-height: 0; }
.ldof-plots canvas { position: absolute; display: block; }
.ldof-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; flex: 0 0 auto; }
.ldof-group { display: flex; align-items: center; gap: 8px; }
.ldof-group > .ldof-name { font-size: 19px; }
.ldof-group input[type="range"] { width: 125px; }
.ldof.live-compact .ldof-group input[type="range"] { width: 110px; }
.ldof-group output { font-weight: 700; font-variant-numeric: tabular-nums; min-width: 1.6em; font-size: 20px; }
.ldof-group output.ldof-lambda { min-width: 3.6em; }
.ldof button.ldof-pm { min-width: 40px; padding: 2px 8px; justify-content: center; font-size: 22px; }
.ldof-readout { flex: 1 1 auto; display: flex; align-items: center; justify-content: flex-end; gap: 12px; font-size: 19px;
  white-space: nowrap; min-width: 0; }
.ldof.live-compact .ldof-readout { justify-content: flex-start; font-size: 18px; }
.ldof math { font-size: 100%; color: ${p.graphite}; }
.ldof-status { color: #fff; font-weight: 700; border-radius: 999px; padding: 4px 12px; font-size: 18px; }
.ldof-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.ldof-focus:focus-visible { outline: 3px solid ${p.blueschist}; outline-offset: 3px; border-radius: 6px; }
`
}

export function mountView(root: HTMLElement, options: ViewOptions, ctx: WidgetContext): View {
  const palette = ctx.palette
  const tf = ctx.tf
  const doc = root.ownerDocument
  const win = doc.defaultView ?? window

  /* ---------- state (per widget) */
  let degree = clamp(Math.round(options.degree), 1, MAX_DEGREE)
  let lambda = options.lambda
  let seed = options.data.seed
  let data: Split = makeData(options.data)
  let fit: FitAll = fitAll(tf, data, lambda)
  let sweeping = false
  let sweepClock = 0
  let lastTime: number | undefined
  let compact = false
  let scale = 1
  let font = 'Helvetica, Arial, sans-serif'
  let fitRect = { x: 0, y: 0, w: 0, h: 0 }
  let errRect = { x: 0, y: 0, w: 0, h: 0 }
  let lastStatus = ''

  /* ---------- DOM */
  const { box, style } = createShell(doc, 'ldof', options.height, css(palette))

  const plots = el(doc, 'div', 'ldof-plots')
  const fitCanvas = labelledCanvas(doc, 'Training and test data with the fitted polynomial')
  const errCanvas = labelledCanvas(doc, 'Training and test error against the polynomial degree, log scale')
  plots.append(fitCanvas, errCanvas)

  const bar = el(doc, 'div', 'ldof-bar')

  const degreeGroup = doc.createElement('div')
  degreeGroup.className = 'ldof-group'
  degreeGroup.title = 'Polynomial degree (+ and -)'
  const degreeName = doc.createElement('span')
  degreeName.className = 'ldof-name'
  degreeName.textContent = 'degree'
  const minus = textButton(doc, '−', 'Lower degree (-)', 'Lower degree', 'ldof-pm')
  const degreeSlider = doc.createElement('input')
  degreeSlider.type = 'range'
  degreeSlider.min = '1'
  degreeSlider.max = String(MAX_DEGREE)
  degreeSlider.step = '1'
  degreeSlider.setAttribute('aria-label', 'Polynomial degree')
  degreeSlider.dataset.param = 'degree'
  const plus = textButton(doc, '+', 'Higher degree (+)', 'Higher degree', 'ldof-pm')
  const degreeOut = doc.createElement('output')
  degreeGroup.append(degreeName, minus, degreeSlider, plus, degreeOut)

  const lambdaGroup = doc.createElement('label')
  lambdaGroup.className = 'ldof-group'
  lambdaGroup.title = 'L2 regularisation λ, log scale ([ and ])'
  const lambdaName = doc.createElement('span')
  lambdaName.className = 'ldof-name'
  lambdaName.innerHTML = tex('\\lambda')
  const lambdaSlider = doc.createElement('input')
  lambdaSlider.type = 'range'
  const logMin = Math.log10(options.lambdaMin)
  const stops = Math.round((Math.log10(options.lambdaMax) - logMin) * LAMBDA_STOPS_PER_DECADE) + 1
  lambdaSlider.min = '0'
  lambdaSlider.max = String(stops)
  lambdaSlider.step = '1'
  lambdaSlider.setAttribute('aria-label', 'Regularisation strength lambda')
  lambdaSlider.dataset.param = 'lambda'
  const lambdaOut = doc.createElement('output')
  lambdaOut.className = 'ldof-lambda'
  lambdaGroup.append(lambdaName, lambdaSlider, lambdaOut)

  const buttons = doc.createElement('div')
  buttons.className = 'ldof-group'
  const sweepButton = iconButton(doc, 'play', 'Sweep', 'Sweep the degree from 1 to 15 (k)')
  const dataButton = iconButton(doc, 'shuffle', 'New data', 'Draw new samples (n)')
  buttons.append(sweepButton, dataButton)

  const readout = doc.createElement('div')
  readout.className = 'ldof-readout'
  const mseOut = doc.createElement('span')
  const statusOut = doc.createElement('span')
  statusOut.className = 'ldof-status'
  readout.append(mseOut, statusOut)

  const live = liveRegion(doc, 'ldof-sr')
  bar.append(degreeGroup, lambdaGroup, buttons, readout, live)
  box.append(style, plots, bar)

  const detachShell = attachShell(root, box, 'ldof-focus', 'Overfitting: plus and minus change the degree, brackets change lambda, n new data, k sweeps the degree, r resets')

  const fctx = fitCanvas.getContext('2d')!
  const ectx = errCanvas.getContext('2d')!

  const fontPx = (size: number, weight = '') => `${weight} ${size}px ${font}`.trim()
  const tickSize = () => (compact ? 16 : 17)
  const axisStyle = (): AxisStyle => ({ palette, font: fontPx, size: tickSize(), compact })
  const statusColour = (s: FitStatus) => (s === 'good' ? palette.olivine : s === 'overfit' ? palette.magma : palette.graphiteAccent)

  /* ---------- λ slider (0, then log scale) */
  const sliderToLambda = (v: number) => (v <= 0 ? 0 : round2(10 ** (logMin + (v - 1) / LAMBDA_STOPS_PER_DECADE)))
  const lambdaToSlider = (l: number) => (l <= 0 ? 0 : clamp(Math.round((Math.log10(l) - logMin) * LAMBDA_STOPS_PER_DECADE) + 1, 1, stops))
  const lambdaText = (l: number) => (l === 0 ? '0' : l >= 0.01 ? String(l) : l.toExponential(0))

  /* ---------- layout */
  const layout = () => {
    compact = box.clientWidth < 760
    box.classList.toggle('live-compact', compact)
    degreeName.textContent = compact ? 'deg' : 'degree'
    statusOut.style.display = compact ? '' : 'none' // wide: the status sits in the error plot
    font = win.getComputedStyle(box).fontFamily || font
    scale = canvasScale(plots)
    const W = plots.clientWidth
    const H = plots.clientHeight
    ;[fitRect, errRect] = splitTwo(W, H, 12)
    placeCanvas(fitCanvas, fitRect, scale)
    placeCanvas(errCanvas, errRect, scale)
    render()
  }

  /* ---------- drawing helpers */
  const legendStyle = (): LegendStyle => ({ palette, font: fontPx, size: tickSize(), gap: compact ? 12 : 18 })

  const trainDot = (g: CanvasRenderingContext2D, x: number, y: number, r: number) => {
    g.beginPath()
    g.arc(x, y, r, 0, 2 * Math.PI)
    g.fillStyle = palette.blueschist
    g.fill()
    g.strokeStyle = palette.graphite
    g.lineWidth = 1.5
    g.stroke()
  }
  const testDot = (g: CanvasRenderingContext2D, x: number, y: number, r: number) => {
    g.beginPath()
    g.arc(x, y, r, 0, 2 * Math.PI)
    g.fillStyle = '#fff'
    g.fill()
    g.strokeStyle = palette.rubis
    g.lineWidth = 2.5
    g.stroke()
  }
  /* ---------- data + fit panel */
  /** clears a panel to white; its plot rectangle with `left` and `right` margins, or null when too small */
  const panelPlot = (g: CanvasRenderingContext2D, rect: { w: number; h: number }, left: number, right: number) => {
    clearToWhite(g, rect, scale)
    const f0 = { x0: left, y0: 40, w: rect.w - left - right, h: rect.h - 40 - 50 }
    return f0.w < 40 || f0.h < 40 ? null : f0
  }

  const drawFit = () => {
    const g = fctx
    const f0 = panelPlot(g, fitRect, compact ? 46 : 54, 12)
    if (!f0) return
    // y range from the data and the true function, fixed across degrees: a wild fit leaves the frame
    const target = TARGETS[options.data.target].f
    let lo = Infinity
    let hi = -Infinity
    for (const s of [data.train, data.test]) for (const v of s.y) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)]
    for (let i = 0; i <= 50; i++) {
      const v = target(-1 + i / 25)
      ;[lo, hi] = [Math.min(lo, v), Math.max(hi, v)]
    }
    const pad = 0.12 * Math.max(hi - lo, 0.1)
    const f: Frame = { ...f0, xMin: -1.06, xMax: 1.06, yMin: lo - pad, yMax: hi + pad }
    drawAxes(g, f, axisStyle(), {
      xName: 'x',
      yName: 'y',
      xTicks: [-1, -0.5, 0, 0.5, 1],
      yTicks: ticks(f.yMin, f.yMax, Math.max(3, Math.floor(f.h / 55))),
      yNameX: f.x0 - (compact ? 40 : 46),
    })
    g.save()
    clipToFrame(g, f)
    g.lineJoin = 'round'
    g.lineCap = 'round'
    // true function
    g.strokeStyle = palette.olivine
    g.lineWidth = 3.5
    g.setLineDash([10, 8])
    g.beginPath()
    for (let i = 0; i <= 200; i++) {
      const x = -1.06 + (2.12 * i) / 200
      if (i === 0) g.moveTo(px(f, x), py(f, target(x)))
      else g.lineTo(px(f, x), py(f, target(x)))
    }
    g.stroke()
    g.setLineDash([])
    // points: test (outlined) under train (filled)
    const r = data.train.x.length + data.test.x.length > 150 ? 4 : 6
    data.test.x.forEach((x, i) => testDot(g, px(f, x), py(f, data.test.y[i]), r))
    data.train.x.forEach((x, i) => trainDot(g, px(f, x), py(f, data.train.y[i]), r))
    // fitted curve, clamped far outside so huge values still draw as steep lines
    const curve = fit.curve[degree]
    const yc = (v: number) => clamp(py(f, v), f.y0 - 4 * f.h, f.y0 + 5 * f.h)
    const path = () => {
      g.beginPath()
      fit.curveX.forEach((x, i) => (i === 0 ? g.moveTo(px(f, x), yc(curve[i])) : g.lineTo(px(f, x), yc(curve[i]))))
      g.stroke()
    }
    g.strokeStyle = 'rgba(255,255,255,0.9)'
    g.lineWidth = 9
    path()
    g.strokeStyle = palette.magma
    g.lineWidth = 5
    path()
    g.restore()
    legend(
      g,
      legendStyle(),
      [
        ['train', (g, x, y) => trainDot(g, x + 11, y, 6)],
        ['test', (g, x, y) => testDot(g, x + 11, y, 6)],
        [compact ? `fit` : `degree-${degree} fit`, lineSwatch({ colour: palette.magma, width: 5 })],
        [compact ? 'true' : 'true function', lineSwatch({ colour: palette.olivine, width: 3.5, dash: [8, 5] })],
      ],
      { left: f.x0 + 2, right: fitRect.w - 4, y: 19 },
    )
  }

  /* ---------- error vs degree panel */
  const drawErrors = () => {
    const g = ectx
    const f0 = panelPlot(g, errRect, compact ? 60 : 70, 14)
    if (!f0) return
    const log = (v: number) => Math.log10(Math.max(v, 1e-12))
    const degrees = Array.from({ length: MAX_DEGREE }, (_, i) => i + 1)
    // range: everything down to the smallest error; up to 100x the degree-1 errors at most
    let lo = Infinity
    let hi = -Infinity
    for (const d of degrees) {
      for (const v of [fit.trainMse[d], fit.testMse[d]]) {
        if (!Number.isFinite(v)) continue
        lo = Math.min(lo, log(v))
        hi = Math.max(hi, log(v))
      }
    }
    lo = Math.max(lo, log(fit.trainMse[1]) - 6)
    hi = Math.min(hi, Math.max(log(fit.testMse[1]), log(fit.trainMse[1])) + 2)
    if (!(hi > lo)) [lo, hi] = [lo - 1, lo + 1]
    const pad = 0.08 * (hi - lo)
    const f: Frame = { ...f0, xMin: 0.5, xMax: MAX_DEGREE + 0.5, yMin: lo - pad, yMax: hi + pad }
    const span = f.yMax - f.yMin
    const step = span > 6 ? 2 : 1
    const yt: number[] = []
    for (let e = Math.ceil(f.yMin / step) * step; e <= f.yMax; e += step) yt.push(e)
    if (yt.length < 2) yt.splice(0, yt.length, ...ticks(f.yMin, f.yMax, 3))
    const xt = f.w > 330 ? degrees.filter((d) => d % 2 === 1) : [1, 5, 10, 15]
    const sup = (n: number) => String(n).replace('-', '⁻').replace(/\d/g, (c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)])
    const label = (e: number) => (Number.isInteger(e) ? (e === 0 ? '1' : e === 1 ? '10' : `10${sup(e)}`) : String(round2(10 ** e)))
    // regions: sweet spot shaded; underfitting / overfitting named on either side
    const best = bestDegree(fit)
    const good = degrees.filter((d) => statusOf(fit, d) === 'good')
    const gLo = Math.min(...good)
    const gHi = Math.max(...good)
    g.save()
    g.fillStyle = 'rgba(122,165,133,0.2)'
    g.fillRect(px(f, gLo - 0.5), f.y0, px(f, gHi + 0.5) - px(f, gLo - 0.5), f.h)
    g.restore()
    drawAxes(g, f, axisStyle(), { xName: '', yName: compact ? 'MSE' : 'MSE (log scale)', xTicks: xt, yTicks: yt, yLabel: label, yNameX: 12 })
    // under the axis: ← underfitting   polynomial degree   overfitting →
    {
      const size = tickSize()
      const y = f.y0 + f.h + 26
      g.textBaseline = 'top'
      g.font = fontPx(size + 1, 'italic')
      const mid = compact ? 'degree' : 'polynomial degree'
      const midW = g.measureText(mid).width
      g.font = fontPx(size, '600')
      const pick = (room: number, long: string, short: string) =>
        g.measureText(long).width <= room ? long : g.measureText(short).width <= room ? short : ''
      // the axis name gives way to the two directions when they cannot all fit
      const withMid = f.w / 2 - midW / 2 - 10
      const showMid = pick(withMid, '← under', '← under') !== '' && pick(withMid, 'over →', 'over →') !== ''
      const room = showMid ? withMid : f.w / 2 - 6
      const under = pick(room, '← underfitting', '← under')
      const over = pick(room, 'overfitting →', 'over →')
      if (showMid) {
        g.font = fontPx(size + 1, 'italic')
        g.textAlign = 'center'
        g.fillStyle = palette.graphite
        g.fillText(mid, f.x0 + f.w / 2, y)
        g.font = fontPx(size, '600')
      }
      g.fillStyle = palette.graphite
      g.textAlign = 'left'
      if (under) g.fillText(under, f.x0, y)
      g.textAlign = 'right'
      if (over) g.fillText(over, f.x0 + f.w, y)
    }
    g.save()
    clipToFrame(g, f)
    g.font = fontPx(tickSize(), '600')
    g.textAlign = 'center'
    g.textBaseline = 'top'
    g.fillStyle = palette.graphite
    const sweet = 'sweet spot'
    const cx = (px(f, gLo - 0.5) + px(f, gHi + 0.5)) / 2
    const sw = g.measureText(sweet).width
    g.lineWidth = 4
    g.strokeStyle = 'rgba(255,255,255,0.9)'
    g.strokeText(sweet, clamp(cx, f.x0 + sw / 2 + 4, f.x0 + f.w - sw / 2 - 4), f.y0 + 6)
    g.fillText(sweet, clamp(cx, f.x0 + sw / 2 + 4, f.x0 + f.w - sw / 2 - 4), f.y0 + 6)
    // current degree
    const dx = px(f, degree)
    g.strokeStyle = palette.graphite
    g.lineWidth = 2.5
    g.setLineDash([7, 6])
    g.beginPath()
    g.moveTo(dx, f.y0)
    g.lineTo(dx, f.y0 + f.h)
    g.stroke()
    g.setLineDash([])
    // curves; points above the range sit on the top edge with an arrow
    const curve = (values: number[], colour: string, dot: (g: CanvasRenderingContext2D, x: number, y: number, r: number) => void) => {
      polyline(g, f, degrees, degrees.map((d) => clamp(log(values[d]), f.yMin - 1, f.yMax + 1)), { colour, width: 4 })
      for (const d of degrees) {
        const v = log(values[d])
        const x = px(f, d)
        if (v > f.yMax) {
          g.fillStyle = colour
          g.beginPath()
          g.moveTo(x, f.y0 + 3)
          g.lineTo(x - 8, f.y0 + 15)
          g.lineTo(x + 8, f.y0 + 15)
          g.closePath()
          g.fill()
        } else dot(g, x, py(f, v), d === degree ? 9 : 5.5)
      }
    }
    curve(fit.trainMse, palette.blueschist, trainDot)
    curve(fit.testMse, palette.rubis, testDot)
    g.restore()
    // status pill at the top right (wide layout; the bar shows it when compact)
    let legendRight = errRect.w - 4
    if (!compact) {
      const status = statusOf(fit, degree)
      g.font = fontPx(tickSize() + 1, '700')
      const w = g.measureText(status).width + 24
      const h = tickSize() + 12
      const x = f.x0 + f.w - w
      g.fillStyle = statusColour(status)
      g.beginPath()
      g.roundRect(x, 19 - h / 2, w, h, h / 2)
      g.fill()
      g.fillStyle = '#fff'
      g.textAlign = 'center'
      g.textBaseline = 'middle'
      g.fillText(status, x + w / 2, 20)
      legendRight = x - 10
    }
    // legend, with the best degree
    legend(
      g,
      legendStyle(),
      [
        [compact ? 'train' : 'train MSE', lineSwatch({ colour: palette.blueschist, width: 4 })],
        [compact ? 'test' : 'test MSE', lineSwatch({ colour: palette.rubis, width: 4 })],
        [`best: ${best}`, (g, x, y) => {
          g.fillStyle = 'rgba(122,165,133,0.45)'
          g.fillRect(x, y - 9, 22, 18)
        }],
      ],
      { left: f.x0 + 2, right: legendRight, y: 19 },
    )
  }

  /* ---------- readout and data attributes */
  const renderReadout = () => {
    const train = fit.trainMse[degree]
    const test = fit.testMse[degree]
    const status = statusOf(fit, degree)
    const v = (x: number) => (x >= 1000 || x < 0.01 ? texNumber(x, 2) : x.toPrecision(2))
    mseOut.innerHTML = tex(`\\text{train} = ${v(train)},\\; \\text{test} = ${v(test)}`)
    statusOut.textContent = status
    statusOut.style.background = statusColour(status)
    degreeSlider.value = String(degree)
    degreeOut.textContent = String(degree)
    degreeSlider.setAttribute('aria-valuetext', `degree ${degree}`)
    minus.disabled = degree <= 1
    plus.disabled = degree >= MAX_DEGREE
    lambdaSlider.value = String(lambdaToSlider(lambda))
    lambdaOut.textContent = lambdaText(lambda)
    lambdaSlider.setAttribute('aria-valuetext', `lambda ${lambdaText(lambda)}`)
    const d = box.dataset
    d.step = String(degree)
    d.degree = String(degree)
    d.trainMse = String(train)
    d.testMse = String(test)
    d.status = status
    d.bestDegree = String(bestDegree(fit))
    d.lambda = String(lambda)
    d.seed = String(seed)
    const key = `${degree}:${status}`
    if (key !== lastStatus) {
      lastStatus = key
      live.textContent = `Degree ${degree}: ${status}. Test error ${test.toPrecision(2)}, train error ${train.toPrecision(2)}.`
    }
  }

  function render() {
    drawFit()
    drawErrors()
    renderReadout()
  }

  /* ---------- actions */
  const setDegree = (d: number) => {
    degree = clamp(Math.round(d), 1, MAX_DEGREE)
    render()
  }
  const refit = () => {
    fit = fitAll(tf, data, lambda)
    render()
  }
  const setLambda = (l: number) => {
    lambda = clamp(l, 0, options.lambdaMax)
    refit()
  }
  const newData = () => {
    seed = (seed + 1) >>> 0
    data = makeData({ ...options.data, seed })
    refit()
  }

  const tick = (): boolean => {
    if (!sweeping) return false
    const now = performance.now()
    sweepClock += lastTime === undefined ? 0 : Math.min(now - lastTime, 500) // a step-wise loop ticks every 450 ms
    lastTime = now
    if (sweepClock >= SWEEP_MS) {
      sweepClock = 0
      if (degree >= MAX_DEGREE) {
        stopSweep()
        return false
      }
      setDegree(degree + 1)
    }
    return true
  }
  const renderSweepButton = () => setIconButton(sweepButton, sweeping ? 'pause' : 'play', sweeping ? 'Pause' : 'Sweep')
  function stopSweep() {
    sweeping = false
    ctx.stopAnimation()
    renderSweepButton()
  }
  const startSweep = () => {
    if (degree >= MAX_DEGREE) setDegree(1)
    sweeping = true
    sweepClock = 0
    lastTime = undefined
    renderSweepButton()
    ctx.animate(tick)
  }
  const toggleSweep = () => (sweeping ? stopSweep() : startSweep())

  const show = (d: number | 'best') => {
    stopSweep()
    lambda = options.lambda
    seed = options.data.seed
    data = makeData(options.data)
    fit = fitAll(tf, data, lambda)
    setDegree(d === 'best' ? bestDegree(fit) : d)
  }

  /* ---------- events */
  const { focusRoot, onPointerDown, keep } = rootFocus(root) // keep: clicks must not move focus off the widget
  const degreeKey = (step: number) => () => {
    if (sweeping) stopSweep()
    setDegree(degree + step)
  }
  const onKey = keyListener(
    {
      '+': degreeKey(1),
      '=': degreeKey(1),
      '-': degreeKey(-1),
      _: degreeKey(-1),
      '[': () => setLambda(sliderToLambda(Math.max(0, lambdaToSlider(lambda) - 1))),
      ']': () => setLambda(sliderToLambda(Math.min(stops, lambdaToSlider(lambda) + 1))),
      n: () => newData(),
      k: () => toggleSweep(),
      r: () => show(options.degree),
    },
    (e) => {
      const tag = (e.target as HTMLElement).tagName
      return tag === 'INPUT' || tag === 'SELECT'
    },
  )

  const lifecycle = viewLifecycle(() => layout(), ctx)
  lifecycle.buttons(keep, [
    [minus, () => (stopSweep(), setDegree(degree - 1))],
    [plus, () => (stopSweep(), setDegree(degree + 1))],
    [sweepButton, toggleSweep],
    [dataButton, newData],
  ])
  lifecycle.on(degreeSlider, 'input', () => (stopSweep(), setDegree(Number(degreeSlider.value))))
  lifecycle.on(lambdaSlider, 'input', () => setLambda(sliderToLambda(Number(lambdaSlider.value))))
  for (const s of [degreeSlider, lambdaSlider]) lifecycle.on(s, 'change', focusRoot)
  lifecycle.root(root, onKey, onPointerDown)
  lifecycle.on(win, 'resize', layout)
  lifecycle.observe(plots, box)

  renderSweepButton()
  layout()

  return {
    show,
    destroy() {
      sweeping = false
      lifecycle.end()
      detachShell()
    },
  }
}
