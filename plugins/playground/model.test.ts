import { modelKit, tf, trackTensors, useCpuBackend } from '../../tests/tf'
// (tests/tf loads TF.js core and the CPU backend: it must come before the gradients are registered)
import '@tensorflow/tfjs-core/dist/register_all_gradients'
import type { Tensor2D } from '@tensorflow/tfjs-core'
import { describe, expect, it } from 'vitest'
import { defaults } from '../../src/widget/schema'
import manifest from './schema'
import {
  DOMAIN,
  FEATURE_NAMES,
  Playground,
  type PlaygroundOptions,
  featureMatrix,
  makeDataset,
  mulberry32,
  parseFeatures,
  parseHidden,
  playgroundOptions,
  splitData,
} from './model'

/** What a bare `<!-- live: playground -->` gets, and models made from it. */
const { base, withModel } = modelKit<PlaygroundOptions, Playground>(playgroundOptions(defaults(manifest.params)), (o) => new Playground(tf, o))
const xor42: Partial<PlaygroundOptions> = { dataset: 'xor', hidden: [4, 2], activation: 'tanh' }

/** The network's output at (x, y), computed on the host from the read-back parameters. */
function hostForward(m: Playground, x: number, y: number): number {
  const { w, b } = m.parameters()
  let a = Array.from(featureMatrix([{ x, y }], m.options.features))
  for (let l = 0; l < w.length; l++) {
    const nIn = a.length
    const nOut = b[l].length
    const z = Array.from({ length: nOut }, (_, j) => b[l][j] + a.reduce((s, v, i) => s + v * w[l][i * nOut + j], 0))
    const last = l === w.length - 1
    const act = last ? 'tanh' : m.options.activation
    a = z.map((v) => (act === 'tanh' ? Math.tanh(v) : act === 'relu' ? Math.max(0, v) : act === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : v))
    expect(nIn).toBe(m.sizes[l])
  }
  return a[0]
}

const sumSquares = (m: Playground) => m.parameters().w.reduce((s, w) => s + w.reduce((t, v) => t + v * v, 0), 0)

useCpuBackend()

describe('seeded data sets (TensorFlow Playground generators)', () => {
  it('mulberry32 is deterministic, in [0, 1) and depends on the seed', () => {
    const a = Array.from({ length: 500 }, mulberry32(3))
    expect(a).toEqual(Array.from({ length: 500 }, mulberry32(3)))
    expect(a).not.toEqual(Array.from({ length: 500 }, mulberry32(4)))
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...a)).toBeLessThan(1)
  })

  it('labels follow each data set’s rule without noise', () => {
    const xor = makeDataset('xor', 400, 0, 1)
    expect(xor).toHaveLength(400)
    for (const p of xor) {
      expect(p.label).toBe(p.x * p.y >= 0 ? 1 : -1)
      expect(Math.min(Math.abs(p.x), Math.abs(p.y))).toBeGreaterThanOrEqual(0.3) // the Playground's padding
    }
    const circle = makeDataset('circle', 400, 0, 1)
    for (const p of circle) expect(p.label).toBe(Math.hypot(p.x, p.y) < 2.5 ? 1 : -1)
    expect(circle.filter((p) => p.label > 0)).toHaveLength(200)
    const gauss = makeDataset('gaussian', 2000, 0, 1)
    const mean = (label: number, k: 'x' | 'y') => {
      const ps = gauss.filter((p) => p.label === label)
      return ps.reduce((s, p) => s + p[k], 0) / ps.length
    }
    expect(mean(1, 'x')).toBeCloseTo(2, 0)
    expect(mean(-1, 'y')).toBeCloseTo(-2, 0)
    const spiral = makeDataset('spiral', 400, 0, 1)
    for (const p of spiral) expect(Math.hypot(p.x, p.y)).toBeLessThanOrEqual(5)
    // the two arms are point reflections of each other
    const pos = spiral.filter((p) => p.label > 0)
    const neg = spiral.filter((p) => p.label < 0)
    expect(neg[50].x).toBeCloseTo(-pos[50].x, 5)
    expect(neg[50].y).toBeCloseTo(-pos[50].y, 5)
  })

  it('noise flips labels near the boundary; the same seed gives the same data', () => {
    const clean = makeDataset('xor', 500, 0, 9)
    const noisy = makeDataset('xor', 500, 0.5, 9)
    const wrong = noisy.filter((p) => p.label !== (p.x * p.y >= 0 ? 1 : -1)).length
    expect(wrong).toBeGreaterThan(25)
    expect(makeDataset('spiral', 100, 0.2, 5)).toEqual(makeDataset('spiral', 100, 0.2, 5))
    expect(makeDataset('spiral', 100, 0.2, 5)).not.toEqual(makeDataset('spiral', 100, 0.2, 6))
    expect(clean).not.toEqual(makeDataset('xor', 500, 0, 10))
  })

  it('splits by the ratio, without losing or duplicating points', () => {
    const pts = makeDataset('circle', 500, 0, 2)
    const { train, test } = splitData(pts, 0.3, 2)
    expect(train).toHaveLength(150)
    expect(test).toHaveLength(350)
    expect(new Set([...train, ...test]).size).toBe(500)
  })
})

describe('parameters as text', () => {
  it('parses features in the Playground order and rejects unknown ones clearly', () => {
    expect(parseFeatures('x2, x1')).toEqual(['x1', 'x2'])
    expect(parseFeatures('sin(x2),x1x2,x1^2')).toEqual(['x1^2', 'x1x2', 'sin(x2)'])
    expect(parseFeatures(FEATURE_NAMES.join(','))).toEqual(FEATURE_NAMES)
    expect(() => parseFeatures('x1,x3')).toThrow(/unknown feature "x3".*x1, x2, x1\^2/)
    expect(() => parseFeatures('')).toThrow(/no input feature/)
  })

  it('parses hidden layers: 0 to 6 layers of 1 to 8 neurons', () => {
    expect(parseHidden('4,2')).toEqual([4, 2])
    expect(parseHidden(' 8 ')).toEqual([8])
    expect(parseHidden('')).toEqual([])
    expect(parseHidden('0')).toEqual([])
    expect(() => parseHidden('4,9')).toThrow(/1 to 8 neurons/)
    expect(() => parseHidden('4,x')).toThrow(/1 to 8 neurons/)
    expect(() => parseHidden('1,1,1,1,1,1,1')).toThrow(/at most 6/)
  })
})

describe('the network', () => {
  it('predicts what a host-side forward pass computes, on the heat-map grid too', () => {
    for (const activation of ['tanh', 'relu', 'sigmoid', 'linear'] as const) {
      withModel({ hidden: [3, 2], activation, features: ['x1', 'x2', 'x1x2', 'sin(x1)'], grid: 8 }, (m) => {
        m.advance(3)
        const grid = m.grid()
        expect(grid).toHaveLength(64)
        // cell (i, j) = (2, 5): x at the centre of column 2, y at the centre of row 5 from the top
        const x = -DOMAIN + (2.5 * 2 * DOMAIN) / 8
        const y = DOMAIN - (5.5 * 2 * DOMAIN) / 8
        expect(grid[5 * 8 + 2]).toBeCloseTo(hostForward(m, x, y), 4)
        for (const v of grid) expect(Math.abs(v)).toBeLessThanOrEqual(1)
      })
    }
  })

  it('hand-written gradients equal tf.grads of the objective, for every activation and penalty', () => {
    const cases = [
      { activation: 'tanh', regularization: 'none', rate: 0 },
      { activation: 'relu', regularization: 'l2', rate: 0.03 },
      { activation: 'sigmoid', regularization: 'l1', rate: 0.01 },
      { activation: 'linear', regularization: 'l2', rate: 0.1 },
    ] as const
    for (const c of cases) {
      withModel({ ...c, hidden: [5, 3], features: ['x1', 'x2', 'x1^2'], dataset: 'spiral', seed: 4 }, (m) => {
        m.advance(2) // away from the zero biases
        tf.tidy(() => {
          const x = tf.tensor2d(featureMatrix(m.train.slice(0, 7), m.options.features), [7, 3])
          const y = tf.tensor2d(m.train.slice(0, 7).map((p) => p.label), [7, 1])
          const mine = m.gradients(x, y)
          const vars = m.variables
          // autodiff (tf.variableGrads records the tape) of the same objective
          const { grads } = tf.variableGrads(() => m.objective(x, y) as tf.Scalar, vars)
          expect(Object.keys(mine).sort()).toEqual(vars.map((v) => v.name).sort())
          for (const v of vars) {
            const a = mine[v.name].dataSync()
            const b = grads[v.name].dataSync()
            expect(a.length).toBe(b.length)
            for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5)
          }
        })
      })
    }
  })

  it('one epoch of a single full batch is one SGD step θ − η∇L', () => {
    withModel({ ...xor42, points: 40, ratio: 0.5, batch: 30, lr: 0.5 }, (m) => {
      expect(m.train).toHaveLength(20)
      expect(m.stepsPerEpoch).toBe(1)
      const before = m.parameters()
      const g = tf.tidy(() => {
        const x = tf.tensor2d(featureMatrix(m.train, m.options.features), [20, 2]) as Tensor2D
        const y = tf.tensor2d(m.train.map((p) => p.label), [20, 1]) as Tensor2D
        const grads = m.gradients(x, y)
        return m.variables.map((v) => Array.from(grads[v.name].dataSync()))
      })
      m.advance(1)
      const after = m.parameters()
      const flat = (p: { w: Float32Array[]; b: Float32Array[] }) => p.w.flatMap((w, l) => [Array.from(w), Array.from(p.b[l])])
      const b0 = flat(before)
      const b1 = flat(after)
      b0.forEach((vals, k) => vals.forEach((v, i) => expect(b1[k][i]).toBeCloseTo(v - 0.5 * g[k][i], 5)))
    })
  })

  it('learns XOR with a 4,2 tanh network: test loss below 0.1 and accuracy above 95 % within 300 epochs', () => {
    withModel({ ...xor42 }, (m) => {
      expect(m.stepsPerEpoch).toBe(25) // 250 training points in batches of 10
      expect(m.testLoss).toBeGreaterThan(0.3)
      m.runTo(300)
      expect(m.testLoss).toBeLessThan(0.1)
      expect(m.accuracy.test).toBeGreaterThan(0.95)
      expect(m.history.test[300]).toBe(m.testLoss)
    })
  })

  it('without a hidden layer, x₁, x₂ cannot solve XOR but the x₁x₂ feature can', () => {
    const lin = withModel({ dataset: 'xor', hidden: [], features: ['x1', 'x2'] }, (m) => (m.runTo(100), m.accuracy.test))
    const prod = withModel({ dataset: 'xor', hidden: [], features: ['x1x2'] }, (m) => (m.runTo(100), m.accuracy.test))
    expect(lin).toBeLessThan(0.75)
    expect(prod).toBeGreaterThan(0.97)
  })

  it('L2 regularisation shrinks the weights, L1 too', () => {
    const o: Partial<PlaygroundOptions> = { dataset: 'spiral', points: 200, hidden: [6], features: FEATURE_NAMES, lr: 0.03 }
    const free = withModel(o, (m) => (m.runTo(80), sumSquares(m)))
    const l2 = withModel({ ...o, regularization: 'l2', rate: 0.1 }, (m) => (m.runTo(80), sumSquares(m)))
    const l1 = withModel({ ...o, regularization: 'l1', rate: 0.1 }, (m) => (m.runTo(80), sumSquares(m)))
    expect(l2).toBeLessThan(0.5 * free)
    expect(l1).toBeLessThan(0.5 * free)
  })

  it('stops at the first diverged epoch', () => {
    // lr × rate > 2: the L2 pull overshoots zero further every step, w ← (1 − 10) w
    withModel({ ...xor42, lr: 10, regularization: 'l2', rate: 1 }, (m) => {
      m.runTo(200)
      expect(m.status).toBe('diverged')
      expect(m.epoch).toBeLessThan(200)
      expect(m.advance(5).epochs).toBe(0)
    })
  })
})

describe('determinism and exports', () => {
  it('the same seed trains the same way, another seed another way', () => {
    const h = (seed: number) => withModel({ ...xor42, seed }, (m) => (m.runTo(20), m.history.test.slice()))
    expect(h(5)).toEqual(h(5))
    expect(h(5)).not.toEqual(h(6))
  })

  it('gives the same history whether epochs come one by one or batched', () => {
    const one = withModel({ ...xor42 }, (m) => {
      for (let k = 0; k < 12; k++) m.advance(1)
      return m.history.train.slice()
    })
    const batched = withModel({ ...xor42 }, (m) => (m.advance(5), m.advance(7, true), m.history.train.slice()))
    expect(batched).toEqual(one)
    // epochs spanning calls: 7 steps at a time (25 steps per epoch)
    const spanned = withModel({ ...xor42 }, (m) => {
      while (m.epoch < 12) {
        const before = m.epoch
        const r = m.run(7)
        expect(r.epochs).toBe(m.epoch - before)
      }
      // 12 epochs = 300 steps were asked for in calls of 7 (43 calls = 301 steps): one step into epoch 13
      expect(m.stepInEpoch).toBe(1)
      return m.history.train.slice(0, 13)
    })
    expect(spanned).toEqual(one)
  })

  it('finishEpoch completes the epoch under way; runTo from the middle of one starts over', () => {
    withModel({ ...xor42 }, (m) => {
      m.runTo(3)
      const at3 = m.parameters()
      m.run(10)
      expect(m.epoch).toBe(3)
      expect(m.stepInEpoch).toBe(10)
      expect(m.parameters()).not.toEqual(at3)
      expect(m.runTo(3)).toBe(3)
      expect(m.parameters()).toEqual(at3)
      m.run(10)
      expect(m.finishEpoch().epochs).toBe(1)
      expect(m.stepInEpoch).toBe(0)
      expect(m.epoch).toBe(4)
      const fresh = withModel({ ...xor42 }, (f) => (f.runTo(4), f.parameters()))
      expect(m.parameters()).toEqual(fresh)
    })
  })

  it('runTo goes back through reset to the same state; runToConvergence stops on a plateau', () => {
    withModel({ ...xor42 }, (m) => {
      m.runTo(40)
      const at40 = m.parameters()
      const loss40 = m.testLoss
      m.runTo(60)
      expect(m.runTo(40)).toBe(40)
      expect(m.parameters()).toEqual(at40)
      expect(m.testLoss).toBe(loss40)
      const n = m.runToConvergence(1500)
      expect(n).toBeGreaterThan(50)
      expect(n).toBeLessThan(1500)
      expect(m.trainLoss).toBeLessThan(0.05)
      const again = withModel({ ...xor42 }, (p) => p.runToConvergence(1500))
      expect(again).toBe(n)
    })
  })

  it('runToConvergence does not stop on a spike of the loss (the spiral stays on a noisy plateau)', () => {
    const spiral: Partial<PlaygroundOptions> = { dataset: 'spiral', hidden: [8, 8, 8], features: ['x1', 'x2', 'x1^2', 'x2^2', 'x1x2', 'sin(x1)', 'sin(x2)'], noise: 10 }
    withModel(spiral, (m) => {
      const n = m.runToConvergence()
      expect(n).toBeGreaterThanOrEqual(60)
      expect(n).toBeLessThan(2000)
      const last = m.history.train.slice(-10)
      expect(m.trainLoss).toBeLessThanOrEqual(last.reduce((a, b) => a + b, 0) / last.length)
    })
  })
})

describe('memory', () => {
  it('keeps the tensor count flat while training and frees everything on dispose', () => {
    for (const o of [{ ...xor42 }, { regularization: 'l1', rate: 0.01, activation: 'relu', hidden: [3] }] as Partial<PlaygroundOptions>[]) {
      const t = trackTensors()
      const m = new Playground(tf, { ...base, ...o })
      m.advance(1)
      expect(t.settle()).toBeGreaterThan(t.start)
      for (let k = 0; k < 4; k++) {
        m.advance(3, k % 2 === 0)
        t.expectSteady()
      }
      m.grid()
      m.reset()
      m.runTo(10)
      m.setLearningRate(0.1)
      m.advance(2)
      t.expectSteady()
      t.expectDisposed(m, () => m.advance(1))
    }
  })
})
