// Build time of the real lecture deck: `livedeck build` against Marp CLI (the reference),
// run in turns in the same session so that machine noise hits all of them. Marp CLI runs
// twice: as the deck's author would run it today (`marp --html`, where the unknown
// `presentation` theme silently falls back to the default one), and with our theme
// given (`--theme-set`), which does the same theme work as Livedeck.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export async function buildTime({ root, deck, runs = 9 }: { root: string; deck: string; runs?: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-bench-'))
  const input = path.join(dir, 'deck.md')
  fs.copyFileSync(deck, input)
  const node = process.execPath
  const commands = {
    livedeck: [path.join(root, 'bin', 'livedeck.js'), 'build', input, '-o', path.join(dir, 'livedeck.html')],
    marp: [path.join(root, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js'), '--no-stdin', '--html', input, '-o', path.join(dir, 'marp.html')],
    marpWithTheme: [
      path.join(root, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js'),
      '--no-stdin',
      '--html',
      input,
      '-o',
      path.join(dir, 'marp-theme.html'),
      '--theme-set',
      path.join(root, 'themes', 'presentation.css'),
    ],
  }
  const times: Record<string, number[]> = { livedeck: [], marp: [], marpWithTheme: [] }
  // one warm-up each (disk cache, runtime bundle cache)
  for (const args of Object.values(commands)) execFileSync(node, args, { stdio: 'ignore' })
  for (let i = 0; i < runs; i++) {
    const order = Object.entries(commands)
    for (const [name, args] of [...order.slice(i % order.length), ...order.slice(0, i % order.length)]) {
      const t0 = performance.now()
      execFileSync(node, args, { stdio: 'ignore' })
      times[name].push(performance.now() - t0)
    }
  }
  fs.rmSync(dir, { recursive: true, force: true })
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  return { livedeck: median(times.livedeck), marp: median(times.marp), marpWithTheme: median(times.marpWithTheme), runs }
}
