// A web-test-runner plugin: the server command `atelier-themes` answers the names of the
// themes in themes/ (every `.css` file), so that browser tests go through each theme,
// including the ones added later, without a list to keep.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const themes = fileURLToPath(new URL('../../themes/', import.meta.url));

export function themesPlugin() {
  return {
    name: 'atelier-themes',
    async executeCommand({ command }) {
      if (command !== 'atelier-themes') return undefined;
      return (await readdir(themes)).filter((name) => name.endsWith('.css')).map((name) => name.slice(0, -4)).sort();
    },
  };
}
