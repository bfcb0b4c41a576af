/** `livedeck serve INPUT [--port N]`: a deck, or a folder of decks */
import fs from 'node:fs'
import { checkInput } from '../paths'
import { startPreview } from '../preview-server'
import { UsageError } from '../usage-error'

export async function run(positionals: string[], options: Record<string, string | boolean | undefined>): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('serve takes one deck or one folder of decks: livedeck serve INPUT [--port N]')
  const input = isFolder(positionals[0]) ? positionals[0] : checkInput(positionals[0])
  const port = options.port === undefined ? 8080 : Number(options.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects a port number (0-65535), got "${options.port}"`)
  const log = (line: string) => process.stderr.write(line + '\n')
  const server = await startPreview({ input, port, host: (options.host as string | undefined) ?? '127.0.0.1', log })
  log(`serving ${input} at ${server.url} (Ctrl+C to stop)`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await server.close()
  return 0
}

function isFolder(input: string): boolean {
  try {
    return fs.statSync(input).isDirectory()
  } catch {
    return false
  }
}
