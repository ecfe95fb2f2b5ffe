// One import, as the Import screen shows it: reading the file, mapping a text file's columns, writing with progress
// and Cancel, then the summary or what went wrong. The work happens in a worker (import/import.worker.ts); this
// class only holds what the screen draws.
import { SafetyNet } from './safety.svelte';
import type { TextImportOptions } from '../../../core/import/text';
import type { ImportReply, ImportRequest, TextPreview } from '../import/handler';
import { checkSize } from '../import/detect';
import type { ImportProgress, ImportSummary } from '../storage/import-bundle';
import { ImportError } from '../../../core/import/bundle';

export type ImportPhase = 'idle' | 'reading' | 'mapping' | 'importing' | 'done' | 'failed' | 'cancelled';

/** Where requests go and replies come from: a Worker in the app, the handler itself in tests. */
export interface ImportChannel {
  send(request: ImportRequest, transfer?: Transferable[]): void;
  onReply(listener: (reply: ImportReply) => void): void;
  close(): void;
}

export function workerChannel(): ImportChannel {
  const worker = new Worker(new URL('../import/import.worker.ts', import.meta.url), { type: 'module' });
  return {
    send: (request, transfer = []) => worker.postMessage(request, transfer),
    onReply: (listener) => worker.addEventListener('message', (e: MessageEvent<ImportReply>) => listener(e.data)),
    close: () => worker.terminate(),
  };
}

export class ImportJob {
  phase = $state<ImportPhase>('idle');
  file = $state('');
  preview = $state.raw<TextPreview | null>(null);
  progress = $state.raw<ImportProgress | null>(null);
  summary = $state.raw<ImportSummary | null>(null);
  error = $state<string | null>(null);
  private channel: ImportChannel | null = null;
  private finished: (() => void) | null = null;

  constructor(
    private readonly makeChannel: () => ImportChannel,
    /** Called once an import has written something (the deck list needs new counts). */
    private readonly onImported: () => void | Promise<void>,
  ) {}

  get busy(): boolean {
    return this.phase === 'reading' || this.phase === 'importing';
  }

  private reply = (reply: ImportReply): void => {
    switch (reply.type) {
      case 'preview':
        this.preview = reply.preview;
        this.phase = 'mapping';
        break;
      case 'progress':
        this.progress = reply.progress;
        this.phase = 'importing';
        break;
      case 'done':
        this.summary = reply.summary;
        this.phase = 'done';
        void this.onImported();
        break;
      case 'failed':
        this.error = reply.message;
        this.phase = 'failed';
        break;
      case 'cancelled':
        this.phase = 'cancelled';
        break;
    }
    // A step is over when the file waits for its mapping, or is imported, failed or cancelled.
    if (reply.type !== 'progress') this.finished?.();
  };

  private connect(): ImportChannel {
    if (!this.channel) {
      this.channel = this.makeChannel();
      this.channel.onReply(this.reply);
    }
    return this.channel;
  }

  /** Resolves when the current step is over: the file waits for its column mapping, or is imported, failed or cancelled. */
  private untilSettled(): Promise<void> {
    return new Promise((resolve) => {
      this.finished = () => {
        this.finished = null;
        resolve();
      };
    });
  }

  async open(file: { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> }): Promise<void> {
    if (this.busy) return;
    this.reset();
    this.file = file.name;
    try {
      checkSize(file.name, file.size);
    } catch (e) {
      this.error = e instanceof ImportError ? e.message : String(e);
      this.phase = 'failed';
      return;
    }
    this.phase = 'reading';
    const bytes = new Uint8Array(await file.arrayBuffer());
    const settled = this.untilSettled();
    const channel = this.connect();
    // A deck file imports as it opens: the next start must know the newest safety copy may lack it.
    SafetyNet.markUnsafe();
    channel.send({ type: 'open', name: file.name, bytes }, [bytes.buffer]);
    await settled;
  }

  /** Imports the text file being mapped, with these columns. */
  async importText(options: Omit<TextImportOptions, 'file'>): Promise<void> {
    if (this.phase !== 'mapping') return;
    this.phase = 'importing';
    this.progress = null;
    const settled = this.untilSettled();
    SafetyNet.markUnsafe();
    this.connect().send({ type: 'map', options: $state.snapshot(options) });
    await settled;
  }

  /** Shows a problem found before the import could start (the file could not be read); ignored while one runs. */
  fail(message: string): void {
    if (this.busy) return;
    this.reset();
    this.error = message;
    this.phase = 'failed';
  }

  cancel(): void {
    if (this.phase === 'reading' || this.phase === 'importing' || this.phase === 'mapping') this.connect().send({ type: 'cancel' });
  }

  reset(): void {
    this.phase = 'idle';
    this.file = '';
    this.preview = null;
    this.progress = null;
    this.summary = null;
    this.error = null;
  }

  /** Ends the worker, and with it a running import (its write transaction aborts: nothing of it is stored). */
  close(): void {
    this.channel?.close();
    this.channel = null;
    // No reply comes from a closed worker: whoever awaits the current step is let go.
    this.finished?.();
  }
}
