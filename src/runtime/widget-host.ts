/**
 * Hosts one widget on a slide: mounts it the first time its slide is shown, gives it
 * its context (TF.js, palette, frame loop), pauses its loop while the slide is hidden,
 * shows the active backend, and turns a failure into a visible message.
 */
import type { TF, WidgetContext, WidgetController, WidgetDefinition } from '../widget/define'
import { readPalette } from '../widget/palette'
import { FrameLoop } from './frame-loop'
import { reducedMotion } from './motion'
import { backendNote } from './backend'
import { markShown, measureFirstFrame } from './first-frame'

export class WidgetHost {
  private readonly loop = new FrameLoop()
  private controller: WidgetController | undefined
  private mounting: Promise<void> | undefined
  private destroyed = false
  private generation = 0

  constructor(
    readonly el: HTMLElement,
    private readonly definition: WidgetDefinition | undefined,
    private readonly backend: () => Promise<{ tf: TF; name: string }>,
  ) {}

  /** true while the widget's animation loop runs (also while its slide is hidden) */
  get animating(): boolean {
    return this.loop.animating
  }

  /** the mounted widget, once mounted */
  get widget(): WidgetController | undefined {
    return this.controller
  }

  setVisible(visible: boolean): void {
    if (visible && !this.mounting) {
      markShown(this.el)
      this.mounting = this.mount()
    }
    this.loop.setVisible(visible)
  }

  destroy(): void {
    this.destroyed = true
    this.loop.stop()
    this.controller?.destroy()
    this.controller = undefined
  }

  /** Mounts the widget again from its initial state (its backend was lost), if it was mounted. */
  remount(): void {
    if (this.destroyed || !this.mounting) return
    this.generation += 1
    this.loop.stop()
    try {
      this.controller?.destroy()
    } catch (e) {
      console.warn(`Livedeck: ${this.el.dataset.liveSource ?? ''}: destroying the widget before remounting it failed`, e)
    }
    this.controller = undefined
    this.el.dataset.liveState = 'waiting'
    this.mounting = this.mount()
  }

  private async mount(): Promise<void> {
    const { el } = this
    const generation = this.generation
    try {
      if (!this.definition) throw new Error(`unknown widget "${el.dataset.live}" (this page's runtime does not include it)`)
      const params = JSON.parse(el.dataset.liveParams ?? '{}')
      const { tf, name } = await this.backend()
      if (this.destroyed || generation !== this.generation) return
      el.replaceChildren()
      el.dataset.liveState = 'mounted'
      el.dataset.liveBackend = name
      const loop = this.loop
      loop.stepwise = reducedMotion(document)
      const ctx: WidgetContext = {
        tf,
        backend: name,
        palette: readPalette(el),
        reducedMotion: loop.stepwise,
        animate: (tick) => loop.start(tick),
        stopAnimation: () => loop.stop(),
        get animating() {
          return loop.animating
        },
      }
      const root = document.createElement('div')
      root.className = 'live-root'
      el.append(root, badge(name, backendNote()))
      installKeyboardGuard(el)
      this.controller = this.definition.mount(root, params, ctx)
      measureFirstFrame(el)
    } catch (e) {
      el.dataset.liveState = 'error'
      showError(el, e as Error)
      console.error(`Livedeck: ${el.dataset.liveSource ?? ''}: ${(e as Error).message}`, e)
    }
  }
}

function badge(backend: string, note: string): HTMLElement {
  const b = document.createElement('span')
  b.className = 'live-badge'
  b.textContent = backend.toUpperCase()
  b.title = `TensorFlow.js backend: ${backend}${note ? ` (${note})` : ''}`
  if (note) b.dataset.note = note
  return b
}

export function showError(el: HTMLElement, error: Error): void {
  const box = document.createElement('div')
  box.className = 'live-error'
  box.setAttribute('role', 'alert')
  const title = document.createElement('strong')
  title.textContent = `Widget "${el.dataset.live ?? '?'}" failed (${el.dataset.liveSource ?? 'unknown place'})`
  const message = document.createElement('p')
  message.textContent = error.message
  box.append(title, message)
  el.replaceChildren(box)
}

/**
 * Keys typed into a widget's own controls stay in the widget: arrows move a slider,
 * Space and Enter press a button, and the deck does not change slide. Escape hands
 * focus back to the deck.
 */
function installKeyboardGuard(el: HTMLElement): void {
  el.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement
    if (e.key === 'Escape') {
      target.blur?.()
      ;(document.activeElement as HTMLElement | null)?.blur?.()
      e.stopPropagation()
      return
    }
    const tag = target.tagName
    const ownsKey =
      (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') ||
      (tag === 'BUTTON' && (e.key === ' ' || e.key === 'Enter'))
    if (ownsKey) e.stopPropagation()
  })
}
