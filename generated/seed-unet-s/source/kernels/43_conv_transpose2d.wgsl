// conv_transpose2d 4x4 stride 2 pad 1: [1,128,4,4] -> [1,128,8,8]
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 8192u) { return; }
  let ox = i32(i % 8u);
  let oy = i32((i / 8u) % 8u);
  let co = (i / 64u) % 128u;
  let b = i / 8192u;
  var acc = bias[co];
  for (var ky = 0; ky < 4; ky++) {
    let ty = oy + 1 - ky;
    if (ty < 0 || ty % 2 != 0 || ty / 2 >= 4) { continue; }
    let iy = u32(ty / 2);
    for (var kx = 0; kx < 4; kx++) {
      let tx = ox + 1 - kx;
      if (tx < 0 || tx % 2 != 0 || tx / 2 >= 4) { continue; }
      let ix = u32(tx / 2);
      let tap = u32(ky * 4 + kx);
      for (var ci = 0u; ci < 128u; ci++) {
        acc = fma(x[((b * 128u + ci) * 4u + iy) * 4u + ix], weight[(ci * 128u + co) * 16u + tap], acc);
      }
    }
  }
  y[i] = acc;
}
