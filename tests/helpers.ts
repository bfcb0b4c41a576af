/** Shared helpers of the test suite: running the CLI and Marp CLI, temporary folders. */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

export const root = path.resolve(__dirname, '..')
export const sharedDeck = path.resolve(root, '..', 'shared', 'decks', 'ai-for-geosciences-2024.md')
const run = promisify(execFile)

export interface Ran {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs a command with the test's environment, where CI is unset (a test that checks what
 * CI=true does says so in `env`), so the suite behaves the same in CI and at a desk.
 */
async function exec(file: string, args: string[], cwd = root, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: '', NO_COLOR: '1', ...env } })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }
  }
}

export function livedeck(args: string[], cwd = root, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return exec(process.execPath, [path.join(root, 'bin', 'livedeck.js'), ...args], cwd, env)
}

export function marp(args: string[], cwd = root): Promise<Ran> {
  return exec(process.execPath, [path.join(root, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js'), '--no-stdin', ...args], cwd)
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-test-'))
}
