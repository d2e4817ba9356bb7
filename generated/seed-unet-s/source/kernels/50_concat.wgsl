// concat channels: [1,64,16,16] ++ [1,64,16,16]
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32768u) { return; }
  let p = i % 256u;
  let c = (i / 256u) % 128u;
  let n = i / 32768u;
  if (c < 64u) {
    y[i] = a[(n * 64u + c) * 256u + p];
  } else {
    y[i] = b[(n * 64u + c - 64u) * 256u + p];
  }
}
