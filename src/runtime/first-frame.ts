/**
 * How long a widget takes to appear: `livedeck:shown:<id>` is marked when its slide is
 * first shown, and `livedeck:first-frame:<id>` measured from that mark to the start of
 * the first animation frame after the widget has mounted (the frame that paints it).
 * Read them with `performance.getEntriesByName('livedeck:first-frame:live-1')`.
 */
export function markShown(el: HTMLElement): void {
  try {
    performance.mark(`livedeck:shown:${el.id}`, { detail: { widget: el.dataset.live } })
  } catch {
    // performance marks are a diagnostic: never let them break a widget
  }
}

export function measureFirstFrame(el: HTMLElement): void {
  requestAnimationFrame(() => {
    try {
      if (performance.getEntriesByName(`livedeck:first-frame:${el.id}`, 'measure').length) return
      performance.measure(`livedeck:first-frame:${el.id}`, { start: `livedeck:shown:${el.id}`, detail: { widget: el.dataset.live } })
    } catch {
      // no mark (the widget was mounted some other way): nothing to measure
    }
  })
}
