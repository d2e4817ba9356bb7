// attention 1 head(s) of 128: [1,384,4,4] -> [1,128,4,4]
// softmax(q^T k / sqrt(d)) v per head; online softmax over keys
@group(0) @binding(0) var<storage, read> qkv: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 16u) { return; }
  let qi = i % 16u;
  let head = (i / 16u) % 1u;
  let b = i / 16u;
  let qBase = (b * 384u + head * 128u) * 16u;
  let kBase = qBase + 2048u;
  let vBase = qBase + 4096u;
  var q: array<f32, 128>;
  var acc: array<f32, 128>;
  for (var e = 0u; e < 128u; e++) {
    q[e] = qkv[qBase + e * 16u + qi] * 0.0883883461;
    acc[e] = 0.0;
  }
  var m = -3.4e38;
  var l = 0.0;
  for (var kj = 0u; kj < 16u; kj++) {
    var s = 0.0;
    for (var e = 0u; e < 128u; e++) { s = fma(q[e], qkv[kBase + e * 16u + kj], s); }
    let mNew = max(m, s);
    let scale = exp(m - mNew);
    let p = exp(s - mNew);
    l = fma(l, scale, p);
    for (var e = 0u; e < 128u; e++) { acc[e] = fma(acc[e], scale, p * qkv[vBase + e * 16u + kj]); }
    m = mNew;
  }
  let outBase = (b * 128u + head * 128u) * 16u;
  for (var e = 0u; e < 128u; e++) { y[outBase + e * 16u + qi] = acc[e] / l; }
}
