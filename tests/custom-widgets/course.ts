/** A copy of the worked example's course folder (docs/examples/custom-widget) to change in tests. */
import fs from 'node:fs'
import path from 'node:path'
import { root, tempDir } from '../helpers'

export const exampleDir = path.join(root, 'docs', 'examples', 'custom-widget')

export interface Course {
  dir: string
  /** writes a file of the course (path relative to its folder) and returns its absolute path */
  write(file: string, text: string): string
  read(file: string): string
  /** the course's file, absolute */
  at(file: string): string
}

export function copyCourse(): Course {
  const dir = path.join(tempDir(), 'course')
  fs.cpSync(exampleDir, dir, { recursive: true })
  // a repository root above the course: the config search stops here, whatever /tmp holds
  fs.mkdirSync(path.join(dir, '.git'))
  const at = (file: string) => path.join(dir, file)
  return {
    dir,
    at,
    write(file, text) {
      fs.mkdirSync(path.dirname(at(file)), { recursive: true })
      fs.writeFileSync(at(file), text)
      return at(file)
    },
    read: (file) => fs.readFileSync(at(file), 'utf8'),
  }
}

/** A deck in the presentation theme with these slide bodies. */
export const deck = (...slides: string[]) => `---\nmarp: true\ntheme: presentation\n---\n\n${slides.join('\n\n---\n\n')}\n`
