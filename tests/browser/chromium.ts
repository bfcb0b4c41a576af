/** Tests and benchmarks use the product's own guarded Chromium (no request leaves the machine). */
export * from '../../src/browser/chromium'
