/** A deck's source with what is shown as code blanked out, for checks that must skip code. */

/**
 * The source with fenced code blocks and inline code spans replaced by spaces (same
 * length, newlines kept), so that offsets still match: what is shown as code is not
 * a resource, a directive or broken text.
 */
export function maskCode(src: string): string {
  const out = src.split('')
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (out[i] !== '\n') out[i] = ' '
  }
  // fenced blocks: ``` or ~~~ (3 or more), up to the closing fence of the same kind or the end
  const lines = src.split('\n')
  let offset = 0
  let fence: { char: string; length: number; start: number } | undefined
  for (const line of lines) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line)
    if (fence) {
      if (m && m[1][0] === fence.char && m[1].length >= fence.length && line.trim() === m[1]) {
        blank(fence.start, offset + line.length)
        fence = undefined
      }
    } else if (m && !(m[1][0] === '`' && line.slice(m.index + m[1].length).includes('`'))) {
      fence = { char: m[1][0], length: m[1].length, start: offset }
    }
    offset += line.length + 1
  }
  if (fence) blank(fence.start, src.length)
  // inline code spans: a run of backticks closed by a run of the same length
  const masked = out.join('')
  const result = masked.split('')
  const ticks = /`+/g
  let m: RegExpExecArray | null
  while ((m = ticks.exec(masked))) {
    const run = m[0]
    let close = masked.indexOf(run, m.index + run.length)
    while (close !== -1 && (masked[close - 1] === '`' || masked[close + run.length] === '`')) close = masked.indexOf(run, close + 1)
    if (close === -1) continue
    // a span does not cross a blank line
    if (/\n[ \t]*\n/.test(masked.slice(m.index, close))) continue
    for (let i = m.index; i < close + run.length; i++) if (result[i] !== '\n') result[i] = ' '
    ticks.lastIndex = close + run.length
  }
  return result.join('')
}
