/**
 * The first rows of a CSV (or TSV) text for a preview: quoted fields, the delimiter
 * guessed from the first line (comma, semicolon or tab). A row cut by the end of a
 * truncated text is left out. Pure.
 */
export function parseCsv(text: string, { maxRows = 20, truncated = false } = {}): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = [',', ';', '\t'].reduce((best, candidate) => (firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best), ',');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  for (; i < text.length && rows.length < maxRows; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  const rest = field !== '' || row.length > 0;
  if (rest && rows.length < maxRows && !truncated) rows.push([...row, field]);
  return rows;
}
