/**
 * Axes of a plot on a 2-D canvas context: tick labels, optional grid lines, the frame and the
 * axis names, in the widgets' shared look (graphite text, faint grid, 2 px frame).
 */
import type { Palette } from '../palette'
import { px, py, tickLabel, ticks, type Frame } from './plot-frame'

/** what axes need to know of the widget's look */
export interface AxisStyle {
  palette: Palette
  /** CSS font of a size and weight */
  font: (size: number, weight?: string) => string
  /** tick label size, px */
  size: number
  compact: boolean
}

export interface AxesOptions {
  xName: string
  /** the rotated y name; empty for none */
  yName: string
  /** grid lines at the ticks (default true) */
  grid?: boolean
  /** x tick values (default: round ticks about 80 px apart) */
  xTicks?: number[]
  /** label the x ticks (default true; false keeps their grid lines, for a plot above another sharing its x axis) */
  xLabels?: boolean
  /** y tick values (default: round ticks about 60 px apart) */
  yTicks?: number[]
  /** y tick label format (default `tickLabel`; log axes give their own) */
  yLabel?: (v: number) => string
  /** px from the frame's bottom to the top of the x name (default 26) */
  xNameGap?: number
  /** x of the y name's centre line (default: clear of the widest y tick label, see `yNameOffset`) */
  yNameX?: number
  /** leave out a y name that would leave the canvas, rather than pushing it inside */
  fitYName?: boolean
}

/** CSS font string of a size and optional weight/style, e.g. `fontSpec(family, 17, 'italic')` */
export const fontSpec = (family: string, size: number, weight = ''): string => `${weight} ${size}px ${family}`.trim()

/** the width of a canvas in CSS px (its pixel width over the context's scale) */
const cssWidth = (g: CanvasRenderingContext2D) => g.canvas.width / (g.getTransform().a || 1)

/**
 * How far left of the frame the rotated y name sits so that it clears the widest y tick label:
 * the distance from `f.x0` to the name's centre line, at least the usual offset.
 */
export function yNameOffset(g: CanvasRenderingContext2D, s: AxisStyle, labels: string[]): number {
  g.font = s.font(s.size)
  const widest = Math.max(0, ...labels.map((t) => g.measureText(t).width))
  return Math.max(s.compact ? 36 : 42, 7 + widest + 5 + (s.size + 1) / 2)
}

/**
 * Ticks, optional grid, frame and axis names of a plot.
 * Tick labels stay inside the canvas (the last x label shifts left, or is skipped when it would then
 * overlap its neighbour); the y name stays inside the canvas too, or with `fitYName` is not drawn.
 * Returns whether the y name was drawn (true when there is none).
 */
export function drawAxes(g: CanvasRenderingContext2D, f: Frame, s: AxisStyle, o: AxesOptions): boolean {
  const { palette, font: fontPx, size } = s
  const grid = o.grid ?? true
  g.font = fontPx(size)
  g.fillStyle = palette.graphite
  g.strokeStyle = 'rgba(72,66,77,0.13)'
  g.lineWidth = 1
  const xt = o.xTicks ?? ticks(f.xMin, f.xMax, Math.max(3, Math.floor(f.w / 80)))
  const yt = o.yTicks ?? ticks(f.yMin, f.yMax, Math.max(3, Math.floor(f.h / 60)))
  const yLabel = o.yLabel ?? tickLabel
  // one tick: an optional grid line from (x0, y0) to (x1, y1), and its label at (lx, ly)
  const tick = (text: string, x0: number, y0: number, x1: number, y1: number, lx: number, ly: number) => {
    if (grid) {
      g.beginPath()
      g.moveTo(x0, y0)
      g.lineTo(x1, y1)
      g.stroke()
    }
    g.fillText(text, lx, ly)
  }
  g.textAlign = 'center'
  g.textBaseline = 'top'
  const right = cssWidth(g) - 2
  let lastRight = -Infinity
  for (const t of xt) {
    const x = px(f, t)
    const text = tickLabel(t)
    const half = g.measureText(text).width / 2
    // inside the canvas, and clear of the previous label (else the label is left out)
    const lx = Math.max(half + 1, Math.min(x, right - half))
    const fits = (o.xLabels ?? true) && lx - half >= lastRight + 6
    if (fits) lastRight = lx + half
    tick(fits ? text : '', x, f.y0, x, f.y0 + f.h, lx, f.y0 + f.h + 6)
  }
  g.textAlign = 'right'
  g.textBaseline = 'middle'
  const yLabels = yt.map(yLabel)
  yt.forEach((t, k) => {
    const y = py(f, t)
    tick(yLabels[k], f.x0, y, f.x0 + f.w, y, f.x0 - 7, y)
  })
  g.strokeStyle = palette.graphite
  g.lineWidth = 2
  g.strokeRect(f.x0, f.y0, f.w, f.h)
  // axis names
  g.font = fontPx(size + 1, 'italic')
  g.textAlign = 'center'
  g.textBaseline = 'top'
  g.fillText(o.xName, f.x0 + f.w / 2, f.y0 + f.h + (o.xNameGap ?? 26))
  if (!o.yName) return true
  const half = (size + 1) / 2
  let yx = o.yNameX ?? f.x0 - yNameOffset(g, s, yLabels)
  if (yx - half < 0) {
    if (o.fitYName) return false
    yx = half
  }
  g.font = fontPx(size + 1, 'italic')
  g.save()
  g.translate(yx, f.y0 + f.h / 2)
  g.rotate(-Math.PI / 2)
  g.textBaseline = 'middle'
  g.fillText(o.yName, 0, 0)
  g.restore()
  return true
}
