/**
 * One widget's animation loop: calls `tick` once per animation frame while the
 * widget is both animating (the widget asked for it) and visible (its slide is shown).
 * Step-wise (reduced motion), it calls `tick` about twice a second, with a larger budget:
 * the widget's picture changes in discrete steps instead of moving continuously.
 */
export const FRAME_BUDGET_MS = 12
/** interval between two ticks of a step-wise loop, and the budget of such a tick */
export const STEPWISE_MS = 450
export const STEPWISE_BUDGET_MS = 100

export class FrameLoop {
  /** tick step-wise (reduced motion) rather than every frame */
  stepwise = false
  private tick: ((budgetMs: number) => boolean) | undefined
  private visible = false
  private handle = 0
  private timer = 0

  get animating(): boolean {
    return this.tick !== undefined
  }

  start(tick: (budgetMs: number) => boolean): void {
    this.tick = tick
    this.schedule()
  }

  stop(): void {
    this.tick = undefined
    this.cancel()
  }

  setVisible(visible: boolean): void {
    this.visible = visible
    if (visible) this.schedule()
    else this.cancel()
  }

  private schedule(): void {
    if (this.handle || this.timer || !this.visible || !this.tick) return
    const frame = () => {
      this.handle = requestAnimationFrame(() => {
        this.handle = 0
        const tick = this.tick
        if (!tick || !this.visible) return
        let more = false
        try {
          more = tick(this.stepwise ? STEPWISE_BUDGET_MS : FRAME_BUDGET_MS)
        } finally {
          if (!more && this.tick === tick) this.tick = undefined
          this.schedule()
        }
      })
    }
    if (!this.stepwise) return frame()
    this.timer = window.setTimeout(() => {
      this.timer = 0
      frame()
    }, STEPWISE_MS)
  }

  private cancel(): void {
    if (this.handle) cancelAnimationFrame(this.handle)
    if (this.timer) clearTimeout(this.timer)
    this.handle = 0
    this.timer = 0
  }
}
