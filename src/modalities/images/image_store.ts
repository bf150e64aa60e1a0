/**
 * Generated images kept in memory for their URLs: bounded by count and total bytes (least
 * recently used goes first) and expiring a fixed time after creation, measured on the
 * injected clock.
 */
import type { Clock } from "../../util/clock.ts";
import type { Config } from "../../config/schema.ts";

export interface ImageStoreLimits {
  maxImages: number;
  maxBytes: number;
  retentionMs: number;
}

export interface StoredImage {
  bytes: Uint8Array;
  /** Clock ms (engine.clock.now()) after which the image is gone. */
  expiresAt: number;
}

/**
 * Where generated images are kept: an ImageStore, or in a worker isolate of a multi-worker server
 * the owner's store, reached by calls.
 */
export interface ImageBook {
  put(id: string, bytes: Uint8Array): unknown;
  get(id: string): StoredImage | undefined | Promise<StoredImage | undefined>;
}

/** The limits FAKEAI_IMAGE_STORE_MAX_IMAGES / _MAX_MB and FAKEAI_IMAGE_RETENTION_SECONDS set. */
export function imageStoreLimits(config: Config): ImageStoreLimits {
  return {
    maxImages: config.imageStoreMaxImages,
    maxBytes: config.imageStoreMaxMb * 1024 * 1024,
    retentionMs: config.imageRetentionSeconds * 1000,
  };
}

export class ImageStore implements ImageBook {
  /** Iteration order = least recently used first. */
  readonly #byUse = new Map<string, StoredImage>();
  /** Iteration order = creation order, which is also expiry order (retention is fixed). */
  readonly #byAge = new Map<string, number>();
  #bytes = 0;

  constructor(private readonly clock: Clock, private readonly limits: ImageStoreLimits) {}

  get count(): number {
    return this.#byUse.size;
  }

  get totalBytes(): number {
    return this.#bytes;
  }

  /** Stores an image; the newest one is kept even if it alone exceeds maxBytes. */
  put(id: string, bytes: Uint8Array): StoredImage {
    this.#sweep();
    this.#delete(id);
    const entry = { bytes, expiresAt: this.clock.now() + this.limits.retentionMs };
    this.#byUse.set(id, entry);
    this.#byAge.set(id, entry.expiresAt);
    this.#bytes += bytes.length;
    for (const oldest of this.#byUse.keys()) {
      const over = this.#byUse.size > this.limits.maxImages || this.#bytes > this.limits.maxBytes;
      if (!over || oldest === id) break;
      this.#delete(oldest);
    }
    return entry;
  }

  /** The image, or undefined when unknown, evicted or expired; a hit makes it most recent. */
  get(id: string): StoredImage | undefined {
    this.#sweep();
    const entry = this.#byUse.get(id);
    if (!entry) return undefined;
    this.#byUse.delete(id);
    this.#byUse.set(id, entry);
    return entry;
  }

  #sweep(): void {
    const now = this.clock.now();
    for (const [id, expiresAt] of this.#byAge) {
      if (expiresAt > now) break;
      this.#delete(id);
    }
  }

  #delete(id: string): void {
    const entry = this.#byUse.get(id);
    if (!entry) return;
    this.#byUse.delete(id);
    this.#byAge.delete(id);
    this.#bytes -= entry.bytes.length;
  }
}
