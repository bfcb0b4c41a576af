/**
 * One widget's animation loop: calls `tick` once per animation frame while the
 * widget is both animating (the widget asked for it) and visible (its slide is shown).
 */
export const FRAME_BUDGET_MS = 12

export class FrameLoop {
  private tick: ((budgetMs: number) => boolean) | undefined
  private visible = false
  private handle = 0

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
    if (this.handle || !this.visible || !this.tick) return
    this.handle = requestAnimationFrame(() => {
      this.handle = 0
      const tick = this.tick
      if (!tick || !this.visible) return
      let more = false
      try {
        more = tick(FRAME_BUDGET_MS)
      } finally {
        if (!more && this.tick === tick) this.tick = undefined
        this.schedule()
      }
    })
  }

  private cancel(): void {
    if (this.handle) cancelAnimationFrame(this.handle)
    this.handle = 0
  }
}
