/** A content hash: the same text always gets the same one, another text (in practice) another. */
export function contentHash(text: string): string {
  // Two FNV-1a passes with different seeds: 64 bits, plenty to tell datasets apart.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
