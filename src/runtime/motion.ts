/**
 * Whether widgets on this page update step-wise instead of animating: when the viewer prefers
 * reduced motion, and in the presenter view's preview of the next slide (a small picture of the
 * slide to come, which must not start training by itself before the class gets there).
 */
export function reducedMotion(doc: Document): boolean {
  const win = doc.defaultView ?? window
  return win.matchMedia('(prefers-reduced-motion: reduce)').matches || isNextSlidePreview(doc)
}

/** the bespoke template's view of this page: '' (the deck), 'presenter', 'next' or 'overview' */
export function bespokeView(doc: Document): string {
  return doc.body?.dataset.bespokeView ?? new URLSearchParams(doc.location.search).get('view') ?? ''
}

export function isNextSlidePreview(doc: Document): boolean {
  return bespokeView(doc) === 'next'
}
