/**
 * Text the vec4 kernels share: the name of one element of a run of vec4 registers, and a
 * weight vec4 rebuilt in every lane from the one float of it each lane loaded (lane l holds
 * component l % 4; see vec4-conv2d.ts for why the weights travel by subgroup broadcast).
 */
export const XYZW = 'xyzw';

/** Element e of the vec4s `<name>0`, `<name>1`, ...: element 6 of q is `q1.z`. */
export const element = (name: string, e: number) => `${name}${e >> 2}.${XYZW[e & 3]}`;

/** The vec4 whose component c lane c of the subgroup holds in `held`. */
export const broadcast4 = (held: string) =>
  `vec4<f32>(${[0, 1, 2, 3].map((c) => `subgroupBroadcast(${held}, ${c}u)`).join(', ')})`;
