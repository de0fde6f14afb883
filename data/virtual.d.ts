// Modules made by data/tools/vite-plugin.ts at build time.
declare module 'virtual:backstory-dataset' {
  const dataset: import('../utils/schema').Dataset;
  export default dataset;
}
declare module 'virtual:backstory-index' {
  const index: import('../utils/match-index').MatchIndex;
  export default index;
}

declare module 'virtual:backstory-matcher' {
  /** The match index's aliases, compiled into the matcher's automaton at build time. */
  const compiled: import('../utils/matcher').CompiledMatcher;
  export default compiled;
}
