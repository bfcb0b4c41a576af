/** The output formats of `livedeck build`, named by file extension. */
export const FORMATS = ['html', 'pdf', 'png', 'pptx'] as const
export type Format = (typeof FORMATS)[number]

export function formatOfFile(file: string): Format | undefined {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase()
  return (FORMATS as readonly string[]).includes(ext ?? '') ? (ext as Format) : undefined
}

/** PDF, PNG and PPTX are printed in Chromium with widget snapshots; HTML stays live. */
export function isHandoutFormat(format: Format): boolean {
  return format !== 'html'
}
