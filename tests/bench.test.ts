/**
 * The benchmarks run outside vitest (`npm run bench`): every benchmark module must load there,
 * with no test-only import (vitest's hooks throw outside a test run). The runner loads them all,
 * then refuses an unknown benchmark name before measuring anything.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { root } from './helpers'

it('loads every benchmark module outside vitest', async () => {
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  const ran = await promisify(execFile)(process.execPath, [tsx, path.join(root, 'bench', 'run.ts'), 'no-such-benchmark'], { cwd: root, env: { ...process.env, VITEST: '', VITEST_WORKER_ID: '', VITEST_POOL_ID: '' } }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code?: number; stderr?: string }) => ({ code: e.code ?? 1, stderr: e.stderr ?? '' }),
  )
  expect(ran.code).not.toBe(0)
  expect(ran.stderr).toContain('unknown benchmark "no-such-benchmark"')
}, 60_000)
