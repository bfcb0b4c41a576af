/**
 * Buttons shared by widgets: icon + label, readable from the back of a lecture hall,
 * styled with the theme's palette. `controlsCss(scope)` styles every button under `scope`.
 */
import type { Palette } from '../palette'

const SVG_NS = 'http://www.w3.org/2000/svg'

export const ICONS = {
  play: 'M7 4.5v15l13-7.5z',
  pause: 'M6 4.5h4.5v15H6zM13.5 4.5H18v15h-4.5z',
  step: 'M5 4.5v15l11-7.5zM16.5 4.5H20v15h-3.5z',
  reset: 'M12 4a8 8 0 1 1-7.6 5.5l2.85.95A5 5 0 1 0 12 7v3L7 5.5 12 1z',
  shuffle: 'M4 7h3.5l8 10H20v-2.5l3.5 3.5L20 21.5V19h-5.5l-8-10H4zM14.5 7H20V4.5L23.5 8 20 11.5V9h-4.5l-1.6 2-1.3-1.6zM4 17h3.5l1.6-2 1.3 1.6L8.5 19H4z',
  fastForward: 'M3 5v14l9-7zM12 5v14l9-7z',
} as const

export type IconName = keyof typeof ICONS

export function icon(doc: Document, name: IconName): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('aria-hidden', 'true')
  const path = doc.createElementNS(SVG_NS, 'path')
  path.setAttribute('d', ICONS[name])
  path.setAttribute('fill', 'currentColor')
  svg.append(path)
  return svg
}

/** A button with an icon and a label (the label hides in compact layouts, the aria-label stays). */
export function iconButton(doc: Document, name: IconName, label: string, title: string): HTMLButtonElement {
  const b = doc.createElement('button')
  b.type = 'button'
  b.title = title
  b.setAttribute('aria-label', label)
  const text = doc.createElement('span')
  text.className = 'live-label'
  text.textContent = label
  b.append(icon(doc, name), text)
  return b
}

/** Sets a button's icon and label (e.g. play <-> pause). */
export function setIconButton(b: HTMLButtonElement, name: IconName, label: string): void {
  const text = b.ownerDocument.createElement('span')
  text.className = 'live-label'
  text.textContent = label
  b.replaceChildren(icon(b.ownerDocument, name), text)
  b.setAttribute('aria-label', label)
}

/** CSS for buttons under `scope`; add the class `live-compact` to `scope` for icon-only buttons. */
export function controlsCss(scope: string, p: Palette): string {
  return `
${scope} button { display: inline-flex; align-items: center; gap: 6px; font: inherit; font-size: 17px; font-weight: 600;
  color: ${p.graphite}; background: #fff; border: 2px solid ${p.graphite}; border-radius: 8px;
  padding: 5px 13px 5px 9px; cursor: pointer; min-height: 40px; }
${scope} button svg { width: 22px; height: 22px; flex: none; }
${scope} button:hover { background: ${p.sable}; }
${scope} button.live-primary { background: ${p.graphite}; color: #fff; min-width: 104px; }
${scope} button.live-primary:hover { background: ${p.graphiteAccent}; }
${scope} button[aria-pressed="true"] { background: ${p.graphite}; color: #fff; }
${scope} button:disabled { opacity: 0.45; cursor: default; }
${scope} button:focus-visible, ${scope} input:focus-visible, ${scope} select:focus-visible { outline: 3px solid ${p.blueschist}; outline-offset: 2px; }
${scope}.live-compact button { padding: 5px 8px; min-width: 44px; justify-content: center; }
${scope}.live-compact button.live-primary { min-width: 44px; }
${scope}.live-compact .live-label { display: none; }
${scope} select { font: inherit; font-size: 17px; color: ${p.graphite}; background: #fff; border: 2px solid ${p.graphite};
  border-radius: 8px; padding: 5px 8px; min-height: 40px; cursor: pointer; }
${scope} input[type="range"] { accent-color: ${p.magma}; height: 28px; margin: 0; cursor: pointer; }
`
}

/** Play (the primary button), Step and Reset buttons of a widget that runs, with their titles. */
export function playStepReset(
  doc: Document,
  titles: { play: string; step: string; reset: string },
): { playButton: HTMLButtonElement; stepButton: HTMLButtonElement; resetButton: HTMLButtonElement } {
  const playButton = iconButton(doc, 'play', 'Play', titles.play)
  playButton.classList.add('live-primary')
  return { playButton, stepButton: iconButton(doc, 'step', 'Step', titles.step), resetButton: iconButton(doc, 'reset', 'Reset', titles.reset) }
}

/** A plain button showing `text` (e.g. − and +), with a title and an aria-label. */
export function textButton(doc: Document, text: string, title: string, label: string, className = ''): HTMLButtonElement {
  const b = doc.createElement('button')
  b.type = 'button'
  if (className) b.className = className
  b.textContent = text
  b.title = title
  b.setAttribute('aria-label', label)
  return b
}
