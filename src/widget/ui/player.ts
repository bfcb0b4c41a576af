/**
 * Play, pause and the animation tick of a widget that trains step by step: the steps owed each
 * frame (step-clock.ts), within the frame's budget, then a redraw; the play button shows Play or
 * Pause (controls.ts); playing stops by itself when the model is finished.
 */
import { setIconButton } from './controls'
import { stepClock, type StepTimer } from './step-clock'

export interface PlayerOptions {
  /** the widget context's animation loop */
  ctx: { animate(tick: (budgetMs: number) => boolean): void; stopAnimation(): void }
  /** the play/pause button */
  button: HTMLButtonElement
  /** steps per second while playing */
  speed: number
  /** how many steps a frame's budget affords, and timing them (`stepTimer`, `fixedStepTimer`) */
  timer: StepTimer
  /** takes up to `n` steps; returns how many it took */
  step(n: number): number
  /** after a frame's steps: redraw what they changed */
  stepped(): void
  /** redraw, after a pause and when playing stops by itself (unless `redrawOnPause` is false) */
  render(): void
  /** the model can go no further: playing stops, and Play starts over with `reset` */
  finished(): boolean
  /** back to the start (the view's own reset; it should call the player's `restart`) */
  reset(): void
  /** whether Play may start now (default: always) */
  canPlay?(): boolean
  /** after Play has started, before the first tick (e.g. a status line that shows playing) */
  onPlay?(): void
  /** redraw on pause and on stopping by itself (default true) */
  redrawOnPause?: boolean
}

export interface Player {
  readonly playing: boolean
  play(): void
  pause(): void
  toggle(): void
  /** the step clock starts over (on reset): the first step is owed right away */
  restart(): void
  /** stops without redrawing (the view is going) */
  stop(): void
}

/** A player for a view; the button shows Play at once. */
export function player(o: PlayerOptions): Player {
  const clock = stepClock(o.speed)
  let playing = false
  const renderButton = () => setIconButton(o.button, playing ? 'pause' : 'play', playing ? 'Pause' : 'Play')
  const stopped = () => {
    playing = false
    renderButton()
    if (o.redrawOnPause ?? true) o.render()
  }

  const tick = (budgetMs: number): boolean => {
    if (!playing || (o.canPlay && !o.canPlay())) return false
    const n = clock.owed(o.timer.affordable(budgetMs))
    if (n > 0) {
      o.timer.run(n, (k) => o.step(k))
      clock.took(n)
      o.stepped()
    }
    if (o.finished()) {
      stopped()
      return false
    }
    return true
  }

  const self: Player = {
    get playing() {
      return playing
    },
    play() {
      if (o.canPlay && !o.canPlay()) return
      if (o.finished()) o.reset()
      playing = true
      clock.restart()
      renderButton()
      o.onPlay?.()
      o.ctx.animate(tick)
    },
    pause() {
      o.ctx.stopAnimation()
      stopped()
    },
    toggle() {
      if (playing) self.pause()
      else self.play()
    },
    restart() {
      clock.restart()
    },
    stop() {
      playing = false
      o.ctx.stopAnimation()
    },
  }
  renderButton()
  return self
}
