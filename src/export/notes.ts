/** The speaker notes of each slide (Marp's presenter notes: the deck's HTML comments). */
import fs from 'node:fs'
import { Livedeck } from '../engine/index'

export function speakerNotes(input: string): string[] {
  const engine = new Livedeck({ livedeck: { file: input, report: 'none', throwOnError: false } })
  const { comments } = engine.render(fs.readFileSync(input, 'utf8'))
  return comments.map((slide) => slide.map((c) => c.trim()).filter(Boolean).join('\n\n'))
}
