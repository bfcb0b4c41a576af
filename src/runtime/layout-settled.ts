/**
 * Resolves once the boxes of a page's live widgets stop moving. Marp's browser script sizes
 * auto-scaled elements (display maths, fitted headings) asynchronously, after the page has
 * loaded; a widget on the same slide takes its box only then. Exports measure and draw widgets
 * after this, so the box they draw in does not depend on timing. At most `maxFrames` frames.
 */
export async function layoutSettled(doc: Document, maxFrames = 60): Promise<void> {
  const win = doc.defaultView
  if (!win) return
  const boxes = () =>
    [...doc.querySelectorAll('.live-embed[data-live]')]
      .map((el) => {
        const r = el.getBoundingClientRect()
        return `${r.x},${r.y},${r.width},${r.height}`
      })
      .join(';')
  let last = boxes()
  let still = 0
  for (let frame = 0; frame < maxFrames && still < 2; frame++) {
    await new Promise((done) => win.requestAnimationFrame(done))
    const now = boxes()
    still = now === last ? still + 1 : 0
    last = now
  }
}
