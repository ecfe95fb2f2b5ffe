// The import worker: parses and writes imports off the window's thread (see handler.ts). Closing the window ends the
// worker, and with it any unfinished write transaction: the collection stays as it was.
import initSqlJs from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import { RetainDB } from '../storage/db';
import { createImportHandler, type ImportReply, type ImportRequest } from './handler';
import type { SqlEngine } from './pipeline';

let db: RetainDB | null = null;
let sql: Promise<SqlEngine> | null = null;

const handle = createImportHandler({
  post: (reply: ImportReply) => postMessage(reply),
  db: () => (db ??= new RetainDB()),
  loadSql: () => (sql ??= initSqlJs({ locateFile: () => wasmUrl }) as Promise<SqlEngine>),
  now: () => Date.now(),
});

addEventListener('message', (event: MessageEvent<ImportRequest>) => void handle(event.data));
