/**
 * Sequential byte readers over every kind of weights source, so a checkpoint streams to the GPU
 * tensor by tensor and never sits in memory twice: a file is read at offsets (Node), a Response
 * body chunk by chunk, and bytes already in memory are handed out as views.
 */
import type { WeightsSource } from '../api.js';
import { KilnError } from '../errors.js';
import { isNode } from '../gpu.js';

export interface ByteReader {
  /** Names the source in messages: a path or URL. */
  readonly label: string;
  /** Total bytes, when known up front. */
  readonly length: number | undefined;
  /** The next `n` bytes; fewer only when the source ends. */
  read(n: number): Promise<Uint8Array>;
  /** Releases the file or cancels the download; safe to call twice. */
  close(): Promise<void>;
}

const unreachable = (label: string, why: string) =>
  new KilnError('WEIGHTS_UNREACHABLE', `weights ${label}: ${why}`);

export function bytesReader(bytes: Uint8Array, label: string): ByteReader {
  let at = 0;
  return {
    label,
    length: bytes.length,
    read: async (n) => {
      const out = bytes.subarray(at, Math.min(bytes.length, at + n));
      at += out.length;
      return out;
    },
    close: async () => undefined,
  };
}

export function streamReader(
  body: ReadableStream<Uint8Array>,
  label: string,
  length: number | undefined,
): ByteReader {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let buffered = 0;
  let done = false;
  return {
    label,
    length,
    async read(n) {
      while (buffered < n && !done) {
        let r: ReadableStreamReadResult<Uint8Array>;
        try {
          r = await reader.read();
        } catch (e) {
          throw unreachable(label, `download failed: ${(e as Error).message}`);
        }
        if (r.done) done = true;
        else if (r.value.length > 0) {
          chunks.push(r.value);
          buffered += r.value.length;
        }
      }
      const take = Math.min(n, buffered);
      // One chunk that covers the request: a view, no copy.
      if (chunks.length > 0 && chunks[0]!.length >= take) {
        const out = chunks[0]!.subarray(0, take);
        if (chunks[0]!.length === take) chunks.shift();
        else chunks[0] = chunks[0]!.subarray(take);
        buffered -= take;
        return out;
      }
      const out = new Uint8Array(take);
      let filled = 0;
      while (filled < take) {
        const c = chunks[0]!;
        const k = Math.min(c.length, take - filled);
        out.set(c.subarray(0, k), filled);
        filled += k;
        if (k === c.length) chunks.shift();
        else chunks[0] = c.subarray(k);
      }
      buffered -= take;
      return out;
    },
    close: async () => {
      done = true;
      await reader.cancel().catch(() => undefined);
    },
  };
}

export function responseReader(response: Response, label: string): ByteReader {
  if (!response.ok)
    throw unreachable(
      label,
      `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
    );
  if (!response.body || response.bodyUsed)
    throw unreachable(label, 'the response has no body (or it was already read)');
  // Content-Length counts encoded bytes when the server compresses: then the length is unknown.
  const header = response.headers.get('content-length');
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const length = header !== null && !encoded && /^\d+$/.test(header) ? Number(header) : undefined;
  return streamReader(response.body, label, length);
}

async function fetchReader(url: URL): Promise<ByteReader> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw unreachable(url.href, `cannot fetch (${(e as Error).message})`);
  }
  return responseReader(response, url.href);
}

async function fileReader(path: string): Promise<ByteReader> {
  const fs = await import('node:fs/promises');
  let handle: Awaited<ReturnType<typeof fs.open>>;
  try {
    handle = await fs.open(path, 'r');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw unreachable(path, code === 'ENOENT' ? 'no such file' : `cannot open (${code ?? e})`);
  }
  const { size } = await handle.stat();
  let at = 0;
  let closed = false;
  return {
    label: path,
    length: size,
    async read(n) {
      const out = new Uint8Array(Math.max(0, Math.min(n, size - at)));
      let filled = 0;
      while (filled < out.length) {
        const { bytesRead } = await handle.read(out, filled, out.length - filled, at + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      at += filled;
      return out.subarray(0, filled);
    },
    close: async () => {
      if (!closed) {
        closed = true;
        await handle.close();
      }
    },
  };
}

const URL_SCHEME = /^(https?|file|data|blob):/i;

/** Opens any weights source for reading; an unreachable one is a WEIGHTS_UNREACHABLE error. */
export async function openWeights(source: WeightsSource): Promise<ByteReader> {
  if (source instanceof Uint8Array) return bytesReader(source, '(Uint8Array)');
  if (source instanceof ArrayBuffer) return bytesReader(new Uint8Array(source), '(ArrayBuffer)');
  if (typeof Response !== 'undefined' && source instanceof Response)
    return responseReader(source, source.url || '(Response)');
  if (typeof source !== 'string' && !(source instanceof URL))
    throw new KilnError(
      'OPTION_INVALID',
      `load: weights must be a path, URL, Response, ArrayBuffer or Uint8Array, got ${describe(source)}`,
    );
  if (typeof source === 'string' && isNode() && !URL_SCHEME.test(source)) return fileReader(source);
  let url: URL;
  try {
    const base = (globalThis as { document?: { baseURI: string } }).document?.baseURI;
    url = source instanceof URL ? source : new URL(String(source), base);
  } catch {
    throw new KilnError('OPTION_INVALID', `load: weights: ${describe(source)} is not a valid URL`);
  }
  if (url.protocol === 'file:' && isNode()) {
    const { fileURLToPath } = await import('node:url');
    return fileReader(fileURLToPath(url));
  }
  return fetchReader(url);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return `a ${(v as object).constructor?.name ?? 'object'}`;
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  return `${typeof v} ${String(v)}`;
}
