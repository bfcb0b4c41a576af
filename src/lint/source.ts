/** Helpers over a deck's source: positions, and code masked out so that rules skip it. */
export { SourcePositions } from '../engine/source-position'
export { maskCode } from '../engine/mask-code'
