/** Chromium's PDF made reproducible: fixed dates, an ID from the content, offsets intact. */
import { describe, expect, it } from 'vitest'
import { documentDate, reproduciblePdf } from '../../src/export/reproducible-pdf'

/** a minimal PDF as Chromium writes it: Info with dates, xref, a trailer without /ID */
function chromiumLike(stamp: string): Buffer {
  const objects = [
    `1 0 obj\n<</Creator (Chromium)\n/Producer (Skia/PDF m156)\n/CreationDate (D:${stamp}+00'00')\n/ModDate (D:${stamp}+00'00')>>\nendobj\n`,
    '2 0 obj\n<</Type /Catalog /Pages 3 0 R>>\nendobj\n',
    '3 0 obj\n<</Type /Pages /Kids [] /Count 0>>\nendobj\n',
  ]
  let text = '%PDF-1.4\n'
  const offsets: number[] = []
  for (const o of objects) {
    offsets.push(text.length)
    text += o
  }
  const xref = text.length
  text += `xref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  text += `trailer\n<</Size 4\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF`
  return Buffer.from(text, 'latin1')
}

describe('reproduciblePdf', () => {
  const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5))

  it('writes the given date, adds an ID from the content, and moves no object', () => {
    const out = reproduciblePdf(chromiumLike('20261127120000'), date).toString('latin1')
    expect(out).toContain("/CreationDate (D:20240102030405+00'00')")
    expect(out).toContain("/ModDate (D:20240102030405+00'00')")
    expect(out).toMatch(/trailer\n<<\/ID \[<([0-9A-F]{32})> <\1>\]\n\/Size 4/)
    const xref = Number(/startxref\n(\d+)/.exec(out)![1])
    expect(out.slice(xref, xref + 4)).toBe('xref')
    for (const [n, offset] of [...out.matchAll(/^(\d{10}) 00000 n $/gm)].map((m, i) => [i + 1, Number(m[1])] as const)) {
      expect(out.slice(offset, offset + `${n} 0 obj`.length)).toBe(`${n} 0 obj`)
    }
  })

  it('gives the same bytes whatever time Chromium stamped, and other bytes for other content', () => {
    const a = reproduciblePdf(chromiumLike('20261127120000'), date)
    const b = reproduciblePdf(chromiumLike('20991231235959'), date)
    expect(a.equals(b)).toBe(true)
    const other = reproduciblePdf(Buffer.from(chromiumLike('20261127120000').toString('latin1').replace('Count 0', 'Count 1'), 'latin1'), date)
    expect(other.toString('latin1').match(/\/ID \[<(\w+)>/)![1]).not.toBe(a.toString('latin1').match(/\/ID \[<(\w+)>/)![1])
  })

  it('refuses a date it cannot rewrite in place', () => {
    const odd = Buffer.from(chromiumLike('20261127120000').toString('latin1').replace("+00'00'", "-05'00'"), 'latin1')
    expect(() => reproduciblePdf(odd, date)).toThrow(/unexpected PDF date/)
  })
})

describe('documentDate', () => {
  const modified = new Date(Date.UTC(2025, 5, 1))
  it('takes SOURCE_DATE_EPOCH when set, the deck\'s last change otherwise', () => {
    expect(documentDate({ SOURCE_DATE_EPOCH: '1700000000' }, () => modified).toISOString()).toBe('2023-11-14T22:13:20.000Z')
    expect(documentDate({}, () => modified)).toBe(modified)
    expect(documentDate({ SOURCE_DATE_EPOCH: '' }, () => modified)).toBe(modified)
    expect(() => documentDate({ SOURCE_DATE_EPOCH: 'yesterday' }, () => modified)).toThrow(/SOURCE_DATE_EPOCH must be a number of seconds/)
  })
})
