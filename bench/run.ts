// `npm run bench`: each benchmark printed as a ratio against a reference measured in the
// same run. Record the figures in bench/RESULTS.md with the date and the machine.
//
//   npm run bench                      build time, backends, playground, runtime weight, first frame
//   npm run bench -- weight first-frame    only those (any of: build backends playground weight first-frame export soak)
//   npm run bench -- soak              the long soak alone (LIVEDECK_SOAK_MINUTES, default 10)
import os from 'node:os'
import path from 'node:path'
import { backendSpeeds } from './backends'
import { buildTime } from './build-time'
import { serveRebuild, serveRebuildReport } from './serve-rebuild'
import { exportReport, exportTimes } from './export'
import { playgroundSpeed } from './playground'
import { firstFrameReport, firstFrames } from './first-frame'
import { soak, soakReport } from './soak'
import { runtimeWeights, weightReport } from './weight'

const ALL = ['build', 'backends', 'playground', 'weight', 'first-frame', 'export', 'soak'] as const
const DEFAULT = ALL.filter((b) => b !== 'soak')
const asked = process.argv.slice(2).filter((a) => a !== '--')
for (const a of asked) if (!(ALL as readonly string[]).includes(a)) throw new Error(`unknown benchmark "${a}"; known: ${ALL.join(', ')}`)
const wanted = new Set<string>(asked.length ? asked : DEFAULT)

const root = path.resolve(import.meta.dirname, '..')
const deck = process.env.LIVEDECK_BENCH_DECK ?? path.resolve(root, '..', 'shared', 'decks', 'ai-for-geosciences-2024.md')

console.log(`${new Date().toISOString().slice(0, 10)}; ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`)

if (wanted.has('build')) {
  const build = await buildTime({ root, deck })
  console.log(
    `build ${path.basename(deck)} (median of ${build.runs}): livedeck ${build.livedeck.toFixed(0)} ms; ` +
      `marp --html ${build.marp.toFixed(0)} ms, ratio ${(build.livedeck / build.marp).toFixed(2)}; ` +
      `marp --html --theme-set presentation.css ${build.marpWithTheme.toFixed(0)} ms, ratio ${(build.livedeck / build.marpWithTheme).toFixed(2)} (target <= 1.00)`,
  )
}

// `livedeck serve`: rebuild after a one-line edit of the lecture deck, against a full build of it
const lecture = path.join(root, 'slides', 'ai-for-geosciences.md')
if (wanted.has('build')) for (const line of serveRebuildReport(await serveRebuild({ root, deck: lecture }), lecture)) console.log(line)

if (wanted.has('backends')) {
  const { rates, active, bytes, mountMs } = await backendSpeeds({ root })
  for (const [backend, rate] of Object.entries(rates)) {
    console.log(
      `backend ${backend}${active[backend] !== backend ? ` (fell back to ${active[backend]})` : ''}: ` +
        `${rate.toFixed(0)} small-model steps/s, ratio to cpu ${(rate / rates.cpu).toFixed(2)}; ` +
        `one-widget page ${(bytes[backend] / 1024).toFixed(0)} KiB (x${(bytes[backend] / bytes.cpu).toFixed(2)}); ` +
        `load to widget mounted ${mountMs[backend]} ms (x${(mountMs[backend] / mountMs.cpu).toFixed(2)})`,
    )
  }
}

// TensorFlow Playground, measured on this kind of machine: about 55 epochs/s on xor 4-2 and
// 20-29 on spiral 8-8-8 with all features, at most one epoch per animation frame.
const TF_PLAYGROUND = { xor: 55, spiral: 25 }
if (wanted.has('playground')) {
  const speed = await playgroundSpeed({ root })
  for (const setting of ['xor', 'spiral'] as const) {
    const r = speed[setting]
    console.log(
      `playground ${setting}: ${r.epochsPerSecond.toFixed(1)} epochs/s, ratio to TensorFlow Playground ${(r.epochsPerSecond / TF_PLAYGROUND[setting]).toFixed(2)} ` +
        `(target >= 1.0, aim 2.0); longest frame ${r.longestFrameMs.toFixed(0)} ms (target <= 50)`,
    )
  }
}

if (wanted.has('weight')) for (const line of weightReport(runtimeWeights({ root }))) console.log(line)

if (wanted.has('first-frame')) for (const line of firstFrameReport(await firstFrames({ root }))) console.log(line)

if (wanted.has('export')) for (const line of exportReport(await exportTimes({ root }))) console.log(line)

if (wanted.has('soak')) {
  const minutes = Number(process.env.LIVEDECK_SOAK_MINUTES ?? 10)
  const seconds = minutes * 60
  const results = await soak({ root, seconds, warmupSeconds: 20, sampleEvery: 60, log: (line) => console.log(line) })
  for (const line of soakReport(results, seconds)) console.log(line)
}
