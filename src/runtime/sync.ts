/**
 * Keeps the deck's widgets in the same state in every window that shows the deck: the audience
 * window, the presenter view and its next-slide preview (any page of the same file).
 *
 * - Interactions with a widget (button clicks, slider and menu values, the widget's keys, pointer
 *   gestures on its canvases) are broadcast on a BroadcastChannel, naming the widget by its index
 *   on the page and the control by its path inside the widget, and replayed there in the other
 *   windows. Only real (trusted) events are broadcast and replayed events are synthetic, so a
 *   replayed interaction never echoes back. A click is replayed only on a control that reads the
 *   same (a "Pause" click is not replayed on a button that says "Play").
 * - When a widget stops (paused, finished), its step count is broadcast and the windows meet at
 *   the furthest step with the widget's deterministic `snapshot(step)`, so a window that lagged a
 *   few frames behind ends on exactly the same picture.
 * - A window that mounts a widget later (the presenter view opened mid-lecture, the preview of the
 *   next slide) asks for its state: the interactions so far are replayed, the step drawn, and the
 *   widget resumed if it is playing elsewhere.
 */
import type { WidgetController } from '../widget/define'

/** what the sync needs of a widget host */
export interface SyncHost {
  readonly el: HTMLElement
  /** true while the widget's animation loop runs */
  readonly animating: boolean
  /** the mounted widget, once mounted */
  readonly widget: WidgetController | undefined
}

export type Interaction =
  | { kind: 'click'; path: number[]; label: string }
  | { kind: 'value'; type: string; path: number[]; value: string; checked: boolean }
  | { kind: 'key'; path: number[]; key: string; code: string; shift: boolean; playing: string }
  | { kind: 'pointer'; type: string; path: number[]; x: number; y: number; buttons: number; button: number; pointerType: string; id: number }

/** a widget's state as another window needs it to catch up */
export interface WidgetState {
  /** the step count shown (the widget's `data-step`), null when it has none */
  step: number | null
  animating: boolean
  /** the interactions since the widget was mounted, in order */
  log: Interaction[]
  /** when it was mounted (ms since the epoch) */
  mountedAt: number
}

type Message =
  | { t: 'do'; from: string; w: number; name: string; ev: Interaction }
  | { t: 'settled'; from: string; w: number; name: string; step: number }
  | { t: 'parked'; from: string; w: number; name: string; step: number }
  | { t: 'hello'; from: string; w: number; name: string }
  | { t: 'state'; from: string; to: string; w: number; name: string; state: WidgetState; lead: boolean }

interface Entry {
  host: SyncHost
  index: number
  name: string
  /** the controller this entry last saw mounted (a remount starts over) */
  controller: WidgetController | undefined
  mountedAt: number
  log: Interaction[]
  wasAnimating: boolean
  wasShown: boolean
  /** the last 'parked' report followed, and when */
  parkedStep: number
  parkedAt: number
  /** a state from another window was applied (or none was needed) */
  joined: boolean
}

export interface SyncOptions {
  /** the state to restore when a widget mounts (e.g. kept across a reload), if any */
  restore?: (host: SyncHost, index: number) => WidgetState | undefined
  /**
   * false for a window that only follows (the next-slide preview): its widgets' states and stops
   * are never taken by the other windows. Default true.
   */
  lead?: boolean
}

export interface WidgetSync {
  /** the current state of a mounted widget */
  state(host: SyncHost): WidgetState | undefined
  stop(): void
}

const LOG_LIMIT = 4000
const POLL_MS = 120

export function channelName(doc: Document): string {
  return `livedeck:${doc.location.pathname}`
}

export function startSync(doc: Document, hosts: readonly SyncHost[], options: SyncOptions = {}): WidgetSync {
  const win = doc.defaultView ?? window
  const id = Math.random().toString(36).slice(2)
  const lead = options.lead ?? true
  const entries: Entry[] = hosts.map((host, index) => ({
    host,
    index,
    // the widget and its parameters: a message for another widget (a window showing an older
    // build of the deck) is ignored
    name: `${host.el.dataset.live ?? ''} ${host.el.dataset.liveParams ?? ''}`,
    controller: undefined,
    mountedAt: 0,
    log: [],
    wasAnimating: false,
    wasShown: false,
    parkedStep: 0,
    parkedAt: -Infinity,
    joined: false,
  }))
  const byEmbed = new Map(entries.map((e) => [e.host.el, e]))
  let channel: BroadcastChannel | undefined
  try {
    channel = new BroadcastChannel(channelName(doc))
  } catch {
    channel = undefined // no BroadcastChannel (very old browser, sandboxed frame): widgets stay local
  }
  const post = (m: Message) => channel?.postMessage(m)
  // sent after the event's dispatch ends (so a key's `defaultPrevented` is known), in order
  const later = (fn: () => void) => win.setTimeout(fn, 0)

  const rootOf = (e: Entry) => e.host.el.querySelector<HTMLElement>(':scope > .live-root')
  const mounted = (e: Entry) => e.host.widget !== undefined && e.controller === e.host.widget
  const stepOf = (e: Entry): number | null => {
    const v = rootOf(e)?.querySelector<HTMLElement>(':scope > [data-step]')?.dataset.step
    return v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v)
  }
  // a widget on a hidden slide is not moving: to the others it is not playing
  const shown = (e: Entry) => !e.host.el.closest('svg.bespoke-marp-slide') || !!e.host.el.closest('svg.bespoke-marp-active')
  const stateOf = (e: Entry): WidgetState => ({ step: stepOf(e), animating: e.host.animating && shown(e), log: e.log.slice(), mountedAt: e.mountedAt })
  const remember = (e: Entry, ev: Interaction) => {
    if (ev.kind === 'pointer' && ev.type === 'pointermove' && ev.buttons === 0) return // hover: not state
    if (ev.kind === 'pointer' && ev.type === 'pointerleave') return
    e.log.push(ev)
    if (e.log.length > LOG_LIMIT) e.log.splice(0, e.log.length - LOG_LIMIT)
  }

  /* ---------- capture: real interactions inside a mounted widget */
  const locate = (target: EventTarget | null): { entry: Entry; root: HTMLElement; el: Element } | undefined => {
    if (!(target instanceof Element)) return undefined
    const embed = target.closest('.live-embed')
    const entry = embed && byEmbed.get(embed as HTMLElement)
    if (!entry || !mounted(entry)) return undefined
    const root = rootOf(entry)
    if (!root || !root.contains(target)) return undefined
    return { entry, root, el: target }
  }
  const send = (entry: Entry, ev: Interaction) => {
    remember(entry, ev)
    post({ t: 'do', from: id, w: entry.index, name: entry.name, ev })
  }

  const onClick = (e: MouseEvent) => {
    if (!e.isTrusted) return
    const hit = locate(e.target)
    if (!hit) return
    const control = hit.el.closest('button, [role="button"], [role="tab"], [role="menuitem"], summary')
    if (!control || !hit.root.contains(control)) return
    const ev: Interaction = { kind: 'click', path: pathOf(hit.root, control), label: labelOf(control) }
    later(() => send(hit.entry, ev))
  }
  const onValue = (e: Event) => {
    if (!e.isTrusted) return
    const hit = locate(e.target)
    const input = hit?.el as HTMLInputElement | undefined
    if (!hit || !input || !('value' in input)) return
    const ev: Interaction = { kind: 'value', type: e.type, path: pathOf(hit.root, input), value: String(input.value), checked: !!input.checked }
    later(() => send(hit.entry, ev))
  }
  const onKey = (e: KeyboardEvent) => {
    if (!e.isTrusted || e.ctrlKey || e.metaKey || e.altKey || e.key === 'Escape') return
    const hit = locate(e.target)
    // a button pressed with Space or Enter reports its click
    if (!hit || (hit.el.tagName === 'BUTTON' && (e.key === ' ' || e.key === 'Enter'))) return
    const ev: Interaction = { kind: 'key', path: pathOf(hit.root, hit.el), key: e.key, code: e.code, shift: e.shiftKey, playing: playState(hit.root) }
    later(() => {
      // only the keys the widget acted on (a control's own keys, like a slider's arrows, are not
      // prevented: their result comes as input and change)
      if (e.defaultPrevented) send(hit.entry, ev)
    })
  }
  const onPointer = (e: PointerEvent) => {
    if (!e.isTrusted) return
    const hit = locate(e.target)
    if (!hit || hit.el.closest('button, input, select, textarea, label, a')) return
    const r = hit.el.getBoundingClientRect()
    if (r.width <= 0 || r.height <= 0) return
    const path = pathOf(hit.root, hit.el)
    // a move carries the points the browser coalesced into it (a drawn stroke keeps its detail)
    const coalesced = e.type === 'pointermove' && typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : []
    for (const p of coalesced.length > 1 ? coalesced : [e]) {
      const ev: Interaction = {
        kind: 'pointer',
        type: e.type,
        path,
        x: (p.clientX - r.left) / r.width,
        y: (p.clientY - r.top) / r.height,
        buttons: e.buttons,
        button: e.button,
        pointerType: e.pointerType,
        id: e.pointerId,
      }
      later(() => send(hit.entry, ev))
    }
  }
  const POINTER = ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'pointerleave'] as const
  doc.addEventListener('click', onClick, true)
  doc.addEventListener('input', onValue, true)
  doc.addEventListener('change', onValue, true)
  doc.addEventListener('keydown', onKey, true)
  for (const type of POINTER) doc.addEventListener(type, onPointer, true)

  /* ---------- replay */
  const apply = (entry: Entry, ev: Interaction): boolean => {
    const root = rootOf(entry)
    const target = root && elementAt(root, ev.path)
    if (!root || !target) return false
    // a replayed event never leaves the widget (the deck does not see a replayed key)
    const fence = (e: Event) => e.stopPropagation()
    const types = ev.kind === 'key' ? ['keydown'] : ev.kind === 'pointer' ? [ev.type] : ev.kind === 'value' ? [ev.type] : ['click']
    for (const t of types) entry.host.el.addEventListener(t, fence)
    // nor does it move this window's focus (a widget focuses itself when used)
    const focused = doc.activeElement
    const wasAnimating = entry.host.animating
    try {
      switch (ev.kind) {
        case 'click':
          if (labelOf(target) !== ev.label) return false
          ;(target as HTMLElement).click()
          break
        case 'value': {
          const input = target as HTMLInputElement
          if (!('value' in input)) return false
          input.value = ev.value
          if ('checked' in input && (input.type === 'checkbox' || input.type === 'radio')) input.checked = ev.checked
          input.dispatchEvent(new Event(ev.type, { bubbles: true }))
          break
        }
        case 'key':
          // a key that toggles playing is replayed only on a widget in the same state
          if (playState(root) !== ev.playing) return false
          target.dispatchEvent(new KeyboardEvent('keydown', { key: ev.key, code: ev.code, shiftKey: ev.shift, bubbles: true, cancelable: true }))
          break
        case 'pointer': {
          const r = target.getBoundingClientRect()
          const init: PointerEventInit = {
            bubbles: ev.type !== 'pointerleave',
            cancelable: true,
            clientX: r.left + ev.x * r.width,
            clientY: r.top + ev.y * r.height,
            buttons: ev.buttons,
            button: ev.button,
            pointerType: ev.pointerType,
            pointerId: ev.id,
            isPrimary: true,
          }
          // a synthetic pointer cannot be captured: capture calls are no-ops while it is replayed
          const el = target as HTMLElement
          const own = ['setPointerCapture', 'releasePointerCapture'] as const
          for (const m of own) Object.defineProperty(el, m, { value: () => {}, configurable: true })
          try {
            el.dispatchEvent(new PointerEvent(ev.type, init))
          } finally {
            for (const m of own) delete (el as unknown as Record<string, unknown>)[m]
          }
          break
        }
      }
    } catch (error) {
      console.warn('Livedeck: a synchronised interaction could not be replayed', error)
      return false
    } finally {
      for (const t of types) entry.host.el.removeEventListener(t, fence)
      if (doc.activeElement !== focused) {
        if (focused instanceof HTMLElement && focused !== doc.body) focused.focus({ preventScroll: true })
        else (doc.activeElement as HTMLElement | null)?.blur?.()
      }
    }
    remember(entry, ev)
    // a follower (the preview) never trains by itself: a replayed Play leaves it where it is,
    // and the 'parked' and 'settled' reports move it to where the other windows stopped
    if (!lead && entry.host.animating) pause(entry)
    // stopped by the other window's interaction: say where it stopped here, so that the windows
    // meet at the furthest step (the other window's own report may have come before its event)
    if (wasAnimating && !entry.host.animating) settled(entry)
    entry.wasAnimating = entry.host.animating
    return true
  }
  const settled = (entry: Entry) => {
    const step = stepOf(entry)
    if (lead && step !== null) post({ t: 'settled', from: id, w: entry.index, name: entry.name, step })
  }

  /** catches up with `state`: its interactions, its step, playing or not */
  const applyState = async (entry: Entry, state: WidgetState) => {
    for (const ev of state.log) apply(entry, ev)
    const widget = entry.host.widget
    if (state.step !== null && widget?.snapshot && stepOf(entry) !== state.step) await widget.snapshot(state.step)
    if (lead && state.animating && !entry.host.animating) resume(entry)
    entry.wasAnimating = entry.host.animating
  }

  /** draws `step`; `keepPlaying`: a widget that was playing plays on from there */
  const align = async (entry: Entry, step: number, keepPlaying = false) => {
    const widget = entry.host.widget
    if (!widget?.snapshot || stepOf(entry) === step) return
    const playing = keepPlaying && entry.host.animating
    await widget.snapshot(step)
    if (playing && !entry.host.animating) resume(entry)
    entry.wasAnimating = entry.host.animating
  }
  /** presses the widget's Pause button */
  const pause = (entry: Entry) => {
    rootOf(entry)?.querySelector<HTMLButtonElement>('button[aria-label="Pause"]:not(:disabled)')?.click()
  }
  /** presses the widget's Play button (snapshots pause a widget) */
  const resume = (entry: Entry) => {
    rootOf(entry)?.querySelector<HTMLButtonElement>('button[aria-label="Play"]:not(:disabled)')?.click()
  }

  const onMessage = (m: Message) => {
    if (!m || m.from === id) return
    const entry = entries[m.w]
    if (!entry || entry.name !== m.name || !mounted(entry)) return
    switch (m.t) {
      case 'do':
        apply(entry, m.ev)
        break
      case 'settled': {
        // stopped elsewhere: the windows meet at the furthest step (the one behind catches up,
        // training forward as the other did; going back would replay with today's parameters)
        const own = stepOf(entry)
        if (own === null || own < m.step) void align(entry, m.step)
        else if (own > m.step && !entry.host.animating) settled(entry)
        break
      }
      case 'parked': {
        // a window left the widget's slide while it played: the windows that lagged catch up, and
        // a follower (the preview) shows where it stopped (the furthest of a burst of reports)
        const now = performance.now()
        if (lead) {
          const own = stepOf(entry)
          if (!shown(entry) && own !== null && m.step > own) void align(entry, m.step, true)
          // still shown here (this window turns the slide a moment later): caught up when it does
          else if (shown(entry)) [entry.parkedStep, entry.parkedAt] = [m.step, now]
        } else if (now - entry.parkedAt > 1000 || m.step > entry.parkedStep) {
          entry.parkedAt = now
          entry.parkedStep = m.step
          void align(entry, m.step)
        }
        break
      }
      case 'hello':
        post({ t: 'state', from: id, to: m.from, w: m.w, name: m.name, state: stateOf(entry), lead })
        break
      case 'state': {
        if (m.to !== id || entry.joined || !m.lead) break
        // the window that has had the widget longer, or has done more with it, leads
        if (m.state.mountedAt < entry.mountedAt - 250 || m.state.log.length > entry.log.length) {
          entry.joined = true
          void applyState(entry, m.state)
        }
        break
      }
    }
  }
  if (channel) channel.onmessage = (e) => onMessage(e.data as Message)

  /* ---------- mounts and stops, watched */
  const onMount = (entry: Entry) => {
    entry.controller = entry.host.widget
    entry.mountedAt = Date.now()
    entry.log = []
    entry.joined = false
    entry.wasAnimating = entry.host.animating
    entry.wasShown = shown(entry)
    const kept = options.restore?.(entry.host, entry.index)
    if (kept) {
      entry.joined = true
      void applyState(entry, kept)
    }
    post({ t: 'hello', from: id, w: entry.index, name: entry.name })
  }
  const poll = win.setInterval(() => {
    for (const entry of entries) {
      const widget = entry.host.widget
      if (widget === undefined) {
        entry.controller = undefined
        continue
      }
      if (entry.controller !== widget) {
        onMount(entry)
        continue
      }
      const animating = entry.host.animating
      if (entry.wasAnimating && !animating) settled(entry)
      entry.wasAnimating = animating
      const isShown = shown(entry)
      if (lead && entry.wasShown && !isShown) {
        const step = stepOf(entry)
        if (step !== null) post({ t: 'parked', from: id, w: entry.index, name: entry.name, step })
        if (step !== null && performance.now() - entry.parkedAt < 1000 && entry.parkedStep > step) void align(entry, entry.parkedStep, true)
      }
      entry.wasShown = isShown
    }
  }, POLL_MS)

  return {
    state(host) {
      const entry = entries.find((e) => e.host === host)
      return entry && mounted(entry) ? stateOf(entry) : undefined
    },
    stop() {
      win.clearInterval(poll)
      channel?.close()
      doc.removeEventListener('click', onClick, true)
      doc.removeEventListener('input', onValue, true)
      doc.removeEventListener('change', onValue, true)
      doc.removeEventListener('keydown', onKey, true)
      for (const type of POINTER) doc.removeEventListener(type, onPointer, true)
    },
  }
}

/** child indices from `root` down to `el` */
export function pathOf(root: Element, el: Element): number[] {
  const path: number[] = []
  for (let e: Element | null = el; e && e !== root; e = e.parentElement) {
    const parent: Element | null = e.parentElement
    if (!parent) break
    path.unshift(Array.prototype.indexOf.call(parent.children, e))
  }
  return path
}

export function elementAt(root: Element, path: readonly number[]): Element | undefined {
  let e: Element | undefined = root
  for (const i of path) {
    e = e?.children[i]
    if (!e) return undefined
  }
  return e
}

/** what a widget's play button says ("Play", "Pause", …), '' when it has none */
function playState(root: Element): string {
  return root.querySelector('button[aria-label="Play"], button[aria-label="Pause"], button[aria-label="Sweep"]')?.getAttribute('aria-label') ?? ''
}

/** what a control says (its aria-label, else its text): a click is replayed only on a control saying the same */
function labelOf(el: Element): string {
  return (el.getAttribute('aria-label') ?? el.textContent ?? '').trim()
}
