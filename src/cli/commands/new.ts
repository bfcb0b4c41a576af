/**
 * `livedeck new NAME`: writes NAME.md, a deck with the presentation theme, a title slide
 * and one example slide of each widget, generated from the widget manifests (a new
 * widget appears by itself). Nothing that exists is ever overwritten.
 */
import fs from 'node:fs'
import path from 'node:path'
import { manifests } from 'livedeck:manifests'
import type { WidgetManifest } from '../../widget/schema'
import { UsageError } from '../usage-error'

export async function run(positionals: string[]): Promise<number> {
  if (positionals.length !== 1 || positionals[0].trim() === '') throw new UsageError('new takes one deck name: livedeck new NAME (writes NAME.md)')
  const name = positionals[0]
  const file = /\.(md|markdown)$/i.test(name) ? name : `${name}.md`
  const dir = path.dirname(path.resolve(file))
  if (!fs.existsSync(dir)) throw new UsageError(`cannot write ${file}: the folder ${path.dirname(file)} does not exist`)
  const title = path.basename(file).replace(/\.(md|markdown)$/i, '').replace(/[-_]+/g, ' ').trim() || 'Live slides'
  try {
    // 'wx': fails if the file exists, even if it appears between a check and the write
    fs.writeFileSync(file, scaffold(title.charAt(0).toUpperCase() + title.slice(1), manifests), { flag: 'wx' })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${file} exists already; livedeck new never overwrites a file (choose another name)`)
    throw e
  }
  process.stderr.write(`created ${file}: a title slide and ${manifests.length} widget slides\nnext: livedeck serve ${file}   (or livedeck build ${file})\n`)
  return 0
}

/** The deck's Markdown: a title slide, then one slide per widget with its default parameters. */
export function scaffold(title: string, widgets: readonly WidgetManifest[]): string {
  const slides = [...widgets]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) =>
      [
        `## ${m.name}`,
        '',
        m.summary,
        '',
        `<!-- live: ${m.name} height=400 -->`,
        '',
        `<!-- Parameters of ${m.name}: ${Object.keys(m.params).join(', ')}, height, backend (livedeck widgets ${m.name}) -->`,
      ].join('\n'),
    )
  return [
    '---',
    'marp: true',
    'theme: presentation',
    'paginate: true',
    'math: katex',
    '---',
    '',
    '<!-- _class: titlepage -->',
    '',
    `# ${title}`,
    '',
    'Live machine-learning widgets in a Marp deck',
    '',
    '`livedeck serve` previews this deck; `livedeck build` makes one offline HTML file',
    '',
    ...slides.flatMap((s) => ['---', '', s, '']),
  ].join('\n')
}
