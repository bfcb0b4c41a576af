/**
 * One live widget in Chromium, for the widgets' browser tests: a deck built by the real CLI,
 * opened in a guarded page (outside requests blocked and counted, console errors kept),
 * the widget's state read from the data attributes of its top element, and on closing the
 * guards checked (no error, no outside request).
 */
import type { Browser } from 'playwright-core'
import { beforeAll, expect } from 'vitest'
import { guardedPage, type GuardedPage } from './chromium'
import { useBrowser } from './use-browser'
import { buildDeck } from './deck'

/** The data attributes of a widget's top element (`el.dataset`, copied out of the page). */
export type Data = Record<string, string | undefined>
export type Reader<S> = (data: Data) => S

/** Markdown of a deck in the presentation theme with these slides (each a slide's body). */
export function deckMarkdown(...slides: string[]): string {
  return `---\nmarp: true\ntheme: presentation\n---\n\n${slides.join('\n\n---\n\n')}\n`
}

/** A slide's body: a title and one live directive (`directive` is what follows `live:`). */
export function liveSlide(title: string, directive: string): string {
  return `## ${title}\n\n<!-- live: ${directive} -->`
}

/** The scope of the widget on slide `slide` (1-based; Marp wraps each slide in its own svg). */
export const onSlide = (slide: number): string => `svg[data-marpit-svg]:nth-of-type(${slide})`

export interface OpenOptions<S> {
  /** how to read the state from the data attributes */
  read: Reader<S>
  /** the slide to open, as the URL's hash; none opens the deck as it is */
  slide?: number
  /** a selector the widget is looked for in (e.g. `onSlide(2)`); none: the first widget on the page */
  within?: string
  /** what to wait for inside the mounted embed (default `canvas`; `''` the embed itself), or false not to wait */
  mounted?: string | false
  viewport?: { width: number; height: number }
}

export interface WidgetPage<S> extends GuardedPage {
  /** selector of the widget's top element (the element that carries its data attributes) */
  readonly root: string
  /** the widget's state, read from its data attributes */
  state(): Promise<S>
  /** the data attributes as they are */
  data(): Promise<Data>
  /**
   * Waits until `predicate` holds for the widget's data attributes. The predicate runs in the
   * page: it may use only its argument, nothing from the test's scope.
   */
  waitFor(predicate: (data: Data) => boolean, timeout?: number): Promise<void>
  /** gives the widget (its `.live-root`) the keyboard focus */
  focus(): Promise<void>
  /**
   * Expects no console error (unless `allowErrors`) and no outside request, then closes the page.
   */
  close(options?: { allowErrors?: boolean }): Promise<void>
}

/** Opens the deck at `url` in a new guarded page and waits until its widget is mounted. */
export async function openWidget<S>(browser: Browser, url: string, options: OpenOptions<S>): Promise<WidgetPage<S>> {
  const { read, slide, within, mounted = 'canvas', viewport } = options
  const scope = within ? `${within} ` : ''
  const root = `${scope}.live-root > *`
  const g = await guardedPage(browser, viewport)
  const { page } = g
  await page.goto(slide === undefined ? url : `${url}#${slide}`)
  if (mounted !== false) await page.waitForSelector(`${scope}.live-embed[data-live-state="mounted"] ${mounted}`.trimEnd())
  const data = () => page.$eval(root, (el) => ({ ...(el as HTMLElement).dataset }) as Data)
  return {
    ...g,
    root,
    data,
    state: async () => read(await data()),
    waitFor: async (predicate, timeout) => {
      await page.waitForFunction(
        ({ selector, source }) => {
          const el = document.querySelector(selector) as HTMLElement | null
          return el !== null && (new Function(`return (${source})`)() as (d: DOMStringMap) => boolean)(el.dataset)
        },
        { selector: root, source: predicate.toString() },
        timeout === undefined ? undefined : { timeout },
      )
    },
    focus: () => page.focus(`${scope}.live-root`),
    close: async ({ allowErrors = false } = {}) => {
      if (!allowErrors) expect(g.errors).toEqual([])
      expect(g.blocked).toEqual([])
      await page.context().close()
    },
  }
}

export interface WidgetDeck<S> {
  /** the built deck's file: URL and HTML */
  readonly url: string
  readonly html: string
  readonly browser: Browser
  /** opens the deck (see `openWidget`), reading the state with the deck's reader unless told otherwise */
  open<T>(options: OpenOptions<T>): Promise<WidgetPage<T>>
  open(options?: Partial<OpenOptions<S>>): Promise<WidgetPage<S>>
  /** builds another deck and opens it in the same browser */
  openDeck<T>(markdown: string, name: string, options: OpenOptions<T>): Promise<WidgetPage<T>>
  openDeck(markdown: string, name: string, options?: Partial<OpenOptions<S>>): Promise<WidgetPage<S>>
}

/**
 * For a test file: builds the deck once and launches Chromium before its tests (beforeAll),
 * closes Chromium after them (afterAll). Call at the top level of the file.
 */
export function useWidgetDeck<S>(markdown: string, name: string, read: Reader<S>): WidgetDeck<S> {
  const browser = useBrowser()
  let built: { url: string; html: string } | undefined
  beforeAll(async () => {
    built = await buildDeck(markdown, name)
  })
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useWidgetDeck: no ${what} yet (use it inside a test)`)
    return value
  }
  const open = (url: string, options: Partial<OpenOptions<unknown>> = {}) => openWidget(browser(), url, { read: read as Reader<unknown>, ...options })
  return {
    get url() {
      return ready(built, 'deck').url
    },
    get html() {
      return ready(built, 'deck').html
    },
    get browser() {
      return browser()
    },
    open: ((options?: Partial<OpenOptions<unknown>>) => open(ready(built, 'deck').url, options)) as WidgetDeck<S>['open'],
    openDeck: (async (markdown: string, name: string, options?: Partial<OpenOptions<unknown>>) =>
      open((await buildDeck(markdown, name)).url, options)) as WidgetDeck<S>['openDeck'],
  }
}
