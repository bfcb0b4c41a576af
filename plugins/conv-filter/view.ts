/**
 * Drawing and controls for the conv-filter widget. The view owns the DOM and canvases; the
 * maths (convolution, learning) lives in model.ts. One conv2d read-back per change in apply
 * mode; in learn mode one `learner.step(n)` (one read-back) and one output per frame.
 *
 *   apply:  [input image] [kernel grid, editable, ± ; Σ w·x when hovering] [output + colour bar]
 *   learn:  [input image] [target kernel / learned kernel]  [learned output] [loss, log scale]
 *   bar:    mode · (play step reset) · preset/target · size · readout
 * Panels sit in one row when the widget is wide, input and output over the kernels when it is
 * narrow or tall; the layout is chosen to give the images the most room with readable cells.
 */
import type { WidgetContext } from '../../src/widget/define'
import type { Palette } from '../../src/widget/palette'
import { mix, rgbOf, type RGB } from '../../src/widget/ui/colour'
import { controlsCss, playStepReset, textButton } from '../../src/widget/ui/controls'
import { el, labelledCanvas, liveRegion } from '../../src/widget/ui/dom'
import { viewLifecycle } from '../../src/widget/ui/lifecycle'
import { player } from '../../src/widget/ui/player'
import { stepTimer } from '../../src/widget/ui/step-clock'
import { tex, texNumber } from '../../src/widget/ui/math-text'
import { canvasScale, placeCanvas, px, py, tickLabel, ticks, type Frame } from '../../src/widget/ui/plot-frame'
import { attachShell, createShell } from '../../src/widget/ui/shell'
import { isFormField, keyListener, rootFocus } from '../../src/widget/ui/keys'
import {
  KernelLearner,
  convolve,
  effective,
  patch,
  preset,
  range,
  zebraImage,
  type Gray,
  type Kernel,
} from './model'
import { PRESET_NAMES, type PresetName } from './schema'

export interface ViewOptions {
  height: number
  mode: 'apply' | 'learn'
  kernel: PresetName
  size: 3 | 5
  target: PresetName
  optimizer: 'adam' | 'sgd'
  lr: number
  seed: number
  steps: number
  speed: number
  autoplay: boolean
}

export interface View {
  destroy(): void
  snapshot(at: number | 'converged'): Promise<void>
}

const LABELS: Record<PresetName, string> = {
  identity: 'Identity',
  'box-blur': 'Box blur',
  'gaussian-blur': 'Gaussian blur',
  sharpen: 'Sharpen',
  'sobel-x': 'Sobel x',
  'sobel-y': 'Sobel y',
  laplacian: 'Laplacian',
  emboss: 'Emboss',
}

/** A weight as shown in a cell: integers as they are, others with up to `digits` decimals. */
export function formatWeight(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return String(v)
  if (Number.isInteger(v)) return String(v).replace('-', '−')
  const s = Number(v.toFixed(digits))
  return (Object.is(s, -0) ? '0' : String(s)).replace('-', '−')
}

/** A learned weight with a fixed number of decimals ("2.0", "−0.1", never "−0.0"). */
export function formatFixed(v: number, digits: number): string {
  const s = v.toFixed(digits)
  return (Number(s) === 0 ? s.replace('-', '') : s).replace('-', '−')
}

/** Parses a typed weight: accepts "−", "," decimals and fractions like "1/9". */
export function parseWeight(text: string): number | null {
  const t = text.trim().replace(/−/g, '-').replace(',', '.')
  const m = t.match(/^(-?\d*\.?\d+)\s*\/\s*(\d*\.?\d+)$/)
  const v = m ? Number(m[1]) / Number(m[2]) : t === '' ? NaN : Number(t)
  return Number.isFinite(v) && Math.abs(v) <= 1000 ? v : null
}

function css(p: Palette): string {
  return (
    controlsCss('.cfw', p) +
    `
.cfw { box-sizing: border-box; width: 100%; display: flex; flex-direction: column; gap: 8px;
  color: ${p.graphite}; font-size: 18px; line-height: 1.2; user-select: none; -webkit-user-select: none; }
.cfw * { box-sizing: border-box; }
.cfw-panels { position: relative; flex: 1 1 auto; min-height: 0; }
.cfw-panel { position: absolute; display: flex; flex-direction: column; align-items: center; gap: 0; }
.cfw-title { height: 28px; line-height: 24px; font-size: 18px; font-weight: 600; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; max-width: 100%; text-align: center; }
.cfw-title math { font-size: 100%; }
.cfw canvas { display: block; touch-action: none; }
.cfw-canvas { position: relative; }
.cfw-kbody { display: flex; align-items: center; gap: 8px; }
.cfw-grid { display: grid; gap: 3px; }
.cfw-cell { position: relative; display: flex; flex-direction: column; align-items: center; justify-content: center;
  border: 2px solid ${p.graphite}; border-radius: 5px; background: #fff; overflow: hidden; }
.cfw-cell input, .cfw-cell span.cfw-v { width: 100%; white-space: nowrap; border: 0; background: transparent; text-align: center; font: inherit;
  font-weight: 700; color: ${p.graphite}; padding: 0; margin: 0; font-variant-numeric: tabular-nums; }
.cfw-cell input { cursor: text; }
.cfw-cell input:focus { outline: none; }
.cfw-cell.cfw-sel { box-shadow: 0 0 0 3px ${p.magma}; }
.cfw-cell .cfw-x { font-size: 16px; font-weight: 500; color: ${p.graphiteAccent}; line-height: 1; white-space: nowrap; }
.cfw-sum { min-height: 30px; font-size: 19px; text-align: center; white-space: nowrap; margin-top: 6px; }
.cfw-sum math { font-size: 100%; }
.cfw-pm { display: flex; gap: 8px; margin-top: 6px; align-items: center; }
.cfw-pm button { min-width: 44px; justify-content: center; padding: 4px 10px; font-size: 22px; line-height: 1; }
.cfw-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 14px; flex: 0 0 auto; }
.cfw-buttons { display: flex; gap: 8px; }
.cfw-readout { flex: 1 1 auto; min-width: 0; text-align: right; font-size: 20px; white-space: nowrap; overflow: hidden; }
.cfw.live-compact .cfw-readout { font-size: 18px; }
.cfw-readout math { font-size: 100%; }
.cfw-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.cfw-focus:focus-visible { outline: 3px solid ${p.blueschist}; outline-offset: 3px; border-radius: 6px; }
`
  )
}

/** A kernel drawn as a grid of cells, editable (inputs) or read-only. */
interface Grid {
  el: HTMLDivElement
  cells: HTMLDivElement[]
  values: (HTMLInputElement | HTMLSpanElement)[]
  notes: HTMLSpanElement[]
}

export function mountView(root: HTMLElement, options: ViewOptions, ctx: WidgetContext): View {
  const palette = ctx.palette
  const doc = root.ownerDocument
  const win = doc.defaultView ?? window
  const tf = ctx.tf
  const img: Gray = zebraImage(96)
  const N = img.side

  /* ---------------------------------------------------------------- state */
  let mode = options.mode
  let size: 3 | 5 = options.size
  let presetName: PresetName | 'custom' = options.kernel
  let basePreset: PresetName = options.kernel // the preset the custom kernel was edited from
  let kernel: Kernel = preset(options.kernel, size)
  let targetName: PresetName = options.target
  let learner: KernelLearner | null = null
  let output: Float32Array<ArrayBufferLike> = new Float32Array(N * N)
  let hover: { i: number; j: number } | null = null
  let selected = -1 // selected kernel cell (apply), -1 = centre
  let compact = false
  let scale = 1
  let cell = 56
  let lastStatus = ''

  /* ---------------------------------------------------------------- DOM */
  const { box, style } = createShell(doc, 'cfw', options.height, css(palette))
  box.append(style)
  const panels = el(doc, 'div', 'cfw-panels', box)

  const inputPanel = el(doc, 'div', 'cfw-panel', panels)
  const inputTitle = el(doc, 'div', 'cfw-title', inputPanel)
  inputTitle.textContent = 'Input'
  const inputCanvas = labelledCanvas(doc, 'Input: a 96 by 96 grayscale zebra')
  inputPanel.append(inputCanvas)

  const kernelPanel = el(doc, 'div', 'cfw-panel', panels)
  const kernelTitle = el(doc, 'div', 'cfw-title', kernelPanel)
  const kbody = el(doc, 'div', 'cfw-kbody', kernelPanel)
  const mainGridHolder = el(doc, 'div', '', kbody)
  const sumLine = el(doc, 'div', 'cfw-sum', kernelPanel)
  const pm = el(doc, 'div', 'cfw-pm', kernelPanel)
  const minus = textButton(doc, '−', 'Decrease the selected weight (-)', 'Decrease weight')
  const plus = textButton(doc, '+', 'Increase the selected weight (+)', 'Increase weight')
  pm.append(minus, plus)

  const learnedPanel = el(doc, 'div', 'cfw-panel', panels)
  const learnedTitle = el(doc, 'div', 'cfw-title', learnedPanel)
  learnedTitle.textContent = 'Learned kernel'
  const learnedGridHolder = el(doc, 'div', '', learnedPanel)

  const outputPanel = el(doc, 'div', 'cfw-panel', panels)
  const outputTitle = el(doc, 'div', 'cfw-title', outputPanel)
  const outputCanvas = el(doc, 'canvas', '', outputPanel)
  outputCanvas.setAttribute('role', 'img')

  const lossPanel = el(doc, 'div', 'cfw-panel', panels)
  const lossTitle = el(doc, 'div', 'cfw-title', lossPanel)
  const lossCanvas = labelledCanvas(doc, 'Loss (mean squared error) against training step, log scale')
  lossPanel.append(lossCanvas)

  const bar = el(doc, 'div', 'cfw-bar', box)
  const modeSelect = el(doc, 'select', '', bar)
  modeSelect.setAttribute('aria-label', 'Mode')
  modeSelect.title = 'Apply a kernel, or learn one by gradient descent (m)'
  for (const [v, t] of [
    ['apply', 'Apply a kernel'],
    ['learn', 'Learn a kernel'],
  ]) modeSelect.append(new Option(t, v))
  const buttons = el(doc, 'div', 'cfw-buttons', bar)
  const { playButton, stepButton, resetButton } = playStepReset(doc, { play: 'Train / pause (k)', step: 'One training step (.)', reset: 'Back to the random start (r)' })
  buttons.append(playButton, stepButton, resetButton)
  const presetSelect = el(doc, 'select', '', bar)
  presetSelect.setAttribute('aria-label', 'Kernel preset')
  presetSelect.title = 'Kernel preset ([ and ])'
  const sizeSelect = el(doc, 'select', '', bar)
  sizeSelect.setAttribute('aria-label', 'Kernel size')
  sizeSelect.title = 'Kernel size (3 and 5)'
  sizeSelect.append(new Option('3×3', '3'), new Option('5×5', '5'))
  const readout = el(doc, 'div', 'cfw-readout', bar)
  const live = liveRegion(doc, 'cfw-sr')
  bar.append(live)

  const detachShell = attachShell(root, box, 'cfw-focus', 'Convolution filter: plus and minus change the selected weight, brackets change the preset, 3 and 5 the size, m the mode; in learn mode k trains, period steps, r resets')

  const ictx = inputCanvas.getContext('2d')!
  const octx = outputCanvas.getContext('2d')!
  const lctx = lossCanvas.getContext('2d')!
  const rgb = (c: string) => rgbOf(octx, c)
  const divergingStops: RGB[] = [mix([rgb(palette.blueschist), rgb(palette.graphite)], 0.5), rgb(palette.blueschist), rgb(palette.sable), rgb(palette.terra), rgb(palette.magma)]
  const font = () => win.getComputedStyle(box).fontFamily || 'Helvetica, Arial, sans-serif'

  /* ---------------------------------------------------------------- grids */
  const makeGrid = (): Grid => {
    const g: Grid = { el: el(doc, 'div', 'cfw-grid'), cells: [], values: [], notes: [] }
    return g
  }
  const mainGrid = makeGrid()
  const learnedGrid = makeGrid()
  mainGridHolder.append(mainGrid.el)
  learnedGridHolder.append(learnedGrid.el)

  /** (Re)builds a grid's cells for the current size; editable cells are inputs. */
  const buildGrid = (g: Grid, editable: boolean) => {
    g.el.replaceChildren()
    g.cells = []
    g.values = []
    g.notes = []
    for (let k = 0; k < size * size; k++) {
      const c = el(doc, 'div', 'cfw-cell', g.el)
      let v: HTMLInputElement | HTMLSpanElement
      if (editable) {
        const input = el(doc, 'input', '', c)
        input.type = 'text'
        input.inputMode = 'decimal'
        input.spellcheck = false
        input.setAttribute('aria-label', `Weight row ${Math.floor(k / size) + 1}, column ${(k % size) + 1}`)
        input.dataset.k = String(k)
        v = input
      } else v = el(doc, 'span', 'cfw-v', c)
      const note = el(doc, 'span', 'cfw-x', c)
      g.cells.push(c)
      g.values.push(v)
      g.notes.push(note)
    }
  }

  const sizeGrid = (g: Grid, c: number) => {
    g.el.style.gridTemplateColumns = `repeat(${size}, ${c}px)`
    g.el.style.gridAutoRows = `${c}px`
    const fs = c >= 52 ? 20 : c >= 44 ? 18 : 16
    g.el.style.fontSize = `${fs}px`
  }

  /** Fills a grid with `shown` values (tinted by sign), and the hovered input values as notes. */
  const fillGrid = (g: Grid, shown: number[], digits: number, notes: number[] | null, fixed = false) => {
    let m = 0
    for (const v of shown) m = Math.max(m, Math.abs(v))
    for (let k = 0; k < shown.length && k < g.cells.length; k++) {
      const v = shown[k]
      const t = m > 0 ? v / m : 0
      const [r, gg, b] = mix(divergingStops.slice(1, 4), 0.5 + 0.5 * t * 0.9)
      g.cells[k].style.background = `rgb(${r | 0},${gg | 0},${b | 0})`
      const text = fixed ? formatFixed(v, digits) : formatWeight(v, digits)
      const valueEl = g.values[k]
      if (valueEl instanceof HTMLInputElement) {
        if (doc.activeElement !== valueEl) valueEl.value = text
      } else valueEl.textContent = text
      g.notes[k].textContent = notes ? `×${notes[k].toFixed(2)}` : ''
      g.notes[k].style.display = notes ? '' : 'none'
    }
  }

  /* ---------------------------------------------------------------- computing */
  const applied = (): number[] => (mode === 'learn' && learner ? learner.weights : effective(kernel))
  const gray = () => {
    if (mode === 'learn') return effective(preset(targetName, size)).reduce((s, v) => s + v, 0) >= 0.5
    return effective(kernel).reduce((s, v) => s + v, 0) >= 0.5
  }

  const recompute = () => {
    output = mode === 'learn' && learner ? learner.output() : convolve(tf, img, effective(kernel), size)
  }

  const newLearner = () => {
    learner?.dispose()
    learner = new KernelLearner(tf, {
      img,
      size,
      target: effective(preset(targetName, size)),
      optimizer: options.optimizer,
      lr: options.lr,
      seed: options.seed,
      maxSteps: options.steps,
    })
  }

  /* ---------------------------------------------------------------- layout */
  type Rect = { x: number; y: number; w: number; h: number }
  let lossRect: Rect = { x: 0, y: 0, w: 0, h: 0 }
  let side = 100 // image side in CSS px
  const T = 28 // title height
  const CB = 44 // colour bar under the output

  const place = (p: HTMLElement, x: number, y: number, w: number) => {
    p.style.left = `${Math.round(x)}px`
    p.style.top = `${Math.round(y)}px`
    p.style.width = `${Math.round(w)}px`
  }

  type PanelId = 'input' | 'output' | 'loss'
  const panelOf: Record<PanelId, HTMLElement> = { input: inputPanel, output: outputPanel, loss: lossPanel }

  const layout = () => {
    const W = panels.clientWidth
    const H = panels.clientHeight
    if (W < 10 || H < 10) return
    scale = canvasScale(panels)
    const wasCompact = compact
    compact = box.clientWidth < 760
    box.classList.toggle('live-compact', compact)
    inputTitle.textContent = compact ? 'Input' : 'Input image'
    modeSelect.options[0].text = compact ? 'Apply' : 'Apply a kernel'
    modeSelect.options[1].text = compact ? 'Learn' : 'Learn a kernel'
    if (wasCompact !== compact) fillPresetSelect()
    const learn = mode === 'learn'
    const gap = compact ? 12 : 22
    // kernel block size for a cell size c (learn: target and learned, stacked or side by side)
    const kblock = (c: number, stacked: boolean) => {
      const g = size * c + (size - 1) * 3
      if (!learn) return { w: Math.max(g, compact ? 150 : 210), h: T + g + 6 + 30 + 6 + 42 }
      return stacked ? { w: Math.max(g, 150), h: 2 * (T + g) + 10 } : { w: 2 * Math.max(g, 150) + 16, h: T + g }
    }
    // which image-like panels to show: a narrow learn mode drops the input, then the loss plot
    const sets: [PanelId[], number][] = !learn
      ? [[['input', 'output'], 0]]
      : [
          [['input', 'output', 'loss'], 0],
          [['output', 'loss'], compact ? 0 : -60],
          [['output'], -50],
        ]
    let best: { score: number; s: number; c: number; stacked: boolean; rows: boolean; set: PanelId[] } | null = null
    for (const [set, bonus] of sets) {
      const m = set.length
      for (const c of [64, 58, 52, 48, 44, 40, 36, 32]) {
        if ((size === 3 && c < 40) || (learn && c < 36)) continue
        for (const stacked of learn ? [true, false] : [true]) {
          const k = kblock(c, stacked)
          for (const rows of [false, true]) {
            let s: number
            if (!rows) {
              if (k.h > H) continue
              s = Math.min(H - T - CB, (W - k.w - gap * m) / m)
            } else {
              if (k.w > W) continue
              s = Math.min((W - gap * (m - 1)) / m, H - T - CB - gap - k.h)
            }
            s = Math.floor(Math.min(s, 460))
            if (s < 60) continue
            const score = s + 2 * Math.min(c, 56) + 0.1 * c + (rows ? 0 : 10) + bonus
            if (!best || score > best.score) best = { score, s, c, stacked, rows, set }
          }
        }
      }
    }
    if (!best) best = { score: 0, s: 60, c: 32, stacked: false, rows: false, set: learn ? ['output'] : ['input', 'output'] }
    cell = best.c
    side = best.s
    const shown = best.set
    for (const id of ['input', 'output', 'loss'] as PanelId[]) panelOf[id].style.display = shown.includes(id) ? '' : 'none'
    const k = kblock(cell, best.stacked)
    sizeGrid(mainGrid, cell)
    sizeGrid(learnedGrid, cell)
    const panelH = T + side + CB
    const m = shown.length
    // the kernels go after the input (or first, when the input is hidden)
    const kAt = shown[0] === 'input' ? 1 : 0
    if (!best.rows) {
      const total = side * m + k.w + gap * m
      let x = Math.max(0, (W - total) / 2)
      const y = Math.max(0, (H - Math.max(panelH, k.h)) / 2)
      shown.forEach((id, i) => {
        if (i === kAt) {
          placeKernels(x, y + Math.max(0, (panelH - CB - k.h) / 2), k.w, best.stacked)
          x += k.w + gap
        }
        place(panelOf[id], x, y, side)
        x += side + gap
      })
    } else {
      const total = side * m + gap * (m - 1)
      let x = Math.max(0, (W - total) / 2)
      const y = Math.max(0, (H - panelH - gap - k.h) / 2)
      for (const id of shown) {
        place(panelOf[id], x, y, side)
        x += side + gap
      }
      placeKernels((W - k.w) / 2, y + panelH + gap, k.w, best.stacked)
    }
    placeCanvas(inputCanvas, { x: 0, y: 0, w: side, h: side }, scale)
    placeCanvas(outputCanvas, { x: 0, y: 0, w: side, h: side + CB }, scale)
    lossRect = { x: 0, y: 0, w: side, h: side + CB }
    placeCanvas(lossCanvas, lossRect, scale)
    render()
  }

  const placeKernels = (x: number, y: number, w: number, stacked: boolean) => {
    if (mode !== 'learn') {
      place(kernelPanel, x, y, w)
      return
    }
    const g = Math.max(size * cell + (size - 1) * 3, 150)
    if (stacked) {
      place(kernelPanel, x, y, w)
      place(learnedPanel, x, y + T + size * cell + (size - 1) * 3 + 10, w)
    } else {
      place(kernelPanel, x, y, g)
      place(learnedPanel, x + g + 16, y, g)
    }
  }

  /* ---------------------------------------------------------------- drawing */
  const imageBitmap = (values: ArrayLike<number>, colour: (v: number) => RGB): HTMLCanvasElement => {
    const c = doc.createElement('canvas')
    c.width = N
    c.height = N
    const g = c.getContext('2d')!
    const data = g.createImageData(N, N)
    for (let k = 0; k < N * N; k++) {
      const [r, gg, b] = colour(values[k])
      data.data[4 * k] = r
      data.data[4 * k + 1] = gg
      data.data[4 * k + 2] = b
      data.data[4 * k + 3] = 255
    }
    g.putImageData(data, 0, 0)
    return c
  }
  const grayOf = (v: number): RGB => {
    const t = Math.round(255 * Math.min(1, Math.max(0, v)))
    return [t, t, t]
  }
  const inputBitmap = imageBitmap(img.data, grayOf)

  const outline = (g: CanvasRenderingContext2D, x: number, y: number, w: number, h: number) => {
    g.lineWidth = 5
    g.strokeStyle = '#fff'
    g.strokeRect(x, y, w, h)
    g.lineWidth = 3
    g.strokeStyle = palette.magma
    g.strokeRect(x, y, w, h)
  }

  const drawInput = () => {
    const g = ictx
    g.setTransform(scale, 0, 0, scale, 0, 0)
    g.clearRect(0, 0, side, side)
    g.imageSmoothingEnabled = false
    g.drawImage(inputBitmap, 0, 0, side, side)
    if (hover) {
      const p = side / N
      const r = (size - 1) / 2
      outline(g, (hover.j - r) * p, (hover.i - r) * p, size * p, size * p)
    }
  }

  let colourmap: 'gray' | 'diverging' = 'gray'
  let outRange = { min: 0, max: 0 }

  const drawOutput = () => {
    const g = octx
    g.setTransform(scale, 0, 0, scale, 0, 0)
    g.clearRect(0, 0, side, side + CB)
    outRange = range(output)
    colourmap = gray() ? 'gray' : 'diverging'
    const m = Math.max(Math.abs(outRange.min), Math.abs(outRange.max), 1e-6)
    const colour = colourmap === 'gray' ? grayOf : (v: number) => mix(divergingStops, 0.5 + (0.5 * v) / m)
    g.imageSmoothingEnabled = false
    g.drawImage(imageBitmap(output, colour), 0, 0, side, side)
    if (hover) {
      const p = side / N
      outline(g, hover.j * p - 1, hover.i * p - 1, p + 2, p + 2)
    }
    // colour bar
    const y0 = side + 8
    const h = 12
    const n = 64
    for (let k = 0; k < n; k++) {
      const t = k / (n - 1)
      const [r, gg, b] = colourmap === 'gray' ? grayOf(t) : mix(divergingStops, t)
      g.fillStyle = `rgb(${r | 0},${gg | 0},${b | 0})`
      g.fillRect((k * side) / n, y0, side / n + 0.6, h)
    }
    g.strokeStyle = palette.graphite
    g.lineWidth = 1.5
    g.strokeRect(0.75, y0, side - 1.5, h)
    g.font = `16px ${font()}`
    g.fillStyle = palette.graphite
    g.textBaseline = 'top'
    const lab = (s: string, x: number, align: CanvasTextAlign) => {
      g.textAlign = align
      g.fillText(s, x, y0 + h + 3)
    }
    const fmt = (v: number) => tickLabel(Number(v.toPrecision(2))).replace('-', '−')
    if (colourmap === 'gray') {
      lab('0', 0, 'left')
      lab(outRange.min < -0.005 || outRange.max > 1.005 ? 'clipped to [0, 1]' : 'gray scale', side / 2, 'center')
      lab('1', side, 'right')
    } else {
      lab(fmt(-m), 0, 'left')
      lab('0', side / 2, 'center')
      lab(fmt(m), side, 'right')
    }
  }

  const drawLoss = () => {
    const g = lctx
    g.setTransform(scale, 0, 0, scale, 0, 0)
    const W = lossRect.w
    const Hh = lossRect.h
    g.clearRect(0, 0, W, Hh)
    if (mode !== 'learn' || !learner) return
    const loss = learner.loss
    const fs = 16
    const f: Frame = { x0: 46, y0: 14, w: W - 46 - 10, h: Hh - 14 - 48, xMin: 0, xMax: 1, yMin: 0, yMax: 1 }
    let lo = Infinity
    let hi = -Infinity
    for (const v of loss) {
      if (v > 0 && Number.isFinite(v)) {
        lo = Math.min(lo, v)
        hi = Math.max(hi, v)
      }
    }
    if (!Number.isFinite(lo)) {
      lo = 1e-6
      hi = 1
    }
    f.yMax = Math.ceil(Math.log10(hi) + 0.05)
    f.yMin = Math.min(f.yMax - 2, Math.floor(Math.log10(lo) - 0.05))
    const steps = learner.stepCount
    f.xMax = Math.max(50, ticks(0, Math.max(50, steps * 1.15), 3).at(-1) ?? 50)
    if (f.xMax < steps) f.xMax = steps
    g.font = `${fs}px ${font()}`
    g.fillStyle = palette.graphite
    g.strokeStyle = 'rgba(72,66,77,0.13)'
    g.lineWidth = 1
    const span = f.yMax - f.yMin
    const every = span > 8 ? 3 : span > 4 ? 2 : 1
    g.textAlign = 'right'
    g.textBaseline = 'middle'
    for (let e = f.yMax; e >= f.yMin; e--) {
      const y = py(f, e)
      g.beginPath()
      g.moveTo(f.x0, y)
      g.lineTo(f.x0 + f.w, y)
      g.stroke()
      if ((f.yMax - e) % every === 0) {
        g.font = `${fs}px ${font()}`
        g.fillText('10', f.x0 - 14, y + 2)
        g.font = `${fs - 4}px ${font()}`
        g.textAlign = 'left'
        g.fillText(String(e).replace('-', '−'), f.x0 - 14, y - 5)
        g.textAlign = 'right'
      }
    }
    g.font = `${fs}px ${font()}`
    g.textAlign = 'center'
    g.textBaseline = 'top'
    for (const t of ticks(0, f.xMax, Math.max(2, Math.floor(f.w / 70)))) g.fillText(tickLabel(t), px(f, t), f.y0 + f.h + 5)
    g.fillText('training step', f.x0 + f.w / 2, f.y0 + f.h + 25)
    g.strokeStyle = palette.graphite
    g.lineWidth = 2
    g.strokeRect(f.x0, f.y0, f.w, f.h)
    g.save()
    g.beginPath()
    g.rect(f.x0 + 1, f.y0 + 1, f.w - 2, f.h - 2)
    g.clip()
    g.strokeStyle = palette.magma
    g.lineWidth = 3.5
    g.lineJoin = 'round'
    g.beginPath()
    const stride = Math.max(1, Math.floor(loss.length / (2 * f.w)))
    for (let k = 0; k < loss.length; k += stride) {
      const v = Math.log10(Math.max(loss[k], 10 ** (f.yMin - 1)))
      if (k === 0) g.moveTo(px(f, k), py(f, v))
      else g.lineTo(px(f, k), py(f, v))
    }
    const last = loss.length - 1
    g.lineTo(px(f, last), py(f, Math.log10(Math.max(loss[last], 10 ** (f.yMin - 1)))))
    g.stroke()
    g.beginPath()
    g.arc(px(f, last), py(f, Math.log10(Math.max(loss[last], 10 ** (f.yMin - 1)))), 6, 0, 2 * Math.PI)
    g.fillStyle = palette.magma
    g.fill()
    g.restore()
  }

  const hoverValues = (): number[] | null => (hover ? patch(img, hover.i, hover.j, size) : null)

  const drawKernels = () => {
    const notes = hoverValues()
    if (mode === 'apply') {
      kernelTitle.textContent = kernel.scaleLabel ? `Kernel = ${kernel.scaleLabel} ×` : `Kernel ${size}×${size}`
      fillGrid(mainGrid, kernel.weights, 2, notes)
      const sel = selected < 0 ? (size * size - 1) / 2 : selected
      mainGrid.cells.forEach((c, k) => c.classList.toggle('cfw-sel', k === sel))
    } else if (learner) {
      const t = preset(targetName, size)
      const unit = t.scaleLabel ? ` = ${t.scaleLabel} ×` : ''
      kernelTitle.textContent = `Target${unit || ' kernel'}`
      learnedTitle.textContent = `Learned${unit || ' kernel'}`
      const digits = cell >= 56 ? 2 : 1
      fillGrid(mainGrid, t.weights, digits, null)
      fillGrid(learnedGrid, learner.weights.map((w) => w / t.scale), digits, notes, true)
      mainGrid.cells.forEach((c) => c.classList.remove('cfw-sel'))
    }
    // the multiply-add for the hovered pixel, or a hint
    if (hover && notes) {
      const w = applied()
      let s = 0
      for (let k = 0; k < w.length; k++) s += w[k] * notes[k]
      const value = output[hover.i * N + hover.j]
      const prefix = mode === 'apply' && kernel.scaleLabel ? `\\tfrac{${kernel.scaleLabel.replace('/', '}{')}}` : ''
      const tail = compact ? '' : `\\quad (${hover.i}, ${hover.j})`
      sumLine.innerHTML = tex(`${prefix}\\textstyle\\sum w\\,x = ${texNumber(value, 3)}${tail}`)
      box.dataset.hover = `${hover.i},${hover.j}`
      box.dataset.hoverValue = String(value)
      box.dataset.hoverSum = String(s)
    } else {
      sumLine.textContent = mode === 'apply' ? (compact ? 'Hover the output' : 'Hover the output: Σ w·x') : ''
      delete box.dataset.hover
      delete box.dataset.hoverValue
      delete box.dataset.hoverSum
    }
  }

  const renderReadout = () => {
    box.dataset.mode = mode
    box.dataset.size = String(size)
    box.dataset.kernelName = mode === 'learn' ? targetName : presetName
    box.dataset.kernel = JSON.stringify(applied().map((v) => Number(v.toFixed(4))))
    box.dataset.colormap = colourmap
    box.dataset.outMin = String(outRange.min)
    box.dataset.outMax = String(outRange.max)
    if (mode === 'learn' && learner) {
      const st = learner.status
      box.dataset.step = String(learner.stepCount)
      box.dataset.status = st
      box.dataset.loss = String(learner.currentLoss)
      box.dataset.maxDiff = String(learner.currentMaxDiff)
      const t = learner.stepCount
      const body = `t = ${t},\\; \\text{MSE} = ${texNumber(learner.currentLoss, 2)}`
      readout.innerHTML = lossPanel.style.display === 'none' ? tex(body) : ''
      lossTitle.innerHTML = tex(body)
      lossTitle.title = st === 'converged' ? `converged at step ${learner.convergedAt}` : 'mean squared error between the learned and the target outputs'
      outputTitle.textContent = 'Learned output'
      if (st !== lastStatus) {
        lastStatus = st
        live.textContent = st === 'converged' ? `Converged after ${learner.convergedAt} steps.` : st === 'done' ? `Stopped after ${t} steps.` : ''
      }
    } else {
      box.dataset.step = '0'
      box.dataset.status = 'applied'
      delete box.dataset.loss
      delete box.dataset.maxDiff
      outputTitle.textContent = 'Output'
      readout.innerHTML = compact ? '' : tex(`\\text{output} \\in [${texNumber(outRange.min, 2)},\\, ${texNumber(outRange.max, 2)}]`)
    }
  }

  function render() {
    drawInput()
    drawOutput()
    drawLoss()
    drawKernels()
    renderReadout()
  }

  /* ---------------------------------------------------------------- modes & controls */
  const fillPresetSelect = () => {
    presetSelect.replaceChildren()
    if (mode === 'apply') presetSelect.append(new Option('Custom', 'custom'))
    for (const n of PRESET_NAMES) presetSelect.append(new Option(`${mode === 'learn' ? 'Target: ' : ''}${LABELS[n]}${compact || !n.startsWith('sobel') ? '' : n === 'sobel-x' ? ' (vertical edges)' : ' (horizontal edges)'}`, n))
    presetSelect.value = mode === 'learn' ? targetName : presetName
    presetSelect.setAttribute('aria-label', mode === 'learn' ? 'Target kernel' : 'Kernel preset')
    const custom = presetSelect.querySelector('option[value="custom"]') as HTMLOptionElement | null
    if (custom) custom.hidden = presetName !== 'custom'
  }

  const setMode = (m: 'apply' | 'learn') => {
    if (playback.playing) playback.pause()
    mode = m
    hover = null
    modeSelect.value = m
    const learn = m === 'learn'
    if (learn) newLearner()
    else {
      learner?.dispose()
      learner = null
    }
    buttons.style.display = learn ? '' : 'none'
    learnedPanel.style.display = learn ? '' : 'none'
    lossPanel.style.display = learn ? '' : 'none'
    pm.style.display = learn ? 'none' : ''
    sumLine.style.display = learn ? 'none' : ''
    buildGrid(mainGrid, !learn)
    buildGrid(learnedGrid, false)
    fillPresetSelect()
    sizeSelect.value = String(size)
    lastStatus = ''
    recompute()
    layout()
  }

  const setSize = (s: 3 | 5) => {
    if (s === size) return
    size = s
    selected = -1
    if (presetName === 'custom') presetName = basePreset
    kernel = preset(presetName, size)
    setMode(mode)
  }

  const setPreset = (name: PresetName) => {
    if (mode === 'learn') {
      targetName = name
      setMode('learn')
      return
    }
    presetName = name
    basePreset = name
    kernel = preset(name, size)
    fillPresetSelect()
    recompute()
    render()
  }

  const cyclePreset = (dir: 1 | -1) => {
    const cur = mode === 'learn' ? targetName : presetName
    const i = cur === 'custom' ? -1 : PRESET_NAMES.indexOf(cur)
    setPreset(PRESET_NAMES[(i + dir + PRESET_NAMES.length) % PRESET_NAMES.length])
  }

  const setWeight = (k: number, v: number) => {
    const weights = kernel.weights.slice()
    weights[k] = v
    kernel = { ...kernel, weights }
    presetName = 'custom'
    fillPresetSelect()
    recompute()
    render()
  }

  const nudge = (dir: 1 | -1) => {
    if (mode !== 'apply') return
    const k = selected < 0 ? (size * size - 1) / 2 : selected
    setWeight(k, Number((kernel.weights[k] + dir).toFixed(6)))
  }

  /* ---------------------------------------------------------------- playing */
  const finished = () => !learner || learner.status === 'converged' || learner.status === 'done'
  // plays in learn mode only
  const playback = player({
    ctx,
    button: playButton,
    speed: options.speed,
    timer: stepTimer(2, 0.7),
    step: (n) => learner!.step(n),
    stepped: () => {
      recompute()
      render()
    },
    render: () => render(),
    finished,
    reset: () => reset(),
    canPlay: () => mode === 'learn' && learner !== null,
  })
  const stepOnce = () => {
    if (mode !== 'learn' || !learner) return
    if (playback.playing) playback.pause()
    learner.step(1)
    recompute()
    render()
  }
  function reset() {
    if (mode === 'learn' && learner) {
      learner.reset()
      playback.restart()
    } else if (mode === 'apply') {
      if (presetName === 'custom') presetName = basePreset
      kernel = preset(presetName, size)
      fillPresetSelect()
    }
    recompute()
    render()
  }

  /* ---------------------------------------------------------------- events */
  const pixelAt = (canvas: HTMLCanvasElement, e: PointerEvent): { i: number; j: number } | null => {
    const r = canvas.getBoundingClientRect()
    const imgH = (r.height * side) / (canvas === outputCanvas ? side + CB : side)
    const u = (e.clientX - r.left) / r.width
    const v = (e.clientY - r.top) / imgH
    if (u < 0 || u >= 1 || v < 0 || v >= 1) return null
    return { i: Math.floor(v * N), j: Math.floor(u * N) }
  }
  const onHover = (canvas: HTMLCanvasElement) => (e: PointerEvent) => {
    const p = pixelAt(canvas, e)
    if (p?.i === hover?.i && p?.j === hover?.j) return
    hover = p
    drawInput()
    drawOutput()
    drawKernels()
  }
  const onLeave = (e: PointerEvent) => {
    if (e.pointerType === 'touch') return // a tap keeps its pixel
    hover = null
    drawInput()
    drawOutput()
    drawKernels()
  }

  const isField = isFormField
  const inMode = (m: 'apply' | 'learn', act: () => void) => () => {
    if (mode !== m) return false
    act()
  }
  const onKey = keyListener(
    {
      k: inMode('learn', () => playback.toggle()),
      '.': inMode('learn', () => stepOnce()),
      r: () => reset(),
      '+': inMode('apply', () => nudge(1)),
      '=': inMode('apply', () => nudge(1)),
      '-': inMode('apply', () => nudge(-1)),
      _: inMode('apply', () => nudge(-1)),
      '[': () => cyclePreset(-1),
      ']': () => cyclePreset(1),
      '3': () => setSize(3),
      '5': () => setSize(5),
      m: () => setMode(mode === 'apply' ? 'learn' : 'apply'),
    },
    (e) => isField(e.target),
  )

  const { focusRoot, keep } = rootFocus(root)
  const lifecycle = viewLifecycle(() => layout(), ctx)
  const on = lifecycle.on
  lifecycle.buttons(keep, [
    [playButton, () => playback.toggle()],
    [stepButton, () => stepOnce()],
    [resetButton, () => reset()],
    [plus, () => nudge(1)],
    [minus, () => nudge(-1)],
  ])
  on(modeSelect, 'change', () => (setMode(modeSelect.value as 'apply' | 'learn'), focusRoot()))
  on(presetSelect, 'change', () => {
    if (presetSelect.value !== 'custom') setPreset(presetSelect.value as PresetName)
    focusRoot()
  })
  on(sizeSelect, 'change', () => (setSize(Number(sizeSelect.value) as 3 | 5), focusRoot()))
  // kernel cells: focus selects, Enter/blur commits the typed value
  on(mainGrid.el, 'focusin', (e) => {
    const t = e.target as HTMLElement
    if (t instanceof HTMLInputElement && t.dataset.k) {
      selected = Number(t.dataset.k)
      t.select()
      mainGrid.cells.forEach((c, k) => c.classList.toggle('cfw-sel', k === selected))
    }
  })
  on(mainGrid.el, 'change', (e) => {
    const t = e.target as HTMLInputElement
    const v = parseWeight(t.value)
    const k = Number(t.dataset.k)
    if (v === null) t.value = formatWeight(kernel.weights[k])
    else setWeight(k, v)
  })
  on(mainGrid.el, 'keydown', (e) => {
    const t = e.target as HTMLInputElement
    if (e.key === 'Enter') {
      t.blur()
      focusRoot()
    }
  })
  for (const c of [inputCanvas, outputCanvas]) {
    on(c, 'pointermove', onHover(c))
    on(c, 'pointerdown', onHover(c))
    on(c, 'pointerleave', onLeave)
  }
  lifecycle.root(root, onKey, (e) => {
    if (!isField(e.target) && doc.activeElement !== root && !root.contains(doc.activeElement)) focusRoot()
  })
  on(win, 'resize', layout)
  lifecycle.observe(panels, box)

  /* ---------------------------------------------------------------- start */
  setMode(mode)
  if (mode === 'learn' && options.autoplay && !ctx.reducedMotion) playback.play()

  return {
    async snapshot(at) {
      if (playback.playing) playback.pause()
      if (mode === 'learn' && learner) learner.runTo(at)
      hover = null
      recompute()
      render()
    },
    destroy() {
      playback.stop()
      lifecycle.end()
      learner?.dispose()
      learner = null
      detachShell()
    },
  }
}
