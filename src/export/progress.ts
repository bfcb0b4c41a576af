/**
 * What an export prints while it runs. On a terminal: one progress bar line, redrawn in
 * place, with messages printed above it. Elsewhere (a pipe, a log file, or CI=true):
 * plain lines, one per deck and per message, nothing redrawn.
 */
export interface Reporter {
  /** a deck moved on to `phase` ("drawing widgets 3/24") */
  phase(deck: string, phase: string): void
  /** a message to show as it is (a diagnostic, a result line) */
  message(text: string): void
  /** a deck is finished, successfully or not */
  deckDone(deck: string): void
  close(): void
}

export function createReporter(stream: NodeJS.WriteStream, decks: number, env: NodeJS.ProcessEnv): Reporter {
  const interactive = stream.isTTY === true && !isCi(env) && env.TERM !== 'dumb'
  return interactive ? new BarReporter(stream, decks) : new LineReporter(stream)
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = (env.CI ?? '').toLowerCase()
  return ci !== '' && ci !== 'false' && ci !== '0'
}

class LineReporter implements Reporter {
  constructor(private readonly stream: NodeJS.WriteStream) {}
  phase(): void {}
  message(text: string): void {
    this.stream.write(text + '\n')
  }
  deckDone(): void {}
  close(): void {}
}

class BarReporter implements Reporter {
  private done = 0
  private readonly phases = new Map<string, string>()
  private drawn = false

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly decks: number,
  ) {}

  phase(deck: string, phase: string): void {
    this.phases.set(deck, phase)
    this.draw()
  }

  message(text: string): void {
    this.clear()
    this.stream.write(text + '\n')
    this.draw()
  }

  deckDone(deck: string): void {
    this.phases.delete(deck)
    this.done += 1
    this.draw()
  }

  close(): void {
    this.clear()
  }

  private clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K')
    this.drawn = false
  }

  private draw(): void {
    const width = 24
    const filled = Math.round((this.done / Math.max(1, this.decks)) * width)
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
    const [deck, phase] = [...this.phases][0] ?? []
    const detail = deck ? ` · ${deck}: ${phase}${this.phases.size > 1 ? ` (+${this.phases.size - 1})` : ''}` : ''
    const line = `${bar} ${this.done}/${this.decks} deck${this.decks > 1 ? 's' : ''}${detail}`
    const columns = this.stream.columns || 100
    this.stream.write('\r\x1b[2K' + (line.length > columns - 1 ? line.slice(0, columns - 2) + '…' : line))
    this.drawn = true
  }
}
