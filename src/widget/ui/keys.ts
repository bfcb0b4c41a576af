/** Keyboard and focus handling shared by the widgets: keys act on the focused widget root. */

/** A key's action; returning `false` leaves the key to others (it is then not consumed). */
export type KeyAction = () => false | void

/**
 * A keydown listener running the action of `e.key` in `keys` (letters in either case), unless a
 * modifier is held, text is being composed or `skip(e)` holds. A key that is acted on is consumed
 * (default prevented, propagation stopped).
 */
export function keyListener(keys: Record<string, KeyAction>, skip?: (e: KeyboardEvent) => boolean): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || skip?.(e)) return
    const lower = e.key.toLowerCase()
    const action = Object.hasOwn(keys, e.key) ? keys[e.key] : Object.hasOwn(keys, lower) ? keys[lower] : undefined
    if (!action || action() === false) return
    e.preventDefault()
    e.stopPropagation()
  }
}

/** whether an event comes from a form field (which keeps its own keys) */
export const isFormField = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')

/**
 * Focus helpers of a widget root: `focusRoot` focuses it without scrolling; `onPointerDown` (for
 * the root's pointerdown) focuses it unless focus is already inside; `keep` (for buttons' mousedown)
 * stops mouse clicks from moving focus off the widget.
 */
export function rootFocus(root: HTMLElement): { focusRoot: () => void; onPointerDown: () => void; keep: (e: Event) => void } {
  const doc = root.ownerDocument
  const focusRoot = () => root.focus({ preventScroll: true })
  return {
    focusRoot,
    onPointerDown: () => {
      if (doc.activeElement !== root && !root.contains(doc.activeElement)) focusRoot()
    },
    keep: (e: Event) => e.preventDefault(),
  }
}
