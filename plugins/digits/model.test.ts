import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cpuBackend, modelKit, tf, trackTensors } from '../../tests/tf'
import { defaults } from '../../src/widget/schema'
import manifest from './schema'
import * as data from './data/digits'
import {
  CLASSES,
  DigitsNet,
  LEVELS,
  type NetOptions,
  PIXELS,
  SIDE,
  base64Bytes,
  decodeSet,
  loadDigits,
  netOptions,
  preprocessDrawing,
} from './model'

const digits = loadDigits()
/** The options a slide with a bare `<!-- live: digits -->` gets, and models made from them. */
const { base, opts, withModel } = modelKit<NetOptions, DigitsNet>(netOptions(defaults(manifest.params)), (o) => new DigitsNet(tf, o, digits))

/** the network trained with the defaults for 300 steps, shared by the tests that need one */
let trained: DigitsNet

beforeAll(async () => {
  await cpuBackend()
  trained = new DigitsNet(tf, base, digits)
  trained.runTo(300)
})
afterAll(() => trained?.dispose())

describe('bundled digits', () => {
  it('decode to the documented counts, shape and grey levels', () => {
    const { train, test } = digits
    expect(SIDE).toBe(14)
    expect(PIXELS).toBe(196)
    // four grey levels, packed 2 bits a pixel: 49 bytes a digit
    expect(LEVELS).toBe(4)
    expect(data.LEVELS).toBe(LEVELS)
    expect(base64Bytes(data.trainPixels).length).toBe(1500 * 49)
    expect(base64Bytes(data.testPixels).length).toBe(500 * 49)
    expect(train.count).toBe(data.TRAIN_COUNT)
    expect(test.count).toBe(data.TEST_COUNT)
    expect(train.count).toBe(1500)
    expect(test.count).toBe(500)
    expect(train.x.length).toBe(1500 * 196)
    expect(test.x.length).toBe(500 * 196)
    for (const set of [train, test]) {
      const levels = new Set<number>()
      let min = Infinity
      let max = -Infinity
      let offLevel = 0
      for (const v of set.x) {
        min = Math.min(min, v)
        max = Math.max(max, v)
        const level = v * (LEVELS - 1)
        levels.add(Math.round(level))
        offLevel = Math.max(offLevel, Math.abs(level - Math.round(level)))
      }
      expect(offLevel).toBeLessThan(1e-5)
      expect(min).toBe(0)
      expect(max).toBe(1)
      // every level is used, and the strokes are not just ink or background
      expect([...levels].sort()).toEqual([0, 1, 2, 3])
      // every image has ink, a background border, and ink near the centre on average
      for (let n = 0; n < set.count; n++) {
        const img = set.x.subarray(n * PIXELS, (n + 1) * PIXELS)
        const ink = img.reduce((s, v) => s + v, 0)
        expect(ink).toBeGreaterThan(5)
        expect(ink).toBeLessThan(120)
        expect(img[0] + img[SIDE - 1] + img[PIXELS - 1] + img[PIXELS - SIDE]).toBe(0)
      }
    }
  })

  it('have balanced labels, in blocks of ten holding each class once', () => {
    for (const [set, perClass] of [
      [digits.train, 150],
      [digits.test, 50],
    ] as const) {
      const counts = new Array(CLASSES).fill(0)
      for (const y of set.y) counts[y]++
      expect(counts).toEqual(new Array(CLASSES).fill(perClass))
      for (let b = 0; b < set.count; b += 10) expect([...set.y.subarray(b, b + 10)].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    }
  })

  it('unpack any power-of-two count of grey levels, first pixel in the high bits', () => {
    for (const levels of [2, 4, 16, 256]) {
      const bits = Math.log2(levels)
      const count = 2
      const pixels = Array.from({ length: count * PIXELS }, (_, i) => (i * 7 + 3) % levels)
      const bytes = new Uint8Array((count * PIXELS * bits) / 8)
      pixels.forEach((v, i) => (bytes[Math.floor((i * bits) / 8)] |= v << (8 - bits - ((i * bits) % 8))))
      const set = decodeSet('37', Buffer.from(bytes).toString('base64'), levels)
      expect(set.count).toBe(2)
      expect(Array.from(set.y)).toEqual([3, 7])
      expect(Array.from(set.x, (v) => Math.round(v * (levels - 1)))).toEqual(pixels)
      expect(Math.max(...set.x)).toBe(1)
    }
    expect(() => decodeSet('3', Buffer.from(new Uint8Array(48)).toString('base64'), 4)).toThrow(/48 bytes for 1 digits/)
    expect(() => decodeSet('3', '', 3)).toThrow(/3 grey levels/)
  })

  it('base64 decoding matches Node', () => {
    for (const s of ['', 'QQ==', 'QUI=', 'QUJD', data.testPixels.slice(0, 400)]) {
      expect(Array.from(base64Bytes(s))).toEqual(Array.from(Buffer.from(s, 'base64')))
    }
  })
})

describe('training', () => {
  it('reaches more than 85 % test accuracy within 300 steps with the defaults', () => {
    expect(trained.stepCount).toBe(300)
    expect(trained.accuracy).toBeGreaterThan(0.85)
    const h = trained.history
    // evaluated before training and then every `evalEvery` steps, not every step
    expect(h.step[0]).toBe(0)
    expect(h.step.length).toBe(300 / base.evalEvery + 1)
    expect(h.step[1]).toBe(base.evalEvery)
    // starts near chance, and the loss falls
    expect(h.testAccuracy[0]).toBeLessThan(0.25)
    expect(h.testLoss[h.testLoss.length - 1]).toBeLessThan(h.testLoss[0] / 3)
    expect(h.trainAccuracy[h.trainAccuracy.length - 1]).toBeGreaterThan(0.85)
    expect(trained.lastLoss).toBeLessThan(1)
    expect(trained.epoch).toBeCloseTo((300 * base.batch) / 1500, 9)
  })

  it('the confusion matrix counts every test digit once and its diagonal is the accuracy', () => {
    const c = trained.confusion
    expect(c.length).toBe(100)
    expect(c.reduce((s, v) => s + v, 0)).toBe(500)
    let diagonal = 0
    for (let k = 0; k < CLASSES; k++) diagonal += c[k * CLASSES + k]
    expect(diagonal / 500).toBeCloseTo(trained.accuracy, 5)
    // each row holds that class's 50 test digits
    for (let t = 0; t < CLASSES; t++) {
      let row = 0
      for (let p = 0; p < CLASSES; p++) row += c[t * CLASSES + p]
      expect(row).toBe(50)
    }
  })

  it('predicts probabilities that sum to one, and the right class for most test digits', () => {
    let right = 0
    for (let n = 0; n < 50; n++) {
      const p = trained.predict(digits.test.x.subarray(n * PIXELS, (n + 1) * PIXELS))
      expect(p.length).toBe(10)
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4)
      if (p.indexOf(Math.max(...p)) === digits.test.y[n]) right++
    }
    expect(right).toBeGreaterThan(40)
  })

  it('is deterministic with the seed, whatever the batching of steps into frames', () => {
    const small = { hidden: 8, evalEvery: 5 }
    const a = withModel(small, (m) => {
      for (const n of [1, 7, 13, 3, 16]) m.step(n)
      return { h: structuredClone(m.history), w: m.weights.slice(), c: m.confusion.slice() }
    })
    const b = withModel(small, (m) => {
      m.runTo(40)
      return { h: structuredClone(m.history), w: m.weights.slice(), c: m.confusion.slice() }
    })
    const other = withModel({ ...small, seed: base.seed + 1 }, (m) => {
      m.runTo(40)
      return { h: structuredClone(m.history), w: m.weights.slice() }
    })
    expect(a.h.step).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40])
    expect(a.h).toEqual(b.h)
    expect(Array.from(a.w)).toEqual(Array.from(b.w))
    expect(Array.from(a.c)).toEqual(Array.from(b.c))
    expect(other.h.testLoss).not.toEqual(a.h.testLoss)
    expect(Array.from(other.w)).not.toEqual(Array.from(a.w))
  })

  it('reset goes back to the same start, and runTo goes back through it', () => {
    withModel({ hidden: 8, evalEvery: 5 }, (m) => {
      const start = { h: structuredClone(m.history), w: m.weights.slice() }
      m.runTo(20)
      const at20 = structuredClone(m.history)
      m.reset()
      expect(m.stepCount).toBe(0)
      expect(m.status).toBe('ready')
      expect(m.history).toEqual(start.h)
      expect(Array.from(m.weights)).toEqual(Array.from(start.w))
      m.runTo(30)
      m.runTo(20)
      expect(m.stepCount).toBe(20)
      expect(m.history).toEqual(at20)
    })
  })

  it('stops at the step limit, evaluating there', () => {
    withModel({ hidden: 4, maxSteps: 23, evalEvery: 10 }, (m) => {
      expect(m.step(100)).toBe(23)
      expect(m.status).toBe('done')
      expect(m.finished).toBe(true)
      expect(m.step(5)).toBe(0)
      expect(m.history.step).toEqual([0, 10, 20, 23])
    })
  })

  it.each([
    ['relu', 'sgd', 0.5],
    ['sigmoid', 'sgd', 1],
    ['tanh', 'sgd', 0.3],
    ['relu', 'adam', 0.005],
  ] as const)('%s with %s learns (loss falls, accuracy rises)', (activation, optimizer, lr) => {
    withModel({ activation, optimizer, lr, hidden: 16, evalEvery: 60 }, (m) => {
      m.runTo(120)
      const h = m.history
      expect(h.testLoss[2]).toBeLessThan(0.6 * h.testLoss[0])
      expect(h.testAccuracy[2]).toBeGreaterThan(0.7)
    })
  })

  it('fewer training digits: a balanced prefix, and the model trains on it', () => {
    withModel({ samples: 100, hidden: 8, evalEvery: 50 }, (m) => {
      expect(m.trainCount).toBe(100)
      m.runTo(100)
      expect(m.epoch).toBeCloseTo((100 * base.batch) / 100, 9)
      // 100 digits are learnt by heart sooner than they generalise
      expect(m.history.trainAccuracy[2]).toBeGreaterThan(m.history.testAccuracy[2])
    })
  })

  it('keeps the tensor count flat while training, resetting and predicting, and frees everything', () => {
    for (const optimizer of ['sgd', 'adam'] as const) {
      const t = trackTensors()
      const m = new DigitsNet(tf, opts({ optimizer, hidden: 8, evalEvery: 4 }), digits)
      m.step(3) // optimizers allocate their slots on the first step
      t.settle()
      for (let k = 0; k < 5; k++) m.step(7)
      m.predict(digits.test.x.subarray(0, PIXELS))
      m.classify(digits.test.x.subarray(0, 3 * PIXELS), 3)
      t.expectSteady()
      m.reset()
      m.step(3)
      t.expectSteady()
      m.dispose()
      t.expectDisposed(m, () => m.step(1), /after dispose/)
    }
  })
})

describe('drawing pad preprocessing', () => {
  /** a 14x14 digit drawn big on a `size` pad (bilinear upsampling), at an offset and zoom */
  function onPad(img: ArrayLike<number>, size: number, zoom: number, dx: number, dy: number): Float32Array {
    const out = new Float32Array(size * size)
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const u = ((x - dx) / size / zoom) * SIDE - 0.5
        const v = ((y - dy) / size / zoom) * SIDE - 0.5
        const x0 = Math.floor(u)
        const y0 = Math.floor(v)
        const fx = u - x0
        const fy = v - y0
        const at = (i: number, j: number) => (i < 0 || j < 0 || i >= SIDE || j >= SIDE ? 0 : img[j * SIDE + i])
        out[y * size + x] = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
      }
    }
    return out
  }

  it('returns null for an empty pad', () => {
    expect(preprocessDrawing(new Float32Array(100 * 100), 100, 100)).toBeNull()
  })

  it('centres a small off-centre stroke by its mass and scales it into the 20x20 box', () => {
    const size = 200
    const ink = new Float32Array(size * size)
    // a vertical bar, 10 px wide and 60 px tall, in the top-left corner
    for (let y = 10; y < 70; y++) for (let x = 20; x < 30; x++) ink[y * size + x] = 1
    const out = preprocessDrawing(ink, size, size)!
    expect(out.length).toBe(PIXELS)
    let mass = 0
    let cx = 0
    let cy = 0
    let rows = 0
    for (let y = 0; y < SIDE; y++) {
      let rowInk = 0
      for (let x = 0; x < SIDE; x++) {
        const v = out[y * SIDE + x]
        expect(v).toBeGreaterThanOrEqual(0)
        expect(v).toBeLessThanOrEqual(1)
        mass += v
        cx += (x + 0.5) * v
        cy += (y + 0.5) * v
        rowInk += v
      }
      if (rowInk > 0.2) rows++
    }
    expect(Math.max(...out)).toBe(1)
    expect(cx / mass).toBeCloseTo(7, 0)
    expect(cy / mass).toBeCloseTo(7, 0)
    // 20 of 28 rows tall, i.e. about 10 of 14 (blur adds a little)
    expect(rows).toBeGreaterThanOrEqual(10)
    expect(rows).toBeLessThanOrEqual(12)
  })

  it('a test digit drawn anywhere on the pad, at any size, is still recognised', () => {
    let right = 0
    let direct = 0
    const n = 100
    for (let k = 0; k < n; k++) {
      const img = digits.test.x.subarray(k * PIXELS, (k + 1) * PIXELS)
      // alternate between small in a corner and large in the middle
      const pad = k % 2 === 0 ? onPad(img, 160, 0.55, 8, 60) : onPad(img, 160, 1.1, -8, -10)
      const seen = preprocessDrawing(pad, 160, 160)!
      const p = trained.predict(seen)
      if (p.indexOf(Math.max(...p)) === digits.test.y[k]) right++
      const q = trained.predict(img)
      if (q.indexOf(Math.max(...q)) === digits.test.y[k]) direct++
    }
    // a round trip through a pad (upsampled, moved, rescaled) costs a little accuracy, not much
    expect(direct / n).toBeGreaterThan(0.85)
    expect(right / n).toBeGreaterThan(0.72)
    expect(right).toBeGreaterThanOrEqual(direct - 15)
  })
})

describe('convergence (the handout snapshot)', () => {
  it('stops when the test accuracy levels off, well before the last step, at the same step every time', () => {
    const first = new DigitsNet(tf, base, digits)
    const second = new DigitsNet(tf, base, digits)
    try {
      const at = first.runToConvergence()
      expect(at).toBeGreaterThanOrEqual(400)
      expect(at).toBeLessThan(base.maxSteps)
      expect(at % 50).toBe(0)
      // about 90 %, where the test accuracy of this network levels off
      expect(first.accuracy).toBeGreaterThan(0.87)
      expect(second.runToConvergence()).toBe(at)
      expect(second.accuracy).toBe(first.accuracy)
    } finally {
      first.dispose()
      second.dispose()
    }
  }, 60_000)
})

