/**
 * Line plots on a 2-D canvas context, in a plot frame (see plot-frame.ts and axes.ts): a data
 * line, drawing clipped to the frame, and a one-line legend with line swatches.
 */
import type { Palette } from '../palette'
import { px, py, type Frame } from './plot-frame'

/** Restricts drawing to the inside of a frame (call between `save()` and `restore()`). */
export function clipToFrame(g: CanvasRenderingContext2D, f: Frame): void {
  g.beginPath()
  g.rect(f.x0 + 1, f.y0 + 1, f.w - 2, f.h - 2)
  g.clip()
}

export interface LineStyle {
  colour: string
  /** px */
  width: number
  /** dash pattern, px (default solid) */
  dash?: number[]
}

/** The line through the points (xs[i], ys[i]) of a frame, in data units; nothing for fewer than two points. */
export function polyline(g: CanvasRenderingContext2D, f: Frame, xs: ArrayLike<number>, ys: ArrayLike<number>, style: LineStyle): void {
  const n = Math.min(xs.length, ys.length)
  if (n < 2) return
  g.strokeStyle = style.colour
  g.lineWidth = style.width
  g.lineJoin = 'round'
  g.lineCap = 'round'
  g.setLineDash(style.dash ?? [])
  g.beginPath()
  g.moveTo(px(f, xs[0]), py(f, ys[0]))
  for (let i = 1; i < n; i++) g.lineTo(px(f, xs[i]), py(f, ys[i]))
  g.stroke()
  g.setLineDash([])
}

/** draws a legend item's mark, 22 px wide, from (x, y) (y is the middle of the line) */
export type Swatch = (g: CanvasRenderingContext2D, x: number, y: number) => void

/** A short line, as the legend mark of a data line. */
export const lineSwatch =
  (style: LineStyle): Swatch =>
  (g, x, y) => {
    g.strokeStyle = style.colour
    g.lineWidth = style.width
    g.lineCap = 'butt'
    g.setLineDash(style.dash ?? [])
    g.beginPath()
    g.moveTo(x, y)
    g.lineTo(x + 22, y)
    g.stroke()
    g.setLineDash([])
  }

export interface LegendStyle {
  palette: Palette
  /** CSS font of a size and weight */
  font: (size: number, weight?: string) => string
  /** label size, px */
  size: number
  /** px between items */
  gap: number
}

/**
 * A legend on one line, between `left` and `right` (items that do not fit are dropped), its
 * middle at `y`: from `left`, or ending at `right` with `align: 'right'`. Returns its width.
 */
export function legend(
  g: CanvasRenderingContext2D,
  s: LegendStyle,
  items: [string, Swatch][],
  at: { left: number; right: number; y: number; align?: 'left' | 'right' },
): number {
  g.font = s.font(s.size)
  const widths: number[] = []
  let total = 0
  for (const [label] of items) {
    const w = 28 + g.measureText(label).width
    if (at.left + total + (widths.length ? s.gap : 0) + w > at.right) break
    total += (widths.length ? s.gap : 0) + w
    widths.push(w)
  }
  let x = at.align === 'right' ? at.right - total : at.left
  widths.forEach((w, i) => {
    const [label, swatch] = items[i]
    swatch(g, x, at.y)
    g.fillStyle = s.palette.graphite
    g.font = s.font(s.size)
    g.textAlign = 'left'
    g.textBaseline = 'middle'
    g.fillText(label, x + 28, at.y)
    x += w + s.gap
  })
  return total
}
