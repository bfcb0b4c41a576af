/**
 * Widget state kept across the reload `livedeck serve` does after the deck is saved: each mounted
 * widget's state is written to sessionStorage when the page goes, keyed by the widget's name, its
 * parameters and its rank among the widgets with that same name and parameters. After a reload by
 * the server (it leaves a mark in sessionStorage just before reloading), a widget whose key is
 * found again (its parameters did not change) is brought back to its state; a widget whose
 * parameters changed has a new key and starts fresh. Any other load starts every widget fresh.
 */
import type { SyncHost, WidgetState } from './sync'

/** set by the serve client just before it reloads the page */
export const SERVE_RELOAD_MARK = 'livedeck:serve-reload'
const PREFIX = 'livedeck:keep:'

function storage(win: Window): Storage | undefined {
  try {
    return win.sessionStorage
  } catch {
    return undefined
  }
}

/** the keys of `embeds`: name, parameters, rank among identical ones */
export function stateKeys(embeds: readonly HTMLElement[]): string[] {
  const seen = new Map<string, number>()
  return embeds.map((el) => {
    const base = `${el.dataset.live ?? ''}|${el.dataset.liveParams ?? '{}'}`
    const rank = seen.get(base) ?? 0
    seen.set(base, rank + 1)
    return `${PREFIX}${base}|${rank}`
  })
}

export interface KeptState {
  /** the kept state of the widget at `index`, when the page was reloaded by the server */
  restore(host: SyncHost, index: number): WidgetState | undefined
  /** writes the states of the widgets that are mounted (the others keep what they had) */
  save(states: readonly (WidgetState | undefined)[]): void
}

export function keptState(doc: Document, embeds: readonly HTMLElement[]): KeptState {
  const win = doc.defaultView ?? window
  const store = storage(win)
  const keys = stateKeys(embeds)
  let reloadedByServe = false
  if (store) {
    reloadedByServe = store.getItem(SERVE_RELOAD_MARK) !== null
    store.removeItem(SERVE_RELOAD_MARK)
    if (!reloadedByServe) {
      for (let i = store.length - 1; i >= 0; i--) {
        const k = store.key(i)
        if (k?.startsWith(PREFIX)) store.removeItem(k)
      }
    }
  }
  // read now: the widgets mount later, when their slide is shown
  const found = keys.map((key) => {
    if (!store || !reloadedByServe) return undefined
    try {
      const v = JSON.parse(store.getItem(key) ?? 'null') as WidgetState | null
      return v && Array.isArray(v.log) ? { ...v, mountedAt: 0 } : undefined
    } catch {
      return undefined
    }
  })
  return {
    restore(_host, index) {
      const state = found[index]
      found[index] = undefined // once: a later remount starts fresh
      return state
    },
    save(states) {
      if (!store) return
      states.forEach((s, i) => {
        if (!s) return
        try {
          store.setItem(keys[i], JSON.stringify(s))
        } catch {
          // storage full: that widget starts fresh next time
        }
      })
    },
  }
}
