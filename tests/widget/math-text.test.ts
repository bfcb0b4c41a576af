/**
 * The widgets' formulas without KaTeX: for every kind of formula the widgets write, the
 * MathML reads the same as KaTeX's (same characters, same scripts and fractions), and what
 * it does not know is shown as source, never as markup.
 */
import katex from 'katex'
import { describe, expect, it } from 'vitest'
import { tex, texNumber } from '../../src/widget/ui/math-text'

const FORMULAS = [
  '\\mu_i',
  '\\eta',
  '\\lambda',
  '\\varphi',
  'w_1',
  'x_2',
  `J = ${texNumber(12345.678, 3)}`,
  `t = 3,\\; a = ${texNumber(-1.25, 3)},\\; b = ${texNumber(0.5, 3)},\\; \\mathcal{L}(a,b) = ${texNumber(0.000123, 3)}`,
  `t = 12,\\; a = 1.000,\\; b = 2.000,\\; \\mathcal{L} = ${texNumber(Infinity, 3)}`,
  `\\tfrac{1}{9}\\textstyle\\sum w\\,x = ${texNumber(-0.5, 3)}\\quad (3, 4)`,
  `t = 40,\\; \\text{MSE} = ${texNumber(NaN, 2)}`,
  `\\text{output} \\in [${texNumber(-1, 2)},\\, ${texNumber(1, 2)}]`,
  `\\text{train} = 0.012,\\; \\text{test} = ${texNumber(1234, 2)}`,
  'z = w_1x_1 + w_2x_2 + b = (-0.50)\\cdot 1.00 + 1.50\\cdot (-2.00) + 0.30 = -3.20',
  'h = \\sigma(z) = 0.50',
  "\\tanh'(z) = 1.00",
  "\\mathrm{ReLU}'(z) = 0.00",
  'x^2 + y^{-1} - a_{ij}^{2}',
  '\\text{—}',
  `{-\\infty}`,
]

/** what a reader sees: the characters of the MathML without the annotation, and its structure */
function reads(html: string) {
  const math = html.replace(/<annotation[\s\S]*?<\/annotation>/, '')
  const text = math
    .replace(/<mspace[^>]*\/>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x27;/g, "'")
    .replace(/[\s\u00a0\u2009\u200a\u2061]/g, '')
  const count = (tag: string) => (math.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length
  return { text, msub: count('msub'), msup: count('msup'), mfrac: count('mfrac'), mn: count('mn') }
}

describe('tex() without KaTeX', () => {
  it.each(FORMULAS)('reads like KaTeX: %s', (src) => {
    const ours = tex(src)
    const theirs = katex.renderToString(src, { output: 'mathml', throwOnError: false })
    expect(reads(ours)).toEqual(reads(theirs))
    expect(ours.startsWith('<span class="katex"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow>')).toBe(true)
    expect(ours).toContain(`<annotation encoding="application/x-tex">`)
  })

  it('shows unknown commands as source and escapes markup', () => {
    expect(tex('\\unknown{x}')).toContain('<mtext>\\unknown</mtext>')
    const hostile = tex('\\text{<img src=x onerror=alert(1)>} < b & "c"')
    expect(hostile).not.toContain('<img')
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(hostile.match(/<annotation[^>]*>([\s\S]*)<\/annotation>/)![1]).not.toMatch(/[<>"]/)
  })

  it('survives unbalanced input', () => {
    for (const src of ['{', '}', 'x^', '_', "'", '\\', '\\frac{1}', '{{{a}', '\\text{abc', '']) {
      expect(() => tex(src)).not.toThrow()
      expect(tex(src)).toMatch(/^<span class="katex"><math[\s\S]*<\/math><\/span>$/)
    }
  })
})
