/** The lint rules that read a deck's text: mojibake, remote resources, code masking, re-encoding. */
import { describe, expect, it } from 'vitest'
import { applyEdits, fixedText } from '../../src/lint/fix'
import { decodeAs, reencodeFix } from '../../src/lint/rules/encoding'
import { mojibake, repairMojibake } from '../../src/lint/rules/mojibake'
import { renderDeck } from '../../src/lint/rules/engine'
import { remoteResources } from '../../src/lint/rules/remote'
import { maskCode } from '../../src/lint/source'
import type { Deck } from '../../src/lint/types'

const deck = (text: string, bytes = Buffer.from(text, 'utf8')): Deck => ({ file: 'deck.md', bytes, text })
/** What a UTF-8 text looks like after being decoded as Windows-1252. */
const garble = (text: string) => decodeAs(Buffer.from(text, 'utf8'), 'windows-1252')
/** ... and as Latin-1 (bytes 0x80-0x9F become control characters). */
const garbleLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1')

describe('mojibake', () => {
  it('repairs UTF-8 decoded as Latin-1 or Windows-1252, once or twice', () => {
    expect(repairMojibake('CafÃ©')).toBe('Café')
    expect(repairMojibake('itâ€™s')).toBe('it’s')
    expect(repairMojibake('Ã¼ber')).toBe('über')
    expect(repairMojibake('ÃƒÂ©tÃƒÂ©')).toBe('été')
    for (const text of ['naïve déjà vu', 'Größe 50 °C', '“quoted” — ½ € ™', 'Ελληνικά, 日本語, emoji 🙂']) {
      expect(repairMojibake(garble(text))).toBe(text)
      expect(repairMojibake(garbleLatin1(text))).toBe(text)
    }
  })

  it('leaves correct text alone', () => {
    const text = 'Café naïve, Größe, 50 °C, © 2024 « guillemets », Ça va, São Paulo, ½, Ångström, ÉCOLE, ñandú, “quotes” — it’s'
    expect(repairMojibake(text)).toBe(text)
    expect(mojibake(deck(text))).toEqual([])
  })

  it('reports each line once with the repaired words, and the edits restore the text', () => {
    const text = `## ${garble('Déjà vu at the café')}\n\nplain line\n\n${garble('It’s über')} and \`${garble('café')} in code\`\n`
    const problems = mojibake(deck(text))
    expect(problems.map((p) => [p.line, p.rule, p.severity])).toEqual([
      [1, 'mojibake', 'warning'],
      [5, 'mojibake', 'warning'],
    ])
    expect(problems[0].message).toContain('"cafÃ©" → "café"')
    expect(problems[1].message).toContain('"Itâ€™s" → "It’s"')
    const fixed = applyEdits(text, problems.flatMap((p) => p.fix!.edits!))
    expect(fixed).toBe(`## Déjà vu at the café\n\nplain line\n\nIt’s über and \`${garble('café')} in code\`\n`)
  })
})

describe('remote resources', () => {
  it('finds images, iframes, fonts, stylesheets and CSS url() that need the network, not links or code', () => {
    const text = [
      '![](https://example.com/a.png)', // 1
      '[a link](https://example.com/page)', // 2
      '<iframe src="https://example.com/embed"></iframe>', // 3
      '<style>@import url("https://fonts.googleapis.com/css2?family=Roboto"); section { background: url(//cdn.example.com/bg.jpg) }</style>', // 4
      '`![](https://example.com/code.png)`', // 5
      '```html', // 6
      '<img src="https://example.com/fenced.png">', // 7
      '```', // 8
      '<img width="10" src=\'http://example.com/b.png\'>', // 9
      '![local](images/c.png) <!-- _backgroundImage: url(https://example.com/d.png) -->', // 10
    ].join('\n')
    const found = remoteResources(deck(text)).map((p) => `${p.line}:${p.column} ${p.message.split(':')[0]}`)
    expect(found).toEqual([
      '1:5 remote image will not load offline',
      '3:14 remote iframe will not load offline',
      '4:21 remote font will not load offline',
      '4:98 remote image will not load offline',
      '9:22 remote image will not load offline',
      '10:51 remote image will not load offline',
    ])
  })

  it('masks code without moving offsets', () => {
    const text = 'a `b` c\n```\nx\n```\nd'
    expect(maskCode(text)).toHaveLength(text.length)
    expect(maskCode(text)).toBe('a     c\n   \n \n   \nd')
  })
})

describe('encoding', () => {
  it('offers to re-encode a Windows-1252 file, never a binary one', () => {
    const latin = Buffer.from([...Buffer.from('# Caf'), 0xe9, ...Buffer.from(' na'), 0xef, ...Buffer.from('ve \u2019'.slice(0, 3)), 0x92, 0x0a])
    const d = deck(latin.toString('utf8'), latin)
    expect(reencodeFix(d)?.reencodeFrom).toBe('windows-1252')
    expect(fixedText(d).text).toBe('# Café naïve ’\n')
    const binary = Buffer.from([0x41, 0x00, 0xe9, ...Buffer.from(' CafÃ©')])
    expect(reencodeFix(deck(binary.toString('utf8'), binary))).toBeUndefined()
    expect(fixedText(deck(binary.toString('utf8'), binary)).changes).toEqual([]) // never "repairs" binary data
    expect(reencodeFix(deck('Café'))).toBeUndefined()
  })
})

describe('Marp directives', () => {
  it('reports a misspelled Marp directive, which Marp would silently keep as a note, and nothing else', () => {
    const text = [
      '---', // 1
      'marp: true',
      '---',
      '',
      '# Title', // 5
      '',
      '<!-- paginat: true -->', // 7
      '',
      '<!-- _clas: dark -->', // 9
      '',
      '<!-- Note: explain this slide -->', // 11
      '',
      '<!-- footer: Course 2026 -->', // 13
      '',
      '<!-- title: Lecture 1 -->', // 15
      '<!-- size: 4:3 -->',
      '<!-- math: katex -->',
    ].join('\n')
    const { problems } = renderDeck(deck(text))
    expect(problems.map((p) => `${p.line}:${p.column} ${p.rule} ${p.message}`)).toEqual([
      '7:6 directive unknown Marp directive "paginat" (did you mean "paginate"?): Marp keeps this comment as a presenter note',
      '9:6 directive unknown Marp directive "_clas" (did you mean "_class"?): Marp keeps this comment as a presenter note',
    ])
  })
})

describe('engine diagnostics', () => {
  it('keeps the engine severity and files front matter and comment breakage under syntax', () => {
    const { problems } = renderDeck(deck('---\nmarp: true\ntheme: [presentation\n---\n\n# A\n\n<!-- never closed\n'))
    expect(problems.filter((p) => p.rule === 'syntax').map((p) => [p.line, p.severity])).toEqual([
      [3, 'error'],
      [8, 'error'],
    ])
  })
})
