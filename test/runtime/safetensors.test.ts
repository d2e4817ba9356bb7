import { describe, it, expect } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KilnError } from '../../runtime/errors.js';
import {
  checkTensors,
  parseSafetensors,
  serializeSafetensors,
  toFloat32,
  type Dtype,
  type TensorEntry,
} from '../../runtime/format/safetensors.js';
import { readSafetensorsFile, writeSafetensorsFile } from '../../src/host/safetensors-file.js';

const SRC = 'w.safetensors';

/** A file from a raw header (string or object) and raw data bytes; header padded like real writers do. */
function build(
  header: unknown,
  data: ArrayLike<number> = [],
  opts: { pad?: boolean } = {},
): Uint8Array {
  const json = new TextEncoder().encode(
    typeof header === 'string' ? header : JSON.stringify(header),
  );
  const len = opts.pad === false ? json.length : Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + len + data.length).fill(0x20, 8, 8 + len);
  new DataView(out.buffer).setBigUint64(0, BigInt(len), true);
  out.set(json, 8);
  out.set(data, 8 + len);
  return out;
}

function withLength(length: bigint, rest: ArrayLike<number> = []): Uint8Array {
  const out = new Uint8Array(8 + rest.length);
  new DataView(out.buffer).setBigUint64(0, length, true);
  out.set(rest, 8);
  return out;
}

function u16le(values: number[]): number[] {
  return values.flatMap((v) => [v & 0xff, v >> 8]);
}

function f64le(values: number[]): number[] {
  const b = new Uint8Array(values.length * 8);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setFloat64(i * 8, x, true));
  return [...b];
}

function f32le(values: number[]): number[] {
  return [...new Uint8Array(new Float32Array(values).buffer)];
}

function catchError(f: () => unknown): KilnError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KilnError);
    return e as KilnError;
  }
  throw new Error('expected a KilnError, nothing was thrown');
}

function single(dtype: Dtype, shape: number[], data: number[]): TensorEntry {
  const file = parseSafetensors(
    build({ t: { dtype, shape, data_offsets: [0, data.length] } }, data),
    SRC,
  );
  return file.tensors.get('t')!;
}

describe('serialize / parse round trip', () => {
  const tensors = [
    {
      name: 'conv.weight',
      shape: [2, 1, 1, 3],
      data: new Float32Array([1, -2, 3.5, 0.1, -0, 1e-40]),
    },
    { name: 'scale', shape: [], data: new Float32Array([7]) },
    { name: 'empty', shape: [0, 4], data: new Float32Array([]) },
    { name: '10', shape: [2], data: new Float32Array([Infinity, -Infinity]) },
    { name: 'b', shape: [1], data: new Float32Array([NaN]) },
  ];
  const metadata = { format: 'pt', 'kiln.version': '0.1.0', ünïcode: 'λ' };

  it('parses back every tensor, in the written order, with the metadata', () => {
    const file = parseSafetensors(serializeSafetensors(tensors, metadata), SRC);
    expect(file.metadata).toEqual(metadata);
    expect([...file.tensors.keys()]).toEqual(['conv.weight', 'scale', 'empty', '10', 'b']);
    for (const t of tensors) {
      const entry = file.tensors.get(t.name)!;
      expect(entry.dtype).toBe('F32');
      expect(entry.shape).toEqual(t.shape);
      expect(toFloat32(entry, SRC)).toEqual(t.data);
    }
    expect(Object.is(toFloat32(file.tensors.get('conv.weight')!, SRC)[4], -0)).toBe(true);
  });

  it('writes deterministic bytes with the documented header layout', () => {
    const a = serializeSafetensors(tensors, metadata);
    expect(serializeSafetensors(tensors, metadata)).toEqual(a);
    const file = parseSafetensors(a, SRC);
    const again = serializeSafetensors(
      [...file.tensors.values()].map((t) => ({
        name: t.name,
        shape: t.shape,
        data: toFloat32(t, SRC),
      })),
      { ...file.metadata },
    );
    expect(again).toEqual(a);

    const small = serializeSafetensors(
      [{ name: 'x', shape: [2], data: new Float32Array([1, 2]) }],
      { k: 'v' },
    );
    const headerLength = Number(new DataView(small.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const header = new TextDecoder().decode(small.subarray(8, 8 + headerLength));
    const json = '{"__metadata__":{"k":"v"},"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    expect(header).toBe(json.padEnd(headerLength, ' '));
    expect([...small.subarray(8 + headerLength)]).toEqual(f32le([1, 2]));
    expect(small.length).toBe(8 + headerLength + 8);
  });

  it('omits __metadata__ when none is given and handles zero tensors', () => {
    const bytes = serializeSafetensors([]);
    expect(new TextDecoder().decode(bytes.subarray(8))).toBe('{}      ');
    const file = parseSafetensors(bytes, SRC);
    expect(file.tensors.size).toBe(0);
    expect(file.metadata).toEqual({});
  });

  it('rejects caller bugs with plain Errors', () => {
    expect(() =>
      serializeSafetensors([{ name: 'x', shape: [3], data: new Float32Array(2) }]),
    ).toThrow(/has 2 values/);
    const x = { name: 'x', shape: [1], data: new Float32Array(1) };
    expect(() => serializeSafetensors([x, x])).toThrow(/duplicate/);
  });
});

describe('toFloat32', () => {
  it('converts F16 exactly: normals, subnormals, infinities, NaN, signed zero', () => {
    const halves = [
      0x0000, 0x8000, 0x3c00, 0xc000, 0x7bff, 0x0001, 0x8001, 0x03ff, 0x0400, 0x3555, 0x7c00,
      0xfc00, 0x7e00,
    ];
    const out = toFloat32(single('F16', [halves.length], u16le(halves)), SRC);
    expect(Object.is(out[0], 0)).toBe(true);
    expect(Object.is(out[1], -0)).toBe(true);
    expect([...out.subarray(2, 12)]).toEqual([
      1,
      -2,
      65504,
      2 ** -24,
      -(2 ** -24),
      1023 * 2 ** -24,
      2 ** -14,
      0.333251953125,
      Infinity,
      -Infinity,
    ]);
    expect(out[12]).toBeNaN();
  });

  it('converts every one of the 65536 F16 bit patterns like the IEEE formula', () => {
    const all = Array.from({ length: 65536 }, (_, i) => i);
    const out = toFloat32(single('F16', [65536], u16le(all)), SRC);
    for (const h of all) {
      const sign = h & 0x8000 ? -1 : 1;
      const e = (h >> 10) & 0x1f;
      const m = h & 0x3ff;
      const want =
        e === 0x1f
          ? m
            ? NaN
            : sign * Infinity
          : e === 0
            ? sign * m * 2 ** -24
            : sign * (1 + m / 1024) * 2 ** (e - 15);
      if (!Object.is(out[h], want))
        expect.fail(`F16 0x${h.toString(16)}: got ${out[h]}, want ${want}`);
    }
  });

  it('converts BF16 exactly', () => {
    const values = [0x3f80, 0x4049, 0x8000, 0x0001, 0x7f80, 0xff80, 0x7fc0];
    const out = toFloat32(single('BF16', [values.length], u16le(values)), SRC);
    expect([...out.subarray(0, 6)]).toEqual([1, 3.140625, -0, 2 ** -133, Infinity, -Infinity]);
    expect(Object.is(out[2], -0)).toBe(true);
    expect(out[6]).toBeNaN();
  });

  it('rounds F64 to the nearest F32 (ties to even), overflowing to infinity', () => {
    const values = [1 / 3, 1 + 2 ** -24, 1 + 3 * 2 ** -24, 2 ** -149, 1e300, -1e300, -0, NaN];
    const out = toFloat32(single('F64', [values.length], f64le(values)), SRC);
    expect([...out.subarray(0, 7)]).toEqual([
      Math.fround(1 / 3),
      1,
      1 + 2 ** -22,
      2 ** -149,
      Infinity,
      -Infinity,
      -0,
    ]);
    expect(Object.is(out[6], -0)).toBe(true);
    expect(out[7]).toBeNaN();
  });

  it('returns an aligned F32 tensor as a view of the file buffer', () => {
    const bytes = serializeSafetensors([
      { name: 'x', shape: [3], data: new Float32Array([1, 2, 3]) },
    ]);
    const entry = parseSafetensors(bytes, SRC).tensors.get('x')!;
    const out = toFloat32(entry, SRC);
    expect(out.buffer).toBe(bytes.buffer);
    expect([...out]).toEqual([1, 2, 3]);
  });

  it('copies an F32 tensor whose data_offsets are not a multiple of 4', () => {
    const data = [...u16le([0x3c00]), ...f32le([1.5, -2.25]), ...u16le([0x4000])];
    const header = {
      h: { dtype: 'F16', shape: [1], data_offsets: [0, 2] },
      f: { dtype: 'F32', shape: [2], data_offsets: [2, 10] },
      g: { dtype: 'F16', shape: [1], data_offsets: [10, 12] },
    };
    const file = parseSafetensors(build(header, data), SRC);
    const f = file.tensors.get('f')!;
    expect(f.bytes.byteOffset % 4).not.toBe(0);
    expect([...toFloat32(f, SRC)]).toEqual([1.5, -2.25]);
    expect([...toFloat32(file.tensors.get('g')!, SRC)]).toEqual([2]);
  });

  it('copies when the file buffer itself starts at an odd offset', () => {
    const bytes = serializeSafetensors([{ name: 'x', shape: [2], data: new Float32Array([4, 5]) }]);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const entry = parseSafetensors(shifted.subarray(1), SRC).tensors.get('x')!;
    expect([...toFloat32(entry, SRC)]).toEqual([4, 5]);
  });

  it('rejects integer and bool dtypes', () => {
    const err = catchError(() => toFloat32(single('I64', [1], [1, 0, 0, 0, 0, 0, 0, 0]), SRC));
    expect(err.code).toBe('SAFETENSORS_INVALID');
    expect(err.lines).toEqual([
      `${SRC}: tensor 't': dtype I64 is not supported (expected a float type: F32, F16, BF16 or F64)`,
    ]);
  });
});

describe('header validation', () => {
  const f32 = (shape: number[], data_offsets: unknown): unknown => ({
    dtype: 'F32',
    shape,
    data_offsets,
  });
  const cases: [string, Uint8Array, string][] = [
    [
      'file shorter than 8 bytes',
      new Uint8Array(5),
      'file is 5 bytes, too short for the 8-byte header length',
    ],
    ['header length 0', withLength(0n, [1, 2, 3]), 'header length is 0'],
    [
      'header length over 100 MB',
      withLength(100_000_001n),
      'header length 100000001 exceeds the limit of 100000000 bytes',
    ],
    [
      'header length near 2^64',
      withLength(2n ** 64n - 1n),
      'header length 18446744073709551615 exceeds the limit of 100000000 bytes',
    ],
    [
      'header larger than the file',
      withLength(20n, [0x7b, 0x7d]),
      'header length 20 is larger than the 2 bytes after the length prefix',
    ],
    ['header not UTF-8', withLength(3n, [0x7b, 0xff, 0x7d]), 'header is not valid UTF-8 JSON'],
    ['header not JSON', build('{"a": '), 'header is not valid UTF-8 JSON'],
    ['header with a BOM', build('\ufeff{}'), 'header is not valid UTF-8 JSON'],
    ['header an array', build('[]'), 'header is not a JSON object'],
    ['header null', build('null'), 'header is not a JSON object'],
    [
      '__metadata__ an array',
      build({ __metadata__: ['a'] }),
      '__metadata__ is not an object of string values',
    ],
    [
      '__metadata__ a string',
      build({ __metadata__: 'a' }),
      '__metadata__ is not an object of string values',
    ],
    [
      '__metadata__ value a number',
      build({ __metadata__: { a: 'x', n: 1 } }),
      "__metadata__ value for 'n' is not a string",
    ],
    [
      'entry not an object',
      build({ w: 5 }),
      "tensor 'w': entry is not an object with exactly the keys dtype, shape, data_offsets",
    ],
    [
      'entry an array',
      build({ w: [] }),
      "tensor 'w': entry is not an object with exactly the keys dtype, shape, data_offsets",
    ],
    [
      'entry missing a key',
      build({ w: { dtype: 'F32', shape: [] } }),
      "tensor 'w': entry is not an object with exactly the keys dtype, shape, data_offsets",
    ],
    [
      'entry with an extra key',
      build({ w: { ...(f32([], [0, 4]) as object), extra: 1 } }, [0, 0, 0, 0]),
      "tensor 'w': entry is not an object with exactly the keys dtype, shape, data_offsets",
    ],
    [
      'unknown dtype',
      build({ w: { dtype: 'F8', shape: [], data_offsets: [0, 1] } }, [0]),
      'tensor \'w\': unknown dtype "F8"',
    ],
    [
      'dtype not a string',
      build({ w: { dtype: 4, shape: [], data_offsets: [0, 4] } }, [0, 0, 0, 0]),
      "tensor 'w': unknown dtype 4",
    ],
    [
      'inherited name as dtype',
      build({ w: { dtype: 'toString', shape: [], data_offsets: [0, 4] } }, [0, 0, 0, 0]),
      'tensor \'w\': unknown dtype "toString"',
    ],
    [
      'shape not an array',
      build({ w: f32(2 as never, [0, 8]) }),
      "tensor 'w': shape 2 is not an array of non-negative integers",
    ],
    [
      'shape negative',
      build({ w: f32([2, -1], [0, 8]) }),
      "tensor 'w': shape [2,-1] is not an array of non-negative integers",
    ],
    [
      'shape fractional',
      build({ w: f32([1.5], [0, 8]) }),
      "tensor 'w': shape [1.5] is not an array of non-negative integers",
    ],
    [
      'data_offsets one number',
      build({ w: f32([1], [4]) }),
      "tensor 'w': data_offsets [4] are not two non-negative integers [begin, end] with begin <= end",
    ],
    [
      'data_offsets begin > end',
      build({ w: f32([1], [8, 4]) }),
      "tensor 'w': data_offsets [8,4] are not two non-negative integers [begin, end] with begin <= end",
    ],
    [
      'data_offsets negative',
      build({ w: f32([1], [-4, 0]) }),
      "tensor 'w': data_offsets [-4,0] are not two non-negative integers [begin, end] with begin <= end",
    ],
    [
      'data_offsets not integers',
      build({ w: f32([1], ['0', '4']) }),
      'tensor \'w\': data_offsets ["0","4"] are not two non-negative integers [begin, end] with begin <= end',
    ],
    [
      'byte size mismatch',
      build({ 'conv.weight': f32([2, 3], [0, 12]) }, new Uint8Array(12)),
      "tensor 'conv.weight': data_offsets [0, 12] hold 12 bytes but F32 [2,3] needs 24",
    ],
    [
      'byte size beyond 2^53',
      build({ w: f32([2 ** 40, 2 ** 40], [0, 0]) }),
      "tensor 'w': data_offsets [0, 0] hold 0 bytes but F32 [1099511627776,1099511627776] needs 4835703278458516698824704",
    ],
    [
      'offsets past the end',
      build({ a: f32([1], [0, 4]), b: f32([2], [4, 12]) }, new Uint8Array(8)),
      "tensor 'b': data_offsets [4, 12] run past the end of the data section (8 bytes)",
    ],
    [
      'overlapping tensors',
      build({ a: f32([2], [0, 8]), b: f32([2], [4, 12]) }, new Uint8Array(12)),
      "tensors 'a' and 'b' overlap: data_offsets [0, 8] and [4, 12]",
    ],
    [
      'empty tensor inside another',
      build({ a: f32([2], [0, 8]), b: f32([0], [4, 4]) }, new Uint8Array(8)),
      "tensors 'a' and 'b' overlap: data_offsets [0, 8] and [4, 4]",
    ],
    [
      'hole between tensors',
      build({ a: f32([1], [0, 4]), b: f32([1], [8, 12]) }, new Uint8Array(12)),
      "data section bytes [4, 8) before tensor 'b' belong to no tensor (tensors must be contiguous)",
    ],
    [
      'hole at the start',
      build({ a: f32([1], [4, 8]) }, new Uint8Array(8)),
      "data section bytes [0, 4) before tensor 'a' belong to no tensor (tensors must be contiguous)",
    ],
    [
      'trailing bytes',
      build({ a: f32([1], [0, 4]) }, new Uint8Array(6)),
      'data section bytes [4, 6) at the end belong to no tensor (tensors must be contiguous)',
    ],
    [
      'trailing bytes with no tensors',
      build({}, [1]),
      'data section bytes [0, 1) at the end belong to no tensor (tensors must be contiguous)',
    ],
  ];
  it.each(cases)('%s', (_label, bytes, line) => {
    expect(() => parseSafetensors(bytes, SRC)).toThrow(`${SRC}: ${line}`);
    const err = catchError(() => parseSafetensors(bytes, SRC));
    expect(err.code).toBe('SAFETENSORS_INVALID');
    expect(err.lines).toEqual([`${SRC}: ${line}`]);
  });

  it('accepts an unpadded header, empty tensors at boundaries, and any tensor order in the header', () => {
    const header = {
      z: f32([0], [4, 4]),
      b: f32([1], [4, 8]),
      a: f32([1], [0, 4]),
      __metadata__: { k: 'v' },
    };
    const file = parseSafetensors(build(header, f32le([1, 2]), { pad: false }), SRC);
    expect([...file.tensors.keys()]).toEqual(['a', 'z', 'b']);
    expect(file.metadata).toEqual({ k: 'v' });
    expect([...toFloat32(file.tensors.get('b')!, SRC)]).toEqual([2]);
  });
});

describe('checkTensors', () => {
  const fileWith = (header: Record<string, unknown>, size: number) =>
    parseSafetensors(build(header, new Uint8Array(size)), SRC);

  it('reports every problem at once, expected order first, then unexpected in file order', () => {
    const file = fileWith(
      {
        __metadata__: { format: 'pt' },
        y: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        'enc.0.weight': { dtype: 'F32', shape: [32, 32, 1, 1], data_offsets: [8, 4104] },
        x: { dtype: 'F16', shape: [4, 4], data_offsets: [4104, 4136] },
        ids: { dtype: 'I64', shape: [4], data_offsets: [4136, 4168] },
        mask: { dtype: 'BOOL', shape: [3], data_offsets: [4168, 4171] },
        scale: { dtype: 'F32', shape: [], data_offsets: [4171, 4175] },
      },
      4175,
    );
    const expected = [
      { name: 'enc.0.weight', shape: [32, 32, 3, 3] },
      { name: 'enc.0.bias', shape: [32] },
      { name: 'ids', shape: [4] },
      { name: 'mask', shape: [2] },
      { name: 'scale', shape: [] },
      { name: 'gain', shape: [] },
    ];
    const err = catchError(() => checkTensors(file, expected, SRC, 'WEIGHTS_INVALID'));
    expect(err.code).toBe('WEIGHTS_INVALID');
    expect(err.lines).toEqual([
      `${SRC}: 8 problem(s) with tensors`,
      'enc.0.weight: expected [32,32,3,3], got [32,32,1,1]',
      'enc.0.bias: missing (expected [32])',
      'ids: dtype I64 is not supported (expected a float type: F32, F16, BF16 or F64)',
      'mask: expected [2], got [3]',
      'mask: dtype BOOL is not supported (expected a float type: F32, F16, BF16 or F64)',
      'gain: missing (expected [])',
      'y: unexpected tensor (shape [2])',
      'x: unexpected tensor (shape [4,4])',
    ]);
  });

  it('uses the caller’s code and returns F32 data in expected order when all is well', () => {
    const file = parseSafetensors(
      build(
        {
          __metadata__: { format: 'pt' },
          h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
          s: { dtype: 'F32', shape: [], data_offsets: [4, 8] },
        },
        [...u16le([0x3c00, 0xc000]), ...f32le([3])],
      ),
      SRC,
    );
    const data = checkTensors(
      file,
      [
        { name: 's', shape: [] },
        { name: 'h', shape: [2] },
      ],
      SRC,
      'INPUT_INVALID',
    );
    expect([...data.keys()]).toEqual(['s', 'h']);
    expect([...data.get('h')!]).toEqual([1, -2]);
    expect([...data.get('s')!]).toEqual([3]);
    const err = catchError(() =>
      checkTensors(file, [{ name: 's', shape: [1] }], 'in.safetensors', 'INPUT_INVALID'),
    );
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.lines).toEqual([
      'in.safetensors: 2 problem(s) with tensors',
      's: expected [1], got []',
      'h: unexpected tensor (shape [2])',
    ]);
  });
});

describe('files', () => {
  async function withDir<T>(f: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'kiln-safetensors-'));
    try {
      return await f(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('reports a missing file as FILE_NOT_FOUND, with the label or the path', async () => {
    await withDir(async (dir) => {
      const path = join(dir, 'nope.safetensors');
      await expect(readSafetensorsFile(path, '--weights')).rejects.toThrow(
        `--weights: no such file: ${path}`,
      );
      const err = await readSafetensorsFile(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KilnError);
      expect((err as KilnError).code).toBe('FILE_NOT_FOUND');
      expect((err as KilnError).lines).toEqual([`${path}: no such file: ${path}`]);
    });
  });

  it('labels parse errors with the label', async () => {
    await withDir(async (dir) => {
      const path = join(dir, 'bad.safetensors');
      await writeFile(path, new Uint8Array(3));
      await expect(readSafetensorsFile(path, 'weights')).rejects.toThrow(
        'weights: file is 3 bytes, too short for the 8-byte header length',
      );
    });
  });

  it('writes tensor by tensor exactly the bytes serializeSafetensors builds (views, empty tensors)', async () => {
    await withDir(async (dir) => {
      const path = join(dir, 'many.safetensors');
      const backing = new Float32Array([9, 1.5, -2, 3e-8, 7, 9]);
      const tensors = [
        { name: 'a.weight', shape: [2, 2], data: backing.subarray(1, 5) },
        { name: 'empty', shape: [0, 3], data: new Float32Array(0) },
        { name: '10', shape: [3], data: new Float32Array([4, 5, 6]) },
      ];
      await writeSafetensorsFile(path, tensors, { producer: 'test' });
      expect(new Uint8Array(await readFile(path))).toEqual(
        serializeSafetensors(tensors, { producer: 'test' }),
      );
    });
  });

  it('writes atomically: the file round-trips, overwrites, and no temp file is left behind', async () => {
    await withDir(async (dir) => {
      const path = join(dir, 'out.safetensors');
      const tensors = [{ name: 'x', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }];
      await writeFile(path, 'old contents');
      await writeSafetensorsFile(path, tensors, { step: '1' });
      expect(await readdir(dir)).toEqual(['out.safetensors']);
      expect(new Uint8Array(await readFile(path))).toEqual(
        serializeSafetensors(tensors, { step: '1' }),
      );
      const file = await readSafetensorsFile(path);
      expect(file.metadata).toEqual({ step: '1' });
      expect([...toFloat32(file.tensors.get('x')!, path)]).toEqual([1, 2, 3, 4]);
    });
  });

  it('leaves nothing behind when the write fails', async () => {
    await withDir(async (dir) => {
      await expect(
        writeSafetensorsFile(join(dir, 'missing', 'out.safetensors'), []),
      ).rejects.toThrow(/missing\/out\.safetensors: cannot write: no such file or directory$/);
      // A directory in the way makes the rename fail after the temp file was written.
      await writeFile(join(dir, 'keep'), '');
      const blocked = join(dir, 'blocked.safetensors');
      await mkdir(join(blocked, 'child'), { recursive: true });
      await expect(writeSafetensorsFile(blocked, [])).rejects.toThrow();
      expect((await readdir(dir)).sort()).toEqual(['blocked.safetensors', 'keep']);
    });
  });
});
