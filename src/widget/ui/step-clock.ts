/**
 * Timing of a widget that plays: how many steps the clock owes each animation frame, and how
 * many of them the frame's time budget affords.
 */

/** Steps owed at `speed` per second of shown time. */
export interface StepClock {
  /** starts over, with the first step owed right away (on play and on reset) */
  restart(): void
  /**
   * Advances the clock to `now` (at most 500 ms a frame, so no burst after a hidden slide but whole
   * steps for a step-wise loop under reduced motion, which ticks about twice a second; one 60 Hz
   * frame after a restart) and returns the whole steps owed, at most `max`.
   */
  owed(max: number, now?: number): number
  /** `n` owed steps were taken; of what is still owed, at most one step is kept */
  took(n: number): void
}

export function stepClock(speed: number): StepClock {
  let lastTime: number | undefined
  let pending = 0 // fractional steps owed
  return {
    restart() {
      lastTime = undefined
      pending = 1
    },
    owed(max, now = performance.now()) {
      const dt = lastTime === undefined ? 1000 / 60 : Math.min(now - lastTime, 500)
      lastTime = now
      pending += (speed * dt) / 1000
      return Math.min(Math.floor(pending), max)
    },
    took(n) {
      pending = Math.min(pending - n, 1) // drop what the budget could not afford
    },
  }
}

/** A running estimate of the time one step takes, to keep a frame's steps within its budget. */
export interface StepTimer {
  /** the steps that fit in `share` of `budgetMs` (at least one) */
  affordable(budgetMs: number): number
  /** takes `n` steps with `step` (which returns how many it took), timing them; returns that count */
  run(n: number, step: (n: number) => number): number
}

export function stepTimer(msPerStep: number, share: number): StepTimer {
  return {
    affordable: (budgetMs) => Math.max(1, Math.floor((share * budgetMs) / msPerStep)),
    run(n, step) {
      const t0 = performance.now()
      const taken = step(n)
      if (taken > 0) msPerStep = 0.8 * msPerStep + (0.2 * (performance.now() - t0)) / taken
      return taken
    },
  }
}

/** A StepTimer that affords a fixed `perMs` steps per ms of budget (at least one), for steps too cheap to time. */
export function fixedStepTimer(perMs: number): StepTimer {
  return {
    affordable: (budgetMs) => Math.max(1, Math.floor(budgetMs * perMs)),
    run: (n, step) => step(n),
  }
}
