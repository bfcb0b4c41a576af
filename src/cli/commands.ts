/**
 * The CLI's command table: one entry per command with its option table. Commands are
 * loaded only when run, so `--help` and `--version` stay instant.
 */
export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  doc: string
  /** shown in help as the value's name */
  value?: string
}

export interface CommandSpec {
  name: string
  summary: string
  usage: string
  options: Record<string, OptionSpec>
  load: () => Promise<{ run(positionals: string[], options: Record<string, string | boolean | undefined>): Promise<number> }>
}

export const commands: CommandSpec[] = [
  {
    name: 'build',
    summary: 'Build decks into standalone HTML, or into PDF, PNG or PPTX handouts with widget snapshots',
    usage: 'livedeck build INPUT... [-o OUTPUT] [--pdf | --png | --pptx | --html] [options]',
    options: {
      output: { type: 'string', short: 'o', value: 'PATH', doc: 'output file for one deck (its extension picks the format), or a folder for several (default: beside each deck)' },
      html: { type: 'boolean', doc: 'standalone HTML with live widgets (the default)' },
      pdf: { type: 'boolean', doc: 'PDF handout: one page per slide, each widget drawn at its `snapshot`' },
      png: { type: 'boolean', doc: 'one PNG per slide (OUTPUT.001.png, ...)' },
      pptx: { type: 'boolean', doc: 'PowerPoint file: one picture per slide, speaker notes as slide notes' },
      handout: { type: 'boolean', doc: 'widgets with a filmstrip show several snapshots side by side (see `filmstrip`)' },
      fragments: { type: 'boolean', doc: 'one page per fragment step, as the slide was revealed' },
      notes: { type: 'boolean', doc: 'a page with the speaker notes after each slide that has some' },
      'inline-assets': { type: 'boolean', doc: 'HTML: put local images inside the file; list remote resources as warnings' },
      strict: { type: 'boolean', doc: 'warnings fail the deck (the default when CI=true)' },
      'no-strict': { type: 'boolean', doc: 'warnings do not fail the deck, even when CI=true' },
      scale: { type: 'string', value: 'N', doc: 'PNG/PPTX pixels per CSS pixel (default 1; PPTX 2); widgets are drawn at the same scale' },
      parallel: { type: 'string', value: 'N', doc: 'decks exported at once, and pages drawing widgets at once, in the one browser (default: one per CPU core, at most 4)' },
      timeout: { type: 'string', value: 'SECONDS', doc: 'time a widget may take to draw its snapshot (default 30)' },
      verbose: { type: 'boolean', doc: 'print each deck\'s steps with their times' },
      'no-cache': { type: 'boolean', doc: 'draw every widget anew (pictures are otherwise kept in node_modules/.cache/livedeck/snapshots)' },
    },
    load: () => import('./commands/build'),
  },
  {
    name: 'serve',
    summary: 'Preview a deck (or a folder of decks) on a local server, rebuilding and reloading on save',
    usage: 'livedeck serve INPUT.md|FOLDER [--port N]',
    options: {
      port: { type: 'string', short: 'p', value: 'N', doc: 'port to listen on (default 8080; 0 picks a free one)' },
      host: { type: 'string', value: 'ADDR', doc: 'address to listen on (default 127.0.0.1)' },
    },
    load: () => import('./commands/serve'),
  },
  {
    name: 'lint',
    summary: 'Check decks: directives, images, offline resources, broken encoding, overflowing slides',
    usage: 'livedeck lint INPUT... [--fix] [--format text|json] [--strict | --no-strict] [--no-browser]',
    options: {
      fix: { type: 'boolean', doc: 'repair the encoding (mojibake, a Windows-1252 file) in place, keeping a .bak copy' },
      format: { type: 'string', value: 'FORMAT', doc: 'text (default, grouped by file) or json (one object per problem)' },
      strict: { type: 'boolean', doc: 'warnings fail too (exit 1; the default when CI=true)' },
      'no-strict': { type: 'boolean', doc: 'warnings do not fail, even when CI=true' },
      'no-browser': { type: 'boolean', doc: 'skip the overflow check in Chromium (faster)' },
    },
    load: () => import('./commands/lint'),
  },
  {
    name: 'new',
    summary: 'Create a deck with the presentation theme and an example slide of each widget',
    usage: 'livedeck new NAME',
    options: {},
    load: () => import('./commands/new'),
  },
  {
    name: 'widgets',
    summary: 'List the widgets and their parameters (from their schemas)',
    usage: 'livedeck widgets [NAME] [--format text|json]',
    options: {
      format: { type: 'string', value: 'FORMAT', doc: 'text (default) or json' },
    },
    load: () => import('./commands/widgets'),
  },
]
