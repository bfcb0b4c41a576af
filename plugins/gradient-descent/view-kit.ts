/**
 * Drawing helpers shared by the gradient-descent views (single descent and races): paths,
 * markers and the heat map with contours of a loss landscape. Plain functions of a 2-D context.
 */
import { heatTile, type RGB } from '../../src/widget/ui/colour'
import { px, py, type Frame } from '../../src/widget/ui/plot-frame'
import type { Landscape } from './model'

/** Marching squares: the segments of the `level` iso-line of a grid, in grid coordinates. */
export function isoSegments(l: Landscape, level: number, out: number[]): void {
  const { nA, nB, values: v } = l
  const lerp = (v0: number, v1: number) => (level - v0) / (v1 - v0)
  for (let j = 0; j < nB - 1; j++) {
    for (let i = 0; i < nA - 1; i++) {
      const v00 = v[j * nA + i]
      const v10 = v[j * nA + i + 1]
      const v01 = v[(j + 1) * nA + i]
      const v11 = v[(j + 1) * nA + i + 1]
      const c = (v00 > level ? 1 : 0) | (v10 > level ? 2 : 0) | (v11 > level ? 4 : 0) | (v01 > level ? 8 : 0)
      if (c === 0 || c === 15) continue
      // edge crossing points: bottom (00-10), right (10-11), top (01-11), left (00-01)
      const pts: Record<string, [number, number]> = {}
      if ((c & 1) !== (c >> 1 & 1)) pts.b = [i + lerp(v00, v10), j]
      if ((c >> 1 & 1) !== (c >> 2 & 1)) pts.r = [i + 1, j + lerp(v10, v11)]
      if ((c >> 3 & 1) !== (c >> 2 & 1)) pts.t = [i + lerp(v01, v11), j + 1]
      if ((c & 1) !== (c >> 3 & 1)) pts.l = [i, j + lerp(v00, v01)]
      const keys = Object.keys(pts)
      if (keys.length === 2) {
        out.push(...pts[keys[0]], ...pts[keys[1]])
      } else if (keys.length === 4) {
        // saddle: decide with the centre value
        const centre = (v00 + v10 + v01 + v11) / 4 > level
        const pairs = (c === 5) === centre ? [['b', 'r'], ['t', 'l']] : [['b', 'l'], ['t', 'r']]
        for (const [p, q] of pairs) out.push(...pts[p], ...pts[q])
      }
    }
  }
}

/**
 * The first of `variants` (longest first) that fits in `maxWidth` px in the context's current font,
 * else the last one cut with an ellipsis ('' when not even that fits). Never clips.
 */
export function fitText(g: CanvasRenderingContext2D, variants: string[], maxWidth: number): string {
  for (const v of variants) if (g.measureText(v).width <= maxWidth) return v
  const last = variants[variants.length - 1] ?? ''
  for (let n = last.length - 1; n > 0; n--) {
    const cut = `${last.slice(0, n).trimEnd()}…`
    if (g.measureText(cut).width <= maxWidth) return cut
  }
  return ''
}

/** A path through (as[k], bs[k]) in data units, up to its first non-finite point. */
export function polyline(g: CanvasRenderingContext2D, f: Frame, as: number[], bs: number[]): void {
  g.beginPath()
  let started = false
  for (let k = 0; k < as.length; k++) {
    const a = as[k]
    const b = bs[k]
    if (!Number.isFinite(a) || !Number.isFinite(b)) break
    // diverging points leave the plot; the clip hides them, only absurd coordinates are clamped
    const x = Math.min(1e6, Math.max(-1e6, px(f, a)))
    const y = Math.min(1e6, Math.max(-1e6, py(f, b)))
    if (started) g.lineTo(x, y)
    else g.moveTo(x, y)
    started = true
  }
  g.stroke()
}

/** an axis-aligned box, px */
export interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** Whether the segment (ax, ay)–(bx, by) meets the box `r` (Liang–Barsky clipping). */
export function segmentHitsBox(ax: number, ay: number, bx: number, by: number, r: Box): boolean {
  const x1 = r.x + r.w
  const y1 = r.y + r.h
  if (Math.max(ax, bx) < r.x || Math.min(ax, bx) > x1 || Math.max(ay, by) < r.y || Math.min(ay, by) > y1) return false
  const dx = bx - ax
  const dy = by - ay
  let t0 = 0
  let t1 = 1
  for (const [p, q] of [[-dx, ax - r.x], [dx, x1 - ax], [-dy, ay - r.y], [dy, y1 - ay]]) {
    if (p === 0) {
      if (q < 0) return false
      continue
    }
    const t = q / p
    if (p < 0) t0 = Math.max(t0, t)
    else t1 = Math.min(t1, t)
    if (t0 > t1) return false
  }
  return true
}

/** Whether two boxes overlap. */
export const boxesOverlap = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

/** A five-pointed star path of radius r at (x, y) (fill or stroke it). */
export function star(g: CanvasRenderingContext2D, x: number, y: number, r: number): void {
  g.beginPath()
  for (let k = 0; k < 10; k++) {
    const rr = k % 2 === 0 ? r : r * 0.45
    const t = -Math.PI / 2 + (k * Math.PI) / 5
    g.lineTo(x + rr * Math.cos(t), y + rr * Math.sin(t))
  }
  g.closePath()
}

/**
 * A canvas the size of `like`: white, the landscape `land` as a heat map over the plot rectangle of
 * `f` coloured by excess over `floor` on a log scale, and contours at geometric excess levels.
 */
export function heatLayer(
  doc: Document,
  land: Landscape,
  f: Frame,
  floor: number,
  stops: RGB[],
  lineColour: string,
  like: HTMLCanvasElement,
  scale: number,
  /** where the log colour scale turns linear, as a fraction of the range: larger is closer to linear */
  knee = 2e-3,
): HTMLCanvasElement {
  const { nA, nB } = land
  const { x0, y0, w, h } = f
  // colour by excess loss on a log scale; contour levels geometric in excess loss
  const top = Math.max(land.max - floor, 1e-12)
  const ref = top * knee
  const norm = Math.log1p(top / ref)
  const tile = heatTile(doc, land.values, nA, nB, stops, (v) => Math.log1p(Math.max(0, v - floor) / ref) / norm)

  const layer = doc.createElement('canvas')
  layer.width = like.width
  layer.height = like.height
  const g = layer.getContext('2d')!
  g.setTransform(scale, 0, 0, scale, 0, 0)
  g.fillStyle = '#fff'
  g.fillRect(0, 0, like.width / scale, like.height / scale)
  g.imageSmoothingEnabled = true
  g.imageSmoothingQuality = 'high'
  // grid point i sits at the centre of tile pixel i
  const cw = w / (nA - 1)
  const ch = h / (nB - 1)
  g.save()
  g.beginPath()
  g.rect(x0, y0, w, h)
  g.clip()
  g.drawImage(tile, x0 - cw / 2, y0 - ch / 2, w + cw, h + ch)
  const gx = (i: number) => x0 + i * cw
  const gy = (j: number) => y0 + h - j * ch
  g.strokeStyle = lineColour
  g.lineJoin = 'round'
  for (let k = 1, level = top / 2.2; level > top * 3e-4 && k < 12; k++, level /= 2.2) {
    const seg: number[] = []
    isoSegments(land, floor + level, seg)
    g.globalAlpha = 0.32
    g.lineWidth = 1.5
    g.beginPath()
    for (let q = 0; q < seg.length; q += 4) {
      g.moveTo(gx(seg[q]), gy(seg[q + 1]))
      g.lineTo(gx(seg[q + 2]), gy(seg[q + 3]))
    }
    g.stroke()
  }
  g.globalAlpha = 1
  g.restore()
  return layer
}
