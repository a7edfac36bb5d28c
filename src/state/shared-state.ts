/**
 * What the handlers need from state that several replicas must share. Each has an in-process
 * implementation (one replica) and a Redis one (any number of replicas on one Redis).
 */

/**
 * "Handled already" keys (delivery ids, run attempts). A claim in progress carries its owner (the
 * delivery being handled), so a retry of that delivery, after a crash or a transient error, can
 * claim its keys again while any other delivery for the same run is turned away. Once the work
 * is done the keys are marked so, and nobody, the same delivery included, claims them again.
 */
export interface ClaimStore {
  /** Claims every key for `owner`, all or none; false when another owner holds one, or it is done. */
  claim(keys: string[], owner: string): Promise<boolean>;
  /** Marks `owner`'s keys done (kept until they expire). */
  complete(keys: string[], owner: string): Promise<void>;
  /** Releases the keys `owner` holds (a failed attempt), so a redelivery can try again. */
  release(keys: string[], owner: string): Promise<void>;
}

/** Serialises work per key (one pull request's comment) across everything that shares it. */
export interface PrLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}
