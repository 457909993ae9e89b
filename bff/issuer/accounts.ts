import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { readOrCreateSecretJson } from '../files/secret-files.js';

export interface DemoAccount {
  username: string;
  password: string;
  name: string;
  email: string;
  groups: string[];
}

const DEMO_PEOPLE: Omit<DemoAccount, 'password'>[] = [
  { username: 'alice', name: 'Alice Martin', email: 'alice@example.org', groups: ['demo', 'data-science'] },
  { username: 'bob', name: 'Bob Durand', email: 'bob@example.org', groups: ['demo'] },
];

/**
 * The embedded issuer's demo accounts. Their passwords are drawn at random for each
 * data folder and kept in it, and the sign-in page shows them (embedded mode only).
 */
export async function loadDemoAccounts(data: string): Promise<DemoAccount[]> {
  return readOrCreateSecretJson(join(data, 'issuer', 'accounts.json'), () =>
    DEMO_PEOPLE.map((person) => ({ ...person, password: memorablePassword() })),
  );
}

export function checkPassword(accounts: DemoAccount[], username: string, password: string): DemoAccount | undefined {
  const account = accounts.find((candidate) => candidate.username === username.trim().toLowerCase());
  const expected = Buffer.from(account?.password ?? 'no such account, compared anyway');
  const given = Buffer.from(password);
  const same = expected.length === given.length && timingSafeEqual(expected, given);
  return account && same ? account : undefined;
}

const SYLLABLES = ['ba', 'ce', 'di', 'fo', 'gu', 'la', 'me', 'ni', 'po', 'ru', 'sa', 'te', 'vi', 'zo'];

function memorablePassword(): string {
  const word = () => Array.from({ length: 3 }, () => SYLLABLES[randomInt(SYLLABLES.length)]).join('');
  return `${word()}-${word()}-${randomInt(10, 100)}`;
}
