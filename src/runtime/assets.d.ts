declare module '*.wasm' {
  /** a data: URL, from esbuild's dataurl loader */
  const url: string
  export default url
}
