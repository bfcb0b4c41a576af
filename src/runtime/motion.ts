/**
 * Whether widgets on this page update step-wise instead of animating: when the viewer prefers
 * reduced motion, and in the template's pictures of slides (the presenter view's preview of the
 * next slide, the overview), which must not start training by themselves.
 */
export function reducedMotion(doc: Document): boolean {
  const win = doc.defaultView ?? window
  return win.matchMedia('(prefers-reduced-motion: reduce)').matches || isSlidePicture(doc)
}

/** the bespoke template's view of this page: '' (the deck), 'presenter', 'next' or 'overview' */
export function bespokeView(doc: Document): string {
  return doc.body?.dataset.bespokeView ?? new URLSearchParams(doc.location.search).get('view') ?? ''
}

/** the presenter view's preview of the next slide, or the overview of all slides */
export function isSlidePicture(doc: Document): boolean {
  const view = bespokeView(doc)
  return view === 'next' || view === 'overview'
}
