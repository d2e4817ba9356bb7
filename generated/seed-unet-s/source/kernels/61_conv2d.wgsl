// conv2d 3x3 stride 1 pad 1: [1,32,32,32] -> [1,3,32,32]
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 3072u) { return; }
  let ox = i % 32u;
  let oy = (i / 32u) % 32u;
  let co = (i / 1024u) % 3u;
  let b = i / 3072u;
  var acc = bias[co];
  for (var ci = 0u; ci < 32u; ci++) {
    let xBase = (b * 32u + ci) * 1024u;
    let wBase = (co * 32u + ci) * 9u;
    for (var ky = 0u; ky < 3u; ky++) {
      let iy = i32(oy * 1u + ky) - 1;
      if (iy < 0 || iy >= 32) { continue; }
      for (var kx = 0u; kx < 3u; kx++) {
        let ix = i32(ox * 1u + kx) - 1;
        if (ix < 0 || ix >= 32) { continue; }
        acc = fma(x[xBase + u32(iy) * 32u + u32(ix)], weight[wBase + ky * 3u + kx], acc);
      }
    }
  }
  y[i] = acc;
}
