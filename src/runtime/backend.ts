/**
 * Picks the TF.js backend. For the small models trained on slides the CPU backend is
 * the fastest measured (WebGL pays a dispatch and read-back cost per operation, and is
 * software-emulated where there is no GPU), so `auto` means CPU; a deck may ask for
 * another with `backend=`. Each choice falls back along the chain when it fails to start.
 */
import type { TF } from '../widget/define'

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
        return name
      }
      failures.push(`${name}: did not initialise`)
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`)
    }
  }
  throw new Error(`no TensorFlow.js backend could start (${failures.join('; ')})`)
}
