/**
 * What the runtime adds for presenting a deck: widgets kept in sync between the audience window,
 * the presenter view and its next-slide preview; the `?` shortcuts overlay; the presenter view's
 * timer; touch gestures on a widget kept from turning the slide; widget state kept across the
 * reloads of `livedeck serve`.
 */
import { installShortcutHelp } from './help'
import { keptState } from './keep-state'
import { bespokeView, isSlidePicture } from './motion'
import { installPresenterTimer } from './presenter-timer'
import { startSync, type SyncHost } from './sync'

export function startPresenting(doc: Document, hosts: readonly SyncHost[]): () => void {
  const win = doc.defaultView ?? window
  const embeds = hosts.map((h) => h.el)
  // the preview of the next slide and the overview follow the windows the class and the lecturer
  // use: they keep no state of their own (they share the presenter window's session storage)
  const follower = isSlidePicture(doc)
  const kept = follower ? { restore: () => undefined, save: () => {} } : keptState(doc, embeds)
  const sync = startSync(doc, hosts, { restore: kept.restore, lead: !follower })
  const onHide = () => kept.save(hosts.map((h) => sync.state(h)))
  win.addEventListener('pagehide', onHide)
  const stops = [sync.stop, installShortcutHelp(doc, embeds), guardTouch(embeds), keepSliderFocus(embeds)]
  if (bespokeView(doc) === 'presenter') stops.push(whenPresent(doc, '.bespoke-marp-presenter-info-container', () => installPresenterTimer(doc)))
  return () => {
    win.removeEventListener('pagehide', onHide)
    for (const stop of stops) stop()
  }
}

/**
 * A swipe on the slide turns it (the bespoke template listens on the slides' parent): a touch that
 * starts on a widget's canvas or control (drawing, dragging a slider) stays in the widget.
 */
function guardTouch(embeds: readonly HTMLElement[]): () => void {
  const stop = (e: TouchEvent) => {
    const t = e.target as Element | null
    if (t?.closest('.live-root') && t.closest('canvas, button, input, select, textarea, label, [tabindex]')) e.stopPropagation()
  }
  const types = ['touchstart', 'touchmove', 'touchend'] as const
  for (const el of embeds) for (const type of types) el.addEventListener(type, stop, { passive: true })
  return () => {
    for (const el of embeds) for (const type of types) el.removeEventListener(type, stop)
  }
}

/**
 * A widget may hand focus to its root when a slider is released (so that the deck's arrow keys are
 * not kept by the slider after a drag); a slider moved with the arrow keys keeps the focus, so the
 * next arrow moves it again instead of turning the slide.
 */
function keepSliderFocus(embeds: readonly HTMLElement[]): () => void {
  let last: { input: HTMLElement; at: number } | undefined
  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement
    if (e.isTrusted && t.tagName === 'INPUT' && (t as HTMLInputElement).type === 'range') last = { input: t, at: performance.now() }
  }
  const onChange = (e: Event) => {
    const t = e.target as HTMLElement
    if (!e.isTrusted || !last || last.input !== t || performance.now() - last.at > 500) return
    if (t.ownerDocument.activeElement !== t) t.focus({ preventScroll: true })
  }
  for (const el of embeds) {
    el.addEventListener('keydown', onKey, true)
    el.addEventListener('change', onChange)
  }
  return () => {
    for (const el of embeds) {
      el.removeEventListener('keydown', onKey, true)
      el.removeEventListener('change', onChange)
    }
  }
}

/** runs `install` once `selector` is in the document (the template builds its views after load) */
function whenPresent(doc: Document, selector: string, install: () => () => void): () => void {
  let remove: (() => void) | undefined
  if (doc.querySelector(selector)) {
    remove = install()
    return () => remove?.()
  }
  const observer = new MutationObserver(() => {
    if (!doc.querySelector(selector)) return
    observer.disconnect()
    remove = install()
  })
  observer.observe(doc.body, { childList: true, subtree: true })
  return () => {
    observer.disconnect()
    remove?.()
  }
}
