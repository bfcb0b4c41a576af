/**
 * The presenter view's timer, with Start/Pause and Reset. Marp's bespoke presenter view shows the
 * time of day and an elapsed time counted from when the view was opened (a click resets it, it
 * cannot pause); this timer takes that elapsed time's place, so the view still shows one timer.
 * It starts paused at 0:00; `t` starts or pauses it. Its state is kept for the window's session,
 * so a reload (`livedeck serve` after a save) does not lose the lecture's time.
 */
const KEY = 'livedeck:presenter-timer'

interface TimerState {
  /** ms counted before the current run */
  banked: number
  /** Date.now() when the current run started, null when paused */
  since: number | null
}

export function format(ms: number): string {
  const s = Math.floor(ms / 1000)
  const two = (n: number) => String(n).padStart(2, '0')
  const h = Math.floor(s / 3600)
  return h > 0 ? `${h}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${two(Math.floor(s / 60))}:${two(s % 60)}`
}

function load(win: Window): TimerState {
  try {
    const v = JSON.parse(win.sessionStorage.getItem(KEY) ?? 'null') as TimerState | null
    if (v && typeof v.banked === 'number' && (v.since === null || typeof v.since === 'number')) return v
  } catch {
    // no storage (a sandboxed page): the timer starts over
  }
  return { banked: 0, since: null }
}

function save(win: Window, state: TimerState): void {
  try {
    win.sessionStorage.setItem(KEY, JSON.stringify(state))
  } catch {
    // no storage: nothing to keep
  }
}

/** Adds the timer to the presenter view's info bar; returns its removal. Needs the view to be built. */
export function installPresenterTimer(doc: Document): () => void {
  const win = doc.defaultView ?? window
  const info = doc.querySelector<HTMLElement>('.bespoke-marp-presenter-info-container')
  if (!info) return () => {}
  const marpTimer = info.querySelector<HTMLElement>('.bespoke-marp-presenter-info-timer')
  let state = load(win)
  const elapsed = () => state.banked + (state.since === null ? 0 : Date.now() - state.since)

  const box = doc.createElement('div')
  box.className = 'live-timer'
  box.setAttribute('role', 'group')
  box.setAttribute('aria-label', 'Timer')
  const time = doc.createElement('time')
  time.className = 'live-timer-time'
  time.title = 'Time since the timer was started (paused time not counted)'
  const toggle = doc.createElement('button')
  toggle.type = 'button'
  toggle.className = 'live-timer-toggle'
  const reset = doc.createElement('button')
  reset.type = 'button'
  reset.className = 'live-timer-reset'
  reset.textContent = 'Reset'
  reset.title = 'Reset the timer to 0:00'
  box.append(time, toggle, reset)

  const render = () => {
    const ms = elapsed()
    time.textContent = format(ms)
    time.dateTime = `PT${Math.floor(ms / 1000)}S`
    const running = state.since !== null
    toggle.textContent = running ? 'Pause' : ms > 0 ? 'Resume' : 'Start'
    toggle.title = `${running ? 'Pause' : 'Start'} the timer (t)`
    box.dataset.running = String(running)
    box.dataset.elapsed = String(Math.floor(ms / 1000))
  }
  const set = (next: TimerState) => {
    state = next
    save(win, state)
    render()
  }
  const startPause = () => set(state.since === null ? { banked: state.banked, since: Date.now() } : { banked: elapsed(), since: null })
  const onToggle = () => {
    toggle.blur()
    startPause()
  }
  const onReset = () => {
    reset.blur()
    set({ banked: 0, since: state.since === null ? null : Date.now() })
  }
  toggle.addEventListener('click', onToggle)
  reset.addEventListener('click', onReset)
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 't' || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return
    const t = e.target as HTMLElement | null
    if (t && (t.closest('.live-embed') || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName) || t.isContentEditable)) return
    e.preventDefault()
    startPause()
  }
  doc.addEventListener('keydown', onKey)

  if (marpTimer) {
    marpTimer.style.display = 'none'
    marpTimer.after(box)
  } else {
    info.append(box)
  }
  render()
  const tick = win.setInterval(render, 250)
  return () => {
    win.clearInterval(tick)
    doc.removeEventListener('keydown', onKey)
    box.remove()
    if (marpTimer) marpTimer.style.display = ''
  }
}
