/**
 * Survives a lost WebGL context. A GPU reset, a driver update or too many contexts can
 * take the WebGL context away in the middle of training; every tensor on it is gone.
 * `recoverableBackend` starts the deck's backend once (memoised, as hydrate needs it)
 * and, while that backend is WebGL, listens for `webglcontextlost` on its canvas: then
 * the deck switches to the CPU backend, the badge note says why, and `onLost` remounts
 * the widgets, which start again from their seeded initial state on the CPU.
 */
import type { TF } from '../widget/define'
import { setBackendNote } from './backend'

export interface RunningBackend {
  tf: TF
  name: string
}

export function recoverableBackend(tf: TF, start: () => Promise<string>, onLost: () => void): () => Promise<RunningBackend> {
  let current: Promise<RunningBackend> | undefined

  const watch = (name: string) => {
    if (name !== 'webgl') return
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl
    const canvas = gl?.canvas as (HTMLCanvasElement | OffscreenCanvas) | undefined
    if (!canvas || typeof canvas.addEventListener !== 'function') return
    const lost = (event: Event) => {
      event.preventDefault()
      try {
        performance.mark('livedeck:context-lost')
      } catch {
        // marks are diagnostics only
      }
      console.warn('Livedeck: the WebGL context was lost; the widgets restart on the CPU backend')
      setBackendNote('WebGL context lost; running on CPU')
      current = tf
        .setBackend('cpu')
        .then(async (ok) => {
          if (!ok) throw new Error('the WebGL context was lost and the CPU backend could not start')
          await tf.ready()
          return { tf, name: 'cpu' }
        })
      onLost()
    }
    canvas.addEventListener('webglcontextlost', lost, { once: true })
  }

  return () =>
    (current ??= start().then((name) => {
      watch(name)
      return { tf, name }
    }))
}
