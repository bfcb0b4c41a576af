/** A plot's rectangle on a canvas and the data range it shows, with round axis ticks. */

export interface Frame {
  /** plot rectangle in CSS px */
  x0: number
  y0: number
  w: number
  h: number
  xMin: number
  xMax: number
  yMin: number
  yMax: number
}

/** CSS px of a data x, y in a frame */
export const px = (f: Frame, x: number): number => f.x0 + ((x - f.xMin) / (f.xMax - f.xMin)) * f.w
export const py = (f: Frame, y: number): number => f.y0 + f.h - ((y - f.yMin) / (f.yMax - f.yMin)) * f.h

/** About `count` round tick values (1, 2, 5 × 10^k) covering [min, max]. */
export function ticks(min: number, max: number, count: number): number[] {
  const raw = (max - min) / Math.max(1, count)
  const mag = 10 ** Math.floor(Math.log10(raw))
  const want = (max - min) / raw
  let step = mag
  for (const s of [1, 2, 5, 10].map((m) => m * mag)) {
    if (Math.abs((max - min) / s - want) < Math.abs((max - min) / step - want)) step = s
  }
  const out: number[] = []
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v)
  return out
}

export function tickLabel(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)))
}

/**
 * Backing-store scale for crisp canvases: device pixels per CSS px, including the zoom
 * of Marp's scaled slides (`el`'s drawn width over its layout width), capped at 3.
 */
export function canvasScale(el: HTMLElement): number {
  const layoutWidth = el.clientWidth
  const zoom = layoutWidth > 0 ? el.getBoundingClientRect().width / layoutWidth : 1
  return Math.min(3, Math.max(1, (el.ownerDocument.defaultView?.devicePixelRatio || 1) * (zoom || 1)))
}

/** Places a canvas at a CSS-px rectangle (absolutely positioned) with a backing store `scale` times larger. */
export function placeCanvas(canvas: HTMLCanvasElement, r: { x: number; y: number; w: number; h: number }, scale: number): void {
  canvas.style.left = `${r.x}px`
  canvas.style.top = `${r.y}px`
  canvas.style.width = `${r.w}px`
  canvas.style.height = `${r.h}px`
  canvas.width = Math.max(1, Math.round(r.w * scale))
  canvas.height = Math.max(1, Math.round(r.h * scale))
}

/** A rectangle in CSS px */
export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

/**
 * Two equal panels filling a `W` × `H` area, `gap` px apart: side by side when the area is at
 * least 1.2 times as wide as it is tall, else one above the other.
 */
export function splitTwo(W: number, H: number, gap: number): [Rect, Rect] {
  if (W / Math.max(1, H) >= 1.2) {
    const w = Math.floor((W - gap) / 2)
    return [
      { x: 0, y: 0, w, h: H },
      { x: W - w, y: 0, w, h: H },
    ]
  }
  const h = Math.floor((H - gap) / 2)
  return [
    { x: 0, y: 0, w: W, h },
    { x: 0, y: H - h, w: W, h },
  ]
}

/** Starts a fresh drawing on a canvas of `r`'s size: CSS-px transform at `scale`, all white. */
export function clearToWhite(g: CanvasRenderingContext2D, r: { w: number; h: number }, scale: number): void {
  g.setTransform(scale, 0, 0, scale, 0, 0)
  g.clearRect(0, 0, r.w, r.h)
  g.fillStyle = '#fff'
  g.fillRect(0, 0, r.w, r.h)
}
