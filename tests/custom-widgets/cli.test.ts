/**
 * The worked example (docs/examples/custom-widget) built by the CLI and by Marp CLI with the
 * engine, and a custom widget's mistake reported by the CLI as file:line:column.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { livedeck, marp, root, tempDir } from '../helpers'
import { copyCourse, deck, exampleDir } from './course'

const run = promisify(execFile)
const embeds = (html: string) => [...html.matchAll(/data-live="([^"]+)"/g)].map((m) => m[1])

describe('the custom widget example', () => {
  it('builds with `livedeck build`: both slides get the course widget, the runtime is inlined', async () => {
    const out = path.join(tempDir(), 'deck.html')
    const ran = await livedeck(['build', path.join(exampleDir, 'deck.md'), '-o', out])
    expect(ran.code, ran.stderr).toBe(0)
    expect(ran.stderr).not.toMatch(/error|warning/)
    const html = fs.readFileSync(out, 'utf8')
    expect(embeds(html)).toEqual(['logistic', 'logistic'])
    expect(html.match(/data-livedeck-runtime/g)).toHaveLength(1)
    expect(html).toContain('Two classes of points, the probability map and the decision line')
  })

  it('reports a misspelled parameter of the course widget as deck:line:column, and writes nothing', async () => {
    const c = copyCourse()
    const file = c.write('deck.md', deck('## Fit\n\n<!-- live: logistic spred=1.2 -->'))
    const out = c.at('deck.html')
    const ran = await livedeck(['build', file, '-o', out])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toContain(`${file}:8:21: error: unknown parameter "spred" for widget "logistic" (did you mean "spread"?)`)
    expect(fs.existsSync(out)).toBe(false)
  })

  it('reports a config naming a missing folder as config:line:column', async () => {
    const c = copyCourse()
    const config = c.write('livedeck.config.json', '{\n  "widgets": ["./widgets/logistik"]\n}\n')
    const file = c.write('deck.md', deck('# No widget here'))
    const ran = await livedeck(['build', file, '-o', c.at('deck.html')])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toContain(`${config}:2:15: error: widget folder "./widgets/logistik" not found`)
  })

  it('type-checks with its tsconfig (livedeck/widget mapped to src/widget)', async () => {
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const ran = await run(process.execPath, [tsc, '-p', path.join(exampleDir, 'tsconfig.json')], { cwd: root }).then(
      () => ({ code: 0, out: '' }),
      (e: { stdout?: string }) => ({ code: 1, out: e.stdout ?? String(e) }),
    )
    expect(ran.out).toBe('')
    expect(ran.code).toBe(0)
  })

  it('builds with `marp --engine`, the config found from the working folder', async () => {
    const c = copyCourse()
    const ran = await marp(['--engine', path.join(root, 'dist', 'engine.js'), 'deck.md', '-o', 'deck.html'], c.dir)
    expect(ran.code, ran.stderr).toBe(0)
    expect(embeds(fs.readFileSync(c.at('deck.html'), 'utf8'))).toEqual(['logistic', 'logistic'])
  })

  it('builds with a marp.config.mjs naming the folders in the engine option `widgets`', async () => {
    const c = copyCourse()
    fs.rmSync(c.at('livedeck.config.json'))
    const config = c.write(
      'marp.config.mjs',
      `import { Livedeck } from ${JSON.stringify(pathToFileURL(path.join(root, 'dist', 'engine.js')).href)}\n` +
        `export default { engine: Livedeck, options: { livedeck: { widgets: ['./widgets/logistic'], baseDir: import.meta.dirname } } }\n`,
    )
    // run from another folder: the paths resolve from baseDir, not from the working folder
    const ran = await marp(['--config-file', config, c.at('deck.md'), '-o', c.at('deck.html')], root)
    expect(ran.code, ran.stderr).toBe(0)
    expect(embeds(fs.readFileSync(c.at('deck.html'), 'utf8'))).toEqual(['logistic', 'logistic'])
  })
})
