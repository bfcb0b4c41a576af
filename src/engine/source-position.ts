/** Turns offsets in a markdown source into 1-based line and column numbers. */
export class SourcePositions {
  private readonly lineStarts: number[]

  constructor(readonly src: string) {
    const starts = [0]
    for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) starts.push(i + 1)
    this.lineStarts = starts
  }

  /** Offset of the start of a 0-based line. */
  lineOffset(line: number): number {
    return this.lineStarts[Math.min(Math.max(line, 0), this.lineStarts.length - 1)]
  }

  /** 1-based line and column of an offset. */
  at(offset: number): { line: number; column: number } {
    let lo = 0
    let hi = this.lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.lineStarts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 }
  }
}

/** One replacement in a deck's text (1-based line and column, end exclusive). */
export interface TextEdit {
  line: number
  column: number
  endLine: number
  endColumn: number
  text: string
  /** offsets in the decoded text, for applying the edit */
  start: number
  end: number
}
