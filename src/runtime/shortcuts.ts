/**
 * The keyboard shortcuts shown by the `?` overlay: the deck's (Marp's bespoke template, plus
 * ours) and each widget's. The widgets' keys are the README's table; a test keeps the two equal.
 */

/** one shortcut: the keys (alternatives) and what they do */
export type Shortcut = readonly [keys: readonly string[], what: string]

export const DECK_SHORTCUTS: readonly Shortcut[] = [
  [['→', '↓', 'Space', 'PgDn'], 'next slide (or fragment)'],
  [['←', '↑', '⇧ Space', 'PgUp'], 'previous slide'],
  [['Home', 'End'], 'first / last slide'],
  [['p'], 'open the presenter view'],
  [['o'], 'overview of all slides'],
  [['f', 'F11'], 'full screen'],
  [['Tab'], 'go to a widget, or its next control'],
  [['Esc'], 'leave the widget: the deck has the keys'],
  [['?'], 'show or hide these shortcuts'],
]

export const PRESENTER_SHORTCUTS: readonly Shortcut[] = [
  [['+', '-'], 'bigger / smaller notes'],
  [['t'], 'start or pause the timer'],
]

/** the keys of the shipped widgets, while the widget has focus (click it or Tab to it) */
export const WIDGET_SHORTCUTS: Readonly<Record<string, readonly Shortcut[]>> = {
  'gradient-descent': [
    [['k'], 'play/pause'],
    [['.'], 'one step'],
    [['r'], 'reset'],
    [['[', ']'], 'learning rate down/up'],
  ],
  kmeans: [
    [['.'], 'half-step'],
    [['k'], 'play/pause'],
    [['r'], 'reset'],
    [['n'], 'new data'],
  ],
  'conv-filter': [
    [['k'], 'play/pause (learn mode)'],
    [['.'], 'one step (learn mode)'],
    [['r'], 'reset'],
    [['+', '-'], 'selected weight'],
    [['[', ']'], 'previous/next preset'],
    [['3', '5'], 'kernel size'],
    [['m'], 'switch mode'],
  ],
  playground: [
    [['k'], 'play/pause'],
    [['.'], 'one epoch'],
    [['r'], 'reset'],
    [['1', '7'], 'toggle input features 1 to 7'],
  ],
  overfitting: [
    [['+', '-'], 'degree'],
    [['[', ']'], 'λ'],
    [['n'], 'new data'],
    [['k'], 'sweep'],
    [['r'], 'reset'],
  ],
  neuron: [
    [['a'], 'next activation'],
    [['[', ']'], 'bias'],
    [['r'], 'reset'],
  ],
  digits: [
    [['k'], 'play/pause'],
    [['.'], 'train to the next evaluation'],
    [['r'], 'reset'],
    [['c'], 'clear the pad'],
  ],
}
