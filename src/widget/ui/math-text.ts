/**
 * Formulas in widgets, with KaTeX rendering to MathML: the browser draws it natively,
 * so no KaTeX stylesheet or font has to be in the page.
 */
import katex from 'katex'

export function tex(src: string): string {
  return katex.renderToString(src, { output: 'mathml', throwOnError: false })
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
