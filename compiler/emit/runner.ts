/**
 * Program -> runner.ts, generated with ts-morph. The runner is meant to be read: named buffers,
 * one row per dispatch with the spec node it comes from, buffers made once in the constructor,
 * pipelines compiled once by `createPipelines` (createComputePipelineAsync, so compile cost and
 * failures surface in the runtime's `load`, not in the first forward), and the whole forward
 * pass encoded into one command buffer. It depends on nothing but the WebGPU API, so the same
 * file runs under Dawn in Node and under navigator.gpu in a browser; runtime/load.ts drives it,
 * and a bundle's model.mjs carries one runner per kernel variant.
 */
import {
  IndentationText,
  Project,
  Scope,
  type StatementStructures,
  StructureKind,
  VariableDeclarationKind,
  type WriterFunction,
} from 'ts-morph';
import { numel } from '../ir/ops.js';
import type { ParamMember, Program } from '../lower/kernel.js';
import { GENERATED_HEADER, quoted } from './text.js';

/**
 * The runner's identifiers never come from the spec: a name like `GPUBufferUsage`, `object` or
 * `INPUTS` would shadow a global or the runner's own exports. The class is always `Model`; the
 * name appears only as text (`quoted`).
 */
const CLASS_NAME = 'Model';

const bytes = (shape: readonly number[]) => Math.max(4, numel(shape) * 4);
/** A dims uniform, sized in whole 16-byte rows as uniform buffers are. */
const uniformBytes = (n: number) => Math.ceil((n * 4) / 16) * 16;

/** PACKING's outer and rows for a weight: how interleave4 sees it (0, 0: written as is). */
function interleaveArgs(m: ParamMember): string {
  if (!m.interleave) return '0, 0';
  const { axis } = m.interleave;
  return `${numel(m.shape.slice(0, axis))}, ${m.shape[axis]}`;
}

export function emitRunner(p: Program, kilnVersion: string): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces },
  });
  const sf = project.createSourceFile('runner.ts');
  // Collected, then added in one call: ts-morph re-parses the whole file after every addition,
  // which made a runner cost a second or more to emit in a fresh process.
  const statements: (StatementStructures | WriterFunction | string)[] = [];
  // In one batch ts-morph leaves out the blank lines it puts around a lone import block or type
  // alias; these keep the runner spaced as before.
  const blankLine: WriterFunction = (w) => w.blankLine();
  const inputs = p.buffers.filter((b) => b.kind === 'input');
  const outputs = p.buffers.filter((b) => b.kind === 'output');
  const groups = p.buffers.filter((b) => b.kind === 'params');
  const params = [
    ...new Map(groups.flatMap((g) => g.members ?? []).map((m) => [m.name, m] as const)).values(),
  ];
  const cls = CLASS_NAME;

  const kernelName = (i: number) => `k${String(i).padStart(2, '0')}`;
  p.kernels.forEach((k, i) =>
    statements.push({
      kind: StructureKind.ImportDeclaration,
      defaultImport: kernelName(i),
      moduleSpecifier: `./kernels/${k.file}`,
    }),
  );
  statements.push(blankLine);
  const q = (s: string) => JSON.stringify(s);

  const shapeMap =
    (bs: typeof inputs): WriterFunction =>
    (w) => {
      w.write(`{ ${bs.map((b) => `${q(b.name)}: [${b.shape.join(', ')}]`).join(', ')} } as const`);
    };
  const table =
    (rows: readonly string[]): WriterFunction =>
    (w) => {
      w.write('[').newLine();
      w.indent(() => {
        for (const r of rows) w.writeLine(r);
      });
      w.write(']');
    };
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Inputs the forward pass takes (f32, NCHW; `t` holds one timestep per batch item).'],
    declarations: [{ name: 'INPUTS', initializer: shapeMap(inputs) }],
  });
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Outputs the forward pass returns.'],
    declarations: [{ name: 'OUTPUTS', initializer: shapeMap(outputs) }],
  });
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["Weights, named as the reference model's state_dict(), with their shapes."],
    declarations: [
      {
        name: 'PARAMS',
        type: 'ReadonlyArray<{ readonly name: string; readonly shape: readonly number[] }>',
        initializer: table(
          params.map((b) => `{ name: ${q(b.name)}, shape: [${b.shape.join(', ')}] },`),
        ),
      },
    ],
  });
  // A temp lists the steps whose outputs it holds (memory-planned slots hold several, in turn).
  const holds = (id: string) => p.steps.flatMap((s, i) => (s.buffers.at(-1) === id ? [i] : []));
  statements.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: [
      "Every GPU buffer and its size in bytes: the inputs and outputs, one packed weights buffer per step that has weights, and the memory plan's slots for intermediates.",
    ],
    declarations: [
      {
        name: 'BUFFER_BYTES',
        initializer: (w) => {
          w.write('{').newLine();
          w.indent(() => {
            for (const b of p.buffers)
              w.writeLine(
                b.kind === 'dims'
                  ? `${q(b.id)}: ${uniformBytes(b.data!.length)}, // dims uniform (u32 x ${b.data!.length})`
                  : `${q(b.id)}: ${bytes(b.shape)}, // ${b.kind} [${b.shape.join(',')}]${b.kind === 'temp' ? `, output of steps ${holds(b.id).join(', ')}` : ''}`,
              );
          });
          w.write('} as const');
        },
      },
    ],
  });
  statements.push(
    blankLine,
    {
      kind: StructureKind.TypeAlias,
      name: 'BufferName',
      type: 'keyof typeof BUFFER_BYTES',
    },
    blankLine,
  );
  const dims = p.buffers.filter((b) => b.kind === 'dims');
  if (dims.length > 0)
    statements.push({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: [
        'The shapes that shape-generic kernels read from a uniform (u32, in the order of their `struct Dims`), written once.',
      ],
      declarations: [
        {
          name: 'DIMS',
          type: 'Partial<Record<BufferName, readonly number[]>>',
          initializer: (w) => {
            w.write('{').newLine();
            w.indent(() => {
              for (const b of dims) w.writeLine(`${q(b.id)}: [${b.data!.join(', ')}],`);
            });
            w.write('}');
          },
        },
      ],
    });
  const repacks = groups.some((g) => (g.members ?? []).some((m) => m.interleave));
  statements.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: [
      repacks
        ? "Where each weight goes: [params buffer, state_dict() name, offset in f32 elements, outer, rows]. A step's weights share one buffer. Rows > 0: the weight, seen as [outer][rows][cols], is repacked as vec4 over groups of 4 rows (see interleave4)."
        : "Where each weight goes: [params buffer, state_dict() name, offset in f32 elements]. A step's weights share one buffer.",
    ],
    declarations: [
      {
        name: 'PACKING',
        type: repacks
          ? 'ReadonlyArray<readonly [BufferName, string, number, number, number]>'
          : 'ReadonlyArray<readonly [BufferName, string, number]>',
        initializer: table(
          groups.flatMap((g) =>
            (g.members ?? []).map(
              (m) =>
                `[${q(g.id)}, ${q(m.name)}, ${m.offset}${repacks ? `, ${interleaveArgs(m)}` : ''}],`,
            ),
          ),
        ),
      },
    ],
  });
  if (repacks)
    statements.push({
      kind: StructureKind.Function,
      name: 'interleave4',
      docs: [
        'A weight [outer][rows][cols] as [outer][ceil(rows / 4)][cols][4]: groups of 4 rows made the innermost vec4, zero past the last row (the conv kernels: each kernel row padded to whole vec4s, one load per row).',
      ],
      parameters: [
        { name: 'data', type: 'Float32Array' },
        { name: 'outer', type: 'number' },
        { name: 'rows', type: 'number' },
      ],
      returnType: 'Float32Array',
      statements: [
        'const cols = data.length / (outer * rows);',
        'const groups = Math.ceil(rows / 4);',
        'const out = new Float32Array(outer * groups * 4 * cols);',
        'for (let o = 0; o < outer; o++)',
        '  for (let r = 0; r < rows; r++)',
        '    for (let c = 0; c < cols; c++)',
        '      out[((o * groups + (r >> 2)) * cols + c) * 4 + (r & 3)] = data[(o * rows + r) * cols + c] ?? 0;',
        'return out;',
      ],
    });
  statements.push({
    kind: StructureKind.Interface,
    name: 'Dispatch',
    docs: [
      'One compute dispatch: its kernel, the buffers it binds in order (the output last), its grid.',
    ],
    properties: [
      { name: 'file', isReadonly: true, type: 'string' },
      { name: 'code', isReadonly: true, type: 'string' },
      { name: 'buffers', isReadonly: true, type: 'readonly BufferName[]' },
      { name: 'workgroups', isReadonly: true, type: 'readonly [number, number, number]' },
    ],
  });
  statements.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The forward pass, in order; each comment names the spec node a dispatch computes.'],
    declarations: [
      {
        name: 'DISPATCHES',
        type: 'readonly Dispatch[]',
        initializer: table(
          p.steps.map((s, i) => {
            const k = p.kernels[s.kernel];
            if (!k) throw new Error(`step ${i}: no kernel ${s.kernel}`);
            return `{ file: ${q(k.file)}, code: ${kernelName(s.kernel)}, buffers: [${s.buffers.map(q).join(', ')}], workgroups: [${s.grid.join(', ')}] }, // ${i}: ${s.label}`;
          }),
        ),
      },
    ],
  });
  statements.push(blankLine, {
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: 'InputName',
    type: 'keyof typeof INPUTS',
  });
  statements.push({
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: 'OutputName',
    type: 'keyof typeof OUTPUTS',
  });

  statements.push({
    kind: StructureKind.Class,
    isExported: true,
    name: cls,
    docs: [
      `The ${quoted(p.name)} forward pass on one GPUDevice: construct it (the buffers), await createPipelines(), writeWeight() every weight, then call forward() as often as needed.`,
    ],
    properties: [
      { name: 'device', isReadonly: true, type: 'GPUDevice' },
      {
        name: 'buffers',
        scope: Scope.Private,
        isReadonly: true,
        type: 'Record<BufferName, GPUBuffer>',
      },
      {
        name: 'dispatches',
        scope: Scope.Private,
        type: 'ReadonlyArray<{ readonly pipeline: GPUComputePipeline; readonly bindGroup: GPUBindGroup; readonly workgroups: readonly [number, number, number] }>',
        initializer: '[]',
      },
      {
        name: 'readback',
        scope: Scope.Private,
        isReadonly: true,
        type: 'Record<OutputName, GPUBuffer>',
      },
      {
        name: 'staticDispatches',
        isStatic: true,
        isReadonly: true,
        initializer: String(p.steps.length),
      },
    ],
    ctors: [
      {
        parameters: [{ name: 'device', type: 'GPUDevice' }],
        statements: (w) => {
          w.writeLine('this.device = device;');
          w.writeLine(
            'const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;',
          );
          w.writeLine(
            'const buffer = (label: string, size: number, usage = storage) => device.createBuffer({ label, size, usage });',
          );
          w.writeLine('const names = Object.keys(BUFFER_BYTES) as BufferName[];');
          if (dims.length > 0) {
            w.writeLine(
              'const usage = (name: BufferName) => (DIMS[name] ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST : storage);',
            );
            w.writeLine(
              'this.buffers = Object.fromEntries(names.map((name) => [name, buffer(name, BUFFER_BYTES[name], usage(name))])) as Record<BufferName, GPUBuffer>;',
            );
            w.writeLine('for (const name of names) {');
            w.indent(() => {
              w.writeLine('const values = DIMS[name];');
              w.writeLine(
                'if (values) device.queue.writeBuffer(this.buffers[name], 0, new Uint32Array(values));',
              );
            });
            w.writeLine('}');
          } else
            w.writeLine(
              'this.buffers = Object.fromEntries(names.map((name) => [name, buffer(name, BUFFER_BYTES[name])])) as Record<BufferName, GPUBuffer>;',
            );
          w.writeLine('this.readback = {');
          w.indent(() => {
            for (const b of outputs)
              w.writeLine(
                `${q(b.name)}: buffer(${q(`${b.name} readback`)}, ${bytes(b.shape)}, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST),`,
              );
          });
          w.writeLine('};');
        },
      },
    ],
    methods: [
      {
        name: 'createPipelines',
        isAsync: true,
        docs: [
          'Compiles one pipeline per distinct kernel (all at once, createComputePipelineAsync; identical layers share one) and binds the buffers; `onDone` runs as each pipeline is ready. Rejects naming the kernel that failed.',
        ],
        parameters: [
          { name: 'onDone', type: '(done: number, total: number) => void', hasQuestionToken: true },
        ],
        returnType: 'Promise<void>',
        statements: (w) => {
          w.writeLine('const device = this.device;');
          w.writeLine('const files = new Map(DISPATCHES.map((d) => [d.code, d.file]));');
          w.writeLine('let done = 0;');
          w.writeLine('const compile = async (code: string, label: string) => {');
          w.indent(() => {
            w.writeLine('const module = device.createShaderModule({ label, code });');
            w.writeLine('try {');
            w.indent(() => {
              w.writeLine(
                "const made = await device.createComputePipelineAsync({ label, layout: 'auto', compute: { module, entryPoint: 'main' } });",
              );
              w.writeLine('onDone?.(++done, files.size);');
              w.writeLine('return [code, made] as const;');
            });
            w.writeLine('} catch (e) {');
            w.indent(() =>
              w.writeLine(
                'throw new Error(`kernel ${label}: ${e instanceof Error ? e.message : String(e)}`);',
              ),
            );
            w.writeLine('}');
          });
          w.writeLine('};');
          w.writeLine(
            'const pipelines = new Map(await Promise.all([...files].map(([code, label]) => compile(code, label))));',
          );
          w.writeLine('this.dispatches = DISPATCHES.map((d) => {');
          w.indent(() => {
            w.writeLine('const pipeline = pipelines.get(d.code);');
            w.writeLine('if (!pipeline) throw new Error(`kernel ${d.file}: not compiled`);');
            w.writeLine(
              'const entries = d.buffers.map((name, binding) => ({ binding, resource: { buffer: this.buffers[name] } }));',
            );
            w.writeLine(
              'return { pipeline, bindGroup: device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }), workgroups: d.workgroups };',
            );
          });
          w.writeLine('});');
        },
      },
      {
        name: 'writeWeight',
        docs: [
          'Uploads one weight (f32, its state_dict() shape, checked by the caller) to every place it is packed.',
        ],
        parameters: [
          { name: 'name', type: 'string' },
          { name: 'data', type: 'Float32Array' },
        ],
        statements: [
          'let found = false;',
          repacks
            ? 'for (const [buffer, param, offset, outer, rows] of PACKING) {'
            : 'for (const [buffer, param, offset] of PACKING) {',
          '  if (param !== name) continue;',
          repacks
            ? '  this.device.queue.writeBuffer(this.buffers[buffer], offset * 4, rows > 0 ? interleave4(data, outer, rows) : data);'
            : '  this.device.queue.writeBuffer(this.buffers[buffer], offset * 4, data);',
          '  found = true;',
          '}',
          'if (!found) throw new RangeError(`no weight named ${name}`);',
        ],
      },
      {
        name: 'inputBuffer',
        docs: ['The GPU buffer that holds an input during encodeForward.'],
        parameters: [{ name: 'name', type: 'InputName' }],
        returnType: 'GPUBuffer',
        statements: (w) => {
          w.writeLine('const ids = {');
          w.indent(() => {
            for (const b of inputs) w.writeLine(`${q(b.name)}: ${q(b.id)},`);
          });
          w.writeLine('} as const;');
          w.writeLine('return this.buffers[ids[name]];');
        },
      },
      {
        name: 'outputBuffer',
        docs: ['The GPU buffer encodeForward writes an output to.'],
        parameters: [{ name: 'name', type: 'OutputName' }],
        returnType: 'GPUBuffer',
        statements: (w) => {
          w.writeLine('const ids = {');
          w.indent(() => {
            for (const b of outputs) w.writeLine(`${q(b.name)}: ${q(b.id)},`);
          });
          w.writeLine('} as const;');
          w.writeLine('return this.buffers[ids[name]];');
        },
      },
      {
        name: 'encodeForward',
        docs: [
          'Records the whole forward pass into one compute pass; inputs must already be written.',
        ],
        parameters: [{ name: 'pass', type: 'GPUComputePassEncoder' }],
        statements: (w) => {
          w.writeLine('for (const d of this.dispatches) {');
          w.indent(() => {
            w.writeLine('pass.setPipeline(d.pipeline);');
            w.writeLine('pass.setBindGroup(0, d.bindGroup);');
            w.writeLine('pass.dispatchWorkgroups(...d.workgroups);');
          });
          w.writeLine('}');
        },
      },
      {
        name: 'forward',
        isAsync: true,
        docs: [
          'One forward pass: upload inputs, run every dispatch in one command buffer, read the outputs back.',
        ],
        parameters: [
          {
            name: 'inputs',
            // Class ids (`label`) are i32; a model without them keeps the plain f32 signature.
            type: `Readonly<Record<InputName, ${inputs.some((b) => b.dtype === 'i32') ? 'Float32Array | Int32Array' : 'Float32Array'}>>`,
          },
        ],
        returnType: 'Promise<Record<OutputName, Float32Array>>',
        statements: (w) => {
          w.writeLine('const queue = this.device.queue;');
          for (const b of inputs) {
            const key = q(b.name);
            w.writeLine(
              `if (inputs[${key}].length !== ${numel(b.shape)}) throw new RangeError(\`input ${b.name}: expected ${numel(b.shape)} values [${b.shape.join(',')}], got \${inputs[${key}].length}\`);`,
            );
            w.writeLine(`queue.writeBuffer(this.buffers[${q(b.id)}], 0, inputs[${key}]);`);
          }
          w.writeLine('const encoder = this.device.createCommandEncoder();');
          w.writeLine('const pass = encoder.beginComputePass();');
          w.writeLine('this.encodeForward(pass);');
          w.writeLine('pass.end();');
          for (const b of outputs)
            w.writeLine(
              `encoder.copyBufferToBuffer(this.buffers[${q(b.id)}], 0, this.readback[${q(b.name)}], 0, ${bytes(b.shape)});`,
            );
          w.writeLine('queue.submit([encoder.finish()]);');
          w.writeLine('const read = async (b: GPUBuffer) => {');
          w.indent(() => {
            w.writeLine('await b.mapAsync(GPUMapMode.READ);');
            w.writeLine('const data = new Float32Array(b.getMappedRange().slice(0));');
            w.writeLine('b.unmap();');
            w.writeLine('return data;');
          });
          w.writeLine('};');
          w.writeLine('return {');
          w.indent(() => {
            for (const b of outputs)
              w.writeLine(`${q(b.name)}: await read(this.readback[${q(b.name)}]),`);
          });
          w.writeLine('};');
        },
      },
      {
        name: 'destroy',
        docs: ['Frees every GPU buffer this runner made.'],
        statements: [
          'for (const b of [...Object.values(this.buffers), ...Object.values(this.readback)]) b.destroy();',
        ],
      },
    ],
  });
  sf.addStatements(statements);
  sf.addStatements(`export default ${cls};`);
  sf.formatText({ indentSize: 2, convertTabsToSpaces: true });
  const head = `// ${GENERATED_HEADER}\n// kiln ${kilnVersion}, spec ${quoted(p.name)}: ${p.steps.length} dispatches, ${p.kernels.length} kernels\n`;
  return head + sf.getFullText();
}
