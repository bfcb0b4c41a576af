// Browser tests drive Debian's Chromium, and the export tests rasterise PDFs with
// poppler-utils' pdftoppm. Installs what is missing with apt-get when we may (root);
// otherwise says how, and fails.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const missing = []
if (!existsSync(chromium)) missing.push(['chromium', `Chromium at ${chromium}`])
if (!existsSync('/usr/bin/pdftoppm')) missing.push(['poppler-utils', 'pdftoppm (poppler-utils)'])
if (missing.length > 0) {
  const packages = missing.map(([p]) => p)
  if (process.getuid?.() !== 0) {
    console.error(`livedeck: the tests need ${missing.map(([, what]) => what).join(' and ')}: run \`sudo apt-get install ${packages.join(' ')}\``)
    process.exit(1)
  }
  console.error(`livedeck: installing ${packages.join(', ')} with apt-get (needed by the browser and export tests)`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env })
}
