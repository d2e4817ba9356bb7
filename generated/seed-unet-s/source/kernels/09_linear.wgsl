// linear: [1,128] -> [1,32]
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32u) { return; }
  let o = i % 32u;
  let b = i / 32u;
  var acc = bias[o];
  for (var k = 0u; k < 128u; k++) {
    acc = fma(x[b * 128u + k], weight[o * 128u + k], acc);
  }
  y[i] = acc;
}
