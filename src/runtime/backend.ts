/**
 * Picks the TF.js backend. For the small models trained on slides the CPU backend is
 * the fastest measured (WebGL pays a dispatch and read-back cost per operation, and is
 * software-emulated where there is no GPU), so `auto` means CPU; a deck may ask for
 * another with `backend=`. Each choice falls back along the chain when it fails to start,
 * and `backendNote()` says why the running backend is not the one asked for.
 */
import type { TF } from '../widget/define'

let note = ''

/** Why the running backend is not the one the deck asked for ('' when it is). */
export function backendNote(): string {
  return note
}

export function setBackendNote(text: string): void {
  note = text
}

export function backendChain(requested: string | undefined, bundled: readonly string[]): string[] {
  const chain = requested && requested !== 'auto' ? [requested, 'cpu'] : ['cpu']
  for (const name of bundled) if (!chain.includes(name)) chain.push(name)
  return chain.filter((name, i) => bundled.includes(name) && chain.indexOf(name) === i)
}

export async function startBackend(tf: TF, chain: readonly string[]): Promise<string> {
  const failures: string[] = []
  for (const name of chain) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready()
        note = failures.length ? `${failures.join('; ')}; running on ${name.toUpperCase()}` : ''
        return name
      }
      failures.push(`${name.toUpperCase()} could not start${unavailable(name)}`)
    } catch (e) {
      failures.push(`${name.toUpperCase()} could not start: ${(e as Error).message}`)
    }
  }
  throw new Error(`no TensorFlow.js backend could start (${failures.join('; ')})`)
}

/** what the browser lacks for a backend, when we can tell */
function unavailable(name: string): string {
  if (name === 'wasm' && typeof WebAssembly === 'undefined') return ' (WebAssembly is not available in this browser)'
  if (name === 'webgl') {
    try {
      // TF.js draws on an OffscreenCanvas where there is one; no WebGL 1 means no WebGL at all
      const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas')
      if (!canvas.getContext('webgl')) return ' (WebGL is not available in this browser)'
    } catch {
      return ' (WebGL is not available in this browser)'
    }
  }
  return ''
}
