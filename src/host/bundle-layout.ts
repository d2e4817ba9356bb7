/**
 * Which files a bundle directory holds, so that Kiln can tell a bundle it may replace from a
 * user's directory it must never touch. A directory is provably a bundle when its manifest.json
 * parses as a kiln manifest (the format marker) and every entry in it is a file a bundle has:
 * anything else (a notes.txt, a symlink, an extra folder) makes it the user's.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_FORMAT, type Manifest, parseManifest } from '../../runtime/format/manifest.js';

/** Files every bundle has besides those its manifest names (model, weights, runners, kernels). */
export const BUNDLE_FIXED_FILES = [
  'manifest.json',
  'spec.json',
  'model.ir',
  'source/model.ts',
  'source/wgsl.d.ts',
] as const;

/**
 * What any bundle file is named like, this format's and older ones' (runner.mjs,
 * source/kernels/); a temporary bundle is swept, and an older Kiln's bundle replaced, only if
 * it holds just these.
 */
const BUNDLE_FILE_SHAPE =
  /^(?:[\w.-]+\.(?:json|ir|mjs|js|d\.ts|d\.mts|html|safetensors)|source\/[\w.-]+\.ts|source\/(?:\w+\/)?kernels\/[\w.-]+\.wgsl|source\/\w+\/runner\.ts)$/;
const BUNDLE_DIR_SHAPE = /^source(?:\/\w+(?:\/kernels)?)?$/;

export function bundleFilesOf(m: Manifest): ReadonlySet<string> {
  return new Set<string>([
    ...BUNDLE_FIXED_FILES,
    m.model,
    m.types,
    m.demo,
    m.weights,
    ...m.variants.flatMap((v) => [
      v.runner,
      ...v.kernels,
      ...(v.f16 ? [v.f16.runner, ...v.f16.kernels] : []),
    ]),
  ]);
}

/** An older Kiln's manifest: it says it is one (`kiln`, an earlier `format`), whatever else it holds. */
function isOlderManifest(text: string): boolean {
  try {
    const m = JSON.parse(text) as { kiln?: unknown; format?: unknown };
    return (
      typeof m.kiln === 'string' &&
      Number.isInteger(m.format) &&
      (m.format as number) >= 1 &&
      (m.format as number) < BUNDLE_FORMAT
    );
  } catch {
    return false;
  }
}

const dirsOf = (files: Iterable<string>) => {
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return dirs;
};

/**
 * The first entry under `dir` that `allowed` rejects, or null. Only allowed directories are
 * entered, so the walk is as long as a bundle is, whatever `dir` is (`--out /` included).
 * Symlinks and other special files are never allowed, never followed.
 */
async function firstStranger(
  dir: string,
  allowed: (rel: string, kind: 'file' | 'dir') => boolean,
  rel = '',
): Promise<{ rel: string; kind: 'file' | 'dir' | 'other' } | null> {
  for (const name of (await readdir(join(dir, rel))).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const s = await lstat(join(dir, r));
    const kind = s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
    if (kind === 'other' || !allowed(r, kind)) return { rel: r, kind };
    if (kind === 'dir') {
      const inner = await firstStranger(dir, allowed, r);
      if (inner) return inner;
    }
  }
  return null;
}

/**
 * Why `dir` may not be replaced as a kiln bundle, or null when it may: it is empty, or it is
 * provably a bundle. The reason reads after `--out <dir>: `.
 */
export async function whyNotABundle(dir: string): Promise<string | null> {
  if ((await readdir(dir)).length === 0) return null;
  let text: string;
  try {
    text = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch {
    return 'not a kiln bundle (no manifest.json)';
  }
  const r = parseManifest(text);
  if (!r.ok) {
    if (!isOlderManifest(text)) return 'not a kiln bundle (manifest.json is not a kiln manifest)';
    // A bundle an older Kiln wrote (another layout): replaceable if it holds only bundle files.
    return (await holdsOnlyBundleFiles(dir))
      ? null
      : 'not only a kiln bundle (it holds files an older kiln compile does not write)';
  }
  const files = bundleFilesOf(r.manifest);
  const dirs = dirsOf(files);
  const stranger = await firstStranger(dir, (rel, kind) =>
    kind === 'file' ? files.has(rel) : dirs.has(rel),
  );
  if (!stranger) return null;
  const what =
    stranger.kind === 'dir' ? 'directory' : stranger.kind === 'file' ? 'file' : 'special file';
  return `not only a kiln bundle (${stranger.rel} is not a ${what} kiln compile writes)`;
}

/** True when `dir` holds only regular files named as bundle files are (a left-over temporary). */
export async function holdsOnlyBundleFiles(dir: string): Promise<boolean> {
  const stranger = await firstStranger(dir, (rel, kind) =>
    kind === 'file' ? BUNDLE_FILE_SHAPE.test(rel) : BUNDLE_DIR_SHAPE.test(rel),
  );
  return stranger === null;
}
