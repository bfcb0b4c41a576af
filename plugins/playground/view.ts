/**
 * Drawing and controls for the playground widget. Reads the model's state, never its tensors:
 * one `model.run(n)` (one read-back) per animation frame, as many mini-batch steps as fit in
 * the frame budget (an epoch may span frames); the heat map and the loss chart are redrawn at most 10 times a second.
 *
 *   ┌──────────────┬─ [x₁][x₂][x₁²][x₂²][x₁x₂][sin x₁][sin x₂]  feature toggles ─────┐
 *   │              │  x₁ x₂ → 4 → 2 → ŷ   tanh · η 0.03                               │
 *   │  decision    │  ┌ loss curves (Chart.js): train, test ───────────────────────┐   │
 *   │  boundary    │  └────────────────────────────────────────────────────────────┘   │
 *   │  heat map    │  ● train ◉ test   ─ train 0.012  ─ test 0.020   accuracy 98 %    │
 *   │              │  [play] [step] [reset]                          epoch 123         │
 *   └──────────────┴────────────────────────────────────────────────────────────────────┘
 * Narrow (half-width column): heat map and chart side by side on top, the strip, the
 * architecture and the controls (icon-only buttons) below.
 */
import { Chart, LineController, LineElement, LinearScale, PointElement, Title, Tooltip } from 'chart.js'
import type { WidgetContext } from '../../src/widget/define'
import type { Palette } from '../../src/widget/palette'
import { mix, rgbOf, type RGB } from '../../src/widget/ui/colour'
import { controlsCss, playStepReset, setIconButton } from '../../src/widget/ui/controls'
import { el, labelledCanvas, liveRegion } from '../../src/widget/ui/dom'
import { viewLifecycle } from '../../src/widget/ui/lifecycle'
import { canvasScale, placeCanvas } from '../../src/widget/ui/plot-frame'
import { keyListener, rootFocus } from '../../src/widget/ui/keys'
import { attachShell, createShell } from '../../src/widget/ui/shell'
import { DOMAIN, FEATURES, FEATURE_NAMES, type FeatureName, type Playground } from './model'

export interface ViewOptions {
  height: number
  autoplay: boolean
  /** the starting features; the strip toggles them */
  features: FeatureName[]
  hidden: number[]
  activation: string
  /** a parameter error to show instead of the widget (unknown feature, bad layer sizes) */
  error?: string
}

export interface View {
  destroy(): void
  snapshot(at: number | 'converged'): Promise<void>
}

/** Heat map and chart refreshes while playing, at most this often (ms). */
const REDRAW_MS = 100
/** Points on the loss chart at most (the history is thinned evenly beyond). */
const CHART_POINTS = 400

function css(p: Palette): string {
  return (
    controlsCss('.lpg', p) +
    `
.lpg { box-sizing: border-box; width: 100%; position: relative; color: ${p.graphite}; font-size: 18px; line-height: 1.2;
  user-select: none; -webkit-user-select: none; display: flex; gap: 18px; }
.lpg * { box-sizing: border-box; }
.lpg-map { position: relative; flex: none; }
.lpg-map canvas { position: absolute; display: block; left: 0; top: 0; border-radius: 6px; }
.lpg-side { flex: 1 1 auto; min-width: 0; display: flex; flex-direction: column; gap: 8px; }
.lpg-features { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.lpg-features button { font-size: 17px; min-height: 36px; padding: 3px 10px; font-weight: 600; }
.lpg-features .lpg-caption { font-size: 17px; margin-right: 4px; }
.lpg-arch { font-size: 20px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.lpg-arch b { font-weight: 700; }
.lpg-arch .lpg-dim { color: ${p.graphiteAccent}; font-size: 18px; }
.lpg-chart { position: relative; flex: 1 1 auto; min-height: 60px; }
.lpg-chart canvas { position: absolute; left: 0; top: 0; }
.lpg-readout { display: flex; flex-wrap: wrap; gap: 4px 20px; align-items: center; font-size: 18px; font-variant-numeric: tabular-nums; }
.lpg-readout .lpg-swatch { display: inline-block; width: 26px; height: 0; border-top: 4px solid; vertical-align: middle; margin-right: 6px; border-radius: 2px; }
.lpg-readout .lpg-dot { display: inline-block; width: 14px; height: 14px; border-radius: 50%; vertical-align: -1px; margin-right: 5px; }
.lpg-bar { display: flex; align-items: center; gap: 8px; flex-wrap: nowrap; }
.lpg-epoch { margin-left: auto; font-size: 22px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.lpg-epoch b { font-weight: 700; }
.lpg-error { align-self: flex-start; border: 3px solid ${p.magma}; border-radius: 12px; padding: 14px 20px; background: #fff5f3; color: ${p.rubis};
  font-size: 19px; overflow: auto; }
.lpg-error code { font-size: 17px; }
.lpg-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.lpg.live-compact { flex-direction: column; gap: 6px; }
.lpg.live-compact .lpg-top { display: flex; gap: 10px; flex: none; }
.lpg.live-compact .lpg-features button { font-size: 16px; min-height: 32px; padding: 2px 7px; }
.lpg.live-compact .lpg-features .lpg-caption { display: none; }
.lpg.live-compact .lpg-arch { font-size: 18px; }
.lpg.live-compact .lpg-readout { font-size: 16px; gap: 2px 12px; }
.lpg.live-compact .lpg-epoch { font-size: 19px; }
.lpg-focus:focus-visible { outline: 3px solid ${p.blueschist}; outline-offset: 3px; border-radius: 6px; }
`
  )
}

/** the smallest 1, 2, 5 × 10^k multiple-friendly bound above n: 10, 20, 50, 100, 150, 200, 300... */
function niceCeil(n: number): number {
  const step = 10 ** Math.floor(Math.log10(n)) / 2
  return Math.ceil(n / step) * step
}

const fmt = (v: number) => (!Number.isFinite(v) ? '—' : v >= 100 ? v.toExponential(1) : v.toFixed(3))
const pct = (v: number) => `${Math.round(100 * Math.min(1, Math.max(0, v)))} %`

export function mountView(
  root: HTMLElement,
  makeModel: (features: FeatureName[]) => Playground,
  options: ViewOptions,
  ctx: WidgetContext,
): View {
  const palette = ctx.palette
  const doc = root.ownerDocument
  const win = doc.defaultView ?? window
  Chart.register(LineController, LineElement, PointElement, LinearScale, Title, Tooltip)

  /* ---------- DOM */
  const { box, style } = createShell(doc, 'lpg', options.height, css(palette))

  const mapBox = el(doc, 'div', 'lpg-map')
  const mapCanvas = labelledCanvas(doc, 'Decision boundary of the network over the input square, with training points (white rim) and test points (dark rim)')
  mapBox.append(mapCanvas)

  const side = el(doc, 'div', 'lpg-side')
  const strip = el(doc, 'div', 'lpg-features')
  strip.setAttribute('role', 'group')
  strip.setAttribute('aria-label', 'Input features')
  const caption = el(doc, 'span', 'lpg-caption')
  caption.textContent = 'Features'
  strip.append(caption)
  const featureButtons = new Map<FeatureName, HTMLButtonElement>()
  FEATURE_NAMES.forEach((f, i) => {
    const b = doc.createElement('button')
    b.type = 'button'
    b.textContent = FEATURES[f].label
    b.title = `Toggle the input feature ${FEATURES[f].label} (${i + 1})`
    b.dataset.feature = f
    featureButtons.set(f, b)
    strip.append(b)
  })
  const arch = el(doc, 'div', 'lpg-arch')
  const chartBox = el(doc, 'div', 'lpg-chart')
  const chartCanvas = labelledCanvas(doc, 'Training and test loss per epoch')
  chartBox.append(chartCanvas)
  const readout = el(doc, 'div', 'lpg-readout')
  const bar = el(doc, 'div', 'lpg-bar')
  const { playButton, stepButton, resetButton } = playStepReset(doc, { play: 'Train / pause (k)', step: 'One epoch (.)', reset: 'Back to the initial weights (r)' })
  const epochBox = el(doc, 'div', 'lpg-epoch')
  const live = liveRegion(doc, 'lpg-sr')
  bar.append(playButton, stepButton, resetButton, epochBox, live)
  const top = el(doc, 'div', 'lpg-top') // compact layout only: map and chart side by side
  box.append(style)

  const detachShell = attachShell(root, box, 'lpg-focus', 'Neural network playground: k play or pause, period one epoch, r reset, 1 to 7 toggle input features')

  const mctx = mapCanvas.getContext('2d')!
  const heat = doc.createElement('canvas') // the grid, one pixel per cell, scaled up smoothly
  const hctx = heat.getContext('2d')!
  const white: RGB = [255, 255, 255]
  const neg = rgbOf(mctx, palette.terra)
  const pos = rgbOf(mctx, palette.blueschist)
  const graphite = rgbOf(mctx, palette.graphite)
  const rubis = rgbOf(mctx, palette.rubis)
  const heatStops: RGB[] = [mix([neg, white], 0.12), white, mix([pos, white], 0.12)]
  const rgb = (c: RGB) => `rgb(${c.map(Math.round).join(',')})`
  const posPoint = rgb(mix([pos, graphite], 0.42))
  const negPoint = rgb(mix([neg, rubis], 0.45))

  /* ---------- state */
  let features = options.features.slice()
  let model: Playground | null = null
  let error: string | null = null
  let playing = false
  let msPerStep = 1 // running estimate (cautious at first: the JIT is cold), to keep a frame within its budget
  let msDraw = 3
  let msGrid = 1
  let lastDrawAt = -Infinity
  let grid: Float32Array | null = null
  let heatUpdates = 0
  let compact = false
  let scale = 1
  let mapSide = 0
  let lastStatus = ''
  let font = 'Helvetica, Arial, sans-serif'

  const build = () => {
    model?.dispose()
    model = null
    error = options.error ?? null
    if (error) return
    try {
      model = makeModel(features)
      grid = model.grid()
    } catch (e) {
      error = (e as Error).message
    }
  }

  /* ---------- Chart.js */
  const chart = new Chart<'line', { x: number; y: number }[]>(chartCanvas, {
    type: 'line',
    data: {
      datasets: [
        { label: 'train', data: [], borderColor: palette.graphiteAccent, borderWidth: 3, pointRadius: 0, borderDash: [8, 5] },
        { label: 'test', data: [], borderColor: palette.magma, borderWidth: 4, pointRadius: 0 },
      ],
    },
    options: {
      animation: false,
      responsive: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      devicePixelRatio: 1,
      layout: { padding: { right: 8, top: 4 } },
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: 10,
          title: { display: true, text: 'epoch', font: { size: 16 }, color: palette.graphite, padding: 0 },
          ticks: { font: { size: 16 }, color: palette.graphite, maxTicksLimit: 6, precision: 0 },
          grid: { color: 'rgba(72,66,77,0.12)' },
          border: { color: palette.graphite, width: 2 },
        },
        y: {
          type: 'linear',
          min: 0,
          suggestedMax: 0.5,
          title: { display: true, text: 'loss', font: { size: 16 }, color: palette.graphite, padding: 2 },
          ticks: { font: { size: 16 }, color: palette.graphite, maxTicksLimit: 5 },
          grid: { color: 'rgba(72,66,77,0.12)' },
          border: { color: palette.graphite, width: 2 },
        },
      },
      plugins: {
        title: { display: false },
        tooltip: { enabled: true, titleFont: { size: 16 }, bodyFont: { size: 16 }, callbacks: { title: (items) => `epoch ${items[0]?.parsed.x ?? ''}` } },
      },
    },
  })

  const thin = (h: number[]): { x: number; y: number }[] => {
    const n = h.length
    const stride = Math.max(1, Math.ceil(n / CHART_POINTS))
    const out: { x: number; y: number }[] = []
    for (let i = 0; i < n; i += stride) out.push({ x: i, y: Number.isFinite(h[i]) ? h[i] : NaN })
    if ((n - 1) % stride !== 0) out.push({ x: n - 1, y: h[n - 1] })
    return out
  }

  const drawChart = () => {
    if (!model) return
    const { train, test } = model.history
    chart.data.datasets[0].data = thin(train)
    chart.data.datasets[1].data = thin(test)
    const xs = chart.options.scales!.x!
    xs.max = niceCeil(Math.max(10, model.epoch))
    chart.update('none')
  }

  /* ---------- heat map and points */
  const drawMap = () => {
    const g = mctx
    const S = mapSide
    g.setTransform(scale, 0, 0, scale, 0, 0)
    g.clearRect(0, 0, S, S)
    if (!model || S < 10) return
    const G = model.options.grid
    if (grid && grid.length === G * G) {
      if (heat.width !== G) {
        heat.width = G
        heat.height = G
      }
      const img = hctx.createImageData(G, G)
      for (let k = 0; k < G * G; k++) {
        const v = grid[k]
        const c = Number.isFinite(v) ? mix(heatStops, (v + 1) / 2) : [220, 220, 220]
        img.data[4 * k] = c[0]
        img.data[4 * k + 1] = c[1]
        img.data[4 * k + 2] = c[2]
        img.data[4 * k + 3] = 255
      }
      hctx.putImageData(img, 0, 0)
      g.imageSmoothingEnabled = true
      g.imageSmoothingQuality = 'high'
      g.drawImage(heat, 0, 0, S, S)
    }
    // axes through the origin
    const toPx = (v: number) => ((v + DOMAIN) / (2 * DOMAIN)) * S
    g.strokeStyle = 'rgba(72,66,77,0.35)'
    g.lineWidth = 1.5
    g.beginPath()
    g.moveTo(toPx(0), 0)
    g.lineTo(toPx(0), S)
    g.moveTo(0, toPx(0))
    g.lineTo(S, toPx(0))
    g.stroke()
    const r = compact ? 4.5 : 5.5
    const dot = (x: number, y: number, label: number, test: boolean) => {
      g.beginPath()
      g.arc(toPx(x), S - toPx(y), test ? r + 0.5 : r, 0, 2 * Math.PI)
      g.fillStyle = label > 0 ? posPoint : negPoint
      g.fill()
      g.lineWidth = test ? 2.5 : 1.5
      g.strokeStyle = test ? palette.graphite : '#fff'
      g.stroke()
    }
    for (const p of model.train) dot(p.x, p.y, p.label, false)
    for (const p of model.test) dot(p.x, p.y, p.label, true)
    // axis names in the corners, on a light halo
    g.font = `italic 600 17px ${font}`
    g.lineWidth = 4
    g.strokeStyle = 'rgba(255,255,255,0.85)'
    g.fillStyle = palette.graphite
    g.textBaseline = 'bottom'
    g.textAlign = 'right'
    g.strokeText('x₁', S - 6, S - 4)
    g.fillText('x₁', S - 6, S - 4)
    g.textBaseline = 'top'
    g.textAlign = 'left'
    g.strokeText('x₂', 6, 4)
    g.fillText('x₂', 6, 4)
    g.lineWidth = 2
    g.strokeStyle = palette.graphite
    g.strokeRect(1, 1, S - 2, S - 2)
    heatUpdates++
    box.dataset.heatmapUpdates = String(heatUpdates)
  }

  /* ---------- text */
  const renderArch = () => {
    const inputs = features.map((f) => FEATURES[f].label).join(' ')
    const layers = options.hidden.map((n) => `<b>${n}</b>`).join(' → ')
    const act = options.hidden.length ? options.activation : 'no hidden layer'
    arch.innerHTML = `${inputs} → ${layers ? `${layers} → ` : ''}ŷ <span class="lpg-dim">· ${act} · η ${model?.learningRate ?? ''}</span>`
    arch.title = 'Inputs → neurons per hidden layer → output (tanh, labels ±1)'
    for (const [f, b] of featureButtons) b.setAttribute('aria-pressed', String(features.includes(f)))
  }

  const status = (): string => {
    if (error) return 'error'
    if (!model) return 'error'
    if (model.diverged) return 'diverged'
    if (playing) return 'playing'
    return model.epoch === 0 ? 'ready' : 'paused'
  }

  const renderReadout = () => {
    const s = status()
    box.dataset.status = s
    box.dataset.features = features.join(',')
    if (!model) {
      box.dataset.step = box.dataset.epoch = '0'
      return
    }
    const m = model
    box.dataset.step = box.dataset.epoch = String(m.epoch)
    box.dataset.trainLoss = String(m.trainLoss)
    box.dataset.testLoss = String(m.testLoss)
    box.dataset.accuracy = String(m.accuracy.test)
    box.dataset.trainAccuracy = String(m.accuracy.train)
    epochBox.innerHTML = `epoch <b>${m.epoch}</b>`
    readout.innerHTML =
      `<span><span class="lpg-swatch" style="border-color:${palette.graphiteAccent};border-top-style:dashed"></span>train ${fmt(m.trainLoss)}</span>` +
      `<span><span class="lpg-swatch" style="border-color:${palette.magma}"></span>test ${fmt(m.testLoss)}</span>` +
      `<span>${compact ? 'accuracy' : 'test accuracy'} <b>${pct(m.accuracy.test)}</b></span>` +
      `<span><span class="lpg-dot" style="background:${posPoint};border:2px solid #fff;box-shadow:0 0 0 1px ${palette.graphiteAccent}"></span>train ` +
      `<span class="lpg-dot" style="background:${negPoint};border:2.5px solid ${palette.graphite};margin-left:8px"></span>test points</span>`
    if (s !== lastStatus) {
      lastStatus = s
      live.textContent = s === 'diverged' ? 'Diverged: lower the learning rate, then reset.' : s === 'paused' ? `Paused at epoch ${m.epoch}.` : ''
    }
  }

  const renderButtons = () => {
    setIconButton(playButton, playing ? 'pause' : 'play', playing ? 'Pause' : 'Play')
    const off = !model || model.diverged
    playButton.disabled = !model
    stepButton.disabled = off
  }

  const renderAll = () => {
    drawMap()
    drawChart()
    renderReadout()
    renderButtons()
    lastDrawAt = performance.now()
  }

  /* ---------- layout */
  let errorBox: HTMLElement | null = null
  const layout = () => {
    const W = box.clientWidth
    const H = options.height
    if (W <= 0) return
    scale = canvasScale(box)
    compact = W < 760
    box.classList.toggle('live-compact', compact)
    font = win.getComputedStyle(box).fontFamily || font
    errorBox?.remove()
    errorBox = null
    if (error) {
      errorBox = doc.createElement('div')
      errorBox.className = 'lpg-error'
      errorBox.setAttribute('role', 'alert')
      const title = doc.createElement('strong')
      title.textContent = 'playground: '
      const text = doc.createElement('span')
      text.textContent = error
      errorBox.append(title, text)
      box.replaceChildren(style, errorBox)
      renderReadout()
      return
    }
    if (compact) {
      // map and chart side by side on top, the rest below
      top.replaceChildren(mapBox, chartBox)
      side.replaceChildren(strip, arch, readout, bar)
      box.replaceChildren(style, top, side)
      side.style.flex = 'none'
      renderReadout() // the readout's final text, so that its height is measured
      const below = side.getBoundingClientRect().height
      mapSide = Math.max(80, Math.floor(Math.min((W - 10) / 2, H - below - 6)))
      top.style.height = `${mapSide}px`
      chartBox.style.height = `${mapSide}px`
      chartBox.style.flex = '1 1 auto'
    } else {
      side.replaceChildren(strip, arch, chartBox, readout, bar)
      box.replaceChildren(style, mapBox, side)
      side.style.flex = ''
      chartBox.style.height = ''
      chartBox.style.flex = ''
      mapSide = Math.floor(Math.min(H, W * 0.46))
    }
    mapBox.style.width = mapBox.style.height = `${mapSide}px`
    placeCanvas(mapCanvas, { x: 0, y: 0, w: mapSide, h: mapSide }, scale)
    const cw = Math.max(50, Math.floor(chartBox.clientWidth))
    const ch = Math.max(50, Math.floor(chartBox.clientHeight))
    chart.options.devicePixelRatio = scale
    chart.resize(cw, ch)
    renderAll()
  }

  /* ---------- playing */
  const tick = (budgetMs: number): boolean => {
    if (!playing || !model) return false
    const now = performance.now()
    const redraw = now - lastDrawAt >= REDRAW_MS
    // as many mini-batch steps as fit in the budget (an epoch may span frames), leaving room
    // for the heat-map pass and the redraw when one is due
    const room = 0.95 * budgetMs - (redraw ? msGrid + msDraw : 0)
    const n = Math.max(1, Math.min(5000, Math.floor(room / msPerStep)))
    const res = model.run(n, Infinity, redraw)
    const t1 = performance.now()
    // running estimates: the step cost from plain frames, the grid pass from the others
    if (redraw) msGrid = 0.7 * msGrid + 0.3 * Math.max(0, t1 - now - n * msPerStep)
    else msPerStep = 0.7 * msPerStep + (0.3 * (t1 - now)) / n
    if (res.grid) {
      grid = res.grid
      drawMap()
      drawChart()
      lastDrawAt = performance.now()
      msDraw = 0.7 * msDraw + 0.3 * (lastDrawAt - t1)
    }
    if (model.diverged) {
      playing = false
      grid = model.grid()
      renderAll()
      return false
    }
    if (res.epochs > 0 || res.grid) renderReadout()
    return true
  }

  const play = () => {
    if (!model || model.diverged) return
    playing = true
    lastDrawAt = performance.now()
    renderButtons()
    renderReadout()
    ctx.animate(tick)
  }

  const pause = () => {
    playing = false
    ctx.stopAnimation()
    // complete the epoch under way, so that the losses shown are those of the weights shown
    if (model) grid = model.finishEpoch(true).grid ?? model.grid()
    renderAll()
  }

  const togglePlay = () => (playing ? pause() : play())

  const stepOnce = () => {
    if (playing) pause()
    if (!model || model.diverged) return
    grid = model.advance(1, true).grid ?? grid
    renderAll()
  }

  const reset = () => {
    if (!model) return
    const was = playing
    if (playing) pause()
    model.reset()
    grid = model.grid()
    renderAll()
    if (was) play()
  }

  const toggleFeature = (f: FeatureName) => {
    const next = features.includes(f) ? features.filter((x) => x !== f) : FEATURE_NAMES.filter((x) => x === f || features.includes(x))
    if (next.length === 0) return // keep at least one input
    const was = playing
    if (playing) pause()
    features = next
    build()
    renderArch()
    layout()
    if (was) play()
  }

  /* ---------- events */
  const { onPointerDown, keep } = rootFocus(root) // keep: clicks must not move focus off the widget
  const onKey = keyListener({
    k: () => togglePlay(),
    '.': () => stepOnce(),
    r: () => reset(),
    ...Object.fromEntries(
      FEATURE_NAMES.map((f, i) => [
        String(i + 1),
        () => {
          if (error) return false
          toggleFeature(f)
        },
      ]),
    ),
  })
  let lastWidth = -1
  const lifecycle = viewLifecycle(() => {
    if (box.clientWidth !== lastWidth) {
      lastWidth = box.clientWidth
      layout()
    }
  }, ctx)
  lifecycle.buttons(keep, [
    [playButton, togglePlay],
    [stepButton, stepOnce],
    [resetButton, reset],
    ...[...featureButtons].map(([f, b]): [HTMLElement, () => void] => [b, () => toggleFeature(f)]),
  ])
  lifecycle.root(root, onKey, onPointerDown)
  lifecycle.observe(box)

  /* ---------- start */
  build()
  renderArch()
  layout()
  if (options.autoplay && !ctx.reducedMotion && model) play()

  return {
    async snapshot(at) {
      if (playing) pause()
      if (!model) return
      if (at === 'converged') model.runToConvergence()
      else model.runTo(at)
      grid = model.grid()
      renderAll()
    },
    destroy() {
      playing = false
      lifecycle.end()
      chart.destroy()
      model?.dispose()
      model = null
      detachShell()
    },
  }
}
