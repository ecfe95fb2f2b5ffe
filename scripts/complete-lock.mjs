// node scripts/complete-lock.mjs: puts back into package-lock.json the platform packages of the FSRS optimizer's
// binding (@open-spaced-repetition/binding, an optional dependency) that this machine's registry does not serve.
//
// Why: npm writes a lock entry only for a package whose metadata it could fetch. Here only the linux-x64-gnu build is
// served, so `npm install` leaves the other ten out, and `npm ci` then refuses the lock ("Missing: ... from lock
// file"). With an entry that names each package's os, cpu and libc, `npm ci` skips the ones for other platforms
// without fetching them, and on a machine of that platform fetches the one it needs by name and version. Entries
// this machine could not fetch carry no integrity hash (npm then checks none for that one package). Run it after any
// `npm install` that rewrites the lock; it changes nothing when the entries are there.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const LOCK = resolve(import.meta.dirname, '..', 'package-lock.json');
const BINDING = 'node_modules/@open-spaced-repetition/binding';

/** napi-rs's platform names -> npm's os, cpu and libc fields. */
function platformOf(name) {
  const suffix = name.slice('@open-spaced-repetition/binding-'.length);
  const [os, cpu, abi] = suffix.split('-');
  if (os === 'wasm32') return { cpu: ['wasm32'] };
  const entry = { cpu: [cpu], os: [os] };
  if (abi === 'gnu') entry.libc = ['glibc'];
  if (abi === 'musl') entry.libc = ['musl'];
  return entry;
}

const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const binding = lock.packages[BINDING];
if (!binding) throw new Error(`${BINDING} is not in package-lock.json: install it first (npm install)`);
let added = 0;
for (const [name, range] of Object.entries(binding.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  lock.packages[key] = { version: range.replace(/^\^/, ''), ...platformOf(name), license: 'MIT', optional: true, engines: binding.engines };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added ? `package-lock.json: added ${added} platform package(s) of the binding` : 'package-lock.json: nothing to add');
