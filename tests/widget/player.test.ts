/**
 * The shared play/pause/tick of widgets that train step by step (src/widget/ui/player.ts), driven
 * by hand: a fake animation loop whose ticks the test calls, and a fake button (no DOM here).
 */
import { describe, expect, it } from 'vitest'
import { player, type PlayerOptions } from '../../src/widget/ui/player'
import { fixedStepTimer, stepTimer } from '../../src/widget/ui/step-clock'

/** just what `setIconButton` uses of a document and a button */
function fakeButton(): HTMLButtonElement & { label: () => string | undefined } {
  const node = () => ({ setAttribute() {}, append() {}, className: '', textContent: '' })
  const attributes: Record<string, string> = {}
  const button = {
    ownerDocument: { createElement: node, createElementNS: node },
    replaceChildren() {},
    setAttribute: (name: string, value: string) => (attributes[name] = value),
    label: () => attributes['aria-label'],
  }
  return button as unknown as HTMLButtonElement & { label: () => string | undefined }
}

/** a widget of `limit` steps played by a player; the animation loop's ticks are called by the test */
function widget(limit: number, options: Partial<PlayerOptions> = {}) {
  const log: string[] = []
  let steps = 0
  let tick: ((budgetMs: number) => boolean) | undefined
  const button = fakeButton()
  const ctx = {
    animate: (t: (budgetMs: number) => boolean) => {
      tick = t
      log.push('animate')
    },
    stopAnimation: () => {
      tick = undefined
      log.push('stop')
    },
  }
  const p = player({
    ctx,
    button,
    speed: 600, // 10 steps owed by the first frame after play
    timer: fixedStepTimer(100),
    step: (n) => {
      const k = Math.min(n, limit - steps)
      steps += k
      log.push(`step ${k}`)
      return k
    },
    stepped: () => log.push('stepped'),
    render: () => log.push('render'),
    finished: () => steps >= limit,
    reset: () => {
      steps = 0
      log.push('reset')
      p.restart()
    },
    ...options,
  })
  /** one animation frame: the loop calls the tick, and drops it when it returns false */
  const frame = (budgetMs = 12) => {
    if (!tick) return false
    const more = tick(budgetMs)
    if (!more) tick = undefined
    return more
  }
  return { p, log, button, frame, steps: () => steps, animating: () => tick !== undefined }
}

describe('player', () => {
  it('shows Play, plays the steps owed each frame within the budget, and pauses with a redraw', () => {
    const w = widget(1000)
    expect(w.button.label()).toBe('Play')
    expect(w.p.playing).toBe(false)
    w.p.play()
    expect(w.p.playing).toBe(true)
    expect(w.button.label()).toBe('Pause')
    expect(w.log).toEqual(['animate'])
    // right after Play: the first step plus one 60 Hz frame at 600 steps/s
    expect(w.frame()).toBe(true)
    expect(w.steps()).toBe(11)
    expect(w.log.slice(1)).toEqual(['step 11', 'stepped'])
    w.p.pause()
    expect(w.p.playing).toBe(false)
    expect(w.button.label()).toBe('Play')
    expect(w.log.slice(-2)).toEqual(['stop', 'render'])
    expect(w.animating()).toBe(false)
  })

  it('takes no more steps than the timer affords a frame', () => {
    const w = widget(1000, { timer: fixedStepTimer(0.25) }) // 3 steps in a 12 ms budget
    w.p.play()
    w.frame()
    expect(w.steps()).toBe(3)
  })

  it('times the steps with a step timer', () => {
    const w = widget(1000, { timer: stepTimer(4, 0.5) }) // 4 ms a step, half of the budget: 1 step of 12 ms
    w.p.play()
    w.frame()
    expect(w.steps()).toBe(1)
  })

  it('stops by itself when finished (button back to Play, a last redraw), and Play then starts over', () => {
    const w = widget(11)
    w.p.play()
    expect(w.frame()).toBe(false)
    expect(w.steps()).toBe(11)
    expect(w.p.playing).toBe(false)
    expect(w.button.label()).toBe('Play')
    expect(w.log).toEqual(['animate', 'step 11', 'stepped', 'render'])
    w.log.length = 0
    w.p.play()
    expect(w.log).toEqual(['reset', 'animate'])
    expect(w.p.playing).toBe(true)
    expect(w.frame()).toBe(false)
    expect(w.steps()).toBe(11)
  })

  it('does not redraw on pause or stop when told not to', () => {
    const w = widget(22, { redrawOnPause: false })
    w.p.play()
    w.frame()
    w.p.pause()
    expect(w.button.label()).toBe('Play')
    w.p.play()
    expect(w.frame()).toBe(false)
    expect(w.steps()).toBe(22)
    expect(w.p.playing).toBe(false)
    expect(w.button.label()).toBe('Play')
    expect(w.log).not.toContain('render')
  })

  it('plays only when allowed, and stops ticking when no longer allowed', () => {
    let allowed = false
    const w = widget(1000, { canPlay: () => allowed })
    w.p.play()
    expect(w.p.playing).toBe(false)
    expect(w.log).toEqual([])
    allowed = true
    w.p.play()
    expect(w.frame()).toBe(true)
    allowed = false
    expect(w.frame()).toBe(false)
    expect(w.steps()).toBe(11)
  })

  it('toggles, calls onPlay after starting, and stop() ends playing without a redraw', () => {
    const calls: string[] = []
    const w = widget(1000, { onPlay: () => calls.push(w.button.label()!) })
    w.p.toggle()
    expect(w.p.playing).toBe(true)
    expect(calls).toEqual(['Pause'])
    w.p.toggle()
    expect(w.p.playing).toBe(false)
    w.p.toggle()
    w.log.length = 0
    w.p.stop()
    expect(w.p.playing).toBe(false)
    expect(w.log).toEqual(['stop'])
    expect(w.frame()).toBe(false)
  })

  it('restart() owes the first step again: after a reset while playing, the next frame starts over', () => {
    const w = widget(1000)
    w.p.play()
    w.frame()
    w.p.restart()
    const before = w.steps()
    w.frame()
    expect(w.steps() - before).toBe(11)
  })
})
