// linear: [1,512] -> [1,128]
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 128u) { return; }
  let o = i % 128u;
  let b = i / 128u;
  var acc = bias[o];
  for (var k = 0u; k < 512u; k++) {
    acc = fma(x[b * 512u + k], weight[o * 512u + k], acc);
  }
  y[i] = acc;
}
