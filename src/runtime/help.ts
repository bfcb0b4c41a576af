/**
 * The `?` overlay: the deck's keyboard shortcuts and those of the deck's widgets. `?` shows it,
 * `?`, Escape or a click outside its panel closes it (and focus goes back where it was).
 */
import { bespokeView } from './motion'
import { DECK_SHORTCUTS, PRESENTER_SHORTCUTS, WIDGET_SHORTCUTS, type Shortcut } from './shortcuts'

/** whether a key event is typed into a text field (where `?` is a character, not a command) */
const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && !/^(range|checkbox|radio|button|submit|reset|color)$/.test((t as HTMLInputElement).type)))

export function installShortcutHelp(doc: Document, embeds: readonly HTMLElement[]): () => void {
  const win = doc.defaultView ?? window
  let overlay: HTMLElement | undefined
  let before: Element | null = null

  const close = () => {
    if (!overlay) return
    overlay.remove()
    overlay = undefined
    if (before instanceof HTMLElement && before.isConnected) before.focus({ preventScroll: true })
  }
  const open = () => {
    before = doc.activeElement
    overlay = build(doc, embeds, close)
    doc.body.append(overlay)
    overlay.querySelector<HTMLElement>('.live-help-panel')?.focus({ preventScroll: true })
  }
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return
    if (overlay && (e.key === 'Escape' || e.key === '?')) {
      close()
    } else if (!overlay && e.key === '?' && !typing(e.target)) {
      open()
    } else if (overlay && e.key !== 'Tab') {
      // the deck stays where it is while the shortcuts are shown
    } else {
      return
    }
    e.preventDefault()
    e.stopImmediatePropagation()
  }
  // on the window, capturing: before the deck's and the widgets' own keys
  win.addEventListener('keydown', onKey, true)
  return () => {
    win.removeEventListener('keydown', onKey, true)
    close()
  }
}

function keyCaps(doc: Document, keys: readonly string[], range = false): HTMLElement {
  const cell = doc.createElement('td')
  cell.className = 'live-help-keys'
  keys.forEach((k, i) => {
    if (i > 0) cell.append(range ? '–' : ' ')
    const kbd = doc.createElement('kbd')
    kbd.textContent = k
    cell.append(kbd)
  })
  return cell
}

function table(doc: Document, title: string, rows: readonly Shortcut[], caption?: string): HTMLElement {
  const section = doc.createElement('section')
  const h = doc.createElement('h3')
  h.textContent = title
  section.append(h)
  if (caption) {
    const p = doc.createElement('p')
    p.textContent = caption
    section.append(p)
  }
  const t = doc.createElement('table')
  for (const [keys, what] of rows) {
    const tr = doc.createElement('tr')
    const td = doc.createElement('td')
    td.textContent = what
    tr.append(keyCaps(doc, keys, keys.length === 2 && /^\d$/.test(keys[0]) && /^\d$/.test(keys[1]) && Number(keys[1]) - Number(keys[0]) > 2), td)
    t.append(tr)
  }
  section.append(t)
  return section
}

/** a widget's keys: from the table, else from its mounted root's label (a custom widget) */
function widgetRows(name: string, embeds: readonly HTMLElement[]): Shortcut[] | string {
  const known = WIDGET_SHORTCUTS[name]
  if (known) return [...known]
  const label = embeds.find((e) => e.dataset.live === name)?.querySelector('.live-root')?.getAttribute('aria-label')
  return label ?? 'click the widget or Tab to it, then use its buttons'
}

function build(doc: Document, embeds: readonly HTMLElement[], close: () => void): HTMLElement {
  const overlay = doc.createElement('div')
  overlay.className = 'live-help'
  overlay.addEventListener('click', (e) => {
    if (e.target === overlay) close()
  })
  const panel = doc.createElement('div')
  panel.className = 'live-help-panel'
  panel.tabIndex = -1
  panel.setAttribute('role', 'dialog')
  panel.setAttribute('aria-modal', 'true')
  panel.setAttribute('aria-label', 'Keyboard shortcuts')
  const head = doc.createElement('header')
  const h = doc.createElement('h2')
  h.textContent = 'Keyboard shortcuts'
  const x = doc.createElement('button')
  x.type = 'button'
  x.className = 'live-help-close'
  x.textContent = 'Close'
  x.title = 'Close (Esc or ?)'
  x.addEventListener('click', close)
  head.append(h, x)
  const cols = doc.createElement('div')
  cols.className = 'live-help-columns'
  const deck = doc.createElement('div')
  deck.append(table(doc, 'Deck', DECK_SHORTCUTS))
  if (bespokeView(doc) === 'presenter') deck.append(table(doc, 'Presenter view', PRESENTER_SHORTCUTS))
  const widgets = doc.createElement('div')
  widgets.className = 'live-help-widgets'
  const names = [...new Set(embeds.map((e) => e.dataset.live ?? ''))].filter(Boolean)
  if (names.length) {
    const intro = doc.createElement('p')
    intro.className = 'live-help-intro'
    intro.textContent = 'Widgets: click one or Tab to it, then'
    deck.append(intro)
  }
  for (const name of names) {
    const rows = widgetRows(name, embeds)
    if (typeof rows === 'string') {
      const section = doc.createElement('section')
      const t = doc.createElement('h3')
      t.textContent = name
      const p = doc.createElement('p')
      p.textContent = rows
      section.append(t, p)
      widgets.append(section)
    } else {
      widgets.append(table(doc, name, rows))
    }
  }
  cols.append(deck, widgets)
  panel.append(head, cols)
  overlay.append(panel)
  return overlay
}
