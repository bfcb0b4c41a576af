/**
 * Drawing and controls for the neuron widget. No animation: every control change
 * recomputes the unit with TF.js (one read-back per panel) and redraws.
 *
 *   ┌──────── z = w₁x₁ + w₂x₂ + b = …     h = σ(z) = …     σ′(z) = … ────────┬──────────────┐
 *   │ φ(z) (magma) and φ′(z) (olivine, dashed)    │ h over (x₁, x₂),         │ φ [sigmoid ▾] │
 *   │ saturated / dead regions shaded and labelled │ boundary z = 0, w arrow, │ w₁ ──●── 1.5  │
 *   │ current z marked on both curves (drag = b)   │ input x (drag = x₁, x₂)  │ w₂, b, x₁, x₂ │
 *   └──────────────────────────────────────────────┴──────────────────────────┴──────────────┘
 * Narrow (half-width column, class `live-compact`): readout on top, the activation plot, the
 * sliders in two columns below; the plane panel only when there is room for it.
 */
import type { WidgetContext } from '../../src/widget/define'
import type { Palette } from '../../src/widget/palette'
import { heatTile, rgbOf, type RGB } from '../../src/widget/ui/colour'
import { controlsCss, iconButton } from '../../src/widget/ui/controls'
import { el, labelledCanvas, liveRegion } from '../../src/widget/ui/dom'
import { viewLifecycle } from '../../src/widget/ui/lifecycle'
import { tex, texNumber } from '../../src/widget/ui/math-text'
import { type AxisStyle, drawAxes } from '../../src/widget/ui/axes'
import { canvasScale, clearToWhite, placeCanvas, px, py, ticks, type Frame } from '../../src/widget/ui/plot-frame'
import { attachShell, createShell } from '../../src/widget/ui/shell'
import { keyListener, rootFocus } from '../../src/widget/ui/keys'
import {
  ACTIVATIONS,
  type Activation,
  type Unit,
  type UnitState,
  curves,
  evaluateUnit,
  flatRegions,
  outputPlane,
  outputRange,
} from './model'

export interface ViewOptions {
  height: number
  activation: Activation
  unit: Unit
  plane: boolean
  threshold: number
  /** slider ranges, from the schema */
  ranges: Record<keyof Unit, [number, number]>
}

export interface View {
  /** back to the directive's values, drawn synchronously */
  reset(): void
  destroy(): void
}

/** the plane panel shows inputs in [-PLANE, PLANE] */
const PLANE = 5
/** z ranges the activation plot steps through, so the current z stays on the plot */
const Z_RANGES: Record<Activation, number[]> = {
  sigmoid: [8, 12, 20, 40, 80],
  tanh: [5, 10, 20, 40, 80],
  relu: [5, 10, 20, 40, 80],
}
const SAMPLES = 241

const NAMES: Record<Activation, { tex: string; text: string; label: string }> = {
  sigmoid: { tex: '\\sigma', text: 'σ', label: 'sigmoid' },
  tanh: { tex: '\\tanh', text: 'tanh', label: 'tanh' },
  relu: { tex: '\\mathrm{ReLU}', text: 'ReLU', label: 'ReLU' },
}

const round1 = (v: number) => Math.round(v * 10) / 10
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))
const rgba = ([r, g, b]: RGB, a: number) => `rgba(${r | 0},${g | 0},${b | 0},${a})`

function css(p: Palette): string {
  return controlsCss('.ldnr', p) + `
.ldnr { box-sizing: border-box; width: 100%; display: grid; gap: 8px 16px;
  grid-template-columns: minmax(0, 1fr) 290px; grid-template-rows: auto minmax(0, 1fr);
  grid-template-areas: "readout readout" "plots controls";
  color: ${p.graphite}; font-size: 18px; line-height: 1.2; user-select: none; -webkit-user-select: none; }
.ldnr * { box-sizing: border-box; }
.ldnr.live-compact { grid-template-columns: minmax(0, 1fr); grid-template-rows: auto minmax(0, 1fr) auto;
  grid-template-areas: "readout" "plots" "controls"; gap: 6px; }
.ldnr-readout { grid-area: readout; display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 30px;
  font-size: 22px; min-height: 30px; padding: 0 4px; }
.ldnr.live-compact .ldnr-readout { font-size: 19px; gap: 2px 18px; }
.ldnr math { font-size: 100%; color: ${p.graphite}; }
.ldnr-plots { grid-area: plots; position: relative; min-height: 0; }
.ldnr-plots canvas { position: absolute; display: block; touch-action: none; }
.ldnr-controls { grid-area: controls; display: flex; flex-direction: column; justify-content: center; gap: 8px; min-width: 0; }
.ldnr.live-compact .ldnr-controls { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; }
.ldnr-row { display: flex; align-items: center; gap: 10px; min-height: 40px; }
.ldnr-row > .ldnr-name { width: 30px; flex: none; font-size: 21px; text-align: center; }
.ldnr-row input[type="range"] { flex: 1 1 auto; min-width: 60px; width: 100px; }
.ldnr-row output { min-width: 3.1em; text-align: right; font-weight: 600; font-variant-numeric: tabular-nums; }
.ldnr-row select { flex: 1 1 auto; min-width: 0; }
.ldnr-act button { flex: none; }
.ldnr-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.ldnr-focus:focus-visible { outline: 3px solid ${p.blueschist}; outline-offset: 3px; border-radius: 6px; }
`
}

export function mountView(root: HTMLElement, options: ViewOptions, ctx: WidgetContext): View {
  const palette = ctx.palette
  const tf = ctx.tf
  const doc = root.ownerDocument
  const win = doc.defaultView ?? window

  /* ---------- state (per widget) */
  let activation: Activation = options.activation
  const unit: Unit = { ...options.unit }
  let state: UnitState = evaluateUnit(tf, activation, unit, options.threshold)
  let zRange = Z_RANGES[activation][0]
  let dragging: 'curve' | 'plane' | null = null
  let compact = false
  let showPlane = false
  let scale = 1
  let font = 'Helvetica, Arial, sans-serif'
  let curveRect = { x: 0, y: 0, w: 0, h: 0 }
  let planeRect = { x: 0, y: 0, w: 0, h: 0 }
  let curveFrame: Frame | null = null
  let planeFrame: Frame | null = null
  let curveCache: { key: string; zs: Float64Array; phi: Float32Array; grad: Float32Array } | null = null
  let lastStatus = ''

  /* ---------- DOM */
  const { box, style } = createShell(doc, 'ldnr', options.height, css(palette))

  const readout = doc.createElement('div')
  readout.className = 'ldnr-readout'
  const zOut = doc.createElement('span')
  const hOut = doc.createElement('span')
  const gOut = doc.createElement('span')
  readout.append(zOut, hOut, gOut)

  const plots = el(doc, 'div', 'ldnr-plots')
  const curveCanvas = labelledCanvas(doc, 'Activation function and its derivative, with the current z; drag to move z (changes the bias)')
  const planeCanvas = labelledCanvas(doc, 'Output of the unit over the input plane; drag the point to change the inputs')
  plots.append(curveCanvas, planeCanvas)

  const controls = doc.createElement('div')
  controls.className = 'ldnr-controls'
  const actRow = doc.createElement('label')
  actRow.className = 'ldnr-row ldnr-act'
  actRow.title = 'Activation function (a)'
  const actName = doc.createElement('span')
  actName.className = 'ldnr-name'
  actName.innerHTML = tex('\\varphi')
  const select = doc.createElement('select')
  select.setAttribute('aria-label', 'Activation function')
  for (const a of ACTIVATIONS) {
    const o = doc.createElement('option')
    o.value = a
    o.textContent = NAMES[a].label
    select.append(o)
  }
  const resetButton = iconButton(doc, 'reset', 'Reset', 'Back to the slide’s values (r)')
  actRow.append(actName, select)
  const actLine = doc.createElement('div')
  actLine.className = 'ldnr-row ldnr-act'
  actLine.append(actRow, resetButton)
  actRow.style.flex = '1 1 auto'
  actRow.style.minWidth = '0'

  const keys: (keyof Unit)[] = ['w1', 'w2', 'b', 'x1', 'x2']
  const texName: Record<keyof Unit, string> = { w1: 'w_1', w2: 'w_2', b: 'b', x1: 'x_1', x2: 'x_2' }
  const sliders = {} as Record<keyof Unit, { input: HTMLInputElement; output: HTMLOutputElement }>
  const rows: HTMLElement[] = []
  for (const k of keys) {
    const row = doc.createElement('label')
    row.className = 'ldnr-row'
    const name = doc.createElement('span')
    name.className = 'ldnr-name'
    name.innerHTML = tex(texName[k])
    const input = doc.createElement('input')
    input.type = 'range'
    input.min = String(options.ranges[k][0])
    input.max = String(options.ranges[k][1])
    input.step = '0.1'
    input.setAttribute('aria-label', k === 'b' ? 'bias b' : k.startsWith('w') ? `weight ${k}` : `input ${k}`)
    input.dataset.param = k
    const output = doc.createElement('output')
    row.append(name, input, output)
    sliders[k] = { input, output }
    rows.push(row)
  }
  controls.append(actLine, ...rows)

  const live = liveRegion(doc, 'ldnr-sr')
  box.append(style, readout, plots, controls, live)

  const detachShell = attachShell(root, box, 'ldnr-focus', 'Artificial neuron: a changes the activation, brackets move the bias, r resets')

  const cctx = curveCanvas.getContext('2d')!
  const pctx = planeCanvas.getContext('2d')!
  const heatStops: RGB[] = [rgbOf(pctx, palette.blueschist), rgbOf(pctx, palette.sable), rgbOf(pctx, palette.terra)]
  const graphiteRGB = rgbOf(cctx, palette.graphite)
  const lavaRGB = rgbOf(cctx, palette.lava)

  const fontPx = (size: number, weight = '') => `${weight} ${size}px ${font}`.trim()
  const tickSize = () => (compact ? 16 : 17)
  const axisStyle = (): AxisStyle => ({ palette, font: fontPx, size: tickSize(), compact })

  /* ---------- computing */
  const recompute = () => {
    state = evaluateUnit(tf, activation, unit, options.threshold)
    if (!dragging) {
      const need = Math.abs(state.z) / 0.92
      const ladder = Z_RANGES[activation]
      zRange = ladder.find((r) => r >= need) ?? ladder[ladder.length - 1]
    }
  }

  const curveData = () => {
    const key = `${activation}:${zRange}`
    if (curveCache?.key !== key) {
      const zs = new Float64Array(SAMPLES)
      for (let i = 0; i < SAMPLES; i++) zs[i] = -zRange + (2 * zRange * i) / (SAMPLES - 1)
      const c = curves(tf, activation, zs)
      curveCache = { key, zs, phi: c.phi, grad: c.grad }
    }
    return curveCache
  }

  /* ---------- layout */
  const layout = () => {
    compact = box.clientWidth < 760
    box.classList.toggle('live-compact', compact)
    font = win.getComputedStyle(box).fontFamily || font
    scale = canvasScale(plots)
    const W = plots.clientWidth
    const H = plots.clientHeight
    const side = Math.min(H, Math.floor(W * 0.45))
    showPlane = options.plane && W - side - 16 >= 360 && side >= 200
    if (showPlane) {
      curveRect = { x: 0, y: 0, w: W - side - 16, h: H }
      planeRect = { x: W - side, y: 0, w: side, h: H }
    } else {
      curveRect = { x: 0, y: 0, w: W, h: H }
      planeRect = { x: 0, y: 0, w: 0, h: 0 }
    }
    placeCanvas(curveCanvas, curveRect, scale)
    placeCanvas(planeCanvas, planeRect, scale)
    planeCanvas.style.display = showPlane ? '' : 'none'
    render()
  }

  /* ---------- drawing helpers */
  const clipInside = (g: CanvasRenderingContext2D, f: Frame) => {
    g.beginPath()
    g.rect(f.x0 + 1, f.y0 + 1, f.w - 2, f.h - 2)
    g.clip()
  }

  const pill = (g: CanvasRenderingContext2D, text: string, colour: string, x: number, y: number, align: 'left' | 'right') => {
    g.font = fontPx(tickSize(), '700')
    const w = g.measureText(text).width + 18
    const h = tickSize() + 10
    const left = align === 'right' ? x - w : x
    g.fillStyle = colour
    g.beginPath()
    g.roundRect(left, y, w, h, h / 2)
    g.fill()
    g.fillStyle = '#fff'
    g.textAlign = 'left'
    g.textBaseline = 'middle'
    g.fillText(text, left + 9, y + h / 2 + 1)
    return w
  }

  /** text with a white halo, so it stays readable over curves and shading */
  const halo = (g: CanvasRenderingContext2D, text: string, x: number, y: number) => {
    g.lineWidth = 4
    g.strokeStyle = 'rgba(255,255,255,0.92)'
    g.lineJoin = 'round'
    g.strokeText(text, x, y)
    g.fillText(text, x, y)
  }

  /* ---------- activation panel */
  const drawCurves = () => {
    const g = cctx
    clearToWhite(g, curveRect, scale)
    const left = compact ? 50 : 58
    const top = 40
    const f0 = { x0: left, y0: top, w: curveRect.w - left - 12, h: curveRect.h - top - 50 }
    if (f0.w < 40 || f0.h < 40) {
      curveFrame = null
      return
    }
    const c = curveData()
    let yMin: number
    let yMax: number
    if (activation === 'sigmoid') [yMin, yMax] = [-0.12, 1.12]
    else if (activation === 'tanh') [yMin, yMax] = [-1.2, 1.2]
    else [yMin, yMax] = [-0.08 * zRange, 1.06 * zRange]
    const f: Frame = { ...f0, xMin: -zRange, xMax: zRange, yMin, yMax }
    curveFrame = f
    const xt = ticks(-zRange, zRange, Math.max(4, Math.floor(f.w / 70)))
    const yt = activation === 'relu' ? ticks(0, yMax, Math.max(3, Math.floor(f.h / 55))) : activation === 'tanh' ? [-1, -0.5, 0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1]
    // shaded flat regions, under everything
    const regions = flatRegions(activation, options.threshold, -zRange, zRange)
    g.save()
    clipInside(g, f)
    for (const r of regions) {
      g.fillStyle = r.kind === 'dead' ? rgba(lavaRGB, 0.13) : rgba(graphiteRGB, 0.1)
      g.fillRect(px(f, r.from), f.y0, px(f, r.to) - px(f, r.from), f.h)
    }
    g.restore()
    drawAxes(g, f, axisStyle(), { xName: 'z = w₁x₁ + w₂x₂ + b', yName: '', xTicks: xt, yTicks: yt, xNameGap: 24 })
    g.save()
    clipInside(g, f)
    // zero lines
    g.strokeStyle = 'rgba(72,66,77,0.45)'
    g.lineWidth = 1.5
    g.beginPath()
    g.moveTo(f.x0, py(f, 0))
    g.lineTo(f.x0 + f.w, py(f, 0))
    g.moveTo(px(f, 0), f.y0)
    g.lineTo(px(f, 0), f.y0 + f.h)
    g.stroke()
    // region labels, halfway up where neither curve runs (two lines when one does not fit)
    g.font = fontPx(tickSize(), '600')
    g.fillStyle = palette.graphite
    g.textAlign = 'center'
    g.textBaseline = 'middle'
    const labelY = py(f, activation === 'relu' ? 0.5 * yMax : 0.5)
    for (const r of regions) {
      const x0 = px(f, r.from)
      const x1 = px(f, r.to)
      const w = x1 - x0 - 8
      const [a, b] = r.kind === 'dead' ? ['dead ReLU:', 'gradient = 0'] : ['saturation:', 'gradient ≈ 0']
      const one = `${a} ${b}`
      const cx = (x0 + x1) / 2
      const line = tickSize() + 5
      if (g.measureText(one).width <= w) halo(g, one, cx, labelY)
      else if (Math.max(g.measureText(a).width, g.measureText(b).width) <= w) {
        halo(g, a, cx, labelY - line / 2)
        halo(g, b, cx, labelY + line / 2)
      } else if (g.measureText('≈ 0').width <= w) halo(g, r.kind === 'dead' ? '= 0' : '≈ 0', cx, labelY)
    }
    // curves: φ′ dashed (olivine), φ solid (magma)
    const line = (values: Float32Array) => {
      g.beginPath()
      for (let i = 0; i < c.zs.length; i++) {
        const x = px(f, c.zs[i])
        const y = py(f, values[i])
        if (i === 0) g.moveTo(x, y)
        else g.lineTo(x, y)
      }
      g.stroke()
    }
    g.lineJoin = 'round'
    g.lineCap = 'round'
    g.strokeStyle = palette.olivine
    g.lineWidth = 4
    g.setLineDash([12, 8])
    line(c.grad)
    g.setLineDash([])
    g.strokeStyle = '#fff'
    g.lineWidth = 8
    line(c.phi)
    g.strokeStyle = palette.magma
    g.lineWidth = 5
    line(c.phi)
    // current z
    const z = clamp(state.z, -zRange, zRange)
    const zx = px(f, z)
    g.strokeStyle = palette.graphite
    g.lineWidth = 2
    g.setLineDash([6, 6])
    g.beginPath()
    g.moveTo(zx, f.y0)
    g.lineTo(zx, f.y0 + f.h)
    g.stroke()
    g.setLineDash([])
    const dot = (y: number, r: number, colour: string) => {
      g.beginPath()
      g.arc(zx, py(f, y), r, 0, 2 * Math.PI)
      g.fillStyle = colour
      g.fill()
      g.strokeStyle = '#fff'
      g.lineWidth = 3
      g.stroke()
    }
    dot(state.grad, 8, palette.olivine)
    dot(state.h, 10, palette.magma)
    g.restore()
    // current z: a marker on the axis
    g.fillStyle = palette.graphite
    g.beginPath()
    g.moveTo(zx, f.y0 + f.h - 1)
    g.lineTo(zx - 8, f.y0 + f.h - 13)
    g.lineTo(zx + 8, f.y0 + f.h - 13)
    g.closePath()
    g.fill()
    // legend and status above the plot
    const name = NAMES[activation].text
    let x = f.x0 + 2
    const y = 19
    g.font = fontPx(tickSize() + 1)
    g.textBaseline = 'middle'
    g.textAlign = 'left'
    const swatch = (label: string, colour: string, dash: number[]) => {
      g.strokeStyle = colour
      g.lineWidth = dash.length ? 4 : 5
      g.setLineDash(dash)
      g.beginPath()
      g.moveTo(x, y)
      g.lineTo(x + 26, y)
      g.stroke()
      g.setLineDash([])
      g.fillStyle = palette.graphite
      g.fillText(label, x + 32, y)
      x += 32 + g.measureText(label).width + 20
    }
    swatch(`${name}(z)`, palette.magma, [])
    swatch(`${name}′(z)`, palette.olivine, [9, 6])
    const status = state.status
    const text = status === 'active' ? 'active' : status === 'dead' ? 'dead: no gradient' : 'saturated'
    const colour = status === 'active' ? palette.olivine : status === 'dead' ? palette.lava : palette.graphiteAccent
    g.font = fontPx(tickSize(), '700')
    if (x + g.measureText(text).width + 18 <= f.x0 + f.w) pill(g, text, colour, f.x0 + f.w, 5, 'right')
  }

  /* ---------- plane panel */
  const drawPlane = () => {
    const g = pctx
    if (!showPlane) {
      planeFrame = null
      return
    }
    clearToWhite(g, planeRect, scale)
    const left = 50
    const top = 40
    const size = Math.min(planeRect.w - left - 10, planeRect.h - top - 50)
    if (size < 60) {
      planeFrame = null
      return
    }
    const f: Frame = { x0: left + (planeRect.w - left - 10 - size) / 2, y0: top, w: size, h: size, xMin: -PLANE, xMax: PLANE, yMin: -PLANE, yMax: PLANE }
    planeFrame = f
    const n = Math.min(120, Math.max(24, Math.round(size / 4)))
    const values = outputPlane(tf, activation, unit, -PLANE, PLANE, n)
    let [lo, hi] = outputRange(activation) ?? [0, 0]
    if (activation === 'relu') {
      for (const v of values) hi = Math.max(hi, v)
      hi = Math.max(hi, 1)
    }
    const tile = heatTile(doc, values, n, n, heatStops, (v) => (v - lo) / (hi - lo))
    g.save()
    clipInside(g, f)
    g.imageSmoothingEnabled = true
    g.imageSmoothingQuality = 'high'
    const cell = f.w / (n - 1)
    g.drawImage(tile, f.x0 - cell / 2, f.y0 - cell / 2, f.w + cell, f.h + cell)
    g.restore()
    drawAxes(g, f, axisStyle(), {
      xName: 'x₁',
      yName: 'x₂',
      xTicks: [-4, -2, 0, 2, 4],
      yTicks: [-4, -2, 0, 2, 4],
      xNameGap: 24,
      yNameX: f.x0 - (compact ? 38 : 44),
    })
    g.save()
    clipInside(g, f)
    // boundary z = 0: w₁x₁ + w₂x₂ + b = 0
    const { w1, w2, b } = unit
    const norm2 = w1 * w1 + w2 * w2
    if (norm2 > 1e-9) {
      const p0 = [(-b * w1) / norm2, (-b * w2) / norm2] // closest point to the origin
      const t = [-w2, w1]
      const L = 4 * PLANE
      g.strokeStyle = palette.graphite
      g.lineWidth = 3.5
      g.beginPath()
      g.moveTo(px(f, p0[0] - t[0] * L), py(f, p0[1] - t[1] * L))
      g.lineTo(px(f, p0[0] + t[0] * L), py(f, p0[1] + t[1] * L))
      g.stroke()
      // the weight vector, normal to the boundary, from its closest point to the origin
      const inside = Math.abs(p0[0]) < PLANE * 0.85 && Math.abs(p0[1]) < PLANE * 0.85
      if (inside) {
        const len = 1.6 / Math.sqrt(norm2)
        const ax = px(f, p0[0])
        const ay = py(f, p0[1])
        const bx = px(f, p0[0] + w1 * len)
        const by = py(f, p0[1] + w2 * len)
        const ang = Math.atan2(by - ay, bx - ax)
        g.strokeStyle = palette.graphite
        g.fillStyle = palette.graphite
        g.lineWidth = 3.5
        g.beginPath()
        g.moveTo(ax, ay)
        g.lineTo(bx - 8 * Math.cos(ang), by - 8 * Math.sin(ang))
        g.stroke()
        g.beginPath()
        g.moveTo(bx, by)
        g.lineTo(bx - 14 * Math.cos(ang - 0.45), by - 14 * Math.sin(ang - 0.45))
        g.lineTo(bx - 14 * Math.cos(ang + 0.45), by - 14 * Math.sin(ang + 0.45))
        g.closePath()
        g.fill()
        g.font = fontPx(tickSize() + 1, 'italic 700')
        g.textAlign = 'center'
        g.textBaseline = 'middle'
        halo(g, 'w', bx + 14 * Math.cos(ang), by + 14 * Math.sin(ang))
      }
    }
    // the input point
    const xx = px(f, unit.x1)
    const xy = py(f, unit.x2)
    g.beginPath()
    g.arc(xx, xy, 11, 0, 2 * Math.PI)
    g.fillStyle = palette.magma
    g.fill()
    g.strokeStyle = '#fff'
    g.lineWidth = 3
    g.stroke()
    g.font = fontPx(tickSize(), '700')
    g.fillStyle = palette.graphite
    g.textAlign = xx > f.x0 + f.w - 40 ? 'right' : 'left'
    g.textBaseline = 'middle'
    halo(g, 'x', xx + (xx > f.x0 + f.w - 40 ? -17 : 17), xy - 14)
    g.restore()
    // title: a colour bar from the lowest to the highest output
    g.font = fontPx(tickSize() + 1)
    g.fillStyle = palette.graphite
    g.textAlign = 'left'
    g.textBaseline = 'middle'
    const label = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1))
    let x = f.x0 - 30
    const y = 19
    g.fillText('h:', x, y)
    x += g.measureText('h:').width + 8
    g.fillText(label(lo), x, y)
    x += g.measureText(label(lo)).width + 6
    const barW = Math.max(40, Math.min(110, f.x0 + f.w - x - g.measureText(label(hi)).width - 6 - 80))
    const grad = g.createLinearGradient(x, 0, x + barW, 0)
    heatStops.forEach((c, i) => grad.addColorStop(i / (heatStops.length - 1), rgba(c, 1)))
    g.fillStyle = grad
    g.fillRect(x, y - 8, barW, 16)
    g.strokeStyle = palette.graphite
    g.lineWidth = 1
    g.strokeRect(x, y - 8, barW, 16)
    x += barW + 6
    g.fillStyle = palette.graphite
    g.fillText(label(hi), x, y)
    x += g.measureText(label(hi)).width + 16
    g.strokeStyle = palette.graphite
    g.lineWidth = 3.5
    const rest = 'z = 0'
    if (x + 30 + g.measureText(rest).width <= f.x0 + f.w + 10) {
      g.beginPath()
      g.moveTo(x, y)
      g.lineTo(x + 24, y)
      g.stroke()
      g.fillText(rest, x + 30, y)
    }
  }

  /* ---------- readout, sliders, data attributes */
  const renderReadout = () => {
    const n = NAMES[activation].tex
    const v = (x: number) => texNumber(x, 2)
    const par = (x: number) => (x < 0 ? `(${v(x)})` : v(x))
    const terms = `${par(unit.w1)}\\cdot ${par(unit.x1)} + ${par(unit.w2)}\\cdot ${par(unit.x2)} + ${par(unit.b)}`
    zOut.innerHTML = compact
      ? tex(`z = ${terms} = ${v(state.z)}`)
      : tex(`z = w_1x_1 + w_2x_2 + b = ${terms} = ${v(state.z)}`)
    hOut.innerHTML = tex(`h = ${n}(z) = ${texNumber(state.h, 3)}`)
    gOut.innerHTML = tex(`${n}'(z) = ${texNumber(state.grad, 3)}`)
    for (const k of keys) {
      const { input, output } = sliders[k]
      input.value = String(unit[k])
      output.textContent = unit[k].toFixed(1)
      input.setAttribute('aria-valuetext', `${k} ${unit[k].toFixed(1)}`)
    }
    select.value = activation
    const d = box.dataset
    d.step = '0'
    d.z = String(state.z)
    d.h = String(state.h)
    d.grad = String(state.grad)
    d.status = state.status
    d.activation = activation
    for (const k of keys) d[k] = String(unit[k])
    if (state.status !== lastStatus) {
      lastStatus = state.status
      live.textContent =
        state.status === 'dead'
          ? 'Dead ReLU: z is negative, the gradient is zero.'
          : state.status === 'saturated'
            ? 'Saturated: the gradient is almost zero.'
            : 'Active: the gradient flows.'
    }
  }

  function render() {
    drawCurves()
    drawPlane()
    renderReadout()
  }

  const update = () => {
    recompute()
    render()
  }

  const setParam = (k: keyof Unit, v: number) => {
    unit[k] = round1(clamp(v, options.ranges[k][0], options.ranges[k][1]))
    update()
  }

  const setActivation = (a: Activation) => {
    activation = a
    update()
  }

  const reset = () => {
    Object.assign(unit, options.unit)
    activation = options.activation
    dragging = null
    update()
  }

  /* ---------- events */
  const { focusRoot, onPointerDown } = rootFocus(root)
  const local = (canvas: HTMLCanvasElement, e: PointerEvent) => {
    const r = canvas.getBoundingClientRect()
    // CSS px of the canvas, whatever the slide's zoom
    return [((e.clientX - r.left) / r.width) * canvas.clientWidth, ((e.clientY - r.top) / r.height) * canvas.clientHeight]
  }
  const dragCurve = (e: PointerEvent) => {
    const f = curveFrame
    if (!f) return
    const [x] = local(curveCanvas, e)
    const z = f.xMin + ((x - f.x0) / f.w) * (f.xMax - f.xMin)
    setParam('b', z - unit.w1 * unit.x1 - unit.w2 * unit.x2)
  }
  const dragPlane = (e: PointerEvent) => {
    const f = planeFrame
    if (!f) return
    const [x, y] = local(planeCanvas, e)
    unit.x1 = round1(clamp(f.xMin + ((x - f.x0) / f.w) * (f.xMax - f.xMin), options.ranges.x1[0], options.ranges.x1[1]))
    unit.x2 = round1(clamp(f.yMax - ((y - f.y0) / f.h) * (f.yMax - f.yMin), options.ranges.x2[0], options.ranges.x2[1]))
    update()
  }
  /** a left press on `canvas` near its frame (`below`: px of slack under it) starts dragging `which` */
  const onDown = (which: 'curve' | 'plane', canvas: HTMLCanvasElement, frame: () => Frame | null, below: number, drag: (e: PointerEvent) => void) => (e: PointerEvent) => {
    const f = frame()
    if (!f || e.button !== 0) return
    const [x, y] = local(canvas, e)
    if (x < f.x0 - 10 || x > f.x0 + f.w + 10 || y < f.y0 - 10 || y > f.y0 + f.h + below) return
    dragging = which
    canvas.setPointerCapture(e.pointerId)
    drag(e)
    e.preventDefault()
  }
  const onCurveDown = onDown('curve', curveCanvas, () => curveFrame, 30, dragCurve)
  const onPlaneDown = onDown('plane', planeCanvas, () => planeFrame, 10, dragPlane)
  const onMove = (e: PointerEvent) => {
    if (dragging === 'curve') dragCurve(e)
    else if (dragging === 'plane') dragPlane(e)
  }
  const onUp = () => {
    if (!dragging) return
    dragging = null
    update() // the z range may adapt now
  }
  const onKey = keyListener(
    {
      a: () => setActivation(ACTIVATIONS[(ACTIVATIONS.indexOf(activation) + 1) % ACTIVATIONS.length]),
      '[': () => setParam('b', unit.b - 0.5),
      ']': () => setParam('b', unit.b + 0.5),
      r: () => reset(),
    },
    (e) => {
      const target = e.target as HTMLElement
      return target.tagName === 'SELECT' || target.tagName === 'INPUT'
    },
  )

  const lifecycle = viewLifecycle(() => layout())
  for (const k of keys) {
    lifecycle.on(sliders[k].input, 'input', () => setParam(k, Number(sliders[k].input.value)))
    lifecycle.on(sliders[k].input, 'change', focusRoot)
  }
  lifecycle.on(select, 'change', () => {
    setActivation(select.value as Activation)
    focusRoot()
  })
  lifecycle.buttons((e) => e.preventDefault(), [[resetButton, reset]])
  lifecycle.on(curveCanvas, 'pointerdown', onCurveDown)
  lifecycle.on(planeCanvas, 'pointerdown', onPlaneDown)
  for (const c of [curveCanvas, planeCanvas]) {
    lifecycle.on(c, 'pointermove', onMove)
    lifecycle.on(c, 'pointerup', onUp)
    lifecycle.on(c, 'pointercancel', onUp)
  }
  lifecycle.root(root, onKey, onPointerDown)
  lifecycle.on(win, 'resize', layout)
  lifecycle.observe(plots, box)

  recompute()
  layout()

  return {
    reset,
    destroy() {
      lifecycle.end()
      detachShell()
      curveCache = null
    },
  }
}
