/**
 * Widget snapshots by content: a widget drawn at a snapshot is a pure function of its
 * widget's code, its parameters, its box, the slide's look and the deck's styles.
 * The key hashes all of them, so a picture is drawn once per run however many decks or
 * fragment steps show it, and, with a cache folder, once until something changes.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { writeAtomically } from '../write-atomically'
import { pictureExtension, type Drawn, type PictureSpec } from './draw-widgets'
import type { WidgetPlace } from './print-page'

/** bump when the way pictures are taken changes */
const VERSION = 'snapshot-3'

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

  /** `dir`: where pictures are kept between runs; none keeps them for this run only */
  constructor(private readonly dir?: string) {}

  /** A picture already drawn in this run or kept from an earlier one, or being drawn now. */
  lookup(key: string, format: PictureSpec['format']): Promise<Drawn> | undefined {
    const known = this.memory.get(key)
    if (known) return known
    if (!this.dir) return undefined
    let picture: Buffer
    try {
      picture = fs.readFileSync(path.join(this.dir, `${key}.${pictureExtension(format)}`))
    } catch {
      return undefined
    }
    const found = Promise.resolve<Drawn>({ status: 'drawn', picture })
    this.memory.set(key, found)
    return found
  }

  /** Registers the picture `key` as being drawn; drawn pictures are kept, failures are not. */
  drawing(key: string, format: PictureSpec['format'], picture: Promise<Drawn>): void {
    picture.catch(() => {})
    this.memory.set(key, picture)
    void picture.then(
      (d) => {
        if (d.status === 'drawn') this.keep(`${key}.${pictureExtension(format)}`, d.picture)
        else this.memory.delete(key)
      },
      () => this.memory.delete(key),
    )
  }

  private keep(file: string, picture: Buffer): void {
    if (!this.dir) return
    try {
      writeAtomically(path.join(this.dir, file), picture)
    } catch {
      // a read-only cache only costs time
    }
  }
}
