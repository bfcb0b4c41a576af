// Incremental rebuild of `livedeck serve` after a one-line edit of a deck, against a full
// `livedeck build` of the same deck measured in the same run (the reference). The edit
// changes a heading's text, as an author fixing a typo does. The rebuild time is the
// server's (from the change being noticed to the new page being ready); "save to reload"
// adds the file watcher's latency and the 60 ms the server waits for an editor's writes.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startPreview, type BuildInfo } from '../src/cli/preview-server'

export async function serveRebuild({ root, deck, runs = 9 }: { root: string; deck: string; runs?: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-bench-serve-'))
  const input = path.join(dir, path.basename(deck))
  const original = fs.readFileSync(deck, 'utf8')
  fs.writeFileSync(input, original)
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

  const full: number[] = []
  execFileSync(process.execPath, [path.join(root, 'bin', 'livedeck.js'), 'build', input, '-o', path.join(dir, 'warm.html')], { stdio: 'ignore' })
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now()
    execFileSync(process.execPath, [path.join(root, 'bin', 'livedeck.js'), 'build', input, '-o', path.join(dir, 'full.html')], { stdio: 'ignore' })
    full.push(performance.now() - t0)
  }

  let waiting: ((b: BuildInfo) => void) | undefined
  const server = await startPreview({ input, port: 0, host: '127.0.0.1', log: () => {}, onBuild: (b) => waiting?.(b) })
  const heading = original.split('\n').findIndex((line) => /^##\s+\S/.test(line))
  const rebuilds: number[] = []
  const saveToReload: number[] = []
  let incremental = 0
  try {
    // the first rebuilds warm the engine's code paths up, as an author's first saves do
    for (let i = 0; i < runs + 4; i++) {
      const lines = original.split('\n')
      lines[heading] += ` (edit ${i + 1})`
      const built = new Promise<BuildInfo>((resolve) => (waiting = resolve))
      const t0 = performance.now()
      fs.writeFileSync(input, lines.join('\n'))
      const info = await built
      const t1 = performance.now()
      await server.settled()
      if (i < 4) continue
      rebuilds.push(info.ms)
      saveToReload.push(t1 - t0)
      if (info.incremental) incremental++
    }
  } finally {
    await server.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return { rebuild: median(rebuilds), saveToReload: median(saveToReload), full: median(full), incremental, runs }
}

export function serveRebuildReport(r: Awaited<ReturnType<typeof serveRebuild>>, deck: string): string[] {
  return [
    `serve rebuild of ${path.basename(deck)} after a one-line edit (median of ${r.runs}, ${r.incremental} incremental): ${r.rebuild.toFixed(0)} ms ` +
      `(target < 150), save to reload ${r.saveToReload.toFixed(0)} ms; full livedeck build ${r.full.toFixed(0)} ms, ratio ${(r.rebuild / r.full).toFixed(3)}`,
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(import.meta.dirname, '..')
  const deck = process.argv[2] ?? path.join(root, 'slides', 'ai-for-geosciences.md')
  for (const line of serveRebuildReport(await serveRebuild({ root, deck }), deck)) console.log(line)
}
