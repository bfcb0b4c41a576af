/** Entry point of the page runtime: hydrates the deck's widgets once the page has loaded. */
import type { WidgetDefinition, TF } from '../widget/define'
import { exportRequest, snapshotAll } from './export-mode'
import { hydrate } from './hydrate'

export function boot(tf: TF, widgets: readonly WidgetDefinition[], backends: readonly string[]): void {
  const start = () => {
    const request = exportRequest()
    if (request) {
      // opened by the exporter: every widget drawn once, at its snapshot, no animation
      void snapshotAll(document, { tf, widgets }, request)
      return
    }
    const cleanup = hydrate(document, { tf, widgets, backends })
    ;(window as unknown as { livedeck?: object }).livedeck = { tf, cleanup }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true })
  else start()
}
