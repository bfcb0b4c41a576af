/**
 * Widget snapshots by content: a widget drawn at a snapshot is a pure function of its
 * widget's code, its parameters, its box, the slide's look and the deck's styles.
 * The key hashes all of them, so a widget is drawn once per run however many decks or
 * fragment steps show it, and, with a cache folder, once until something changes (pictures
 * long unused are pruned after each export: cache-folder.ts).
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { markUsed, pruneCache, SNAPSHOT_CACHE } from '../engine/cache-folder'
import { writeAtomically } from '../write-atomically'
import type { Drawn, PictureSpec, WidgetDom } from './draw-widgets'
import type { WidgetPlace } from './print-page'

/** bump when the way widgets are taken changes */
const VERSION = 'snapshot-4'

/** What every widget of a deck shares in its key: the deck's styles (theme, widget CSS). */
export function deckFingerprint(html: string): string {
  const hash = createHash('sha256')
  for (const m of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) hash.update(m[1])
  return hash.digest('hex')
}

/** `code`: the widget's own code key (runtime-bundle.ts `widgetCodeKey`) */
export function snapshotKey(place: WidgetPlace, fingerprint: string, code: string, handout: boolean, picture: PictureSpec): string {
  return createHash('sha256')
    .update(JSON.stringify([VERSION, fingerprint, code, place.name, place.params, Math.round(place.width * 100), Math.round(place.height * 100), place.look, handout, picture.scale, picture.format]))
    .digest('hex')
}

export class SnapshotCache {
  private readonly memory = new Map<string, Promise<Drawn>>()

  /** `dir`: where drawn widgets are kept between runs; none keeps them for this run only */
  constructor(private readonly dir?: string) {}

  /** A widget already drawn in this run or kept from an earlier one, or being drawn now. */
  lookup(key: string): Promise<Drawn> | undefined {
    const known = this.memory.get(key)
    if (known) return known
    if (!this.dir) return undefined
    let dom: WidgetDom
    try {
      dom = JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as WidgetDom
      if (typeof dom.html !== 'string' || typeof dom.className !== 'string' || typeof dom.style !== 'string') return undefined
    } catch {
      return undefined
    }
    markUsed(this.file(key))
    const found = Promise.resolve<Drawn>({ status: 'drawn', dom })
    this.memory.set(key, found)
    return found
  }

  /** Registers the widget `key` as being drawn; drawn widgets are kept, failures are not. */
  drawing(key: string, drawn: Promise<Drawn>): void {
    drawn.catch(() => {})
    this.memory.set(key, drawn)
    void drawn.then(
      (d) => {
        if (d.status === 'drawn') this.keep(key, d.dom)
        else this.memory.delete(key)
      },
      () => this.memory.delete(key),
    )
  }

  /** Removes pictures the budget no longer allows (SNAPSHOT_CACHE); this run's stay. */
  prune(): void {
    if (this.dir) pruneCache(this.dir, SNAPSHOT_CACHE)
  }

  private file(key: string): string {
    return path.join(this.dir!, `${key}.json`)
  }

  private keep(key: string, dom: WidgetDom): void {
    if (!this.dir) return
    try {
      writeAtomically(this.file(key), JSON.stringify(dom))
      markUsed(this.file(key))
    } catch {
      // a read-only cache only costs time
    }
  }
}
