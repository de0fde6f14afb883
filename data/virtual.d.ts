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
  /** The match index and the automaton compiled from its aliases, as the background publishes them. */
  const data: import('../utils/match-data').MatchData;
  export default data;
}

declare module 'virtual:backstory-match-data-id' {
  /** The id of this build's match data: what the content script looks for in storage. */
  const id: string;
  export default id;
}
