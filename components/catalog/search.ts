/**
 * Catalog search: every word of the query must appear in the entry's name or description,
 * ignoring case and accents; matches are shown highlighted. Pure.
 */

/** Lower case without accents, one character for one (so indexes still fit the original text). */
export function fold(text: string): string {
  return text.normalize('NFC').replace(/\p{L}/gu, (char) => char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().slice(0, 1) || char);
}

export function words(query: string): string[] {
  return fold(query).split(/\s+/).filter(Boolean);
}

export function matches(texts: readonly string[], query: string): boolean {
  const haystack = fold(texts.join(' \n '));
  return words(query).every((word) => haystack.includes(word));
}

/** The text cut into parts, those that match a word of the query marked. */
export function highlightParts(text: string, query: string): { text: string; match: boolean }[] {
  const found = words(query);
  const normal = text.normalize('NFC');
  if (found.length === 0) return [{ text: normal, match: false }];
  const folded = fold(normal);
  const marked = new Array<boolean>(normal.length).fill(false);
  for (const word of found) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + 1)) marked.fill(true, at, at + word.length);
  }
  const parts: { text: string; match: boolean }[] = [];
  for (let i = 0; i < normal.length; i++) {
    const last = parts[parts.length - 1];
    if (last && last.match === marked[i]) last.text += normal[i];
    else parts.push({ text: normal[i]!, match: marked[i]! });
  }
  return parts;
}
