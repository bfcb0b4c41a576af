/**
 * Tells when an element's slide is shown. In Marp's bespoke template the shown slide
 * is the `svg` carrying `bespoke-marp-active`; elsewhere (plain HTML, a scrolling
 * page) an element counts as shown while it intersects the viewport.
 */
export type VisibilityListener = (visible: boolean) => void

export interface VisibilityWatcher {
  observe(el: Element, listener: VisibilityListener): void
  disconnect(): void
}

export function watchSlideVisibility(doc: Document): VisibilityWatcher {
  const entries = new Map<Element, { listener: VisibilityListener; visible: boolean; slide: Element | null }>()
  const isBespoke = (slide: Element | null) => !!slide && slide.classList.contains('bespoke-marp-slide')

  const update = (el: Element) => {
    const entry = entries.get(el)
    if (!entry || !isBespoke(entry.slide)) return
    const visible = doc.visibilityState !== 'hidden' && entry.slide!.classList.contains('bespoke-marp-active')
    if (visible !== entry.visible) {
      entry.visible = visible
      entry.listener(visible)
    }
  }
  const updateAll = () => entries.forEach((_, el) => update(el))

  const mutations = new MutationObserver((records) => {
    for (const r of records) for (const [el, entry] of entries) if (entry.slide === r.target) update(el)
  })
  const intersections = new IntersectionObserver(
    (records) => {
      for (const r of records) {
        const entry = entries.get(r.target)
        if (!entry || isBespoke(entry.slide)) continue
        const visible = r.isIntersecting && doc.visibilityState !== 'hidden'
        if (visible !== entry.visible) {
          entry.visible = visible
          entry.listener(visible)
        }
      }
    },
    { threshold: 0.2 },
  )
  doc.addEventListener('visibilitychange', updateAll)

  return {
    observe(el, listener) {
      const slide = el.closest('svg[data-marpit-svg]')
      entries.set(el, { listener, visible: false, slide })
      if (isBespoke(slide)) {
        mutations.observe(slide!, { attributes: true, attributeFilter: ['class'] })
        update(el)
      } else {
        intersections.observe(el)
      }
    },
    disconnect() {
      mutations.disconnect()
      intersections.disconnect()
      doc.removeEventListener('visibilitychange', updateAll)
      entries.clear()
    },
  }
}
