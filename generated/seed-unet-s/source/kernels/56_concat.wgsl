// concat channels: [1,32,32,32] ++ [1,32,32,32]
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 65536u) { return; }
  let p = i % 1024u;
  let c = (i / 1024u) % 64u;
  let n = i / 65536u;
  if (c < 32u) {
    y[i] = a[(n * 32u + c) * 1024u + p];
  } else {
    y[i] = b[(n * 32u + c - 32u) * 1024u + p];
  }
}
