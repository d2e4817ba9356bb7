// gelu: [1,512]
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

fn erf_approx(v: f32) -> f32 {
  let a = abs(v);
  let t = 1.0 / fma(0.327591091, a, 1.0);
  let poly = t * (0.254829586 + t * (-0.284496725 + t * (1.42141378 + t * (-1.45315206 + t * 1.06140542))));
  return sign(v) * (1.0 - poly * exp(-a * a));
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 512u) { return; }
  let v = x[i];
  y[i] = 0.5 * v * (1.0 + erf_approx(v * 0.707106769));
}
