// group_norm 8 groups eps 0.00001: [1,64,8,8]
// one workgroup per (batch, group); two-pass mean/variance
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

var<workgroup> partial: array<f32, 256>;

fn reduce(lid: u32, v: f32) -> f32 {
  partial[lid] = v;
  workgroupBarrier();
  for (var stride = 128u; stride > 0u; stride >>= 1u) {
    if (lid < stride) { partial[lid] += partial[lid + stride]; }
    workgroupBarrier();
  }
  let total = partial[0];
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let base = wid.x * 512u;
  let group = wid.x % 8u;
  var s = 0.0;
  for (var j = lid; j < 512u; j += 256u) { s += x[base + j]; }
  let mean = reduce(lid, s) / 512.000000;
  var q = 0.0;
  for (var j = lid; j < 512u; j += 256u) { let d = x[base + j] - mean; q = fma(d, d, q); }
  let rstd = inverseSqrt(reduce(lid, q) / 512.000000 + 0.00000999999975);
  for (var j = lid; j < 512u; j += 256u) {
    let ch = group * 8u + j / 64u;
    y[base + j] = (x[base + j] - mean) * rstd * gamma[ch] + beta[ch];
  }
}
