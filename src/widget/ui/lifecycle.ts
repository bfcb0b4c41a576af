/**
 * What a mounted view has to undo when it goes: its event listeners (all added with one
 * AbortSignal), the ResizeObserver that lays it out again, and its animation loop.
 */

export interface ViewLifecycle {
  /** the signal every listener of the view is added with */
  readonly signal: AbortSignal
  /** `target.addEventListener(type, fn, { signal })` */
  on<K extends keyof HTMLElementEventMap>(target: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void): void
  on<K extends keyof WindowEventMap>(target: Window, type: K, fn: (e: WindowEventMap[K]) => void): void
  on(target: EventTarget, type: string, fn: (e: Event) => void): void
  /** each button runs its action on click, and `keep` on mousedown (so clicks leave focus on the widget) */
  buttons(keep: (e: Event) => void, actions: [HTMLElement, (e: MouseEvent) => void][]): void
  /** the widget root's keys and its pointerdown (focus) handler */
  root(root: HTMLElement, onKey: (e: KeyboardEvent) => void, onPointerDown: (e: PointerEvent) => void): void
  /** calls the resize handler whenever one of `els` changes size (and once when first observed) */
  observe(...els: Element[]): void
  /** stops the animation (when given one), the observer and every listener */
  end(): void
}

/**
 * The lifecycle of a view that lays itself out with `onResize`; `animation` (the widget context)
 * is stopped by `end()`.
 */
export function viewLifecycle(onResize: () => void, animation?: { stopAnimation(): void }): ViewLifecycle {
  const listeners = new AbortController()
  const { signal } = listeners
  const observer = new ResizeObserver(() => onResize())
  const on = (target: EventTarget, type: string, fn: (e: Event) => void) => target.addEventListener(type, fn, { signal })
  return {
    signal,
    on,
    buttons(keep, actions) {
      for (const [b] of actions) b.addEventListener('mousedown', keep, { signal })
      for (const [b, fn] of actions) b.addEventListener('click', fn, { signal })
    },
    root(root, onKey, onPointerDown) {
      root.addEventListener('keydown', onKey, { signal })
      root.addEventListener('pointerdown', onPointerDown, { signal })
    },
    observe(...els) {
      for (const e of els) observer.observe(e)
    },
    end() {
      animation?.stopAnimation()
      observer.disconnect()
      listeners.abort()
    },
  }
}
