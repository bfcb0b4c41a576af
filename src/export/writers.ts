/**
 * Turns an open deck page (widgets drawn) into the handout file: PDF through Chromium's
 * printer (made reproducible), PNG one file per page, PPTX one picture per page with the
 * speaker notes as the slides' notes (pptxgenjs, as Marp CLI does).
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { reproduciblePdf } from './reproducible-pdf'
import { writeAtomically } from '../write-atomically'

export async function writePdf(page: Page, output: string, date: Date): Promise<void> {
  const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true })
  writeAtomically(output, reproduciblePdf(pdf, date))
}

/** One PNG per page, in the page's pixels times the scale. */
async function pagePictures(page: Page): Promise<Buffer[]> {
  const pages = await page.locator('svg[data-marpit-svg]').all()
  const pictures: Buffer[] = []
  for (const p of pages) pictures.push(await p.screenshot({ type: 'png', animations: 'disabled', caret: 'hide', timeout: 0 }))
  return pictures
}

/** `deck.png` names the set: deck.001.png, deck.002.png... */
export function pngName(output: string, index: number, count: number): string {
  const ext = path.extname(output)
  const digits = Math.max(3, String(count).length)
  return `${output.slice(0, output.length - ext.length)}.${String(index + 1).padStart(digits, '0')}${ext}`
}

export async function writePngs(page: Page, output: string): Promise<string[]> {
  const pictures = await pagePictures(page)
  const names = pictures.map((_, i) => pngName(output, i, pictures.length))
  pictures.forEach((png, i) => writeAtomically(names[i], png))
  return names
}

export interface PptxInfo {
  title: string
  /** notes per printed page */
  notes: (string | undefined)[]
}

export async function writePptx(page: Page, output: string, info: PptxInfo): Promise<void> {
  const pictures = await pagePictures(page)
  const { default: PptxGenJS } = await import('pptxgenjs')
  const pptx = new PptxGenJS()
  // 1280x720 CSS pixels at 96 per inch
  pptx.defineLayout({ name: 'LIVEDECK', width: 1280 / 96, height: 720 / 96 })
  pptx.layout = 'LIVEDECK'
  pptx.title = info.title
  pptx.company = ''
  pictures.forEach((png, i) => {
    const slide = pptx.addSlide()
    slide.addImage({ data: `image/png;base64,${png.toString('base64')}`, x: 0, y: 0, w: 1280 / 96, h: 720 / 96 })
    const note = info.notes[i]
    if (note) slide.addNotes(note)
  })
  const data = (await pptx.write({ outputType: 'nodebuffer', compression: true })) as Buffer
  writeAtomically(output, data)
}
