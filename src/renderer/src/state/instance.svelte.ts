// Which tab owns the collection. In the browser build two tabs writing one IndexedDB would each work from their own
// picture of it (today's queue, the undo stack, an import's view of the decks), so one tab at a time owns it: the one
// holding the lock (platform/instance.ts). Another tab does not open the database at all; it says that Retain is open
// elsewhere and offers to move it here: the owner is asked to let go, stores its last ratings, closes the database
// and releases the lock, which the asking tab then takes. Without the lock API the app runs as it always did.
import type { InstancePlatform, Release } from '../platform/instance';

export type InstanceStatus =
  /** Finding out whether another tab owns the collection. */
  | 'starting'
  /** This tab owns the collection. */
  | 'owner'
  /** Another tab owned it when this one started. */
  | 'elsewhere'
  /** Asked the owner to let go; waiting for it. */
  | 'taking'
  /** Another tab asked for the collection: saving the last ratings, then letting go. */
  | 'releasing'
  /** This tab let go of the collection to another. */
  | 'moved'
  /** Another tab opened a newer version of the collection: this tab's database is closed; only a reload helps. */
  | 'upgraded';

export interface InstanceHooks {
  /** Opens the collection: this tab owns it now (at start, or again after it moved away and back). */
  open(): Promise<void>;
  /**
   * Lets go of the collection: waits for its pending writes and closes the database. Resolves with a sentence for the
   * person (what letting go interrupted, such as an import), or null.
   */
  release(): Promise<string | null>;
}

export class InstanceState {
  status = $state<InstanceStatus>('starting');
  /** What letting go interrupted, said on the "moved" screen. */
  note = $state<string | null>(null);

  private platform: InstancePlatform | null;
  private hooks: InstanceHooks | null = null;
  private release: Release | null = null;
  private taking: AbortController | null = null;
  private unsubscribe: () => void = () => {};

  constructor(platform: InstancePlatform | null) {
    this.platform = platform;
  }

  /** Takes the collection if no other tab has it (then `hooks.open` runs), else shows that it is open elsewhere. */
  async start(hooks: InstanceHooks): Promise<void> {
    this.hooks = hooks;
    const platform = this.platform;
    if (platform) {
      try {
        this.unsubscribe = platform.onMessage(() => void this.onTake());
        const release = await platform.tryLock();
        if (!release) {
          this.status = 'elsewhere';
          return;
        }
        this.release = release;
      } catch {
        // The lock is refused in this context (an opaque origin): work as a single tab always did.
        this.unsubscribe();
        this.platform = null;
      }
    }
    await this.own();
  }

  /** "Use Retain here": asks the owning tab to let go, waits for the lock, and opens the collection here. */
  async useHere(): Promise<void> {
    const platform = this.platform;
    if (!platform || (this.status !== 'elsewhere' && this.status !== 'moved')) return;
    this.status = 'taking';
    this.note = null;
    const taking = new AbortController();
    this.taking = taking;
    platform.post({ type: 'take' });
    let release: Release;
    try {
      release = await platform.lock(taking.signal);
    } catch {
      // Another tab asked after this one (the last to ask wins), or this tab was upgraded away meanwhile.
      if (this.status === 'taking') this.status = 'elsewhere';
      return;
    } finally {
      if (this.taking === taking) this.taking = null;
    }
    if (taking.signal.aborted) {
      // Granted just as another tab asked for it: that tab waits for the lock, so hand it on.
      release();
      if (this.status === 'taking') this.status = 'elsewhere';
      return;
    }
    this.release = release;
    await this.own();
  }

  /** Another tab opened a newer version of the collection; this tab's database is closed for good. */
  upgraded(): void {
    this.status = 'upgraded';
    this.taking?.abort();
    // The lock is of no use to this tab any more: a tab with the new version may have it.
    this.letGoOfLock();
    this.unsubscribe();
  }

  /** Lets go of the lock and stops listening (a test's clean-up; the page's end does the same by itself). */
  stop(): void {
    this.taking?.abort();
    this.letGoOfLock();
    this.unsubscribe();
  }

  private async own(): Promise<void> {
    this.status = 'owner';
    this.note = null;
    await this.hooks?.open();
  }

  private letGoOfLock(): void {
    const release = this.release;
    this.release = null;
    release?.();
  }

  /** Another tab pressed "Use Retain here". */
  private async onTake(): Promise<void> {
    if (this.status === 'taking') {
      // It asked after this tab did: it wins, this one steps back.
      this.taking?.abort();
      return;
    }
    if (this.status !== 'owner') return;
    this.status = 'releasing';
    let note: string | null = null;
    try {
      note = (await this.hooks?.release()) ?? null;
    } catch {
      // Letting go must not fail: the other tab waits for the lock. What could not be stored was reported already.
    } finally {
      this.letGoOfLock();
    }
    if (this.status === 'releasing') {
      this.note = note;
      this.status = 'moved';
    }
  }
}
