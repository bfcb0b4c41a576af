/**
 * Finds the `.live-embed` elements the engine emitted and brings their widgets to life.
 * Idempotent (an element is hydrated once); returns a cleanup that destroys them all.
 */
import type { TF, WidgetDefinition } from '../widget/define'
import { backendChain, startBackend } from './backend'
import { recoverableBackend } from './context-loss'
import { startPresenting } from './presenting'
import { watchSlideVisibility } from './slide-visibility'
import { WidgetHost } from './widget-host'

export interface HydrateOptions {
  tf: TF
  widgets: readonly WidgetDefinition[]
  /** backends bundled into this page, registered with `tf` */
  backends: readonly string[]
}

export function hydrate(root: Document, options: HydrateOptions): () => void {
  const registry = new Map(options.widgets.map((w) => [w.manifest.name, w]))
  const embeds = [...root.querySelectorAll<HTMLElement>('.live-embed[data-live]')].filter((el) => !el.dataset.liveState)
  if (embeds.length === 0) return () => {}

  const requested = embeds.map((el) => (JSON.parse(el.dataset.liveParams ?? '{}') as { backend?: string }).backend).find((b) => b && b !== 'auto')
  // a lost WebGL context switches the deck to CPU and remounts its widgets there
  const backend = recoverableBackend(options.tf, () => startBackend(options.tf, backendChain(requested, options.backends)), () => hosts.forEach((h) => h.remount()))

  const watcher = watchSlideVisibility(root)
  const hosts = embeds.map((el) => {
    el.dataset.liveState = 'waiting'
    const host = new WidgetHost(el, registry.get(el.dataset.live ?? ''), backend)
    watcher.observe(el, (visible) => host.setVisible(visible))
    return host
  })
  // sync between windows, shortcuts overlay, presenter timer, state kept across serve reloads
  const stopPresenting = startPresenting(root, hosts)
  return () => {
    stopPresenting()
    watcher.disconnect()
    for (const host of hosts) host.destroy()
  }
}
