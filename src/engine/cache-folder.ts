/**
 * Livedeck's caches on disk (runtime bundles, course widgets' schemas, widget pictures) are
 * files named by a hash of what made them: an edited widget, deck or Livedeck version leaves
 * the old files unused, and without pruning the folders would only grow (a course kept in a CI
 * cache, a semester of `serve`). A file read from a cache is touched, so its time says when it
 * was last used; `pruneCache` removes a folder's files unused for a month, then the least
 * recently used ones until the folder fits its size budget. Files this process used stay.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface CacheBudget {
  /** the cache's own files (other files in the folder are never removed) */
  files: RegExp
  maxBytes: number
  /** files unused for this long go, whatever the folder's size */
  maxAgeMs: number
}

const DAY = 24 * 60 * 60 * 1000

/** runtime bundles (0.4 to 1.6 MB each) and schemas, in the cache folder itself */
export const RUNTIME_CACHE: CacheBudget = { files: /^(runtime-[0-9a-f]+\.js|schema-[0-9a-f]+\.cjs)$/, maxBytes: 128 * 1024 * 1024, maxAgeMs: 30 * DAY }

/** widget pictures (about 0.2 MB each: a course of 12 lectures of 24 widgets takes about 50 MB) */
export const SNAPSHOT_CACHE: CacheBudget = { files: /^[0-9a-f]{64}\.json$/, maxBytes: 256 * 1024 * 1024, maxAgeMs: 30 * DAY }

/** a temporary file of writeAtomically left by a process that was killed while writing */
const PARTIAL = /^\..+\.\d+\.partial$/
const PARTIAL_AGE_MS = 60 * 60 * 1000

const used = new Set<string>()

/** Notes that `file` was used now (read or written): it is kept by this process's pruning and ages from now. */
export function markUsed(file: string): void {
  const abs = path.resolve(file)
  used.add(abs)
  try {
    const now = new Date()
    fs.utimesSync(abs, now, now)
  } catch {
    // a read-only cache: nothing to prune there either
  }
}

/** Removes the files of `dir` that `budget` no longer allows; returns their names. Never throws. */
export function pruneCache(dir: string, budget: CacheBudget, now = Date.now()): string[] {
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  const remove = (name: string) => {
    try {
      fs.rmSync(path.join(dir, name))
      removed.push(name)
      return true
    } catch {
      return false
    }
  }
  const entries: { name: string; size: number; time: number }[] = []
  for (const name of names) {
    const partial = PARTIAL.test(name)
    if (!partial && !budget.files.test(name)) continue
    let stat: fs.Stats
    try {
      stat = fs.statSync(path.join(dir, name))
    } catch {
      continue
    }
    if (!stat.isFile()) continue
    if (partial) {
      if (now - stat.mtimeMs > PARTIAL_AGE_MS) remove(name)
      continue
    }
    entries.push({ name, size: stat.size, time: stat.mtimeMs })
  }
  // least recently used first
  entries.sort((a, b) => a.time - b.time || (a.name < b.name ? -1 : 1))
  let total = entries.reduce((sum, e) => sum + e.size, 0)
  for (const e of entries) {
    if (used.has(path.resolve(dir, e.name))) continue
    if (now - e.time <= budget.maxAgeMs && total <= budget.maxBytes) break
    if (remove(e.name)) total -= e.size
  }
  return removed
}
