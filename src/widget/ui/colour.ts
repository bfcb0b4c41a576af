/** Colours as numbers, for heat maps and colour ramps drawn pixel by pixel. */

export type RGB = [number, number, number]

/** [r, g, b] of any CSS colour, via a canvas context's colour normalisation. */
export function rgbOf(ctx: CanvasRenderingContext2D, colour: string): RGB {
  ctx.fillStyle = '#000'
  ctx.fillStyle = colour
  const s = String(ctx.fillStyle)
  if (s.startsWith('#')) {
    const n = parseInt(s.slice(1, 7), 16)
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
  }
  const m = s.match(/[\d.]+/g)
  return m ? [Number(m[0]), Number(m[1]), Number(m[2])] : [0, 0, 0]
}

/** The colour at `t` in [0, 1] along a ramp of evenly spaced stops. */
export function mix(stops: RGB[], t: number): RGB {
  const u = Math.min(1, Math.max(0, t)) * (stops.length - 1)
  const i = Math.min(stops.length - 2, Math.floor(u))
  const f = u - i
  const a = stops[i]
  const b = stops[i + 1]
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]
}

/**
 * A canvas of `nx` × `ny` pixels, one per grid value (rows of `nx`, the first row at the bottom),
 * coloured `mix(stops, t(value))`; drawn scaled up, it is a heat map.
 */
export function heatTile(doc: Document, values: ArrayLike<number>, nx: number, ny: number, stops: RGB[], t: (v: number) => number): HTMLCanvasElement {
  const img = new ImageData(nx, ny)
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const [r, g, b] = mix(stops, t(values[j * nx + i]))
      const k = ((ny - 1 - j) * nx + i) * 4
      img.data[k] = r
      img.data[k + 1] = g
      img.data[k + 2] = b
      img.data[k + 3] = 255
    }
  }
  const tile = doc.createElement('canvas')
  tile.width = nx
  tile.height = ny
  tile.getContext('2d')!.putImageData(img, 0, 0)
  return tile
}
