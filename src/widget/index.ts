/**
 * What a widget imports from Livedeck. Built-in widgets import the files of src/widget/
 * directly; custom widgets in a course folder write `import { defineWidget } from 'livedeck/widget'`
 * (and `livedeck/widget/ui/plot-frame` for the UI kit), which the engine resolves to this folder
 * when it bundles them.
 */
export * from './define'
export * from './schema'
export * from './palette'
export * from './random'
