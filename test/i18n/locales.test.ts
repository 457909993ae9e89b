// A new language is one file in components/internal/locales/ and its entry in localize.ts:
// this test fails, naming the file and the key, when either is missing or incomplete.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { en } from '../../components/internal/locales/en.js';
import { locales, messagesFor, supportedLang } from '../../components/internal/localize.js';

const folder = fileURLToPath(new URL('../../components/internal/locales/', import.meta.url));
const files = readdirSync(folder).filter((name) => name.endsWith('.ts'));

/** Where `messages` differs from en in shape: a missing or extra key, or a string where en has a function. */
function differences(reference: Record<string, unknown>, messages: Record<string, unknown>, prefix = ''): string[] {
  const found: string[] = [];
  for (const key of new Set([...Object.keys(reference), ...Object.keys(messages)])) {
    const [expected, actual] = [reference[key], messages[key]];
    if (!(key in messages)) found.push(`${prefix}${key} is missing`);
    else if (!(key in reference)) found.push(`${prefix}${key} is not in en.ts`);
    else if (typeof expected !== typeof actual) found.push(`${prefix}${key} is a ${typeof actual}, en.ts has a ${typeof expected}`);
    else if (typeof expected === 'function' && (expected as Function).length !== (actual as Function).length) found.push(`${prefix}${key} takes ${(actual as Function).length} arguments, not ${(expected as Function).length}`);
  }
  return found;
}

test('every locale file is registered and has every string of en.ts', async () => {
  assert.ok(files.length >= 2, 'en.ts and fr.ts at least');
  for (const file of files) {
    const lang = file.replace(/\.ts$/, '');
    assert.equal(supportedLang(lang), lang, `${file} is not registered in components/internal/localize.ts`);
    const module = (await import(new URL(`../../components/internal/locales/${file}`, import.meta.url).href)) as Record<string, Record<string, unknown>>;
    const messages = module[lang];
    assert.ok(messages, `${file} exports \`${lang}\``);
    assert.equal(messagesFor(lang), messages, `localize.ts registers ${file}'s messages under "${lang}"`);
    assert.deepEqual(differences(en, messages), [], `${file} has the shape of en.ts`);
    assert.deepEqual(differences(en.statuses, messages.statuses as Record<string, unknown>, 'statuses.'), [], file);
  }
  assert.deepEqual(locales().sort(), files.map((file) => file.replace(/\.ts$/, '')).sort(), 'every registered language has its file');
});

test('every French string differs from the English one, or is a word both languages share', () => {
  const fr = messagesFor('fr') as unknown as Record<string, unknown>;
  const same = Object.entries(en as unknown as Record<string, unknown>)
    .filter(([key, value]) => typeof value === 'string' && value === fr[key])
    .map(([key]) => key);
  // Words French uses as they are in English.
  const shared = new Set(['version', 'GPU', 'CPU', 'Code', 'Email', 'Notebook']);
  assert.deepEqual(same.filter((key) => !shared.has(String((en as unknown as Record<string, unknown>)[key]))), [], 'untranslated French strings');
});
