// One tab at a time owns the collection (see state/instance.svelte.ts). This module is the web platform's side of it:
// a Web Lock held for as long as the tab owns the collection, and a BroadcastChannel on which a tab asks the owner to
// let go. Where either API is missing there is no platform, and the app works as it did before (one tab or many).

/** The messages tabs send each other. */
export type InstanceMessage = { type: 'take' };

/** Lets go of a held lock. */
export type Release = () => void;

export interface InstancePlatform {
  /** Takes the lock if no other tab holds it; null when one does. */
  tryLock(): Promise<Release | null>;
  /** Waits for the lock; rejects when `signal` is aborted first. */
  lock(signal: AbortSignal): Promise<Release>;
  post(message: InstanceMessage): void;
  onMessage(listener: (message: InstanceMessage) => void): () => void;
}

export const LOCK_NAME = 'retain-collection';
const CHANNEL_NAME = 'retain-instance';

/** The lock and channel of this browser, or null where it lacks either API. */
export function webInstancePlatform(): InstancePlatform | null {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks || typeof locks.request !== 'function' || typeof BroadcastChannel !== 'function') return null;
  const channel = new BroadcastChannel(CHANNEL_NAME);

  /** Requests the lock; resolves with its release once granted (or null when `ifAvailable` found it taken). */
  const request = (options: LockOptions): Promise<Release | null> =>
    new Promise((resolve, reject) => {
      locks
        .request(LOCK_NAME, options, (lock) => {
          if (!lock) {
            resolve(null);
            return undefined;
          }
          // The lock is held until this promise settles: for the tab's life, or until it lets go.
          return new Promise<void>((release) => resolve(() => release()));
        })
        // Before the grant: aborted or refused (an opaque origin). After it, a release settles the promise: no-op.
        .catch(reject);
    });

  return {
    tryLock: () => request({ ifAvailable: true }),
    lock: async (signal) => (await request({ signal }))!,
    post: (message) => channel.postMessage(message),
    onMessage: (listener) => {
      const handler = (event: MessageEvent<InstanceMessage>) => {
        if (event.data && event.data.type === 'take') listener(event.data);
      };
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
  };
}
