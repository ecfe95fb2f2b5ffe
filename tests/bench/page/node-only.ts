// What the benchmark page gets for the Node modules the Anki test fixtures import (aliased in ../vite.config.ts): the
// page never calls them (it passes its own sql.js, and its packages hold no media), so they only speak up if it does.
const nodeOnly = (name: string) => (): never => {
  throw new Error(`${name} is Node only: the benchmark page must not call it`);
};

export const createHash = nodeOnly('node:crypto createHash');
export const readFileSync = nodeOnly('node:fs readFileSync');
export const createRequire = nodeOnly('node:module createRequire');
