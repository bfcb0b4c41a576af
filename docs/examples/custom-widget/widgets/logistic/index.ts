/**
 * `<!-- live: logistic -->`: a course's own widget. The points and the probability map on a
 * canvas, the decision line w₁x₁ + w₂x₂ + b = 0, the step, loss and accuracy, and three
 * buttons (play/pause, one step, reset). Its state is also on its top element's data
 * attributes (`data-step`, `data-loss`, `data-accuracy`, `data-playing`).
 */
import { defineWidget } from 'livedeck/widget'
import { rgbOf } from 'livedeck/widget/ui/colour'
import { px, py, type Frame } from 'livedeck/widget/ui/plot-frame'
import manifest from './schema'
import { LogisticModel, makePoints } from './model'

/** the data range shown, the same on both axes */
const RANGE = 3.2
/** cells per side of the probability map */
const GRID = 40

export default defineWidget({
  manifest,
  mount(root, params, ctx) {
    const { tf, palette } = ctx
    const doc = root.ownerDocument
    const box = doc.createElement('div')
    box.style.cssText = `height:${params.height}px;display:flex;flex-direction:column;gap:6px;font:16px system-ui,sans-serif;color:${palette.graphite}`
    const canvas = doc.createElement('canvas')
    canvas.setAttribute('role', 'img')
    canvas.setAttribute('aria-label', 'Two classes of points, the probability map and the decision line of a logistic regression')
    canvas.style.cssText = 'flex:1;min-height:0;width:100%'
    const bar = doc.createElement('div')
    bar.style.cssText = 'display:flex;gap:8px;align-items:center'
    const button = (text: string, onClick: () => void) => {
      const b = doc.createElement('button')
      b.type = 'button'
      b.textContent = text
      b.addEventListener('click', onClick)
      bar.append(b)
      return b
    }
    const playButton = button('Play', () => (ctx.animating ? pause() : play()))
    button('Step', () => {
      pause()
      trainSteps(1)
      draw()
    })
    button('Reset', () => {
      pause()
      reset()
    })
    const readout = doc.createElement('span')
    readout.setAttribute('aria-live', 'polite')
    bar.append(readout)
    box.append(canvas, bar)
    root.append(box)

    // the centres of the probability map's cells, computed once
    const cells = new Float32Array(GRID * GRID * 2)
    for (let j = 0; j < GRID; j++) {
      for (let i = 0; i < GRID; i++) {
        cells[2 * (j * GRID + i)] = -RANGE + ((i + 0.5) / GRID) * 2 * RANGE
        cells[2 * (j * GRID + i) + 1] = RANGE - ((j + 0.5) / GRID) * 2 * RANGE
      }
    }

    // the probability map is drawn GRID x GRID pixels here, then scaled up smoothly
    const map = doc.createElement('canvas')
    map.width = GRID
    map.height = GRID
    const mapImage = new ImageData(GRID, GRID)

    const points = makePoints(params.points, params.spread, params.seed)
    let model = new LogisticModel(tf, points, params.lr)
    let loss = model.loss()

    function trainSteps(n: number): void {
      for (let k = 0; k < n && model.step < params.steps; k++) loss = model.train()
      if (n > 0) loss = model.loss()
    }

    function reset(): void {
      model.dispose()
      model = new LogisticModel(tf, points, params.lr)
      loss = model.loss()
      draw()
    }

    function draw(): void {
      const scale = devicePixelRatio || 1
      const w = Math.max(canvas.clientWidth, 1)
      const h = Math.max(canvas.clientHeight, 1)
      if (canvas.width !== Math.round(w * scale) || canvas.height !== Math.round(h * scale)) {
        canvas.width = Math.round(w * scale)
        canvas.height = Math.round(h * scale)
      }
      const g = canvas.getContext('2d')
      if (!g) return
      g.setTransform(scale, 0, 0, scale, 0, 0)
      g.fillStyle = '#fff'
      g.fillRect(0, 0, w, h)
      const side = Math.min(w, h) - 8
      const f: Frame = { x0: (w - side) / 2, y0: (h - side) / 2, w: side, h: side, xMin: -RANGE, xMax: RANGE, yMin: -RANGE, yMax: RANGE }

      // probability map: blueschist where class 0 is likely, lava where class 1 is
      const p = model.probabilities(cells)
      const [one, zero] = [rgbOf(g, palette.lava), rgbOf(g, palette.blueschist)]
      for (let k = 0; k < GRID * GRID; k++) {
        const a = 0.4 * Math.abs(p[k] - 0.5) * 2
        const c = p[k] >= 0.5 ? one : zero
        for (let ch = 0; ch < 3; ch++) mapImage.data[4 * k + ch] = Math.round(255 * (1 - a) + c[ch] * a)
        mapImage.data[4 * k + 3] = 255
      }
      map.getContext('2d')?.putImageData(mapImage, 0, 0)
      g.imageSmoothingEnabled = true
      g.drawImage(map, f.x0, f.y0, f.w, f.h)
      g.strokeStyle = palette.graphiteAccent
      g.lineWidth = 1
      g.strokeRect(f.x0, f.y0, f.w, f.h)

      // the points, and the decision line w₁x₁ + w₂x₂ + b = 0, clipped to the plot
      g.save()
      g.beginPath()
      g.rect(f.x0, f.y0, f.w, f.h)
      g.clip()
      for (let k = 0; k < points.label.length; k++) {
        g.beginPath()
        g.arc(px(f, points.xy[2 * k]), py(f, points.xy[2 * k + 1]), 4, 0, 2 * Math.PI)
        g.fillStyle = points.label[k] ? palette.lava : palette.blueschist
        g.fill()
        g.strokeStyle = palette.graphite
        g.stroke()
      }

      const { w1, w2, b } = model.weights()
      g.beginPath()
      if (Math.abs(w2) > 1e-9) {
        g.moveTo(px(f, -RANGE), py(f, (-b - w1 * -RANGE) / w2))
        g.lineTo(px(f, RANGE), py(f, (-b - w1 * RANGE) / w2))
      } else if (Math.abs(w1) > 1e-9) {
        g.moveTo(px(f, -b / w1), py(f, -RANGE))
        g.lineTo(px(f, -b / w1), py(f, RANGE))
      }
      g.strokeStyle = palette.graphite
      g.lineWidth = 2.5
      g.stroke()
      g.restore()

      const accuracy = model.accuracy()
      readout.textContent = `step ${model.step} · loss ${loss.toFixed(3)} · accuracy ${(accuracy * 100).toFixed(0)} %`
      box.dataset.step = String(model.step)
      box.dataset.loss = loss.toFixed(6)
      box.dataset.accuracy = accuracy.toFixed(4)
      box.dataset.playing = String(ctx.animating)
      playButton.textContent = ctx.animating ? 'Pause' : 'Play'
    }

    let owed = 0
    let last = 0
    function play(): void {
      if (model.step >= params.steps) reset()
      owed = 0
      last = performance.now()
      ctx.animate((budgetMs) => {
        const now = performance.now()
        // at most 0.1 s per frame: a slide shown again does not catch up on the time it was hidden
        owed += (Math.min(now - last, 100) / 1000) * params.speed
        last = now
        const started = performance.now()
        while (owed >= 1 && model.step < params.steps && performance.now() - started < budgetMs) {
          trainSteps(1)
          owed -= 1
        }
        const going = model.step < params.steps
        if (!going) ctx.stopAnimation()
        draw()
        return going
      })
      draw()
    }
    function pause(): void {
      ctx.stopAnimation()
      draw()
    }

    const resize = new ResizeObserver(() => draw())
    resize.observe(canvas)
    draw()
    if (params.autoplay && !ctx.reducedMotion) play()

    return {
      destroy() {
        ctx.stopAnimation()
        resize.disconnect()
        model.dispose()
      },
      snapshot(at) {
        ctx.stopAnimation()
        model.dispose()
        model = new LogisticModel(tf, points, params.lr)
        trainSteps(at === 'converged' ? params.steps : Math.min(at, params.steps))
        loss = model.loss()
        draw()
        return Promise.resolve()
      },
    }
  },
})
