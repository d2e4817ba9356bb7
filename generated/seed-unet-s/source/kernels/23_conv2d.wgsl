// conv2d 4x4 stride 2 pad 1: [1,64,16,16] -> [1,64,8,8]
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 4096u) { return; }
  let ox = i % 8u;
  let oy = (i / 8u) % 8u;
  let co = (i / 64u) % 64u;
  let b = i / 4096u;
  var acc = bias[co];
  for (var ci = 0u; ci < 64u; ci++) {
    let xBase = (b * 64u + ci) * 256u;
    let wBase = (co * 64u + ci) * 16u;
    for (var ky = 0u; ky < 4u; ky++) {
      let iy = i32(oy * 2u + ky) - 1;
      if (iy < 0 || iy >= 16) { continue; }
      for (var kx = 0u; kx < 4u; kx++) {
        let ix = i32(ox * 2u + kx) - 1;
        if (ix < 0 || ix >= 16) { continue; }
        acc = fma(x[xBase + u32(iy) * 16u + u32(ix)], weight[wBase + ky * 4u + kx], acc);
      }
    }
  }
  y[i] = acc;
}
