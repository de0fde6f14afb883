// Modules made by data/tools/vite-plugin.ts at build time.
declare module 'virtual:backstory-dataset' {
  const dataset: import('../utils/schema').Dataset;
  export default dataset;
}
declare module 'virtual:backstory-index' {
  const index: import('../utils/match-data').MatchIndex;
  export default index;
}

declare module 'virtual:backstory-match-data' {
  /** The match index and the automaton compiled from its aliases, as the background publishes and matches against them. */
  const data: import('../utils/match-data').MatchData;
  export default data;
}
