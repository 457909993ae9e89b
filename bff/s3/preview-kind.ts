/** How a file can be previewed, from its name and content type. Pure. */
export type PreviewKind = { kind: 'image'; type: string } | { kind: 'csv' } | { kind: 'text' } | { kind: 'other' };

const IMAGES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif' };
const TEXT = new Set(['txt', 'md', 'log', 'json', 'jsonl', 'ndjson', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'xml', 'html', 'css', 'js', 'ts', 'py', 'r', 'rmd', 'qmd', 'sql', 'sh', 'ipynb', 'tex', 'env']);

export function previewKind(path: string, contentType: string): PreviewKind {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  // Images are shown with a type of their own extension: an SVG or HTML file never runs as a page.
  if (IMAGES[extension]) return { kind: 'image', type: IMAGES[extension] };
  if (extension === 'csv' || extension === 'tsv' || type === 'text/csv') return { kind: 'csv' };
  if (TEXT.has(extension) || type.startsWith('text/') || type === 'application/json') return { kind: 'text' };
  return { kind: 'other' };
}
