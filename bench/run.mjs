// `npm run bench`: prints each benchmark as a ratio against a reference measured in the
// same run. Figures go to bench/RESULTS.md by hand, with the date and the machine.
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildTime } from './build-time.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const deck = process.env.LIVEDECK_BENCH_DECK ?? path.resolve(root, '..', 'shared', 'decks', 'ai-for-geosciences-2024.md')

console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`)
const build = await buildTime({ root, deck })
console.log(
  `build of ${path.basename(deck)} (median of ${build.runs}): livedeck ${build.livedeck.toFixed(0)} ms, marp ${build.marp.toFixed(0)} ms, ` +
    `ratio ${(build.livedeck / build.marp).toFixed(2)} (target <= 1.00)`,
)
