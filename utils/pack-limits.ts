/**
 * The limits on the reader's packs, alone in a module of their own: the message protocol checks
 * against them, and every page loads that protocol, but none needs the packs' checker.
 */

/** All packs together, as their files' bytes: what IndexedDB and the match data can hold with room to spare. */
export const MAX_PACK_BYTES = 10 * 1024 * 1024;
/** All packs' aliases together: the size the bench holds pages to (a scan ≤ 1.3× the bundled dataset's). */
export const MAX_PACK_ALIASES = 20_000;
