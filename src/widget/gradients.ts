/**
 * Registers the gradients of TF.js core's ops, which training (optimizers, tf.grad) needs.
 * A widget that trains imports it once: `import 'livedeck/widget/gradients'` in a course's
 * widget; built-in widgets import '@tensorflow/tfjs-core/dist/register_all_gradients' directly.
 * Widgets that never train leave it out and keep the page lighter.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients'
