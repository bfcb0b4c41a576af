// Browser tests drive Debian's Chromium. Installs it with apt-get when it is missing
// and we may (root); otherwise says how, and fails.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(chromium)) {
  if (process.getuid?.() !== 0) {
    console.error(`livedeck: the browser tests need Chromium at ${chromium}: run \`sudo apt-get install chromium\` (or set CHROMIUM_PATH)`)
    process.exit(1)
  }
  console.error('livedeck: installing Chromium with apt-get (needed by the browser tests)')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
}
