/**
 * Makes Chromium's PDF reproducible. Chromium stamps the current time into the document
 * information (CreationDate, ModDate) and writes no document ID. Here the dates become
 * `date` (from SOURCE_DATE_EPOCH, see `documentDate`) and the trailer gets an ID derived
 * from the content, so the same deck gives the same bytes. Dates are replaced by strings
 * of the same length, so no object moves and the cross-reference table stays valid.
 */
import { createHash } from 'node:crypto'

const DATE = /\/(CreationDate|ModDate) \(D:(\d{14})([^)]{0,8})\)/g

export function reproduciblePdf(pdf: Buffer, date: Date): Buffer {
  let text = pdf.toString('latin1')
  const stamp = pdfDate(date)
  text = text.replace(DATE, (whole, key: string, digits: string, zone: string) => {
    // Chromium writes UTC dates; the stamp is UTC too, so the zone stays as it is
    if (!/^(|Z|Z00'00'?|\+00'00'?)$/.test(zone)) throw new Error(`unexpected PDF date ${whole}`)
    return `/${key} (D:${stamp}${zone})`
  })
  const trailer = text.lastIndexOf('trailer')
  if (trailer === -1) throw new Error('the PDF has no trailer')
  const open = text.indexOf('<<', trailer)
  if (open === -1) throw new Error('the PDF trailer has no dictionary')
  const tail = text.slice(trailer)
  if (!/\/ID\s*\[/.test(tail)) {
    const id = createHash('sha256').update(text, 'latin1').digest('hex').slice(0, 32).toUpperCase()
    text = text.slice(0, open + 2) + `/ID [<${id}> <${id}>]\n` + text.slice(open + 2)
  }
  return Buffer.from(text, 'latin1')
}

function pdfDate(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`
}

/**
 * The date written into handouts: SOURCE_DATE_EPOCH (seconds) when set, as reproducible
 * builds expect, otherwise the deck's last modification, so exporting an unchanged deck
 * twice gives the same file.
 */
export function documentDate(env: NodeJS.ProcessEnv, lastModified: () => Date): Date {
  const epoch = env.SOURCE_DATE_EPOCH
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d{1,12}$/.test(epoch.trim())) throw new Error(`SOURCE_DATE_EPOCH must be a number of seconds, got "${epoch}"`)
    return new Date(Number(epoch.trim()) * 1000)
  }
  return lastModified()
}
