/**
 * A drawn widget as markup, for the print page: what the widget's DOM shows, with each canvas
 * turned into a picture of its pixels. The print page lays it out in the widget's place with
 * the deck's own styles, so text stays text on paper, and what is printed depends only on
 * what the widget drew: a canvas's pixels are the same however busy the machine or whatever
 * the page drew before, which a screenshot of the drawing page's compositor was not.
 *
 * Both halves run in export pages (dist/export-page.js): `window.__livedeckWidgetDom` in the
 * page that draws widgets, `window.__livedeckPlaceWidgets` in the page that prints them.
 */

export interface WidgetDom {
  /** the widget element's class and style (a filmstrip changes both) */
  className: string
  style: string
  /** its content, canvases replaced by `<img>` */
  html: string
}

/** 'jpeg': JPEG for a canvas with no transparent pixel (PNG otherwise); 'png': always PNG */
export type ImageFormat = 'jpeg' | 'png'

/** JPEG quality of opaque canvases (at twice the slide's resolution no difference from PNG shows) */
export const JPEG_QUALITY = 0.92

declare global {
  interface Window {
    __livedeckWidgetDom?: (index: number, format: ImageFormat) => WidgetDom
    __livedeckPlaceWidgets?: (widgets: [number, WidgetDom][]) => Promise<void>
  }
}

const EMBEDS = '.live-embed[data-live]'

export function widgetDom(el: HTMLElement, format: ImageFormat): WidgetDom {
  const clone = el.cloneNode(true) as HTMLElement
  const canvases = [...el.querySelectorAll('canvas')]
  const copies = [...clone.querySelectorAll('canvas')]
  canvases.forEach((canvas, i) => copies[i].replaceWith(pictureOf(canvas, format)))
  keepFormState(el, clone)
  return { className: el.className, style: el.getAttribute('style') ?? '', html: clone.innerHTML }
}

/**
 * An `<img>` of a canvas's pixels laid out as the canvas was: the styles that differ from an
 * image's in the same place are copied inline (a rule written for `canvas` no longer matches).
 */
function pictureOf(canvas: HTMLCanvasElement, format: ImageFormat): HTMLImageElement {
  const doc = canvas.ownerDocument
  const img = doc.createElement('img')
  for (const { name, value } of canvas.attributes) if (name !== 'width' && name !== 'height' && name !== 'style') img.setAttribute(name, value)
  img.alt = ''
  // the canvas's computed styles, read before anything is added beside it (a computed style is live)
  const computed = getComputedStyle(canvas)
  const own = [...computed].map((property) => [property, computed.getPropertyValue(property)])
  // an image of no size, in the canvas's place, tells which of them are the canvas's own
  const probe = doc.createElement('img')
  probe.className = canvas.className
  canvas.after(probe)
  const plain = getComputedStyle(probe)
  const declarations = own.filter(([property, value]) => value !== plain.getPropertyValue(property)).map(([property, value]) => `${property}:${value}`)
  probe.remove()
  img.setAttribute('style', declarations.join(';'))
  img.src = canvas.width > 0 && canvas.height > 0 ? encode(canvas, format) : TRANSPARENT
  return img
}

const TRANSPARENT = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

function encode(canvas: HTMLCanvasElement, format: ImageFormat): string {
  return format === 'jpeg' && opaque(canvas) ? canvas.toDataURL('image/jpeg', JPEG_QUALITY) : canvas.toDataURL('image/png')
}

/** Whether every pixel of a 2D canvas is opaque (JPEG keeps no transparency). */
function opaque(canvas: HTMLCanvasElement): boolean {
  const g = canvas.getContext('2d')
  if (!g) return false
  const { data } = g.getImageData(0, 0, canvas.width, canvas.height)
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false
  return true
}

/** Values typed or set by script live in properties, not attributes: copy them over. */
function keepFormState(from: HTMLElement, to: HTMLElement): void {
  const live = [...from.querySelectorAll('input, select, textarea')]
  const copies = [...to.querySelectorAll('input, select, textarea')]
  live.forEach((el, i) => {
    const copy = copies[i]
    if (el instanceof HTMLInputElement) {
      copy.setAttribute('value', el.value)
      copy.toggleAttribute('checked', el.checked)
    } else if (el instanceof HTMLTextAreaElement) copy.textContent = el.value
    else if (el instanceof HTMLSelectElement) {
      ;[...(copy as HTMLSelectElement).options].forEach((option, k) => option.toggleAttribute('selected', el.options[k]?.selected ?? false))
    }
  })
}

/** Puts drawn widgets in their places (indices among the page's live embeds); resolves once their images are decoded. */
export async function placeWidgets(doc: Document, widgets: [number, WidgetDom][]): Promise<void> {
  const embeds = [...doc.querySelectorAll<HTMLElement>(EMBEDS)]
  for (const [index, dom] of widgets) {
    const el = embeds[index]
    el.className = dom.className
    el.setAttribute('style', dom.style)
    el.innerHTML = dom.html
    el.dataset.liveState = 'snapshot'
  }
  await Promise.all([...doc.querySelectorAll<HTMLImageElement>(`${EMBEDS} img`)].map((img) => img.decode().catch(() => undefined)))
  await doc.fonts.ready
}

window.__livedeckWidgetDom = (index, format) => widgetDom(document.querySelectorAll<HTMLElement>(EMBEDS)[index], format)
window.__livedeckPlaceWidgets = (widgets) => placeWidgets(document, widgets)
