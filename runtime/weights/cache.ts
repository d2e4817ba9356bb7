/**
 * The browser keeps the weights it downloaded: a bundle's own weights file is stored in the
 * Cache API under the sha256 its manifest.json gives, so the next page load streams them from
 * disk and fetches no weight bytes. The download is written to the cache as it streams to the
 * GPU (never held whole in memory); an entry is stored only when the whole file came through,
 * and replaces the entries of older weights from the same URL. Where there is no Cache API
 * (Node, an opaque origin) or no manifest to name the weights, this is a plain fetch.
 * Browser-safe.
 */
import { KilnError } from '../errors.js';
import { type ByteReader, responseReader, streamReader } from './reader.js';

/** The Cache API cache Kiln's weights live in: `caches.delete('kiln-weights')` clears them. */
export const WEIGHTS_CACHE = 'kiln-weights';

/** Every entry of the cache says which URL its bytes came from, to retire older versions. */
const SOURCE_HEADER = 'x-kiln-weights-source';

const cacheKey = (sha256: string) => `https://kiln-weights.invalid/${sha256}.safetensors`;

/** The weights' sha256 from the manifest.json beside them; undefined when there is none. */
async function manifestSha256(weights: URL): Promise<string | undefined> {
  try {
    const r = await fetch(new URL('manifest.json', weights), { cache: 'no-cache' });
    if (!r.ok) return undefined;
    const sha = ((await r.json()) as { weightsSha256?: unknown })?.weightsSha256;
    return typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

async function openCache(): Promise<Cache | undefined> {
  const storage = (globalThis as { caches?: CacheStorage }).caches;
  if (!storage) return undefined;
  try {
    return await storage.open(WEIGHTS_CACHE);
  } catch {
    return undefined; // e.g. an opaque origin, or storage the user blocked
  }
}

/** Drops the cached copies of older weights from the same URL. */
async function retireOthers(cache: Cache, source: string, keep: string): Promise<void> {
  for (const request of await cache.keys()) {
    if (request.url === keep) continue;
    const hit = await cache.match(request);
    if (hit?.headers.get(SOURCE_HEADER) === source) await cache.delete(request);
  }
}

/**
 * A reader of the bundle's weights at `url`: from the cache when it holds them, else from the
 * network, storing them on the way. Undefined when caching does not apply (the caller fetches).
 */
export async function cachedWeightsReader(url: URL): Promise<ByteReader | undefined> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const cache = await openCache();
  if (!cache) return undefined;
  const sha = await manifestSha256(url);
  if (!sha) return undefined;
  const key = cacheKey(sha);
  const hit = await cache.match(key).catch(() => undefined);
  if (hit?.body) return responseReader(hit, `${url.href} (cached)`);

  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new KilnError(
      'WEIGHTS_UNREACHABLE',
      `weights ${url.href}: cannot fetch (${(e as Error).message})`,
    );
  }
  if (!response.ok || !response.body) return responseReader(response, url.href); // its error
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const header = response.headers.get('content-length');
  const length = header !== null && !encoded && /^\d+$/.test(header) ? Number(header) : undefined;

  // The bytes go to the reader and, chunk by chunk, to the cache entry being written.
  let toCache!: ReadableStreamDefaultController<Uint8Array>;
  const copy = new ReadableStream<Uint8Array>({
    start: (c) => {
      toCache = c;
    },
  });
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    [SOURCE_HEADER]: url.href,
  };
  if (length !== undefined) headers['content-length'] = String(length);
  const stored = cache.put(key, new Response(copy, { headers })).then(
    () => retireOthers(cache, url.href, key).catch(() => undefined),
    () => undefined, // a download cut short stores nothing
  );
  let seen = 0;
  let ended = false;
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        seen += chunk.length;
        toCache.enqueue(chunk);
        out.enqueue(chunk);
      },
      flush() {
        ended = true;
      },
    }),
  );
  const inner = streamReader(body, url.href, length);
  return {
    ...inner,
    // Once every byte was read, load() returns only after the cache entry is written.
    async close() {
      const whole = ended || (length !== undefined && seen === length);
      try {
        if (whole) toCache.close();
        else toCache.error(new Error('the download was not finished'));
      } catch {
        // closed already: close() is safe to call twice
      }
      await inner.close();
      await stored;
    },
  };
}
