declare module 'livedeck:manifests' {
  import type { WidgetManifest } from './schema'
  export const manifests: WidgetManifest[]
}
