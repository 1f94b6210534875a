/**
 * A store whose follow-up markers are lost on their first write once `afterPost()` is true: a process killed
 * between posting a follow-up and recording it (everything before stays written, nothing after is).
 */
import type { KeyValueStore, RadarStore } from '../../src/store/ports.js';

export function dyingAfter(store: RadarStore, afterPost: () => boolean): { store: RadarStore; died: () => boolean } {
  let dead = false;
  const kv = store.namespace('follow-ups');
  const markers: KeyValueStore = {
    get: (key) => kv.get(key),
    delete: (key) => kv.delete(key),
    set: async (key, value, ttl) => {
      if (afterPost() && !dead) {
        dead = true;
        throw new Error('killed');
      }
      await kv.set(key, value, ttl);
    },
  };
  return { store: { ...store, namespace: (name) => (name === 'follow-ups' ? markers : store.namespace(name)) }, died: () => dead };
}

