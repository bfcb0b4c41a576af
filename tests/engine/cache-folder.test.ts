/**
 * The disk caches are pruned: files unused for a month go, then the least recently used ones
 * beyond the folder's budget; files this process used, and files not the cache's own, stay.
 * Reading a runtime bundle or a widget picture from a cache counts as using it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { markUsed, pruneCache, type CacheBudget } from '../../src/engine/cache-folder'
import { cacheDir, runtimeBundle } from '../../src/engine/runtime-bundle'
import { SnapshotCache } from '../../src/export/snapshot-cache'
import { root, tempDir } from '../helpers'

const DAY = 24 * 60 * 60 * 1000
const NOW = Date.now()
const BUDGET: CacheBudget = { files: /^entry-\d+\.bin$/, maxBytes: 3000, maxAgeMs: 30 * DAY }

/** a file of `size` bytes last used `daysAgo` days ago */
function entry(dir: string, name: string, size: number, daysAgo: number): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, Buffer.alloc(size))
  const t = new Date(NOW - daysAgo * DAY)
  fs.utimesSync(file, t, t)
  return file
}

const left = (dir: string) => fs.readdirSync(dir).sort()

describe('cache pruning', () => {
  it('removes files unused for longer than the budget allows, and keeps the rest', () => {
    const dir = tempDir()
    entry(dir, 'entry-1.bin', 100, 45)
    entry(dir, 'entry-2.bin', 100, 31)
    entry(dir, 'entry-3.bin', 100, 29)
    entry(dir, 'entry-4.bin', 100, 0)
    expect(pruneCache(dir, BUDGET, NOW).sort()).toEqual(['entry-1.bin', 'entry-2.bin'])
    expect(left(dir)).toEqual(['entry-3.bin', 'entry-4.bin'])
  })

  it('over its size, removes the least recently used files until the folder fits', () => {
    const dir = tempDir()
    entry(dir, 'entry-1.bin', 1000, 3)
    entry(dir, 'entry-2.bin', 1000, 1)
    entry(dir, 'entry-3.bin', 1000, 5)
    entry(dir, 'entry-4.bin', 1000, 2)
    expect(pruneCache(dir, BUDGET, NOW)).toEqual(['entry-3.bin'])
    expect(left(dir)).toEqual(['entry-1.bin', 'entry-2.bin', 'entry-4.bin'])
    entry(dir, 'entry-5.bin', 2500, 0)
    expect(pruneCache(dir, BUDGET, NOW)).toEqual(['entry-1.bin', 'entry-4.bin', 'entry-2.bin'])
    expect(left(dir)).toEqual(['entry-5.bin'])
  })

  it('keeps files this process used, even old ones and beyond the budget', () => {
    const dir = tempDir()
    const old = entry(dir, 'entry-1.bin', 2000, 60)
    const big = entry(dir, 'entry-2.bin', 2000, 50)
    markUsed(big)
    // markUsed made it recent; an old time again must not matter either
    fs.utimesSync(big, new Date(NOW - 50 * DAY), new Date(NOW - 50 * DAY))
    expect(pruneCache(dir, BUDGET, NOW)).toEqual([path.basename(old)])
    expect(left(dir)).toEqual(['entry-2.bin'])
  })

  it('never touches files that are not the cache\'s own; removes temporary files left by a killed writer', () => {
    const dir = tempDir()
    entry(dir, 'notes.txt', 5000, 90)
    fs.mkdirSync(path.join(dir, 'entry-9.bin'))
    entry(dir, '.entry-7.bin.1234.partial', 10, 1)
    const fresh = path.join(dir, '.entry-8.bin.1234.partial')
    fs.writeFileSync(fresh, 'x')
    expect(pruneCache(dir, BUDGET, NOW)).toEqual(['.entry-7.bin.1234.partial'])
    expect(left(dir)).toEqual(['.entry-8.bin.1234.partial', 'entry-9.bin', 'notes.txt'])
    expect(pruneCache(path.join(dir, 'missing'), BUDGET, NOW)).toEqual([])
  })

  it('marks a file used by giving it the current time', () => {
    const dir = tempDir()
    const file = entry(dir, 'entry-1.bin', 10, 40)
    markUsed(file)
    expect(Date.now() - fs.statSync(file).mtimeMs).toBeLessThan(60_000)
  })
})

describe('caches that use it', () => {
  it('a runtime bundle read from the cache is marked used', () => {
    const req = { root, widgets: ['neuron'], backends: [] }
    const code = runtimeBundle(req)
    const file = fs
      .readdirSync(cacheDir(root))
      .map((n) => path.join(cacheDir(root), n))
      .find((f) => f.endsWith('.js') && fs.readFileSync(f, 'utf8') === code)!
    expect(file).toBeDefined()
    const old = new Date(NOW - 40 * DAY)
    fs.utimesSync(file, old, old)
    expect(runtimeBundle(req)).toBe(code)
    expect(Date.now() - fs.statSync(file).mtimeMs).toBeLessThan(60_000)
  })

  it('a widget picture read from the cache is marked used; pruning keeps this run\'s and removes long-unused ones', async () => {
    const dir = tempDir()
    const dom = { html: '<canvas></canvas>', className: 'live-embed', style: '' }
    const key = (n: number) => String(n).repeat(64)
    const old = new Date(NOW - 40 * DAY)
    for (const n of [1, 2]) {
      fs.writeFileSync(path.join(dir, `${key(n)}.json`), JSON.stringify(dom))
      fs.utimesSync(path.join(dir, `${key(n)}.json`), old, old)
    }
    const cache = new SnapshotCache(dir)
    expect(await cache.lookup(key(1))).toEqual({ status: 'drawn', dom })
    expect(Date.now() - fs.statSync(path.join(dir, `${key(1)}.json`)).mtimeMs).toBeLessThan(60_000)
    cache.prune()
    expect(left(dir)).toEqual([`${key(1)}.json`])
  })
})
