/**
 * The WASM backend, made to work offline from a single HTML file: its SIMD binary is
 * inlined as a data URL (esbuild's dataurl loader) and served for every file name the
 * backend may ask for, so it never fetches anything. A browser without WASM SIMD fails
 * to start it, and the backend chain falls back to CPU.
 */
import '@tensorflow/tfjs-backend-wasm'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'

setWasmPaths({
  'tfjs-backend-wasm.wasm': simd,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': simd,
})
