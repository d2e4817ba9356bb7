// conv2d 4x4 stride 2 pad 1: [1,32,32,32] -> [1,32,16,16]
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 8192u) { return; }
  let ox = i % 16u;
  let oy = (i / 16u) % 16u;
  let co = (i / 256u) % 32u;
  let b = i / 8192u;
  var acc = bias[co];
  for (var ci = 0u; ci < 32u; ci++) {
    let xBase = (b * 32u + ci) * 1024u;
    let wBase = (co * 32u + ci) * 16u;
    for (var ky = 0u; ky < 4u; ky++) {
      let iy = i32(oy * 2u + ky) - 1;
      if (iy < 0 || iy >= 32) { continue; }
      for (var kx = 0u; kx < 4u; kx++) {
        let ix = i32(ox * 2u + kx) - 1;
        if (ix < 0 || ix >= 32) { continue; }
        acc = fma(x[xBase + u32(iy) * 32u + u32(ix)], weight[wBase + ky * 4u + kx], acc);
      }
    }
  }
  y[i] = acc;
}
