/**
 * Formulas in widgets, as MathML: the browser draws it natively, so no stylesheet or font
 * has to be in the page. The widgets' readouts use a small part of TeX, translated here in
 * a few hundred bytes instead of bundling KaTeX (about 80 KB gzipped in every widget's
 * runtime). The output has KaTeX's shape (`<span class="katex"><math>…`, the source kept in
 * an annotation) and the same elements for what is supported:
 *  - letters, numbers, operators `+ - = , ( ) [ ] ' < > / | :`, groups `{…}`, `^` and `_`;
 *  - Greek letters, `\cdot \times \in \sum \infty \pm \le \ge \ne \approx \to \leftarrow
 *    \rightarrow \partial \nabla`, functions `\tanh \sigma…`, spaces `\, \: \; \quad \qquad \!`;
 *  - `\text{}`, `\mathrm{}`, `\operatorname{}`, `\mathcal{}`, `\mathbf{}`, `\frac \tfrac \dfrac`,
 *    `\sqrt{}`, and `\textstyle`/`\displaystyle` (ignored: widget formulas are inline).
 * Anything else is shown as its TeX source, as KaTeX does with `throwOnError: false`.
 */

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ',
  tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
}
const OPERATORS: Record<string, string> = {
  cdot: '⋅', times: '×', in: '∈', sum: '∑', prod: '∏', pm: '±', le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠',
  approx: '≈', to: '→', rightarrow: '→', leftarrow: '←', gets: '←', mid: '∣', cdots: '⋯', ldots: '…', dots: '…',
}
const ORDINARY: Record<string, string> = { infty: '∞', partial: '∂', nabla: '∇', ell: 'ℓ' }
const FUNCTIONS = new Set(['tanh', 'sinh', 'cosh', 'sin', 'cos', 'tan', 'log', 'ln', 'exp', 'max', 'min', 'arg', 'sgn'])
const SPACES: Record<string, string> = { ',': '0.1667em', ':': '0.2222em', ';': '0.2778em', ' ': '0.25em', quad: '1em', qquad: '2em', '!': '-0.1667em' }
const VARIANTS: Record<string, string> = { mathrm: 'normal', operatorname: 'normal', mathcal: 'script', mathbf: 'bold', mathit: 'italic' }
const FENCES = new Set(['(', ')', '[', ']'])

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;')

class Parser {
  private i = 0
  constructor(private readonly src: string) {}

  /** nodes up to the end, or up to the `}` closing the current group */
  list(inGroup: boolean): string[] {
    const out: string[] = []
    while (this.i < this.src.length) {
      const c = this.src[this.i]
      if (c === '}') {
        if (inGroup) return out
        this.i++
        out.push(`<mtext>}</mtext>`)
        continue
      }
      if (c === '^' || c === '_' || c === "'") {
        this.i++
        const base = out.pop() ?? '<mrow></mrow>'
        out.push(this.script(base, c))
        continue
      }
      if (/\s/.test(c)) {
        this.i++
        continue
      }
      const atom = this.atom()
      if (atom !== undefined) out.push(atom)
    }
    return out
  }

  private script(base: string, kind: string): string {
    if (kind === "'") return `<msup>${base}<mo lspace="0em" rspace="0em">′</mo></msup>`
    const arg = this.argument()
    if (kind === '_' && this.src[this.i] === '^') {
      this.i++
      return `<msubsup>${base}${arg}${this.argument()}</msubsup>`
    }
    return kind === '^' ? `<msup>${base}${arg}</msup>` : `<msub>${base}${arg}</msub>`
  }

  /** one argument: a group or a single token (`x^2`, `\frac12`) */
  private argument(): string {
    while (/\s/.test(this.src[this.i] ?? '')) this.i++
    const c = this.src[this.i]
    if (c === undefined) return '<mrow></mrow>'
    if (c === '{') return this.group()
    if (/[0-9]/.test(c)) {
      this.i++
      return `<mn>${c}</mn>`
    }
    return this.atom() ?? '<mrow></mrow>'
  }

  private group(): string {
    this.i++ // {
    const nodes = this.list(true)
    this.i++ // }
    return nodes.length === 1 ? nodes[0] : `<mrow>${nodes.join('')}</mrow>`
  }

  /** the raw text of a `{…}` argument (for \text and friends) */
  private rawArgument(): string {
    while (/\s/.test(this.src[this.i] ?? '')) this.i++
    if (this.src[this.i] !== '{') return this.src[this.i++] ?? ''
    let depth = 0
    const start = ++this.i
    for (; this.i < this.src.length; this.i++) {
      if (this.src[this.i] === '{') depth++
      else if (this.src[this.i] === '}' && depth-- === 0) break
    }
    return this.src.slice(start, this.i++)
  }

  private atom(): string | undefined {
    const c = this.src[this.i]
    if (c === '{') return this.group()
    if (c === '\\') return this.command()
    const number = /^[0-9]+(\.[0-9]+)?|^\.[0-9]+/.exec(this.src.slice(this.i))
    if (number) {
      this.i += number[0].length
      return `<mn>${number[0]}</mn>`
    }
    this.i += c.length
    if (/\p{L}/u.test(c)) return `<mi>${escape(c)}</mi>`
    if (c === '-') return '<mo>−</mo>'
    if (c === ',' || c === ';') return `<mo separator="true">${c}</mo>`
    if (FENCES.has(c)) return `<mo stretchy="false">${c}</mo>`
    return `<mo>${escape(c)}</mo>`
  }

  private command(): string | undefined {
    const rest = this.src.slice(this.i + 1)
    const name = /^[A-Za-z]+/.exec(rest)?.[0] ?? rest[0] ?? ''
    this.i += 1 + name.length
    if (name in SPACES) return `<mspace width="${SPACES[name]}"/>`
    if (name === 'textstyle' || name === 'displaystyle') return undefined
    if (name in GREEK) return `<mi>${GREEK[name]}</mi>`
    if (name in OPERATORS) return `<mo>${OPERATORS[name]}</mo>`
    if (name in ORDINARY) return `<mi mathvariant="normal">${ORDINARY[name]}</mi>`
    if (FUNCTIONS.has(name)) return `<mrow><mi>${name}</mi><mo>\u2061</mo></mrow>`
    if (name === 'text') return `<mtext>${escape(this.rawArgument())}</mtext>`
    if (name in VARIANTS) {
      const text = this.rawArgument()
      if (name === 'operatorname') return `<mrow><mi mathvariant="normal">${escape(text)}</mi><mo>\u2061</mo></mrow>`
      return `<mi mathvariant="${VARIANTS[name]}">${escape(text)}</mi>`
    }
    if (name === 'frac' || name === 'tfrac' || name === 'dfrac') return `<mfrac>${this.argument()}${this.argument()}</mfrac>`
    if (name === 'sqrt') return `<msqrt>${this.argument()}</msqrt>`
    if (name === '{' || name === '}' || name === '%' || name === '_' || name === '&' || name === '#' || name === '$') return `<mo>${escape(name)}</mo>`
    return `<mtext>${escape('\\' + name)}</mtext>`
  }
}

export function tex(src: string): string {
  const nodes = new Parser(src).list(false)
  return (
    `<span class="katex"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow>${nodes.join('')}</mrow>` +
    `<annotation encoding="application/x-tex">${escape(src)}</annotation></semantics></math></span>`
  )
}

/**
 * A number as TeX, short enough for a readout: `digits` decimals below 100, 1 below 1000,
 * m × 10^e beyond. Negative numbers are braced so MathML draws a unary minus.
 */
export function texNumber(v: number, digits: number): string {
  if (Number.isNaN(v)) return '\\text{NaN}'
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '{-\\infty}'
  const abs = Math.abs(v)
  let out: string
  if (abs !== 0 && (abs >= 1000 || abs < 10 ** -digits)) {
    const [m, e] = v.toExponential(2).split('e')
    out = `${m} \\times 10^{${Number(e)}}`
  } else {
    out = v.toFixed(abs >= 100 ? 1 : digits)
  }
  return v < 0 ? `{${out}}` : out
}
