/**
 * Drawing and controls for the digits widget. Reads the model's host-side state, never its
 * tensors: one `model.step(n)` (one read-back) per animation frame, then a redraw.
 *
 *   ┌─ accuracy (%) ─────┬─ confusion (test) ──┬─ first-layer ─┬─ drawing pad ──┐
 *   │ train / test       │ 10x10 counts,       │ weights, one  │   (draw here)  │
 *   ├─ loss ─────────────┤ right = olivine,    │ 14x14 image a │                │
 *   │ train / test       │ wrong = lava        │ neuron        ├─ prediction ───┤
 *   │                    │                     │               │ 7, 10 bars     │
 *   ├────────────────────┴─────────────────────┴───────────────┴────────────────┤
 *   │ [play] [step] [reset] [clear]          step 240 · epoch 5.1 · test 91.4 % │
 *   └───────────────────────────────────────────────────────────────────────────┘
 * Narrow (half-width column): the pad beside ONE of the three panels, chosen with a menu;
 * icon-only buttons.
 */
import type { WidgetContext } from '../../src/widget/define'
import type { Palette } from '../../src/widget/palette'
import { mix, rgbOf, type RGB } from '../../src/widget/ui/colour'
import { controlsCss, iconButton, playStepReset } from '../../src/widget/ui/controls'
import { el, labelledCanvas, liveRegion } from '../../src/widget/ui/dom'
import { viewLifecycle } from '../../src/widget/ui/lifecycle'
import { player } from '../../src/widget/ui/player'
import { stepTimer } from '../../src/widget/ui/step-clock'
import { canvasScale, clearToWhite, placeCanvas, ticks, type Frame } from '../../src/widget/ui/plot-frame'
import { drawAxes, type AxisStyle } from '../../src/widget/ui/axes'
import { legend, lineSwatch, polyline, type LineStyle } from '../../src/widget/ui/lines'
import { attachShell, createShell } from '../../src/widget/ui/shell'
import { keyListener, rootFocus } from '../../src/widget/ui/keys'
import { CLASSES, PIXELS, SIDE, preprocessDrawing, type DigitsNet } from './model'

export type PanelName = 'curves' | 'confusion' | 'weights'

export interface ViewOptions {
  /** total height of the widget, CSS px */
  height: number
  /** mini-batch steps per second while playing */
  speed: number
  autoplay: boolean
  /** the panel shown beside the pad in a narrow layout */
  panel: PanelName
}

export interface View {
  /** train to `at` steps without animation and draw the result */
  snapshot(at: number | 'converged'): void
  destroy(): void
}

/** resolution of the hidden canvas the pad's ink is read from */
const INK = 224
/** stroke width, as a fraction of the pad's side (MNIST-like strokes once scaled to 20x20) */
const STROKE = 0.085

interface Rect {
  x: number
  y: number
  w: number
  h: number
}

const ACTIVATION_NAME = { relu: 'ReLU', sigmoid: 'sigmoid', tanh: 'tanh' } as const

function css(p: Palette): string {
  return (
    controlsCss('.ldd', p) +
    `
.ldd { box-sizing: border-box; width: 100%; display: flex; flex-direction: column; gap: 8px;
  color: ${p.graphite}; font-size: 18px; line-height: 1.2; user-select: none; -webkit-user-select: none; }
.ldd * { box-sizing: border-box; }
.ldd-panels { position: relative; flex: 1 1 auto; min-height: 0; }
.ldd-panels > canvas { position: absolute; display: block; }
.ldd-pad { touch-action: none; cursor: crosshair; border-radius: 10px; }
.ldd-hidden { display: none !important; }
.ldd-bar { display: flex; flex-wrap: nowrap; align-items: center; gap: 8px 16px; flex: 0 0 auto; }
.ldd-buttons { display: flex; gap: 8px; flex: none; }
.ldd-bar select { flex: none; }
.ldd-readout { flex: 1 1 auto; min-width: 0; overflow: hidden; text-align: right; font-size: 20px; padding-right: 4px;
  white-space: nowrap; text-overflow: ellipsis; font-variant-numeric: tabular-nums; }
.ldd-readout b { font-weight: 700; }
.ldd-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.ldd-focus:focus-visible { outline: 3px solid ${p.blueschist}; outline-offset: 3px; border-radius: 6px; }
`
  )
}

/** The biggest square tiles for `n` tiles in a w x h box: [columns, rows, tile side]. */
function tileGrid(n: number, w: number, h: number, gap: number): [number, number, number] {
  let best: [number, number, number] = [1, n, 0]
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols)
    const side = Math.floor(Math.min((w - (cols - 1) * gap) / cols, (h - (rows - 1) * gap) / rows))
    if (side > best[2]) best = [cols, rows, side]
  }
  return best
}

/** the smallest of 1, 2, 2.5, 5 × 10^k at or above v */
function niceCeil(v: number): number {
  const mag = 10 ** Math.floor(Math.log10(Math.max(v, 1)))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= v) return m * mag
  return 10 * mag
}

export function mountView(root: HTMLElement, model: DigitsNet, options: ViewOptions, ctx: WidgetContext): View {
  const palette = ctx.palette
  const doc = root.ownerDocument
  const win = doc.defaultView ?? window

  /* ---------- DOM */
  const { box, style } = createShell(doc, 'ldd', options.height, css(palette))

  const panels = el(doc, 'div', 'ldd-panels')
  const accCanvas = labelledCanvas(doc, 'Accuracy on the training and test digits, by step')
  const lossCanvas = labelledCanvas(doc, 'Cross-entropy loss on the training and test digits, by step')
  const confCanvas = labelledCanvas(doc, 'Confusion matrix on the test digits: true class by row, predicted class by column')
  const weightCanvas = labelledCanvas(doc, 'Input weights of the hidden neurons, one 14 by 14 image each: red positive, blue negative')
  const pad = labelledCanvas(doc, 'Drawing pad: draw a digit with the mouse or a finger', 'ldd-pad')
  const probCanvas = labelledCanvas(doc, 'Predicted class probabilities of the drawn digit')
  panels.append(accCanvas, lossCanvas, confCanvas, weightCanvas, pad, probCanvas)

  const bar = el(doc, 'div', 'ldd-bar')
  const buttons = el(doc, 'div', 'ldd-buttons')
  const { playButton, stepButton, resetButton } = playStepReset(doc, { play: 'Train / pause (k)', step: `${model.evalEvery} steps (.)`, reset: 'New network from the seed (r)' })
  const clearButton = iconButton(doc, 'reset', 'Clear', 'Clear the drawing pad (c)')
  // a cross for "clear" (the kit has no such icon): replace the reset arrow's path
  clearButton.querySelector('path')?.setAttribute('d', 'M6.4 4.3 12 9.9l5.6-5.6 2.1 2.1-5.6 5.6 5.6 5.6-2.1 2.1-5.6-5.6-5.6 5.6-2.1-2.1 5.6-5.6-5.6-5.6z')
  buttons.append(playButton, stepButton, resetButton, clearButton)
  const select = doc.createElement('select')
  select.setAttribute('aria-label', 'Panel beside the pad')
  for (const [value, text] of [
    ['curves', 'Curves'],
    ['confusion', 'Confusion'],
    ['weights', 'Weights'],
  ]) {
    const o = doc.createElement('option')
    o.value = value
    o.textContent = text
    select.append(o)
  }
  select.value = options.panel
  const readout = el(doc, 'div', 'ldd-readout')
  const live = liveRegion(doc, 'ldd-sr')
  bar.append(buttons, select, readout, live)
  box.append(style, panels, bar)

  const detachShell = attachShell(root, box, 'ldd-focus', 'Digits network: k train or pause, period steps, r reset, c clears the drawing pad')

  const actx = accCanvas.getContext('2d')!
  const lctx = lossCanvas.getContext('2d')!
  const cctx = confCanvas.getContext('2d')!
  const wctx = weightCanvas.getContext('2d')!
  const pctx = pad.getContext('2d')!
  const bctx = probCanvas.getContext('2d')!
  const ink = doc.createElement('canvas')
  ink.width = ink.height = INK
  const ictx = ink.getContext('2d', { willReadFrequently: true })!
  const tile = doc.createElement('canvas') // one 14x14 image, scaled up with drawImage
  tile.width = tile.height = SIDE
  const tctx = tile.getContext('2d')!
  const tileImage = tctx.createImageData(SIDE, SIDE)

  const rgb = (c: string) => rgbOf(cctx, c)
  const white: RGB = [255, 255, 255]
  const blue = rgb(palette.blueschist)
  const deepBlue = mix([blue, rgb(palette.graphite)], 0.55)
  const red = rgb(palette.lava)
  const deepRed = rgb(palette.rubis)
  const diverging: RGB[] = [deepBlue, blue, white, red, deepRed]
  const right: RGB[] = [white, rgb(palette.olivine)]
  const wrong: RGB[] = [white, red]
  const css3 = (c: RGB) => `rgb(${Math.round(c[0])},${Math.round(c[1])},${Math.round(c[2])})`

  /* ---------- state (per widget, never module-level) */
  let narrow = false
  let compact = false
  let scale = 1
  let font = 'Helvetica, Arial, sans-serif'
  let shown: PanelName = options.panel
  let strokes: [number, number][][] = []
  let drawing: number | null = null // pointer id while drawing
  let seen: Float32Array | null = null // the pad's digit as the network sees it
  let probs: Float32Array | null = null
  let predictFrame = 0
  let rects: Record<'acc' | 'loss' | 'conf' | 'weights' | 'pad' | 'prob', Rect | null> = {
    acc: null,
    loss: null,
    conf: null,
    weights: null,
    pad: null,
    prob: null,
  }
  let lastStatus = ''
  let curvePoints = -1

  const fontPx = (size: number, weight = '') => `${weight} ${size}px ${font}`.trim()

  /* ---------- curves: accuracy above loss, sharing their step axis */
  const TRAIN: LineStyle = { colour: palette.blueschist, width: 3.5 }
  const TEST: LineStyle = { colour: palette.magma, width: 3.5 }
  /** px left of both plots: tick labels and the rotated axis name, the same on both so their step axes line up */
  const CURVE_LEFT = 64
  const CURVE_RIGHT = 14

  /** one plot of train and test values by step; `top` for the accuracy (legend, no step labels) */
  const drawCurve = (g: CanvasRenderingContext2D, r: Rect, top: boolean, yName: string, yMax: number, train: number[], test: number[], k: number, xMax: number) => {
    clearToWhite(g, r, scale)
    // room for the legend above the accuracy, for the step axis below the loss, and between the two
    // for the tick labels that overhang the frames
    const y0 = top ? 34 : 14
    const f: Frame = { x0: CURVE_LEFT, y0, w: r.w - CURVE_LEFT - CURVE_RIGHT, h: r.h - y0 - (top ? 12 : 50), xMin: 0, xMax, yMin: 0, yMax }
    if (f.w < 40 || f.h < 30) return
    const style: AxisStyle = { palette, font: fontPx, size: 16, compact }
    drawAxes(g, f, style, { xName: top ? '' : 'step', yName, xLabels: !top, yNameX: 12 })
    const steps = model.history.step
    polyline(g, f, steps, train.map((v) => v * k), TRAIN)
    polyline(g, f, steps, test.map((v) => v * k), TEST)
    if (top)
      legend(g, { palette, font: fontPx, size: 17, gap: 16 }, [
        ['train', lineSwatch({ ...TRAIN, width: 4 })],
        ['test', lineSwatch({ ...TEST, width: 4 })],
      ], { left: f.x0, right: f.x0 + f.w, y: 16, align: 'right' })
  }

  const drawCurves = (force = false) => {
    const h = model.history
    if (!force && h.step.length === curvePoints) return
    curvePoints = h.step.length
    // the same step range on both, growing with training
    const last = h.step[h.step.length - 1] ?? 0
    const xMax = niceCeil(Math.max(model.evalEvery * 5, last))
    if (rects.acc) drawCurve(actx, rects.acc, true, 'accuracy (%)', 100, h.trainAccuracy, h.testAccuracy, 100, xMax)
    if (rects.loss) {
      // a round top above the largest loss
      let max = 0
      for (const v of [...h.trainLoss, ...h.testLoss]) if (Number.isFinite(v)) max = Math.max(max, v)
      const t = ticks(0, max || 1, 3)
      const unit = t[1] - t[0]
      const yMax = Math.max(unit, Math.ceil(max / unit - 1e-9) * unit)
      drawCurve(lctx, rects.loss, false, 'loss', yMax, h.trainLoss, h.testLoss, 1, xMax)
    }
  }

  /* ---------- layout */
  const place = (c: HTMLCanvasElement, r: Rect | null) => {
    c.classList.toggle('ldd-hidden', !r)
    if (r) placeCanvas(c, r, scale)
  }

  const layout = () => {
    const W = panels.clientWidth
    const H = panels.clientHeight
    if (W <= 0 || H <= 0) return
    scale = canvasScale(panels)
    font = win.getComputedStyle(box).fontFamily || font
    narrow = W < 980
    compact = box.clientWidth < 760
    box.classList.toggle('live-compact', compact)
    select.classList.toggle('ldd-hidden', !narrow)
    const gap = 16
    // pad column: the pad on top, the prediction below
    const side = Math.floor(Math.max(120, Math.min(H * 0.6, narrow ? W * 0.42 : 250, H - 120)))
    const colW = Math.max(side, narrow ? 0 : 230)
    const colX = W - colW
    const padRect = { x: colX + (colW - side) / 2, y: 0, w: side, h: side }
    const probRect = { x: colX, y: side + 10, w: colW, h: H - side - 10 }
    const restW = colX - gap
    const next: typeof rects = { acc: null, loss: null, conf: null, weights: null, pad: padRect, prob: probRect }
    const curves = (x: number, w: number) => {
      const accH = Math.round(H * 0.5)
      next.acc = { x, y: 0, w, h: accH }
      next.loss = { x, y: accH, w, h: H - accH }
    }
    if (narrow) {
      shown = select.value as PanelName
      const r = { x: 0, y: 0, w: restW, h: H }
      if (shown === 'curves') curves(0, restW)
      else if (shown === 'confusion') next.conf = r
      else next.weights = r
    } else {
      // the confusion matrix as large as the height allows, the weights a column of tiles
      const confW = Math.min(H + 30, Math.round(restW * 0.4))
      const weightsW = Math.round(restW * 0.25)
      const curvesW = restW - confW - weightsW - 2 * gap
      curves(0, curvesW)
      next.conf = { x: curvesW + gap, y: 0, w: confW, h: H }
      next.weights = { x: curvesW + gap + confW + gap, y: 0, w: weightsW, h: H }
    }
    rects = next
    place(accCanvas, rects.acc)
    place(lossCanvas, rects.loss)
    place(confCanvas, rects.conf)
    place(weightCanvas, rects.weights)
    place(pad, rects.pad)
    place(probCanvas, rects.prob)
    render(true)
  }

  /** clears a panel's canvas and sets the title font: 18 px bold graphite, from the top left */
  const titledPanel = (g: CanvasRenderingContext2D, r: Rect) => {
    g.setTransform(scale, 0, 0, scale, 0, 0)
    g.clearRect(0, 0, r.w, r.h)
    g.fillStyle = palette.graphite
    g.font = fontPx(18, '600')
    g.textAlign = 'left'
    g.textBaseline = 'top'
  }

  /* ---------- confusion matrix */
  const drawConfusion = () => {
    const r = rects.conf
    if (!r) return
    const g = cctx
    titledPanel(g, r)
    g.fillText(`Confusion (${model.testCount} test digits)`, 0, 2, r.w)
    const top = 30 + 22 // title, then the "predicted" axis title
    const left = 24 + 20 // the "true" axis title, then the row labels
    const cell = Math.floor(Math.min((r.w - left - 2) / CLASSES, (r.h - top - 22) / CLASSES))
    if (cell < 6) return
    const x0 = left
    const y0 = top + 20 // column labels above the grid
    const counts = model.confusion
    g.font = fontPx(17, 'italic')
    g.textAlign = 'center'
    g.fillText('predicted', x0 + (cell * CLASSES) / 2, 30)
    g.save()
    g.translate(10, y0 + (cell * CLASSES) / 2)
    g.rotate(-Math.PI / 2)
    g.textBaseline = 'middle'
    g.fillText('true', 0, 0)
    g.restore()
    g.font = fontPx(16, '600')
    g.textBaseline = 'middle'
    for (let k = 0; k < CLASSES; k++) {
      g.fillText(String(k), x0 + (k + 0.5) * cell, y0 - 10)
      g.textAlign = 'right'
      g.fillText(String(k), x0 - 6, y0 + (k + 0.5) * cell)
      g.textAlign = 'center'
    }
    const countFont = cell >= 34 ? 17 : 16
    for (let t = 0; t < CLASSES; t++) {
      let total = 0
      for (let p = 0; p < CLASSES; p++) total += counts[t * CLASSES + p]
      for (let p = 0; p < CLASSES; p++) {
        const n = counts[t * CLASSES + p]
        const share = total > 0 ? n / total : 0
        // right answers in olivine by recall; errors in lava, amplified (they are rarer)
        const colour = t === p ? mix(right, share) : mix(wrong, Math.min(1, share * 4))
        const x = x0 + p * cell
        const y = y0 + t * cell
        g.fillStyle = css3(colour)
        g.fillRect(x, y, cell, cell)
        if (n > 0 && cell >= 24) {
          const dark = (t === p && share > 0.55) || (t !== p && share * 4 > 0.7)
          g.fillStyle = dark ? '#fff' : palette.graphite
          g.font = fontPx(countFont, t === p ? '700' : '600')
          g.fillText(String(n), x + cell / 2, y + cell / 2 + 1)
        }
      }
    }
    // grid and frame
    g.strokeStyle = 'rgba(72,66,77,0.18)'
    g.lineWidth = 1
    g.beginPath()
    for (let k = 1; k < CLASSES; k++) {
      g.moveTo(x0 + k * cell, y0)
      g.lineTo(x0 + k * cell, y0 + CLASSES * cell)
      g.moveTo(x0, y0 + k * cell)
      g.lineTo(x0 + CLASSES * cell, y0 + k * cell)
    }
    g.stroke()
    g.strokeStyle = palette.graphite
    g.lineWidth = 2
    g.strokeRect(x0, y0, CLASSES * cell, CLASSES * cell)
  }

  /* ---------- first-layer weights */
  const drawWeights = () => {
    const r = rects.weights
    if (!r) return
    const g = wctx
    titledPanel(g, r)
    const hidden = model.hidden
    g.fillText(r.w < 230 ? 'Input weights' : 'Input weights of neurons', 0, 2, r.w)
    // legend: − blue, + red
    const legendY = 30
    g.font = fontPx(16)
    g.textBaseline = 'middle'
    let lx = 0
    for (const [text, colour] of [
      ['< 0', css3(mix(diverging, 0.1))],
      ['> 0', css3(mix(diverging, 0.9))],
    ] as const) {
      g.fillStyle = colour
      g.fillRect(lx, legendY, 18, 18)
      g.fillStyle = palette.graphite
      g.fillText(text, lx + 24, legendY + 10)
      lx += 24 + g.measureText(text).width + 18
    }
    const top = legendY + 28
    const gap = 5
    // up to 32 neurons; fewer when the tiles would be too small to read
    let n = Math.min(hidden, 32)
    let [cols, , tileSide] = tileGrid(n, r.w, r.h - top - 24, gap)
    if (tileSide < 34 && n > 16) {
      n = 16
      ;[cols, , tileSide] = tileGrid(n, r.w, r.h - top - 24, gap)
    }
    if (tileSide < 8) return
    const w = model.weights
    const data = tileImage.data
    g.imageSmoothingEnabled = false
    for (let j = 0; j < n; j++) {
      let max = 1e-6
      for (let i = 0; i < PIXELS; i++) max = Math.max(max, Math.abs(w[i * hidden + j]))
      for (let i = 0; i < PIXELS; i++) {
        const c = mix(diverging, 0.5 + (0.5 * w[i * hidden + j]) / max)
        data[4 * i] = c[0]
        data[4 * i + 1] = c[1]
        data[4 * i + 2] = c[2]
        data[4 * i + 3] = 255
      }
      tctx.putImageData(tileImage, 0, 0)
      const x = (j % cols) * (tileSide + gap)
      const y = top + Math.floor(j / cols) * (tileSide + gap)
      g.drawImage(tile, x, y, tileSide, tileSide)
      g.strokeStyle = 'rgba(72,66,77,0.35)'
      g.lineWidth = 1
      g.strokeRect(x + 0.5, y + 0.5, tileSide - 1, tileSide - 1)
    }
    g.fillStyle = palette.graphite
    g.font = fontPx(16)
    g.textBaseline = 'top'
    const rows = Math.ceil(n / cols)
    g.fillText(n < hidden ? `${n} of ${hidden} neurons` : `${hidden} neurons`, 0, top + rows * (tileSide + gap) + 2, r.w)
  }

  /* ---------- drawing pad */
  const drawPad = () => {
    const r = rects.pad
    if (!r) return
    const g = pctx
    clearToWhite(g, r, scale)
    // the 20x20 box MNIST scales digits into, as a faint guide
    g.strokeStyle = 'rgba(72,66,77,0.16)'
    g.lineWidth = 2
    g.setLineDash([8, 8])
    const m = r.w * (4 / 28)
    g.strokeRect(m, m, r.w - 2 * m, r.h - 2 * m)
    g.setLineDash([])
    if (strokes.length === 0) {
      g.fillStyle = 'rgba(72,66,77,0.55)'
      g.font = fontPx(r.w < 180 ? 17 : 20, '600')
      g.textAlign = 'center'
      g.textBaseline = 'middle'
      g.fillText('draw a digit', r.w / 2, r.h / 2)
    }
    g.strokeStyle = palette.graphite
    g.fillStyle = palette.graphite
    paintStrokes(g, r.w)
    g.strokeStyle = palette.graphite
    g.lineWidth = 3
    g.strokeRect(1.5, 1.5, r.w - 3, r.h - 3)
  }

  /** strokes (in [0, 1] coordinates) painted on a `side`-px square */
  const paintStrokes = (g: CanvasRenderingContext2D, side: number) => {
    g.lineWidth = STROKE * side
    g.lineCap = 'round'
    g.lineJoin = 'round'
    for (const s of strokes) {
      g.beginPath()
      s.forEach(([x, y], i) => (i === 0 ? g.moveTo(x * side, y * side) : g.lineTo(x * side, y * side)))
      if (s.length === 1) g.lineTo(s[0][0] * side + 0.01, s[0][1] * side)
      g.stroke()
    }
  }

  /** the drawing as the network sees it, and its class probabilities */
  const predict = () => {
    predictFrame = 0
    if (strokes.length === 0) {
      seen = null
      probs = null
    } else {
      ictx.setTransform(1, 0, 0, 1, 0, 0)
      ictx.clearRect(0, 0, INK, INK)
      ictx.strokeStyle = '#000'
      paintStrokes(ictx, INK)
      const rgba = ictx.getImageData(0, 0, INK, INK).data
      const alpha = new Float32Array(INK * INK)
      for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[4 * i + 3] / 255
      seen = preprocessDrawing(alpha, INK, INK)
      probs = seen ? model.predict(seen) : null
    }
    drawProbs()
    renderState()
  }
  const schedulePredict = () => {
    if (!predictFrame) predictFrame = win.requestAnimationFrame(predict)
  }

  const predicted = (): number => {
    if (!probs) return -1
    let best = 0
    for (let k = 1; k < CLASSES; k++) if (probs[k] > probs[best]) best = k
    return best
  }

  const drawProbs = () => {
    const r = rects.prob
    if (!r) return
    const g = bctx
    g.setTransform(scale, 0, 0, scale, 0, 0)
    g.clearRect(0, 0, r.w, r.h)
    const best = predicted()
    // header: what the network sees, and its answer
    const headH = Math.min(56, Math.max(34, r.h * 0.36))
    const thumb = headH - 4
    g.fillStyle = '#000'
    g.fillRect(0, 2, thumb, thumb)
    if (seen) {
      const data = tileImage.data
      for (let i = 0; i < PIXELS; i++) {
        const v = Math.round(255 * seen[i])
        data[4 * i] = data[4 * i + 1] = data[4 * i + 2] = v
        data[4 * i + 3] = 255
      }
      tctx.putImageData(tileImage, 0, 0)
      g.imageSmoothingEnabled = false
      g.drawImage(tile, 0, 2, thumb, thumb)
    }
    g.fillStyle = palette.graphite
    g.textAlign = 'left'
    g.textBaseline = 'middle'
    const tx = thumb + 12
    if (best >= 0 && probs) {
      g.font = fontPx(Math.round(headH * 0.8), '700')
      g.fillStyle = palette.magma
      g.fillText(String(best), tx, 2 + thumb / 2 + 2)
      const w = g.measureText(String(best)).width
      g.font = fontPx(18, '600')
      g.fillStyle = palette.graphite
      g.fillText(`${(100 * probs[best]).toFixed(probs[best] > 0.995 ? 1 : 0)} %`, tx + w + 10, 2 + thumb / 2 + 2)
    } else {
      g.font = fontPx(17)
      g.fillText(r.w - tx > 150 ? '← seen by the net' : 'input', tx, 2 + thumb / 2)
    }
    // bars
    const labelH = 22
    const top = headH + 8
    const barH = r.h - top - labelH
    if (barH < 10) return
    const slot = r.w / CLASSES
    const bw = Math.max(4, slot * 0.68)
    g.strokeStyle = palette.graphite
    g.lineWidth = 2
    g.beginPath()
    g.moveTo(0, top + barH + 1)
    g.lineTo(r.w, top + barH + 1)
    g.stroke()
    g.font = fontPx(17, '600')
    g.textAlign = 'center'
    g.textBaseline = 'top'
    for (let k = 0; k < CLASSES; k++) {
      const x = k * slot + (slot - bw) / 2
      const p = probs ? probs[k] : 0
      const h = Math.max(p > 0.005 ? 2 : 0, p * barH)
      g.fillStyle = k === best ? palette.magma : palette.blueschist
      g.fillRect(x, top + barH - h, bw, h)
      g.fillStyle = k === best ? palette.magma : palette.graphite
      g.fillText(String(k), k * slot + slot / 2, top + barH + 4)
    }
  }

  /* ---------- readout and state */
  const renderState = () => {
    const status = model.status
    const acc = model.accuracy
    box.dataset.step = String(model.stepCount)
    box.dataset.status = status
    box.dataset.playing = String(playback.playing)
    box.dataset.loss = String(model.lastLoss)
    box.dataset.accuracy = String(acc)
    const best = predicted()
    box.dataset.prediction = best >= 0 ? String(best) : ''
    const pct = `${(100 * acc).toFixed(1)} %`
    const arch = `196 → ${model.hidden} ${ACTIVATION_NAME[model.activation]} → 10`
    const parts = compact
      ? [`step <b>${model.stepCount}</b>`, `test <b>${pct}</b>`]
      : [arch, `step <b>${model.stepCount}</b>`, `epoch ${model.epoch.toFixed(1)}`, `test accuracy <b>${pct}</b>`]
    if (narrow && !compact) parts.shift()
    readout.innerHTML = parts.join(' · ')
    if (status !== lastStatus) {
      lastStatus = status
      live.textContent = status === 'done' ? `Training done: test accuracy ${pct}.` : ''
    }
  }

  /** redraw what training changes (all of it when `full`) */
  function render(full = false) {
    drawCurves(full)
    drawConfusion()
    drawWeights()
    if (full) {
      drawPad()
      drawProbs()
    }
    renderState()
  }

  /* ---------- training */
  const playback = player({
    ctx,
    button: playButton,
    speed: options.speed,
    timer: stepTimer(2, 0.8),
    step: (n) => model.step(n),
    stepped: () => {
      if (strokes.length > 0) predict()
      render()
    },
    render: () => render(),
    finished: () => model.finished,
    reset: () => reset(),
    onPlay: () => renderState(),
  })
  /** one evaluation's worth of steps, so the curves and the matrix move */
  const stepOnce = () => {
    if (playback.playing) playback.pause()
    if (model.finished) return
    model.step(model.evalEvery - (model.stepCount % model.evalEvery))
    if (strokes.length > 0) predict()
    render()
  }
  function reset() {
    model.reset()
    playback.restart()
    if (strokes.length > 0) predict()
    render(true)
  }
  const clearPad = () => {
    strokes = []
    drawing = null
    drawPad()
    predict()
  }

  /* ---------- events */
  const { focusRoot, onPointerDown, keep } = rootFocus(root)
  const padPoint = (e: PointerEvent): [number, number] => {
    const b = pad.getBoundingClientRect()
    return [Math.min(1, Math.max(0, (e.clientX - b.left) / b.width)), Math.min(1, Math.max(0, (e.clientY - b.top) / b.height))]
  }
  const onPadDown = (e: PointerEvent) => {
    if (e.button !== 0) return
    e.preventDefault()
    e.stopPropagation()
    focusRoot()
    drawing = e.pointerId
    try {
      pad.setPointerCapture(e.pointerId)
    } catch {
      // synthetic events have no capturable pointer
    }
    strokes.push([padPoint(e)])
    drawPad()
    schedulePredict()
  }
  const onPadMove = (e: PointerEvent) => {
    if (drawing !== e.pointerId) return
    e.preventDefault()
    e.stopPropagation()
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : []
    const s = strokes[strokes.length - 1]
    for (const ev of events.length ? events : [e]) s.push(padPoint(ev))
    drawPad()
    schedulePredict()
  }
  const onPadUp = (e: PointerEvent) => {
    if (drawing !== e.pointerId) return
    e.stopPropagation()
    drawing = null
    schedulePredict()
  }
  const stop = (e: Event) => e.stopPropagation() // touches on the pad must not swipe slides
  const onKey = keyListener({ k: () => playback.toggle(), '.': () => stepOnce(), r: () => reset(), c: () => clearPad() }, (e) => e.target === select)
  const onPanel = () => {
    layout()
    focusRoot()
  }
  const lifecycle = viewLifecycle(() => layout(), ctx)
  lifecycle.buttons(keep, [
    [playButton, () => playback.toggle()],
    [stepButton, () => stepOnce()],
    [resetButton, () => reset()],
    [clearButton, () => clearPad()],
  ])
  lifecycle.on(select, 'change', onPanel)
  lifecycle.on(pad, 'pointerdown', onPadDown)
  lifecycle.on(pad, 'pointermove', onPadMove)
  lifecycle.on(pad, 'pointerup', onPadUp)
  lifecycle.on(pad, 'pointercancel', onPadUp)
  for (const type of ['touchstart', 'touchmove', 'touchend', 'mousedown', 'mouseup', 'click']) lifecycle.on(pad, type, stop)
  lifecycle.root(root, onKey, onPointerDown)
  lifecycle.on(win, 'resize', layout)
  lifecycle.observe(panels)

  /* ---------- start */
  layout()
  if (options.autoplay && !ctx.reducedMotion) playback.play()

  return {
    snapshot(at) {
      if (playback.playing) playback.pause()
      if (at === 'converged') model.runToConvergence()
      else model.runTo(at)
      if (strokes.length > 0) predict()
      render(true)
    },
    destroy() {
      playback.stop()
      if (predictFrame) win.cancelAnimationFrame(predictFrame)
      lifecycle.end()
      detachShell()
    },
  }
}
