/**
 * What both export pages wait for before measuring or drawing widgets (the drawing page in
 * export-mode.ts, the print page through dist/export-page.js), so that both see the same boxes:
 * every declared font loaded, the page loaded, and the widgets' boxes settled.
 */
export async function layoutReady(doc: Document): Promise<void> {
  await Promise.all([allFonts(doc), loaded(doc)])
  await layoutSettled(doc)
}

/**
 * Every font the page's styles declare, loaded: until a font (KaTeX's, a theme's) has loaded, the
 * text it sets is laid out with another font's sizes, so a widget could be drawn in a box other
 * than the one the print page measures.
 */
async function allFonts(doc: Document): Promise<void> {
  await Promise.all([...doc.fonts].map((font) => font.load().catch(() => undefined)))
  await doc.fonts.ready
}

/**
 * The page loaded: its images loaded or failed. Until then an image has no size yet, or a
 * different one (a missing image's icon), and a widget beside it lays out in another box than
 * the one measured after loading, by a pixel or more depending on timing.
 */
function loaded(doc: Document): Promise<void> {
  const win = doc.defaultView
  if (doc.readyState === 'complete' || !win) return Promise.resolve()
  return new Promise((done) => win.addEventListener('load', () => done(), { once: true }))
}

/**
 * Resolves once the boxes of a page's live widgets stop moving. Marp's browser script sizes
 * auto-scaled elements (display maths, fitted headings) asynchronously, after the page has
 * loaded; a widget on the same slide takes its box only then. Exports measure and draw widgets
 * after this, so the box they draw in does not depend on timing. At most `maxFrames` frames.
 */
async function layoutSettled(doc: Document, maxFrames = 60): Promise<void> {
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
