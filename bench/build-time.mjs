// Build time of the real lecture deck: `livedeck build` against `marp --html` (the
// reference), run alternately in the same session so that machine noise hits both.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export async function buildTime({ root, deck, runs = 7 }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-bench-'))
  const input = path.join(dir, 'deck.md')
  fs.copyFileSync(deck, input)
  const node = process.execPath
  const commands = {
    livedeck: [path.join(root, 'bin', 'livedeck.js'), 'build', input, '-o', path.join(dir, 'livedeck.html')],
    marp: [path.join(root, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js'), '--no-stdin', '--html', input, '-o', path.join(dir, 'marp.html')],
  }
  const times = { livedeck: [], marp: [] }
  // one warm-up each (disk cache, runtime bundle cache)
  for (const args of Object.values(commands)) execFileSync(node, args, { stdio: 'ignore' })
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of i % 2 ? Object.entries(commands).reverse() : Object.entries(commands)) {
      const t0 = performance.now()
      execFileSync(node, args, { stdio: 'ignore' })
      times[name].push(performance.now() - t0)
    }
  }
  fs.rmSync(dir, { recursive: true, force: true })
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  return { livedeck: median(times.livedeck), marp: median(times.marp), runs }
}
