/** Small DOM builders shared by the widgets' views. */

/** A `tag` element with class `className` (none when empty), appended to `parent` when given. */
export function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className = '', parent?: HTMLElement): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag)
  if (className) e.className = className
  parent?.append(e)
  return e
}

/** A canvas that assistive technology reads as an image described by `ariaLabel`. */
export function labelledCanvas(doc: Document, ariaLabel: string, className = ''): HTMLCanvasElement {
  const c = el(doc, 'canvas', className)
  c.setAttribute('role', 'img')
  c.setAttribute('aria-label', ariaLabel)
  return c
}

/** A (visually hidden, by its class) span whose text changes are announced politely. */
export function liveRegion(doc: Document, className: string): HTMLSpanElement {
  const live = el(doc, 'span', className)
  live.setAttribute('aria-live', 'polite')
  return live
}
