import { defineManifest } from '../../src/widget/schema'

/**
 * `<!-- live: kmeans k=3 seed=7 -->`
 * Defaults: 300 points in 3 Gaussian blobs, 3 centroids started on random data points (two of
 * them in the same blob), so Lloyd's algorithm visibly moves a centroid across the plot and
 * converges in a handful of iterations. The lecturer clicks "Step" for each half-step.
 */
export default defineManifest({
  name: 'kmeans',
  summary:
    "k-means step by step: Lloyd's two half-steps (assign, update) with Voronoi regions, centroid trails and the inertia at every step.",
  filmstrip: [0, 1, 2, 'converged'],
  params: {
    k: {
      type: 'number',
      default: 3,
      min: 1,
      max: 10,
      integer: true,
      doc: 'Number of clusters k (centroids).',
    },
    init: {
      type: 'choice',
      default: 'random',
      choices: ['random', 'kmeans++'],
      doc: 'Initial centroids: `random` picks k data points at random, `kmeans++` spreads them out (D² sampling).',
    },
    dataset: {
      type: 'choice',
      default: 'blobs',
      choices: ['blobs', 'anisotropic', 'moons', 'rings', 'uniform'],
      doc: 'Data: Gaussian blobs, stretched (anisotropic) blobs, two moons, two rings (where k-means fails) or uniform noise.',
    },
    centers: {
      type: 'number',
      default: 3,
      min: 1,
      max: 10,
      integer: true,
      doc: 'Number of true blobs in the `blobs` and `anisotropic` data sets (try k different from it).',
    },
    points: {
      type: 'number',
      default: 300,
      min: 10,
      max: 2000,
      integer: true,
      doc: 'Number of data points.',
    },
    seed: {
      type: 'number',
      default: 4,
      min: 0,
      max: 2147483647,
      integer: true,
      doc: 'Random seed of the data and of the initial centroids; "New data" moves to the next seed.',
    },
    autoplay: {
      type: 'boolean',
      default: false,
      doc: 'Run to convergence when the slide is shown (never when the viewer prefers reduced motion).',
    },
    speed: {
      type: 'number',
      default: 1.5,
      min: 0.2,
      max: 60,
      doc: 'Half-steps (assign or update) per second while playing.',
    },
  },
})
