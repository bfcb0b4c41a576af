/**
 * Checks every widget manifest must pass, run for each folder under plugins/ (the same
 * registry the build uses). A widget's own `schema.test.ts` keeps only what is particular
 * to it (that its defaults give a visible demo, its choices match its model...).
 */
import path from 'node:path'
import { manifests } from 'livedeck:manifests'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ES module shared with the esbuild build script
import { listWidgetFolders } from '../../build/widget-registry.mjs'
import { type ParamSpec, type WidgetManifest, commonParams } from '../../src/widget/schema'
import { root } from '../helpers'

/** widget folders, sorted by name: the registry imports their manifests in this order */
const folders: string[] = listWidgetFolders(path.join(root, 'plugins'))

describe('widget registry', () => {
  it('has one manifest for each widget folder', () => {
    expect(folders.length).toBeGreaterThanOrEqual(7)
    expect(manifests).toHaveLength(folders.length)
  })
})

describe.each(folders.map((folder, i): [string, WidgetManifest] => [folder, manifests[i]]))('%s schema', (folder, manifest) => {
  /** widened to the general spec type, so each kind of parameter is checked */
  const params: [string, ParamSpec][] = Object.entries(manifest.params)

  it('is named after its folder', () => {
    expect(manifest.name).toBe(folder)
    expect(manifest.summary.length).toBeGreaterThan(10)
  })

  it.each(params)('%s: default lies within its range, with a one-line doc', (_name, spec) => {
    expect(spec.doc.trim().length).toBeGreaterThan(5)
    expect(spec.doc).not.toMatch(/\n/)
    if (spec.type === 'number') {
      expect(Number.isFinite(spec.default)).toBe(true)
      expect(spec.min).toBeTypeOf('number')
      expect(spec.max).toBeTypeOf('number')
      expect(spec.min!).toBeLessThan(spec.max!)
      expect(spec.default).toBeGreaterThanOrEqual(spec.min!)
      expect(spec.default).toBeLessThanOrEqual(spec.max!)
      if (spec.integer) {
        expect(Number.isInteger(spec.default)).toBe(true)
        expect(Number.isInteger(spec.min)).toBe(true)
        expect(Number.isInteger(spec.max)).toBe(true)
      }
    } else if (spec.type === 'choice') {
      expect(spec.choices).toContain(spec.default)
      expect(new Set(spec.choices).size).toBe(spec.choices.length)
    } else if (spec.type === 'boolean') {
      expect(typeof spec.default).toBe('boolean')
    } else if (spec.type === 'string') {
      expect(spec.default.length).toBeLessThanOrEqual(spec.maxLength ?? Infinity)
    } else {
      throw new Error(`step parameters are common ones, handled by the runtime (${spec.type})`)
    }
  })

  it('has a filmstrip of several distinct steps, if any', () => {
    if (!manifest.filmstrip) return
    const steps = manifest.filmstrip
    expect(steps.length).toBeGreaterThan(1)
    expect(steps.length).toBeLessThanOrEqual(commonParams.filmstrip.maxLength)
    for (const s of steps) expect(s === 'converged' || (Number.isInteger(s) && s >= 0)).toBe(true)
    expect(new Set(steps).size).toBe(steps.length)
  })

  it('leaves the common parameters (height, backend) to the runtime', () => {
    const names = params.map(([name]) => name)
    expect(names.length).toBeGreaterThan(0)
    for (const name of Object.keys(commonParams)) expect(names).not.toContain(name)
  })
})
