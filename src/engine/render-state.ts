/** What one render of a deck learns: diagnostics and the widgets it uses. */
import type { Diagnostic, Severity } from '../diagnostics'
import { SourcePositions } from './source-position'

export class RenderState {
  readonly diagnostics: Diagnostic[] = []
  /** widget names used by the deck, in order of first use */
  readonly widgets = new Set<string>()
  /** TF.js backends asked for by `backend=` parameters other than auto */
  readonly backends = new Set<string>()
  private positions?: SourcePositions
  private embeds = 0

  constructor(
    /** path of the deck, for messages and for resolving local images */
    readonly file?: string,
    /**
     * the output must work with no network: local images are inlined as data URLs and
     * remote resources are warnings
     */
    readonly offline = false,
    /** a handout (PDF, PNG, PPTX): online images and web pages show placeholders linking to them */
    readonly handout = false,
  ) {}

  /** 1-based position of an offset in the markdown source being rendered. */
  position(src: string, offset: number): { line: number; column: number } {
    if (!this.positions || this.positions.src !== src) this.positions = new SourcePositions(src)
    return this.positions.at(offset)
  }

  lineOffset(src: string, line: number): number {
    if (!this.positions || this.positions.src !== src) this.positions = new SourcePositions(src)
    return this.positions.lineOffset(line)
  }

  report(severity: Severity, message: string, at: { line: number; column: number }): Diagnostic {
    const d: Diagnostic = { severity, message, file: this.file, line: at.line, column: at.column }
    this.diagnostics.push(d)
    return d
  }

  nextEmbedId(): string {
    this.embeds += 1
    return `live-${this.embeds}`
  }
}

const KEY = 'livedeck'

/** The state of the render that `env` belongs to (created when rendering outside the engine). */
export function renderState(env: Record<string, unknown>): RenderState {
  let state = env[KEY]
  if (!(state instanceof RenderState)) {
    state = new RenderState()
    env[KEY] = state
  }
  return state as RenderState
}

export function withRenderState(env: Record<string, unknown>, state: RenderState): Record<string, unknown> {
  return { ...env, [KEY]: state }
}
