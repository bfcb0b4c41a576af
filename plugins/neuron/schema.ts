import { defineManifest } from '../../src/widget/schema'

/**
 * `<!-- live: neuron activation=relu w1=1 w2=-1 b=0 -->`
 * Defaults: a sigmoid unit with z = 1.5·1 + (-1)·0.5 + 0.5 = 1.5, in its active range
 * (σ'(1.5) ≈ 0.15); dragging the bias to the right or left walks it into saturation.
 */
export default defineManifest({
  name: 'neuron',
  summary:
    'One artificial neuron h = φ(w₁x₁ + w₂x₂ + b): drag weights, bias and inputs; see φ, φ′, saturation and dead-ReLU regions, and the output over the input plane.',
  params: {
    activation: {
      type: 'choice',
      default: 'sigmoid',
      choices: ['sigmoid', 'tanh', 'relu'],
      doc: 'Activation function φ: logistic sigmoid, hyperbolic tangent or rectified linear unit.',
    },
    w1: { type: 'number', default: 1.5, min: -5, max: 5, doc: 'Weight w₁ of the first input.' },
    w2: { type: 'number', default: -1, min: -5, max: 5, doc: 'Weight w₂ of the second input.' },
    b: { type: 'number', default: 0.5, min: -10, max: 10, doc: 'Bias b, added to the weighted sum.' },
    x1: { type: 'number', default: 1, min: -5, max: 5, doc: 'First input x₁.' },
    x2: { type: 'number', default: 0.5, min: -5, max: 5, doc: 'Second input x₂.' },
    plane: {
      type: 'boolean',
      default: true,
      doc: 'Show the second panel: the output h over the (x₁, x₂) plane with the boundary z = 0 (when there is room).',
    },
    saturation: {
      type: 'number',
      default: 0.05,
      min: 0.001,
      max: 0.2,
      doc: "Sigmoid and tanh count as saturated where |φ'(z)| is below this threshold.",
    },
  },
})
