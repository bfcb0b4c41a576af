/** The theme's palette, read from CSS custom properties so widgets match the slides. */

export interface Palette {
  lava: string
  ocre: string
  magma: string
  rubis: string
  sable: string
  graphite: string
  graphiteAccent: string
  terra: string
  blueschist: string
  olivine: string
  footer: string
}

/** The `presentation` theme's colours, used when a deck's theme does not define them. */
export const fallbackPalette: Readonly<Palette> = {
  lava: '#ef3b37',
  ocre: '#f35639',
  magma: '#da291c',
  rubis: '#8a1538',
  sable: '#f7f3ef',
  graphite: '#48424d',
  graphiteAccent: '#5a555e',
  terra: '#dca67a',
  blueschist: '#84bdde',
  olivine: '#7aa585',
  footer: 'rgb(179,179,179)',
}

const cssNames: Record<keyof Palette, string> = {
  lava: '--color-lava',
  ocre: '--color-ocre',
  magma: '--color-magma',
  rubis: '--color-rubis',
  sable: '--color-sable',
  graphite: '--color-graphite',
  graphiteAccent: '--color-graphite-accent',
  terra: '--color-terra',
  blueschist: '--color-blueschist',
  olivine: '--color-olivine',
  footer: '--color-footer',
}

/** Read the palette as computed on `el` (custom properties inherit from the slide). */
export function readPalette(el: Element): Palette {
  const style = getComputedStyle(el)
  const out = { ...fallbackPalette }
  for (const key of Object.keys(cssNames) as (keyof Palette)[]) {
    const value = style.getPropertyValue(cssNames[key]).trim()
    if (value) out[key] = value
  }
  return out
}
