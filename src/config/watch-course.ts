/**
 * Watches what a deck's custom widgets are made of, for a preview server: the deck's
 * livedeck.config.json and every widget folder it names (recursively). A change to the
 * config re-reads it, so a widget folder added to it is watched from then on.
 */
import fs from 'node:fs'
import path from 'node:path'
import { CONFIG_NAME, findConfig, readConfig } from './livedeck-config'

export interface CourseWatch {
  /** the config and the widget folders being watched */
  paths(): string[]
  close(): void
}

export function watchCourse(deck: string, onChange: (file: string) => void): CourseWatch {
  const config = findConfig(path.dirname(path.resolve(deck)))
  if (!config) return { paths: () => [], close: () => {} }
  let folders = new Map<string, fs.FSWatcher>()

  const arm = () => {
    const wanted = new Set(readConfig(config).widgets.map((w) => w.dir).filter(isDirectory))
    for (const [dir, watcher] of folders) {
      if (!wanted.has(dir)) {
        watcher.close()
        folders.delete(dir)
      }
    }
    for (const dir of wanted) {
      if (folders.has(dir)) continue
      try {
        const watcher = fs.watch(dir, { recursive: true }, (_event, filename) => onChange(filename ? path.join(dir, filename.toString()) : dir))
        watcher.on('error', () => {
          watcher.close()
          folders.delete(dir)
        })
        folders.set(dir, watcher)
      } catch {
        // a folder that vanished between the check and the watch: the next config change re-arms
      }
    }
  }

  arm()
  const configWatcher = fs.watch(path.dirname(config), (_event, filename) => {
    if (filename && filename.toString() !== CONFIG_NAME) return
    arm()
    onChange(config)
  })
  return {
    paths: () => [config, ...folders.keys()],
    close: () => {
      configWatcher.close()
      for (const watcher of folders.values()) watcher.close()
      folders = new Map()
    },
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory()
  } catch {
    return false
  }
}
