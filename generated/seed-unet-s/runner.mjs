// kiln:source/kernels/00_time_sincos.wgsl
var time_sincos_default = "// time_sincos dim 128: [1] -> [1,128]\n// emb[:, :half] = sin(t * f), emb[:, half:] = cos(t * f)\n@group(0) @binding(0) var<storage, read> t: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\nconst FREQS = array<f32, 64>(\n  1.00000000,\n  0.863988459,\n  0.746476054,\n  0.644946694,\n  0.557226479,\n  0.481437236,\n  0.415956229,\n  0.359381378,\n  0.310501367,\n  0.268269598,\n  0.231781825,\n  0.200256810,\n  0.173019588,\n  0.149486929,\n  0.129154980,\n  0.111588411,\n  0.0964110941,\n  0.0832980722,\n  0.0719685704,\n  0.0621800162,\n  0.0537228137,\n  0.0464158915,\n  0.0401027910,\n  0.0346483476,\n  0.0299357809,\n  0.0258641690,\n  0.0223463420,\n  0.0193069819,\n  0.0166810080,\n  0.0144121991,\n  0.0124519728,\n  0.0107583608,\n  0.00929509941,\n  0.00803085882,\n  0.00693856878,\n  0.00599484332,\n  0.00517947553,\n  0.00447500683,\n  0.00386635424,\n  0.00334048527,\n  0.00288614072,\n  0.00249359221,\n  0.00215443480,\n  0.00186140684,\n  0.00160823402,\n  0.00138949556,\n  0.00120050809,\n  0.00103722513,\n  0.000896150945,\n  0.000774264045,\n  0.000668955210,\n  0.000577969535,\n  0.000499359041,\n  0.000431440421,\n  0.000372759532,\n  0.000322059786,\n  0.000278256048,\n  0.000240409907,\n  0.000207711477,\n  0.000179460229,\n  0.000155051632,\n  0.000133962763,\n  0.000115742332,\n  0.0000999999902,\n);\n\nfn reduce_angle(v: f32) -> f32 {\n  let k = round(v * 0.159154937);\n  var r = v - k * 6.28125000;\n  r = r - k * 0.00193530717;\n  r = r - k * 1.02531317e-11;\n  return r;\n}\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 128u) { return; }\n  let j = i % 128u;\n  let b = i / 128u;\n  let f = FREQS[select(j, j - 64u, j >= 64u)];\n  let angle = reduce_angle(t[b] * f);\n  y[i] = select(sin(angle), cos(angle), j >= 64u);\n}\n";

// kiln:source/kernels/01_linear.wgsl
var linear_default = "// linear: [1,128] -> [1,512]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 512u) { return; }\n  let o = i % 512u;\n  let b = i / 512u;\n  var acc = bias[o];\n  for (var k = 0u; k < 128u; k++) {\n    acc = fma(x[b * 128u + k], weight[o * 128u + k], acc);\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/02_gelu.wgsl
var gelu_default = "// gelu: [1,512]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\nfn erf_approx(v: f32) -> f32 {\n  let a = abs(v);\n  let t = 1.0 / fma(0.327591091, a, 1.0);\n  let poly = t * (0.254829586 + t * (-0.284496725 + t * (1.42141378 + t * (-1.45315206 + t * 1.06140542))));\n  return sign(v) * (1.0 - poly * exp(-a * a));\n}\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 512u) { return; }\n  let v = x[i];\n  y[i] = 0.5 * v * (1.0 + erf_approx(v * 0.707106769));\n}\n";

// kiln:source/kernels/03_linear.wgsl
var linear_default2 = "// linear: [1,512] -> [1,128]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 128u) { return; }\n  let o = i % 128u;\n  let b = i / 128u;\n  var acc = bias[o];\n  for (var k = 0u; k < 512u; k++) {\n    acc = fma(x[b * 512u + k], weight[o * 512u + k], acc);\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/04_conv2d.wgsl
var conv2d_default = "// conv2d 3x3 stride 1 pad 1: [1,3,32,32] -> [1,32,32,32]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 32768u) { return; }\n  let ox = i % 32u;\n  let oy = (i / 32u) % 32u;\n  let co = (i / 1024u) % 32u;\n  let b = i / 32768u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 3u; ci++) {\n    let xBase = (b * 3u + ci) * 1024u;\n    let wBase = (co * 3u + ci) * 9u;\n    for (var ky = 0u; ky < 3u; ky++) {\n      let iy = i32(oy * 1u + ky) - 1;\n      if (iy < 0 || iy >= 32) { continue; }\n      for (var kx = 0u; kx < 3u; kx++) {\n        let ix = i32(ox * 1u + kx) - 1;\n        if (ix < 0 || ix >= 32) { continue; }\n        acc = fma(x[xBase + u32(iy) * 32u + u32(ix)], weight[wBase + ky * 3u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/05_group_norm.wgsl
var group_norm_default = "// group_norm 8 groups eps 0.00001: [1,32,32,32]\n// one workgroup per (batch, group); two-pass mean/variance\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> gamma: array<f32>;\n@group(0) @binding(2) var<storage, read> beta: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\nvar<workgroup> partial: array<f32, 256>;\n\nfn reduce(lid: u32, v: f32) -> f32 {\n  partial[lid] = v;\n  workgroupBarrier();\n  for (var stride = 128u; stride > 0u; stride >>= 1u) {\n    if (lid < stride) { partial[lid] += partial[lid + stride]; }\n    workgroupBarrier();\n  }\n  let total = partial[0];\n  workgroupBarrier();\n  return total;\n}\n\n@compute @workgroup_size(256)\nfn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {\n  let base = wid.x * 4096u;\n  let group = wid.x % 8u;\n  var s = 0.0;\n  for (var j = lid; j < 4096u; j += 256u) { s += x[base + j]; }\n  let mean = reduce(lid, s) / 4096.00000;\n  var q = 0.0;\n  for (var j = lid; j < 4096u; j += 256u) { let d = x[base + j] - mean; q = fma(d, d, q); }\n  let rstd = inverseSqrt(reduce(lid, q) / 4096.00000 + 0.00000999999975);\n  for (var j = lid; j < 4096u; j += 256u) {\n    let ch = group * 4u + j / 1024u;\n    y[base + j] = (x[base + j] - mean) * rstd * gamma[ch] + beta[ch];\n  }\n}\n";

// kiln:source/kernels/06_silu.wgsl
var silu_default = "// silu: [1,32,32,32]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 32768u) { return; }\n  let v = x[i];\n  y[i] = v / (1.0 + exp(-v));\n}\n";

// kiln:source/kernels/07_conv2d.wgsl
var conv2d_default2 = "// conv2d 3x3 stride 1 pad 1: [1,32,32,32] -> [1,32,32,32]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 32768u) { return; }\n  let ox = i % 32u;\n  let oy = (i / 32u) % 32u;\n  let co = (i / 1024u) % 32u;\n  let b = i / 32768u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 32u; ci++) {\n    let xBase = (b * 32u + ci) * 1024u;\n    let wBase = (co * 32u + ci) * 9u;\n    for (var ky = 0u; ky < 3u; ky++) {\n      let iy = i32(oy * 1u + ky) - 1;\n      if (iy < 0 || iy >= 32) { continue; }\n      for (var kx = 0u; kx < 3u; kx++) {\n        let ix = i32(ox * 1u + kx) - 1;\n        if (ix < 0 || ix >= 32) { continue; }\n        acc = fma(x[xBase + u32(iy) * 32u + u32(ix)], weight[wBase + ky * 3u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/08_silu.wgsl
var silu_default2 = "// silu: [1,128]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 128u) { return; }\n  let v = x[i];\n  y[i] = v / (1.0 + exp(-v));\n}\n";

// kiln:source/kernels/09_linear.wgsl
var linear_default3 = "// linear: [1,128] -> [1,32]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 32u) { return; }\n  let o = i % 32u;\n  let b = i / 32u;\n  var acc = bias[o];\n  for (var k = 0u; k < 128u; k++) {\n    acc = fma(x[b * 128u + k], weight[o * 128u + k], acc);\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/10_add_channel_bias.wgsl
var add_channel_bias_default = "// add_channel_bias: [1,32,32,32] + [N,C]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> bias: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 32768u) { return; }\n  y[i] = x[i] + bias[i / 1024u];\n}\n";

// kiln:source/kernels/11_add.wgsl
var add_default = "// add: [1,32,32,32]\n@group(0) @binding(0) var<storage, read> a: array<f32>;\n@group(0) @binding(1) var<storage, read> b: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 32768u) { return; }\n  y[i] = a[i] + b[i];\n}\n";

// kiln:source/kernels/12_conv2d.wgsl
var conv2d_default3 = "// conv2d 4x4 stride 2 pad 1: [1,32,32,32] -> [1,32,16,16]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 8192u) { return; }\n  let ox = i % 16u;\n  let oy = (i / 16u) % 16u;\n  let co = (i / 256u) % 32u;\n  let b = i / 8192u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 32u; ci++) {\n    let xBase = (b * 32u + ci) * 1024u;\n    let wBase = (co * 32u + ci) * 16u;\n    for (var ky = 0u; ky < 4u; ky++) {\n      let iy = i32(oy * 2u + ky) - 1;\n      if (iy < 0 || iy >= 32) { continue; }\n      for (var kx = 0u; kx < 4u; kx++) {\n        let ix = i32(ox * 2u + kx) - 1;\n        if (ix < 0 || ix >= 32) { continue; }\n        acc = fma(x[xBase + u32(iy) * 32u + u32(ix)], weight[wBase + ky * 4u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/13_group_norm.wgsl
var group_norm_default2 = "// group_norm 8 groups eps 0.00001: [1,32,16,16]\n// one workgroup per (batch, group); two-pass mean/variance\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> gamma: array<f32>;\n@group(0) @binding(2) var<storage, read> beta: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\nvar<workgroup> partial: array<f32, 256>;\n\nfn reduce(lid: u32, v: f32) -> f32 {\n  partial[lid] = v;\n  workgroupBarrier();\n  for (var stride = 128u; stride > 0u; stride >>= 1u) {\n    if (lid < stride) { partial[lid] += partial[lid + stride]; }\n    workgroupBarrier();\n  }\n  let total = partial[0];\n  workgroupBarrier();\n  return total;\n}\n\n@compute @workgroup_size(256)\nfn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {\n  let base = wid.x * 1024u;\n  let group = wid.x % 8u;\n  var s = 0.0;\n  for (var j = lid; j < 1024u; j += 256u) { s += x[base + j]; }\n  let mean = reduce(lid, s) / 1024.00000;\n  var q = 0.0;\n  for (var j = lid; j < 1024u; j += 256u) { let d = x[base + j] - mean; q = fma(d, d, q); }\n  let rstd = inverseSqrt(reduce(lid, q) / 1024.00000 + 0.00000999999975);\n  for (var j = lid; j < 1024u; j += 256u) {\n    let ch = group * 4u + j / 256u;\n    y[base + j] = (x[base + j] - mean) * rstd * gamma[ch] + beta[ch];\n  }\n}\n";

// kiln:source/kernels/14_silu.wgsl
var silu_default3 = "// silu: [1,32,16,16]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 8192u) { return; }\n  let v = x[i];\n  y[i] = v / (1.0 + exp(-v));\n}\n";

// kiln:source/kernels/15_conv2d.wgsl
var conv2d_default4 = "// conv2d 3x3 stride 1 pad 1: [1,32,16,16] -> [1,64,16,16]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16384u) { return; }\n  let ox = i % 16u;\n  let oy = (i / 16u) % 16u;\n  let co = (i / 256u) % 64u;\n  let b = i / 16384u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 32u; ci++) {\n    let xBase = (b * 32u + ci) * 256u;\n    let wBase = (co * 32u + ci) * 9u;\n    for (var ky = 0u; ky < 3u; ky++) {\n      let iy = i32(oy * 1u + ky) - 1;\n      if (iy < 0 || iy >= 16) { continue; }\n      for (var kx = 0u; kx < 3u; kx++) {\n        let ix = i32(ox * 1u + kx) - 1;\n        if (ix < 0 || ix >= 16) { continue; }\n        acc = fma(x[xBase + u32(iy) * 16u + u32(ix)], weight[wBase + ky * 3u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/16_linear.wgsl
var linear_default4 = "// linear: [1,128] -> [1,64]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 64u) { return; }\n  let o = i % 64u;\n  let b = i / 64u;\n  var acc = bias[o];\n  for (var k = 0u; k < 128u; k++) {\n    acc = fma(x[b * 128u + k], weight[o * 128u + k], acc);\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/17_add_channel_bias.wgsl
var add_channel_bias_default2 = "// add_channel_bias: [1,64,16,16] + [N,C]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> bias: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16384u) { return; }\n  y[i] = x[i] + bias[i / 256u];\n}\n";

// kiln:source/kernels/18_group_norm.wgsl
var group_norm_default3 = "// group_norm 8 groups eps 0.00001: [1,64,16,16]\n// one workgroup per (batch, group); two-pass mean/variance\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> gamma: array<f32>;\n@group(0) @binding(2) var<storage, read> beta: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\nvar<workgroup> partial: array<f32, 256>;\n\nfn reduce(lid: u32, v: f32) -> f32 {\n  partial[lid] = v;\n  workgroupBarrier();\n  for (var stride = 128u; stride > 0u; stride >>= 1u) {\n    if (lid < stride) { partial[lid] += partial[lid + stride]; }\n    workgroupBarrier();\n  }\n  let total = partial[0];\n  workgroupBarrier();\n  return total;\n}\n\n@compute @workgroup_size(256)\nfn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {\n  let base = wid.x * 2048u;\n  let group = wid.x % 8u;\n  var s = 0.0;\n  for (var j = lid; j < 2048u; j += 256u) { s += x[base + j]; }\n  let mean = reduce(lid, s) / 2048.00000;\n  var q = 0.0;\n  for (var j = lid; j < 2048u; j += 256u) { let d = x[base + j] - mean; q = fma(d, d, q); }\n  let rstd = inverseSqrt(reduce(lid, q) / 2048.00000 + 0.00000999999975);\n  for (var j = lid; j < 2048u; j += 256u) {\n    let ch = group * 8u + j / 256u;\n    y[base + j] = (x[base + j] - mean) * rstd * gamma[ch] + beta[ch];\n  }\n}\n";

// kiln:source/kernels/19_silu.wgsl
var silu_default4 = "// silu: [1,64,16,16]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16384u) { return; }\n  let v = x[i];\n  y[i] = v / (1.0 + exp(-v));\n}\n";

// kiln:source/kernels/20_conv2d.wgsl
var conv2d_default5 = "// conv2d 3x3 stride 1 pad 1: [1,64,16,16] -> [1,64,16,16]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16384u) { return; }\n  let ox = i % 16u;\n  let oy = (i / 16u) % 16u;\n  let co = (i / 256u) % 64u;\n  let b = i / 16384u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 64u; ci++) {\n    let xBase = (b * 64u + ci) * 256u;\n    let wBase = (co * 64u + ci) * 9u;\n    for (var ky = 0u; ky < 3u; ky++) {\n      let iy = i32(oy * 1u + ky) - 1;\n      if (iy < 0 || iy >= 16) { continue; }\n      for (var kx = 0u; kx < 3u; kx++) {\n        let ix = i32(ox * 1u + kx) - 1;\n        if (ix < 0 || ix >= 16) { continue; }\n        acc = fma(x[xBase + u32(iy) * 16u + u32(ix)], weight[wBase + ky * 3u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/21_conv2d.wgsl
var conv2d_default6 = "// conv2d 1x1 stride 1 pad 0: [1,32,16,16] -> [1,64,16,16]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16384u) { return; }\n  let ox = i % 16u;\n  let oy = (i / 16u) % 16u;\n  let co = (i / 256u) % 64u;\n  let b = i / 16384u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 32u; ci++) {\n    let xBase = (b * 32u + ci) * 256u;\n    let wBase = (co * 32u + ci) * 1u;\n    for (var ky = 0u; ky < 1u; ky++) {\n      let iy = i32(oy * 1u + ky) - 0;\n      if (iy < 0 || iy >= 16) { continue; }\n      for (var kx = 0u; kx < 1u; kx++) {\n        let ix = i32(ox * 1u + kx) - 0;\n        if (ix < 0 || ix >= 16) { continue; }\n        acc = fma(x[xBase + u32(iy) * 16u + u32(ix)], weight[wBase + ky * 1u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/22_add.wgsl
var add_default2 = "// add: [1,64,16,16]\n@group(0) @binding(0) var<storage, read> a: array<f32>;\n@group(0) @binding(1) var<storage, read> b: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16384u) { return; }\n  y[i] = a[i] + b[i];\n}\n";

// kiln:source/kernels/23_conv2d.wgsl
var conv2d_default7 = "// conv2d 4x4 stride 2 pad 1: [1,64,16,16] -> [1,64,8,8]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 4096u) { return; }\n  let ox = i % 8u;\n  let oy = (i / 8u) % 8u;\n  let co = (i / 64u) % 64u;\n  let b = i / 4096u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 64u; ci++) {\n    let xBase = (b * 64u + ci) * 256u;\n    let wBase = (co * 64u + ci) * 16u;\n    for (var ky = 0u; ky < 4u; ky++) {\n      let iy = i32(oy * 2u + ky) - 1;\n      if (iy < 0 || iy >= 16) { continue; }\n      for (var kx = 0u; kx < 4u; kx++) {\n        let ix = i32(ox * 2u + kx) - 1;\n        if (ix < 0 || ix >= 16) { continue; }\n        acc = fma(x[xBase + u32(iy) * 16u + u32(ix)], weight[wBase + ky * 4u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/24_group_norm.wgsl
var group_norm_default4 = "// group_norm 8 groups eps 0.00001: [1,64,8,8]\n// one workgroup per (batch, group); two-pass mean/variance\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> gamma: array<f32>;\n@group(0) @binding(2) var<storage, read> beta: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\nvar<workgroup> partial: array<f32, 256>;\n\nfn reduce(lid: u32, v: f32) -> f32 {\n  partial[lid] = v;\n  workgroupBarrier();\n  for (var stride = 128u; stride > 0u; stride >>= 1u) {\n    if (lid < stride) { partial[lid] += partial[lid + stride]; }\n    workgroupBarrier();\n  }\n  let total = partial[0];\n  workgroupBarrier();\n  return total;\n}\n\n@compute @workgroup_size(256)\nfn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {\n  let base = wid.x * 512u;\n  let group = wid.x % 8u;\n  var s = 0.0;\n  for (var j = lid; j < 512u; j += 256u) { s += x[base + j]; }\n  let mean = reduce(lid, s) / 512.000000;\n  var q = 0.0;\n  for (var j = lid; j < 512u; j += 256u) { let d = x[base + j] - mean; q = fma(d, d, q); }\n  let rstd = inverseSqrt(reduce(lid, q) / 512.000000 + 0.00000999999975);\n  for (var j = lid; j < 512u; j += 256u) {\n    let ch = group * 8u + j / 64u;\n    y[base + j] = (x[base + j] - mean) * rstd * gamma[ch] + beta[ch];\n  }\n}\n";

// kiln:source/kernels/25_silu.wgsl
var silu_default5 = "// silu: [1,64,8,8]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 4096u) { return; }\n  let v = x[i];\n  y[i] = v / (1.0 + exp(-v));\n}\n";

// kiln:source/kernels/26_conv2d.wgsl
var conv2d_default8 = "// conv2d 3x3 stride 1 pad 1: [1,64,8,8] -> [1,128,8,8]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 8192u) { return; }\n  let ox = i % 8u;\n  let oy = (i / 8u) % 8u;\n  let co = (i / 64u) % 128u;\n  let b = i / 8192u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 64u; ci++) {\n    let xBase = (b * 64u + ci) * 64u;\n    let wBase = (co * 64u + ci) * 9u;\n    for (var ky = 0u; ky < 3u; ky++) {\n      let iy = i32(oy * 1u + ky) - 1;\n      if (iy < 0 || iy >= 8) { continue; }\n      for (var kx = 0u; kx < 3u; kx++) {\n        let ix = i32(ox * 1u + kx) - 1;\n        if (ix < 0 || ix >= 8) { continue; }\n        acc = fma(x[xBase + u32(iy) * 8u + u32(ix)], weight[wBase + ky * 3u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/27_linear.wgsl
var linear_default5 = "// linear: [1,128] -> [1,128]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 128u) { return; }\n  let o = i % 128u;\n  let b = i / 128u;\n  var acc = bias[o];\n  for (var k = 0u; k < 128u; k++) {\n    acc = fma(x[b * 128u + k], weight[o * 128u + k], acc);\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/28_add_channel_bias.wgsl
var add_channel_bias_default3 = "// add_channel_bias: [1,128,8,8] + [N,C]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> bias: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 8192u) { return; }\n  y[i] = x[i] + bias[i / 64u];\n}\n";

// kiln:source/kernels/29_group_norm.wgsl
var group_norm_default5 = "// group_norm 8 groups eps 0.00001: [1,128,8,8]\n// one workgroup per (batch, group); two-pass mean/variance\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> gamma: array<f32>;\n@group(0) @binding(2) var<storage, read> beta: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\nvar<workgroup> partial: array<f32, 256>;\n\nfn reduce(lid: u32, v: f32) -> f32 {\n  partial[lid] = v;\n  workgroupBarrier();\n  for (var stride = 128u; stride > 0u; stride >>= 1u) {\n    if (lid < stride) { partial[lid] += partial[lid + stride]; }\n    workgroupBarrier();\n  }\n  let total = partial[0];\n  workgroupBarrier();\n  return total;\n}\n\n@compute @workgroup_size(256)\nfn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {\n  let base = wid.x * 1024u;\n  let group = wid.x % 8u;\n  var s = 0.0;\n  for (var j = lid; j < 1024u; j += 256u) { s += x[base + j]; }\n  let mean = reduce(lid, s) / 1024.00000;\n  var q = 0.0;\n  for (var j = lid; j < 1024u; j += 256u) { let d = x[base + j] - mean; q = fma(d, d, q); }\n  let rstd = inverseSqrt(reduce(lid, q) / 1024.00000 + 0.00000999999975);\n  for (var j = lid; j < 1024u; j += 256u) {\n    let ch = group * 16u + j / 64u;\n    y[base + j] = (x[base + j] - mean) * rstd * gamma[ch] + beta[ch];\n  }\n}\n";

// kiln:source/kernels/30_silu.wgsl
var silu_default6 = "// silu: [1,128,8,8]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 8192u) { return; }\n  let v = x[i];\n  y[i] = v / (1.0 + exp(-v));\n}\n";

// kiln:source/kernels/31_conv2d.wgsl
var conv2d_default9 = "// conv2d 3x3 stride 1 pad 1: [1,128,8,8] -> [1,128,8,8]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 8192u) { return; }\n  let ox = i % 8u;\n  let oy = (i / 8u) % 8u;\n  let co = (i / 64u) % 128u;\n  let b = i / 8192u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 128u; ci++) {\n    let xBase = (b * 128u + ci) * 64u;\n    let wBase = (co * 128u + ci) * 9u;\n    for (var ky = 0u; ky < 3u; ky++) {\n      let iy = i32(oy * 1u + ky) - 1;\n      if (iy < 0 || iy >= 8) { continue; }\n      for (var kx = 0u; kx < 3u; kx++) {\n        let ix = i32(ox * 1u + kx) - 1;\n        if (ix < 0 || ix >= 8) { continue; }\n        acc = fma(x[xBase + u32(iy) * 8u + u32(ix)], weight[wBase + ky * 3u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/32_conv2d.wgsl
var conv2d_default10 = "// conv2d 1x1 stride 1 pad 0: [1,64,8,8] -> [1,128,8,8]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 8192u) { return; }\n  let ox = i % 8u;\n  let oy = (i / 8u) % 8u;\n  let co = (i / 64u) % 128u;\n  let b = i / 8192u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 64u; ci++) {\n    let xBase = (b * 64u + ci) * 64u;\n    let wBase = (co * 64u + ci) * 1u;\n    for (var ky = 0u; ky < 1u; ky++) {\n      let iy = i32(oy * 1u + ky) - 0;\n      if (iy < 0 || iy >= 8) { continue; }\n      for (var kx = 0u; kx < 1u; kx++) {\n        let ix = i32(ox * 1u + kx) - 0;\n        if (ix < 0 || ix >= 8) { continue; }\n        acc = fma(x[xBase + u32(iy) * 8u + u32(ix)], weight[wBase + ky * 1u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/33_add.wgsl
var add_default3 = "// add: [1,128,8,8]\n@group(0) @binding(0) var<storage, read> a: array<f32>;\n@group(0) @binding(1) var<storage, read> b: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 8192u) { return; }\n  y[i] = a[i] + b[i];\n}\n";

// kiln:source/kernels/34_conv2d.wgsl
var conv2d_default11 = "// conv2d 4x4 stride 2 pad 1: [1,128,8,8] -> [1,128,4,4]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 2048u) { return; }\n  let ox = i % 4u;\n  let oy = (i / 4u) % 4u;\n  let co = (i / 16u) % 128u;\n  let b = i / 2048u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 128u; ci++) {\n    let xBase = (b * 128u + ci) * 64u;\n    let wBase = (co * 128u + ci) * 16u;\n    for (var ky = 0u; ky < 4u; ky++) {\n      let iy = i32(oy * 2u + ky) - 1;\n      if (iy < 0 || iy >= 8) { continue; }\n      for (var kx = 0u; kx < 4u; kx++) {\n        let ix = i32(ox * 2u + kx) - 1;\n        if (ix < 0 || ix >= 8) { continue; }\n        acc = fma(x[xBase + u32(iy) * 8u + u32(ix)], weight[wBase + ky * 4u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/35_group_norm.wgsl
var group_norm_default6 = "// group_norm 8 groups eps 0.00001: [1,128,4,4]\n// one workgroup per (batch, group); two-pass mean/variance\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> gamma: array<f32>;\n@group(0) @binding(2) var<storage, read> beta: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\nvar<workgroup> partial: array<f32, 256>;\n\nfn reduce(lid: u32, v: f32) -> f32 {\n  partial[lid] = v;\n  workgroupBarrier();\n  for (var stride = 128u; stride > 0u; stride >>= 1u) {\n    if (lid < stride) { partial[lid] += partial[lid + stride]; }\n    workgroupBarrier();\n  }\n  let total = partial[0];\n  workgroupBarrier();\n  return total;\n}\n\n@compute @workgroup_size(256)\nfn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {\n  let base = wid.x * 256u;\n  let group = wid.x % 8u;\n  var s = 0.0;\n  for (var j = lid; j < 256u; j += 256u) { s += x[base + j]; }\n  let mean = reduce(lid, s) / 256.000000;\n  var q = 0.0;\n  for (var j = lid; j < 256u; j += 256u) { let d = x[base + j] - mean; q = fma(d, d, q); }\n  let rstd = inverseSqrt(reduce(lid, q) / 256.000000 + 0.00000999999975);\n  for (var j = lid; j < 256u; j += 256u) {\n    let ch = group * 16u + j / 16u;\n    y[base + j] = (x[base + j] - mean) * rstd * gamma[ch] + beta[ch];\n  }\n}\n";

// kiln:source/kernels/36_silu.wgsl
var silu_default7 = "// silu: [1,128,4,4]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 2048u) { return; }\n  let v = x[i];\n  y[i] = v / (1.0 + exp(-v));\n}\n";

// kiln:source/kernels/37_conv2d.wgsl
var conv2d_default12 = "// conv2d 3x3 stride 1 pad 1: [1,128,4,4] -> [1,128,4,4]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 2048u) { return; }\n  let ox = i % 4u;\n  let oy = (i / 4u) % 4u;\n  let co = (i / 16u) % 128u;\n  let b = i / 2048u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 128u; ci++) {\n    let xBase = (b * 128u + ci) * 16u;\n    let wBase = (co * 128u + ci) * 9u;\n    for (var ky = 0u; ky < 3u; ky++) {\n      let iy = i32(oy * 1u + ky) - 1;\n      if (iy < 0 || iy >= 4) { continue; }\n      for (var kx = 0u; kx < 3u; kx++) {\n        let ix = i32(ox * 1u + kx) - 1;\n        if (ix < 0 || ix >= 4) { continue; }\n        acc = fma(x[xBase + u32(iy) * 4u + u32(ix)], weight[wBase + ky * 3u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/38_add_channel_bias.wgsl
var add_channel_bias_default4 = "// add_channel_bias: [1,128,4,4] + [N,C]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> bias: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 2048u) { return; }\n  y[i] = x[i] + bias[i / 16u];\n}\n";

// kiln:source/kernels/39_add.wgsl
var add_default4 = "// add: [1,128,4,4]\n@group(0) @binding(0) var<storage, read> a: array<f32>;\n@group(0) @binding(1) var<storage, read> b: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 2048u) { return; }\n  y[i] = a[i] + b[i];\n}\n";

// kiln:source/kernels/40_conv2d.wgsl
var conv2d_default13 = "// conv2d 1x1 stride 1 pad 0: [1,128,4,4] -> [1,384,4,4]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 6144u) { return; }\n  let ox = i % 4u;\n  let oy = (i / 4u) % 4u;\n  let co = (i / 16u) % 384u;\n  let b = i / 6144u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 128u; ci++) {\n    let xBase = (b * 128u + ci) * 16u;\n    let wBase = (co * 128u + ci) * 1u;\n    for (var ky = 0u; ky < 1u; ky++) {\n      let iy = i32(oy * 1u + ky) - 0;\n      if (iy < 0 || iy >= 4) { continue; }\n      for (var kx = 0u; kx < 1u; kx++) {\n        let ix = i32(ox * 1u + kx) - 0;\n        if (ix < 0 || ix >= 4) { continue; }\n        acc = fma(x[xBase + u32(iy) * 4u + u32(ix)], weight[wBase + ky * 1u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/41_attention.wgsl
var attention_default = "// attention 1 head(s) of 128: [1,384,4,4] -> [1,128,4,4]\n// softmax(q^T k / sqrt(d)) v per head; online softmax over keys\n@group(0) @binding(0) var<storage, read> qkv: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16u) { return; }\n  let qi = i % 16u;\n  let head = (i / 16u) % 1u;\n  let b = i / 16u;\n  let qBase = (b * 384u + head * 128u) * 16u;\n  let kBase = qBase + 2048u;\n  let vBase = qBase + 4096u;\n  var q: array<f32, 128>;\n  var acc: array<f32, 128>;\n  for (var e = 0u; e < 128u; e++) {\n    q[e] = qkv[qBase + e * 16u + qi] * 0.0883883461;\n    acc[e] = 0.0;\n  }\n  var m = -3.4e38;\n  var l = 0.0;\n  for (var kj = 0u; kj < 16u; kj++) {\n    var s = 0.0;\n    for (var e = 0u; e < 128u; e++) { s = fma(q[e], qkv[kBase + e * 16u + kj], s); }\n    let mNew = max(m, s);\n    let scale = exp(m - mNew);\n    let p = exp(s - mNew);\n    l = fma(l, scale, p);\n    for (var e = 0u; e < 128u; e++) { acc[e] = fma(acc[e], scale, p * qkv[vBase + e * 16u + kj]); }\n    m = mNew;\n  }\n  let outBase = (b * 128u + head * 128u) * 16u;\n  for (var e = 0u; e < 128u; e++) { y[outBase + e * 16u + qi] = acc[e] / l; }\n}\n";

// kiln:source/kernels/42_conv2d.wgsl
var conv2d_default14 = "// conv2d 1x1 stride 1 pad 0: [1,128,4,4] -> [1,128,4,4]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 2048u) { return; }\n  let ox = i % 4u;\n  let oy = (i / 4u) % 4u;\n  let co = (i / 16u) % 128u;\n  let b = i / 2048u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 128u; ci++) {\n    let xBase = (b * 128u + ci) * 16u;\n    let wBase = (co * 128u + ci) * 1u;\n    for (var ky = 0u; ky < 1u; ky++) {\n      let iy = i32(oy * 1u + ky) - 0;\n      if (iy < 0 || iy >= 4) { continue; }\n      for (var kx = 0u; kx < 1u; kx++) {\n        let ix = i32(ox * 1u + kx) - 0;\n        if (ix < 0 || ix >= 4) { continue; }\n        acc = fma(x[xBase + u32(iy) * 4u + u32(ix)], weight[wBase + ky * 1u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/43_conv_transpose2d.wgsl
var conv_transpose2d_default = "// conv_transpose2d 4x4 stride 2 pad 1: [1,128,4,4] -> [1,128,8,8]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 8192u) { return; }\n  let ox = i32(i % 8u);\n  let oy = i32((i / 8u) % 8u);\n  let co = (i / 64u) % 128u;\n  let b = i / 8192u;\n  var acc = bias[co];\n  for (var ky = 0; ky < 4; ky++) {\n    let ty = oy + 1 - ky;\n    if (ty < 0 || ty % 2 != 0 || ty / 2 >= 4) { continue; }\n    let iy = u32(ty / 2);\n    for (var kx = 0; kx < 4; kx++) {\n      let tx = ox + 1 - kx;\n      if (tx < 0 || tx % 2 != 0 || tx / 2 >= 4) { continue; }\n      let ix = u32(tx / 2);\n      let tap = u32(ky * 4 + kx);\n      for (var ci = 0u; ci < 128u; ci++) {\n        acc = fma(x[((b * 128u + ci) * 4u + iy) * 4u + ix], weight[(ci * 128u + co) * 16u + tap], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/44_concat.wgsl
var concat_default = "// concat channels: [1,128,8,8] ++ [1,128,8,8]\n@group(0) @binding(0) var<storage, read> a: array<f32>;\n@group(0) @binding(1) var<storage, read> b: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16384u) { return; }\n  let p = i % 64u;\n  let c = (i / 64u) % 256u;\n  let n = i / 16384u;\n  if (c < 128u) {\n    y[i] = a[(n * 128u + c) * 64u + p];\n  } else {\n    y[i] = b[(n * 128u + c - 128u) * 64u + p];\n  }\n}\n";

// kiln:source/kernels/45_group_norm.wgsl
var group_norm_default7 = "// group_norm 8 groups eps 0.00001: [1,256,8,8]\n// one workgroup per (batch, group); two-pass mean/variance\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> gamma: array<f32>;\n@group(0) @binding(2) var<storage, read> beta: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\nvar<workgroup> partial: array<f32, 256>;\n\nfn reduce(lid: u32, v: f32) -> f32 {\n  partial[lid] = v;\n  workgroupBarrier();\n  for (var stride = 128u; stride > 0u; stride >>= 1u) {\n    if (lid < stride) { partial[lid] += partial[lid + stride]; }\n    workgroupBarrier();\n  }\n  let total = partial[0];\n  workgroupBarrier();\n  return total;\n}\n\n@compute @workgroup_size(256)\nfn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {\n  let base = wid.x * 2048u;\n  let group = wid.x % 8u;\n  var s = 0.0;\n  for (var j = lid; j < 2048u; j += 256u) { s += x[base + j]; }\n  let mean = reduce(lid, s) / 2048.00000;\n  var q = 0.0;\n  for (var j = lid; j < 2048u; j += 256u) { let d = x[base + j] - mean; q = fma(d, d, q); }\n  let rstd = inverseSqrt(reduce(lid, q) / 2048.00000 + 0.00000999999975);\n  for (var j = lid; j < 2048u; j += 256u) {\n    let ch = group * 32u + j / 64u;\n    y[base + j] = (x[base + j] - mean) * rstd * gamma[ch] + beta[ch];\n  }\n}\n";

// kiln:source/kernels/46_silu.wgsl
var silu_default8 = "// silu: [1,256,8,8]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16384u) { return; }\n  let v = x[i];\n  y[i] = v / (1.0 + exp(-v));\n}\n";

// kiln:source/kernels/47_conv2d.wgsl
var conv2d_default15 = "// conv2d 3x3 stride 1 pad 1: [1,256,8,8] -> [1,128,8,8]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 8192u) { return; }\n  let ox = i % 8u;\n  let oy = (i / 8u) % 8u;\n  let co = (i / 64u) % 128u;\n  let b = i / 8192u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 256u; ci++) {\n    let xBase = (b * 256u + ci) * 64u;\n    let wBase = (co * 256u + ci) * 9u;\n    for (var ky = 0u; ky < 3u; ky++) {\n      let iy = i32(oy * 1u + ky) - 1;\n      if (iy < 0 || iy >= 8) { continue; }\n      for (var kx = 0u; kx < 3u; kx++) {\n        let ix = i32(ox * 1u + kx) - 1;\n        if (ix < 0 || ix >= 8) { continue; }\n        acc = fma(x[xBase + u32(iy) * 8u + u32(ix)], weight[wBase + ky * 3u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/48_conv2d.wgsl
var conv2d_default16 = "// conv2d 1x1 stride 1 pad 0: [1,256,8,8] -> [1,128,8,8]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 8192u) { return; }\n  let ox = i % 8u;\n  let oy = (i / 8u) % 8u;\n  let co = (i / 64u) % 128u;\n  let b = i / 8192u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 256u; ci++) {\n    let xBase = (b * 256u + ci) * 64u;\n    let wBase = (co * 256u + ci) * 1u;\n    for (var ky = 0u; ky < 1u; ky++) {\n      let iy = i32(oy * 1u + ky) - 0;\n      if (iy < 0 || iy >= 8) { continue; }\n      for (var kx = 0u; kx < 1u; kx++) {\n        let ix = i32(ox * 1u + kx) - 0;\n        if (ix < 0 || ix >= 8) { continue; }\n        acc = fma(x[xBase + u32(iy) * 8u + u32(ix)], weight[wBase + ky * 1u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/49_conv_transpose2d.wgsl
var conv_transpose2d_default2 = "// conv_transpose2d 4x4 stride 2 pad 1: [1,128,8,8] -> [1,64,16,16]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16384u) { return; }\n  let ox = i32(i % 16u);\n  let oy = i32((i / 16u) % 16u);\n  let co = (i / 256u) % 64u;\n  let b = i / 16384u;\n  var acc = bias[co];\n  for (var ky = 0; ky < 4; ky++) {\n    let ty = oy + 1 - ky;\n    if (ty < 0 || ty % 2 != 0 || ty / 2 >= 8) { continue; }\n    let iy = u32(ty / 2);\n    for (var kx = 0; kx < 4; kx++) {\n      let tx = ox + 1 - kx;\n      if (tx < 0 || tx % 2 != 0 || tx / 2 >= 8) { continue; }\n      let ix = u32(tx / 2);\n      let tap = u32(ky * 4 + kx);\n      for (var ci = 0u; ci < 128u; ci++) {\n        acc = fma(x[((b * 128u + ci) * 8u + iy) * 8u + ix], weight[(ci * 64u + co) * 16u + tap], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/50_concat.wgsl
var concat_default2 = "// concat channels: [1,64,16,16] ++ [1,64,16,16]\n@group(0) @binding(0) var<storage, read> a: array<f32>;\n@group(0) @binding(1) var<storage, read> b: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 32768u) { return; }\n  let p = i % 256u;\n  let c = (i / 256u) % 128u;\n  let n = i / 32768u;\n  if (c < 64u) {\n    y[i] = a[(n * 64u + c) * 256u + p];\n  } else {\n    y[i] = b[(n * 64u + c - 64u) * 256u + p];\n  }\n}\n";

// kiln:source/kernels/51_group_norm.wgsl
var group_norm_default8 = "// group_norm 8 groups eps 0.00001: [1,128,16,16]\n// one workgroup per (batch, group); two-pass mean/variance\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> gamma: array<f32>;\n@group(0) @binding(2) var<storage, read> beta: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\nvar<workgroup> partial: array<f32, 256>;\n\nfn reduce(lid: u32, v: f32) -> f32 {\n  partial[lid] = v;\n  workgroupBarrier();\n  for (var stride = 128u; stride > 0u; stride >>= 1u) {\n    if (lid < stride) { partial[lid] += partial[lid + stride]; }\n    workgroupBarrier();\n  }\n  let total = partial[0];\n  workgroupBarrier();\n  return total;\n}\n\n@compute @workgroup_size(256)\nfn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {\n  let base = wid.x * 4096u;\n  let group = wid.x % 8u;\n  var s = 0.0;\n  for (var j = lid; j < 4096u; j += 256u) { s += x[base + j]; }\n  let mean = reduce(lid, s) / 4096.00000;\n  var q = 0.0;\n  for (var j = lid; j < 4096u; j += 256u) { let d = x[base + j] - mean; q = fma(d, d, q); }\n  let rstd = inverseSqrt(reduce(lid, q) / 4096.00000 + 0.00000999999975);\n  for (var j = lid; j < 4096u; j += 256u) {\n    let ch = group * 16u + j / 256u;\n    y[base + j] = (x[base + j] - mean) * rstd * gamma[ch] + beta[ch];\n  }\n}\n";

// kiln:source/kernels/52_silu.wgsl
var silu_default9 = "// silu: [1,128,16,16]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 32768u) { return; }\n  let v = x[i];\n  y[i] = v / (1.0 + exp(-v));\n}\n";

// kiln:source/kernels/53_conv2d.wgsl
var conv2d_default17 = "// conv2d 3x3 stride 1 pad 1: [1,128,16,16] -> [1,64,16,16]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16384u) { return; }\n  let ox = i % 16u;\n  let oy = (i / 16u) % 16u;\n  let co = (i / 256u) % 64u;\n  let b = i / 16384u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 128u; ci++) {\n    let xBase = (b * 128u + ci) * 256u;\n    let wBase = (co * 128u + ci) * 9u;\n    for (var ky = 0u; ky < 3u; ky++) {\n      let iy = i32(oy * 1u + ky) - 1;\n      if (iy < 0 || iy >= 16) { continue; }\n      for (var kx = 0u; kx < 3u; kx++) {\n        let ix = i32(ox * 1u + kx) - 1;\n        if (ix < 0 || ix >= 16) { continue; }\n        acc = fma(x[xBase + u32(iy) * 16u + u32(ix)], weight[wBase + ky * 3u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/54_conv2d.wgsl
var conv2d_default18 = "// conv2d 1x1 stride 1 pad 0: [1,128,16,16] -> [1,64,16,16]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 16384u) { return; }\n  let ox = i % 16u;\n  let oy = (i / 16u) % 16u;\n  let co = (i / 256u) % 64u;\n  let b = i / 16384u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 128u; ci++) {\n    let xBase = (b * 128u + ci) * 256u;\n    let wBase = (co * 128u + ci) * 1u;\n    for (var ky = 0u; ky < 1u; ky++) {\n      let iy = i32(oy * 1u + ky) - 0;\n      if (iy < 0 || iy >= 16) { continue; }\n      for (var kx = 0u; kx < 1u; kx++) {\n        let ix = i32(ox * 1u + kx) - 0;\n        if (ix < 0 || ix >= 16) { continue; }\n        acc = fma(x[xBase + u32(iy) * 16u + u32(ix)], weight[wBase + ky * 1u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/55_conv_transpose2d.wgsl
var conv_transpose2d_default3 = "// conv_transpose2d 4x4 stride 2 pad 1: [1,64,16,16] -> [1,32,32,32]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 32768u) { return; }\n  let ox = i32(i % 32u);\n  let oy = i32((i / 32u) % 32u);\n  let co = (i / 1024u) % 32u;\n  let b = i / 32768u;\n  var acc = bias[co];\n  for (var ky = 0; ky < 4; ky++) {\n    let ty = oy + 1 - ky;\n    if (ty < 0 || ty % 2 != 0 || ty / 2 >= 16) { continue; }\n    let iy = u32(ty / 2);\n    for (var kx = 0; kx < 4; kx++) {\n      let tx = ox + 1 - kx;\n      if (tx < 0 || tx % 2 != 0 || tx / 2 >= 16) { continue; }\n      let ix = u32(tx / 2);\n      let tap = u32(ky * 4 + kx);\n      for (var ci = 0u; ci < 64u; ci++) {\n        acc = fma(x[((b * 64u + ci) * 16u + iy) * 16u + ix], weight[(ci * 32u + co) * 16u + tap], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/56_concat.wgsl
var concat_default3 = "// concat channels: [1,32,32,32] ++ [1,32,32,32]\n@group(0) @binding(0) var<storage, read> a: array<f32>;\n@group(0) @binding(1) var<storage, read> b: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 65536u) { return; }\n  let p = i % 1024u;\n  let c = (i / 1024u) % 64u;\n  let n = i / 65536u;\n  if (c < 32u) {\n    y[i] = a[(n * 32u + c) * 1024u + p];\n  } else {\n    y[i] = b[(n * 32u + c - 32u) * 1024u + p];\n  }\n}\n";

// kiln:source/kernels/57_group_norm.wgsl
var group_norm_default9 = "// group_norm 8 groups eps 0.00001: [1,64,32,32]\n// one workgroup per (batch, group); two-pass mean/variance\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> gamma: array<f32>;\n@group(0) @binding(2) var<storage, read> beta: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\nvar<workgroup> partial: array<f32, 256>;\n\nfn reduce(lid: u32, v: f32) -> f32 {\n  partial[lid] = v;\n  workgroupBarrier();\n  for (var stride = 128u; stride > 0u; stride >>= 1u) {\n    if (lid < stride) { partial[lid] += partial[lid + stride]; }\n    workgroupBarrier();\n  }\n  let total = partial[0];\n  workgroupBarrier();\n  return total;\n}\n\n@compute @workgroup_size(256)\nfn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {\n  let base = wid.x * 8192u;\n  let group = wid.x % 8u;\n  var s = 0.0;\n  for (var j = lid; j < 8192u; j += 256u) { s += x[base + j]; }\n  let mean = reduce(lid, s) / 8192.00000;\n  var q = 0.0;\n  for (var j = lid; j < 8192u; j += 256u) { let d = x[base + j] - mean; q = fma(d, d, q); }\n  let rstd = inverseSqrt(reduce(lid, q) / 8192.00000 + 0.00000999999975);\n  for (var j = lid; j < 8192u; j += 256u) {\n    let ch = group * 8u + j / 1024u;\n    y[base + j] = (x[base + j] - mean) * rstd * gamma[ch] + beta[ch];\n  }\n}\n";

// kiln:source/kernels/58_silu.wgsl
var silu_default10 = "// silu: [1,64,32,32]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 65536u) { return; }\n  let v = x[i];\n  y[i] = v / (1.0 + exp(-v));\n}\n";

// kiln:source/kernels/59_conv2d.wgsl
var conv2d_default19 = "// conv2d 3x3 stride 1 pad 1: [1,64,32,32] -> [1,32,32,32]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 32768u) { return; }\n  let ox = i % 32u;\n  let oy = (i / 32u) % 32u;\n  let co = (i / 1024u) % 32u;\n  let b = i / 32768u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 64u; ci++) {\n    let xBase = (b * 64u + ci) * 1024u;\n    let wBase = (co * 64u + ci) * 9u;\n    for (var ky = 0u; ky < 3u; ky++) {\n      let iy = i32(oy * 1u + ky) - 1;\n      if (iy < 0 || iy >= 32) { continue; }\n      for (var kx = 0u; kx < 3u; kx++) {\n        let ix = i32(ox * 1u + kx) - 1;\n        if (ix < 0 || ix >= 32) { continue; }\n        acc = fma(x[xBase + u32(iy) * 32u + u32(ix)], weight[wBase + ky * 3u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/60_conv2d.wgsl
var conv2d_default20 = "// conv2d 1x1 stride 1 pad 0: [1,64,32,32] -> [1,32,32,32]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 32768u) { return; }\n  let ox = i % 32u;\n  let oy = (i / 32u) % 32u;\n  let co = (i / 1024u) % 32u;\n  let b = i / 32768u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 64u; ci++) {\n    let xBase = (b * 64u + ci) * 1024u;\n    let wBase = (co * 64u + ci) * 1u;\n    for (var ky = 0u; ky < 1u; ky++) {\n      let iy = i32(oy * 1u + ky) - 0;\n      if (iy < 0 || iy >= 32) { continue; }\n      for (var kx = 0u; kx < 1u; kx++) {\n        let ix = i32(ox * 1u + kx) - 0;\n        if (ix < 0 || ix >= 32) { continue; }\n        acc = fma(x[xBase + u32(iy) * 32u + u32(ix)], weight[wBase + ky * 1u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/kernels/61_conv2d.wgsl
var conv2d_default21 = "// conv2d 3x3 stride 1 pad 1: [1,32,32,32] -> [1,3,32,32]\n@group(0) @binding(0) var<storage, read> x: array<f32>;\n@group(0) @binding(1) var<storage, read> weight: array<f32>;\n@group(0) @binding(2) var<storage, read> bias: array<f32>;\n@group(0) @binding(3) var<storage, read_write> y: array<f32>;\n\n@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {\n  let i = gid.x + gid.y * nwg.x * 64u;\n  if (i >= 3072u) { return; }\n  let ox = i % 32u;\n  let oy = (i / 32u) % 32u;\n  let co = (i / 1024u) % 3u;\n  let b = i / 3072u;\n  var acc = bias[co];\n  for (var ci = 0u; ci < 32u; ci++) {\n    let xBase = (b * 32u + ci) * 1024u;\n    let wBase = (co * 32u + ci) * 9u;\n    for (var ky = 0u; ky < 3u; ky++) {\n      let iy = i32(oy * 1u + ky) - 1;\n      if (iy < 0 || iy >= 32) { continue; }\n      for (var kx = 0u; kx < 3u; kx++) {\n        let ix = i32(ox * 1u + kx) - 1;\n        if (ix < 0 || ix >= 32) { continue; }\n        acc = fma(x[xBase + u32(iy) * 32u + u32(ix)], weight[wBase + ky * 3u + kx], acc);\n      }\n    }\n  }\n  y[i] = acc;\n}\n";

// kiln:source/runner.ts
var INPUTS = { "x": [1, 3, 32, 32], "t": [1] };
var OUTPUTS = { "out": [1, 3, 32, 32] };
var PARAMS = [
  { name: "time_mlp.mlp.0.weight", shape: [512, 128] },
  { name: "time_mlp.mlp.0.bias", shape: [512] },
  { name: "time_mlp.mlp.2.weight", shape: [128, 512] },
  { name: "time_mlp.mlp.2.bias", shape: [128] },
  { name: "init_conv.weight", shape: [32, 3, 3, 3] },
  { name: "init_conv.bias", shape: [32] },
  { name: "down_blocks.0.res.block1.0.weight", shape: [32] },
  { name: "down_blocks.0.res.block1.0.bias", shape: [32] },
  { name: "down_blocks.0.res.block1.2.weight", shape: [32, 32, 3, 3] },
  { name: "down_blocks.0.res.block1.2.bias", shape: [32] },
  { name: "down_blocks.0.res.time_emb.1.weight", shape: [32, 128] },
  { name: "down_blocks.0.res.time_emb.1.bias", shape: [32] },
  { name: "down_blocks.0.res.block2.0.weight", shape: [32] },
  { name: "down_blocks.0.res.block2.0.bias", shape: [32] },
  { name: "down_blocks.0.res.block2.2.weight", shape: [32, 32, 3, 3] },
  { name: "down_blocks.0.res.block2.2.bias", shape: [32] },
  { name: "down_blocks.0.pool.weight", shape: [32, 32, 4, 4] },
  { name: "down_blocks.0.pool.bias", shape: [32] },
  { name: "down_blocks.1.res.block1.0.weight", shape: [32] },
  { name: "down_blocks.1.res.block1.0.bias", shape: [32] },
  { name: "down_blocks.1.res.block1.2.weight", shape: [64, 32, 3, 3] },
  { name: "down_blocks.1.res.block1.2.bias", shape: [64] },
  { name: "down_blocks.1.res.time_emb.1.weight", shape: [64, 128] },
  { name: "down_blocks.1.res.time_emb.1.bias", shape: [64] },
  { name: "down_blocks.1.res.block2.0.weight", shape: [64] },
  { name: "down_blocks.1.res.block2.0.bias", shape: [64] },
  { name: "down_blocks.1.res.block2.2.weight", shape: [64, 64, 3, 3] },
  { name: "down_blocks.1.res.block2.2.bias", shape: [64] },
  { name: "down_blocks.1.res.shortcut.weight", shape: [64, 32, 1, 1] },
  { name: "down_blocks.1.res.shortcut.bias", shape: [64] },
  { name: "down_blocks.1.pool.weight", shape: [64, 64, 4, 4] },
  { name: "down_blocks.1.pool.bias", shape: [64] },
  { name: "down_blocks.2.res.block1.0.weight", shape: [64] },
  { name: "down_blocks.2.res.block1.0.bias", shape: [64] },
  { name: "down_blocks.2.res.block1.2.weight", shape: [128, 64, 3, 3] },
  { name: "down_blocks.2.res.block1.2.bias", shape: [128] },
  { name: "down_blocks.2.res.time_emb.1.weight", shape: [128, 128] },
  { name: "down_blocks.2.res.time_emb.1.bias", shape: [128] },
  { name: "down_blocks.2.res.block2.0.weight", shape: [128] },
  { name: "down_blocks.2.res.block2.0.bias", shape: [128] },
  { name: "down_blocks.2.res.block2.2.weight", shape: [128, 128, 3, 3] },
  { name: "down_blocks.2.res.block2.2.bias", shape: [128] },
  { name: "down_blocks.2.res.shortcut.weight", shape: [128, 64, 1, 1] },
  { name: "down_blocks.2.res.shortcut.bias", shape: [128] },
  { name: "down_blocks.2.pool.weight", shape: [128, 128, 4, 4] },
  { name: "down_blocks.2.pool.bias", shape: [128] },
  { name: "bottleneck.res1.block1.0.weight", shape: [128] },
  { name: "bottleneck.res1.block1.0.bias", shape: [128] },
  { name: "bottleneck.res1.block1.2.weight", shape: [128, 128, 3, 3] },
  { name: "bottleneck.res1.block1.2.bias", shape: [128] },
  { name: "bottleneck.res1.time_emb.1.weight", shape: [128, 128] },
  { name: "bottleneck.res1.time_emb.1.bias", shape: [128] },
  { name: "bottleneck.res1.block2.0.weight", shape: [128] },
  { name: "bottleneck.res1.block2.0.bias", shape: [128] },
  { name: "bottleneck.res1.block2.2.weight", shape: [128, 128, 3, 3] },
  { name: "bottleneck.res1.block2.2.bias", shape: [128] },
  { name: "bottleneck.attn.norm.weight", shape: [128] },
  { name: "bottleneck.attn.norm.bias", shape: [128] },
  { name: "bottleneck.attn.qkv.weight", shape: [384, 128, 1, 1] },
  { name: "bottleneck.attn.qkv.bias", shape: [384] },
  { name: "bottleneck.attn.proj.weight", shape: [128, 128, 1, 1] },
  { name: "bottleneck.attn.proj.bias", shape: [128] },
  { name: "bottleneck.res2.block1.0.weight", shape: [128] },
  { name: "bottleneck.res2.block1.0.bias", shape: [128] },
  { name: "bottleneck.res2.block1.2.weight", shape: [128, 128, 3, 3] },
  { name: "bottleneck.res2.block1.2.bias", shape: [128] },
  { name: "bottleneck.res2.time_emb.1.weight", shape: [128, 128] },
  { name: "bottleneck.res2.time_emb.1.bias", shape: [128] },
  { name: "bottleneck.res2.block2.0.weight", shape: [128] },
  { name: "bottleneck.res2.block2.0.bias", shape: [128] },
  { name: "bottleneck.res2.block2.2.weight", shape: [128, 128, 3, 3] },
  { name: "bottleneck.res2.block2.2.bias", shape: [128] },
  { name: "up_blocks.0.up.weight", shape: [128, 128, 4, 4] },
  { name: "up_blocks.0.up.bias", shape: [128] },
  { name: "up_blocks.0.res.block1.0.weight", shape: [256] },
  { name: "up_blocks.0.res.block1.0.bias", shape: [256] },
  { name: "up_blocks.0.res.block1.2.weight", shape: [128, 256, 3, 3] },
  { name: "up_blocks.0.res.block1.2.bias", shape: [128] },
  { name: "up_blocks.0.res.time_emb.1.weight", shape: [128, 128] },
  { name: "up_blocks.0.res.time_emb.1.bias", shape: [128] },
  { name: "up_blocks.0.res.block2.0.weight", shape: [128] },
  { name: "up_blocks.0.res.block2.0.bias", shape: [128] },
  { name: "up_blocks.0.res.block2.2.weight", shape: [128, 128, 3, 3] },
  { name: "up_blocks.0.res.block2.2.bias", shape: [128] },
  { name: "up_blocks.0.res.shortcut.weight", shape: [128, 256, 1, 1] },
  { name: "up_blocks.0.res.shortcut.bias", shape: [128] },
  { name: "up_blocks.1.up.weight", shape: [128, 64, 4, 4] },
  { name: "up_blocks.1.up.bias", shape: [64] },
  { name: "up_blocks.1.res.block1.0.weight", shape: [128] },
  { name: "up_blocks.1.res.block1.0.bias", shape: [128] },
  { name: "up_blocks.1.res.block1.2.weight", shape: [64, 128, 3, 3] },
  { name: "up_blocks.1.res.block1.2.bias", shape: [64] },
  { name: "up_blocks.1.res.time_emb.1.weight", shape: [64, 128] },
  { name: "up_blocks.1.res.time_emb.1.bias", shape: [64] },
  { name: "up_blocks.1.res.block2.0.weight", shape: [64] },
  { name: "up_blocks.1.res.block2.0.bias", shape: [64] },
  { name: "up_blocks.1.res.block2.2.weight", shape: [64, 64, 3, 3] },
  { name: "up_blocks.1.res.block2.2.bias", shape: [64] },
  { name: "up_blocks.1.res.shortcut.weight", shape: [64, 128, 1, 1] },
  { name: "up_blocks.1.res.shortcut.bias", shape: [64] },
  { name: "up_blocks.2.up.weight", shape: [64, 32, 4, 4] },
  { name: "up_blocks.2.up.bias", shape: [32] },
  { name: "up_blocks.2.res.block1.0.weight", shape: [64] },
  { name: "up_blocks.2.res.block1.0.bias", shape: [64] },
  { name: "up_blocks.2.res.block1.2.weight", shape: [32, 64, 3, 3] },
  { name: "up_blocks.2.res.block1.2.bias", shape: [32] },
  { name: "up_blocks.2.res.time_emb.1.weight", shape: [32, 128] },
  { name: "up_blocks.2.res.time_emb.1.bias", shape: [32] },
  { name: "up_blocks.2.res.block2.0.weight", shape: [32] },
  { name: "up_blocks.2.res.block2.0.bias", shape: [32] },
  { name: "up_blocks.2.res.block2.2.weight", shape: [32, 32, 3, 3] },
  { name: "up_blocks.2.res.block2.2.bias", shape: [32] },
  { name: "up_blocks.2.res.shortcut.weight", shape: [32, 64, 1, 1] },
  { name: "up_blocks.2.res.shortcut.bias", shape: [32] },
  { name: "out_norm.weight", shape: [32] },
  { name: "out_norm.bias", shape: [32] },
  { name: "out_conv.weight", shape: [3, 32, 3, 3] },
  { name: "out_conv.bias", shape: [3] }
];
var SeedUnetS = class {
  device;
  buffers;
  pipelines;
  bindGroups;
  readback;
  static staticDispatches = 107;
  constructor(device) {
    this.device = device;
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const buffer = (label, size, usage = storage) => device.createBuffer({ label, size, usage });
    this.buffers = {
      in_x: buffer("x", 12288),
      // input [1,3,32,32]
      in_t: buffer("t", 4),
      // input [1]
      t2: buffer("time_mlp", 512),
      // temp [1,128]
      w_time_mlp_mlp_0_weight: buffer("time_mlp.mlp.0.weight", 262144),
      // param [512,128]
      w_time_mlp_mlp_0_bias: buffer("time_mlp.mlp.0.bias", 2048),
      // param [512]
      t5: buffer("time_mlp.mlp.0", 2048),
      // temp [1,512]
      t6: buffer("time_mlp.mlp.1", 2048),
      // temp [1,512]
      w_time_mlp_mlp_2_weight: buffer("time_mlp.mlp.2.weight", 262144),
      // param [128,512]
      w_time_mlp_mlp_2_bias: buffer("time_mlp.mlp.2.bias", 512),
      // param [128]
      t9: buffer("time_mlp.mlp.2", 512),
      // temp [1,128]
      w_init_conv_weight: buffer("init_conv.weight", 3456),
      // param [32,3,3,3]
      w_init_conv_bias: buffer("init_conv.bias", 128),
      // param [32]
      t12: buffer("init_conv", 131072),
      // temp [1,32,32,32]
      w_down_blocks_0_res_block1_0_weight: buffer("down_blocks.0.res.block1.0.weight", 128),
      // param [32]
      w_down_blocks_0_res_block1_0_bias: buffer("down_blocks.0.res.block1.0.bias", 128),
      // param [32]
      t15: buffer("down_blocks.0.res.block1.0", 131072),
      // temp [1,32,32,32]
      t16: buffer("down_blocks.0.res.block1.1", 131072),
      // temp [1,32,32,32]
      w_down_blocks_0_res_block1_2_weight: buffer("down_blocks.0.res.block1.2.weight", 36864),
      // param [32,32,3,3]
      w_down_blocks_0_res_block1_2_bias: buffer("down_blocks.0.res.block1.2.bias", 128),
      // param [32]
      t19: buffer("down_blocks.0.res.block1.2", 131072),
      // temp [1,32,32,32]
      t20: buffer("down_blocks.0.res.time_emb.0", 512),
      // temp [1,128]
      w_down_blocks_0_res_time_emb_1_weight: buffer("down_blocks.0.res.time_emb.1.weight", 16384),
      // param [32,128]
      w_down_blocks_0_res_time_emb_1_bias: buffer("down_blocks.0.res.time_emb.1.bias", 128),
      // param [32]
      t23: buffer("down_blocks.0.res.time_emb.1", 128),
      // temp [1,32]
      t24: buffer("down_blocks.0.res.time_emb", 131072),
      // temp [1,32,32,32]
      w_down_blocks_0_res_block2_0_weight: buffer("down_blocks.0.res.block2.0.weight", 128),
      // param [32]
      w_down_blocks_0_res_block2_0_bias: buffer("down_blocks.0.res.block2.0.bias", 128),
      // param [32]
      t27: buffer("down_blocks.0.res.block2.0", 131072),
      // temp [1,32,32,32]
      t28: buffer("down_blocks.0.res.block2.1", 131072),
      // temp [1,32,32,32]
      w_down_blocks_0_res_block2_2_weight: buffer("down_blocks.0.res.block2.2.weight", 36864),
      // param [32,32,3,3]
      w_down_blocks_0_res_block2_2_bias: buffer("down_blocks.0.res.block2.2.bias", 128),
      // param [32]
      t31: buffer("down_blocks.0.res.block2.2", 131072),
      // temp [1,32,32,32]
      t32: buffer("down_blocks.0.res", 131072),
      // temp [1,32,32,32]
      w_down_blocks_0_pool_weight: buffer("down_blocks.0.pool.weight", 65536),
      // param [32,32,4,4]
      w_down_blocks_0_pool_bias: buffer("down_blocks.0.pool.bias", 128),
      // param [32]
      t35: buffer("down_blocks.0.pool", 32768),
      // temp [1,32,16,16]
      w_down_blocks_1_res_block1_0_weight: buffer("down_blocks.1.res.block1.0.weight", 128),
      // param [32]
      w_down_blocks_1_res_block1_0_bias: buffer("down_blocks.1.res.block1.0.bias", 128),
      // param [32]
      t38: buffer("down_blocks.1.res.block1.0", 32768),
      // temp [1,32,16,16]
      t39: buffer("down_blocks.1.res.block1.1", 32768),
      // temp [1,32,16,16]
      w_down_blocks_1_res_block1_2_weight: buffer("down_blocks.1.res.block1.2.weight", 73728),
      // param [64,32,3,3]
      w_down_blocks_1_res_block1_2_bias: buffer("down_blocks.1.res.block1.2.bias", 256),
      // param [64]
      t42: buffer("down_blocks.1.res.block1.2", 65536),
      // temp [1,64,16,16]
      t43: buffer("down_blocks.1.res.time_emb.0", 512),
      // temp [1,128]
      w_down_blocks_1_res_time_emb_1_weight: buffer("down_blocks.1.res.time_emb.1.weight", 32768),
      // param [64,128]
      w_down_blocks_1_res_time_emb_1_bias: buffer("down_blocks.1.res.time_emb.1.bias", 256),
      // param [64]
      t46: buffer("down_blocks.1.res.time_emb.1", 256),
      // temp [1,64]
      t47: buffer("down_blocks.1.res.time_emb", 65536),
      // temp [1,64,16,16]
      w_down_blocks_1_res_block2_0_weight: buffer("down_blocks.1.res.block2.0.weight", 256),
      // param [64]
      w_down_blocks_1_res_block2_0_bias: buffer("down_blocks.1.res.block2.0.bias", 256),
      // param [64]
      t50: buffer("down_blocks.1.res.block2.0", 65536),
      // temp [1,64,16,16]
      t51: buffer("down_blocks.1.res.block2.1", 65536),
      // temp [1,64,16,16]
      w_down_blocks_1_res_block2_2_weight: buffer("down_blocks.1.res.block2.2.weight", 147456),
      // param [64,64,3,3]
      w_down_blocks_1_res_block2_2_bias: buffer("down_blocks.1.res.block2.2.bias", 256),
      // param [64]
      t54: buffer("down_blocks.1.res.block2.2", 65536),
      // temp [1,64,16,16]
      w_down_blocks_1_res_shortcut_weight: buffer("down_blocks.1.res.shortcut.weight", 8192),
      // param [64,32,1,1]
      w_down_blocks_1_res_shortcut_bias: buffer("down_blocks.1.res.shortcut.bias", 256),
      // param [64]
      t57: buffer("down_blocks.1.res.shortcut", 65536),
      // temp [1,64,16,16]
      t58: buffer("down_blocks.1.res", 65536),
      // temp [1,64,16,16]
      w_down_blocks_1_pool_weight: buffer("down_blocks.1.pool.weight", 262144),
      // param [64,64,4,4]
      w_down_blocks_1_pool_bias: buffer("down_blocks.1.pool.bias", 256),
      // param [64]
      t61: buffer("down_blocks.1.pool", 16384),
      // temp [1,64,8,8]
      w_down_blocks_2_res_block1_0_weight: buffer("down_blocks.2.res.block1.0.weight", 256),
      // param [64]
      w_down_blocks_2_res_block1_0_bias: buffer("down_blocks.2.res.block1.0.bias", 256),
      // param [64]
      t64: buffer("down_blocks.2.res.block1.0", 16384),
      // temp [1,64,8,8]
      t65: buffer("down_blocks.2.res.block1.1", 16384),
      // temp [1,64,8,8]
      w_down_blocks_2_res_block1_2_weight: buffer("down_blocks.2.res.block1.2.weight", 294912),
      // param [128,64,3,3]
      w_down_blocks_2_res_block1_2_bias: buffer("down_blocks.2.res.block1.2.bias", 512),
      // param [128]
      t68: buffer("down_blocks.2.res.block1.2", 32768),
      // temp [1,128,8,8]
      t69: buffer("down_blocks.2.res.time_emb.0", 512),
      // temp [1,128]
      w_down_blocks_2_res_time_emb_1_weight: buffer("down_blocks.2.res.time_emb.1.weight", 65536),
      // param [128,128]
      w_down_blocks_2_res_time_emb_1_bias: buffer("down_blocks.2.res.time_emb.1.bias", 512),
      // param [128]
      t72: buffer("down_blocks.2.res.time_emb.1", 512),
      // temp [1,128]
      t73: buffer("down_blocks.2.res.time_emb", 32768),
      // temp [1,128,8,8]
      w_down_blocks_2_res_block2_0_weight: buffer("down_blocks.2.res.block2.0.weight", 512),
      // param [128]
      w_down_blocks_2_res_block2_0_bias: buffer("down_blocks.2.res.block2.0.bias", 512),
      // param [128]
      t76: buffer("down_blocks.2.res.block2.0", 32768),
      // temp [1,128,8,8]
      t77: buffer("down_blocks.2.res.block2.1", 32768),
      // temp [1,128,8,8]
      w_down_blocks_2_res_block2_2_weight: buffer("down_blocks.2.res.block2.2.weight", 589824),
      // param [128,128,3,3]
      w_down_blocks_2_res_block2_2_bias: buffer("down_blocks.2.res.block2.2.bias", 512),
      // param [128]
      t80: buffer("down_blocks.2.res.block2.2", 32768),
      // temp [1,128,8,8]
      w_down_blocks_2_res_shortcut_weight: buffer("down_blocks.2.res.shortcut.weight", 32768),
      // param [128,64,1,1]
      w_down_blocks_2_res_shortcut_bias: buffer("down_blocks.2.res.shortcut.bias", 512),
      // param [128]
      t83: buffer("down_blocks.2.res.shortcut", 32768),
      // temp [1,128,8,8]
      t84: buffer("down_blocks.2.res", 32768),
      // temp [1,128,8,8]
      w_down_blocks_2_pool_weight: buffer("down_blocks.2.pool.weight", 1048576),
      // param [128,128,4,4]
      w_down_blocks_2_pool_bias: buffer("down_blocks.2.pool.bias", 512),
      // param [128]
      t87: buffer("down_blocks.2.pool", 8192),
      // temp [1,128,4,4]
      w_bottleneck_res1_block1_0_weight: buffer("bottleneck.res1.block1.0.weight", 512),
      // param [128]
      w_bottleneck_res1_block1_0_bias: buffer("bottleneck.res1.block1.0.bias", 512),
      // param [128]
      t90: buffer("bottleneck.res1.block1.0", 8192),
      // temp [1,128,4,4]
      t91: buffer("bottleneck.res1.block1.1", 8192),
      // temp [1,128,4,4]
      w_bottleneck_res1_block1_2_weight: buffer("bottleneck.res1.block1.2.weight", 589824),
      // param [128,128,3,3]
      w_bottleneck_res1_block1_2_bias: buffer("bottleneck.res1.block1.2.bias", 512),
      // param [128]
      t94: buffer("bottleneck.res1.block1.2", 8192),
      // temp [1,128,4,4]
      t95: buffer("bottleneck.res1.time_emb.0", 512),
      // temp [1,128]
      w_bottleneck_res1_time_emb_1_weight: buffer("bottleneck.res1.time_emb.1.weight", 65536),
      // param [128,128]
      w_bottleneck_res1_time_emb_1_bias: buffer("bottleneck.res1.time_emb.1.bias", 512),
      // param [128]
      t98: buffer("bottleneck.res1.time_emb.1", 512),
      // temp [1,128]
      t99: buffer("bottleneck.res1.time_emb", 8192),
      // temp [1,128,4,4]
      w_bottleneck_res1_block2_0_weight: buffer("bottleneck.res1.block2.0.weight", 512),
      // param [128]
      w_bottleneck_res1_block2_0_bias: buffer("bottleneck.res1.block2.0.bias", 512),
      // param [128]
      t102: buffer("bottleneck.res1.block2.0", 8192),
      // temp [1,128,4,4]
      t103: buffer("bottleneck.res1.block2.1", 8192),
      // temp [1,128,4,4]
      w_bottleneck_res1_block2_2_weight: buffer("bottleneck.res1.block2.2.weight", 589824),
      // param [128,128,3,3]
      w_bottleneck_res1_block2_2_bias: buffer("bottleneck.res1.block2.2.bias", 512),
      // param [128]
      t106: buffer("bottleneck.res1.block2.2", 8192),
      // temp [1,128,4,4]
      t107: buffer("bottleneck.res1", 8192),
      // temp [1,128,4,4]
      w_bottleneck_attn_norm_weight: buffer("bottleneck.attn.norm.weight", 512),
      // param [128]
      w_bottleneck_attn_norm_bias: buffer("bottleneck.attn.norm.bias", 512),
      // param [128]
      t110: buffer("bottleneck.attn.norm", 8192),
      // temp [1,128,4,4]
      w_bottleneck_attn_qkv_weight: buffer("bottleneck.attn.qkv.weight", 196608),
      // param [384,128,1,1]
      w_bottleneck_attn_qkv_bias: buffer("bottleneck.attn.qkv.bias", 1536),
      // param [384]
      t113: buffer("bottleneck.attn.qkv", 24576),
      // temp [1,384,4,4]
      t114: buffer("bottleneck.attn", 8192),
      // temp [1,128,4,4]
      w_bottleneck_attn_proj_weight: buffer("bottleneck.attn.proj.weight", 65536),
      // param [128,128,1,1]
      w_bottleneck_attn_proj_bias: buffer("bottleneck.attn.proj.bias", 512),
      // param [128]
      t117: buffer("bottleneck.attn.proj", 8192),
      // temp [1,128,4,4]
      t118: buffer("bottleneck.attn", 8192),
      // temp [1,128,4,4]
      w_bottleneck_res2_block1_0_weight: buffer("bottleneck.res2.block1.0.weight", 512),
      // param [128]
      w_bottleneck_res2_block1_0_bias: buffer("bottleneck.res2.block1.0.bias", 512),
      // param [128]
      t121: buffer("bottleneck.res2.block1.0", 8192),
      // temp [1,128,4,4]
      t122: buffer("bottleneck.res2.block1.1", 8192),
      // temp [1,128,4,4]
      w_bottleneck_res2_block1_2_weight: buffer("bottleneck.res2.block1.2.weight", 589824),
      // param [128,128,3,3]
      w_bottleneck_res2_block1_2_bias: buffer("bottleneck.res2.block1.2.bias", 512),
      // param [128]
      t125: buffer("bottleneck.res2.block1.2", 8192),
      // temp [1,128,4,4]
      t126: buffer("bottleneck.res2.time_emb.0", 512),
      // temp [1,128]
      w_bottleneck_res2_time_emb_1_weight: buffer("bottleneck.res2.time_emb.1.weight", 65536),
      // param [128,128]
      w_bottleneck_res2_time_emb_1_bias: buffer("bottleneck.res2.time_emb.1.bias", 512),
      // param [128]
      t129: buffer("bottleneck.res2.time_emb.1", 512),
      // temp [1,128]
      t130: buffer("bottleneck.res2.time_emb", 8192),
      // temp [1,128,4,4]
      w_bottleneck_res2_block2_0_weight: buffer("bottleneck.res2.block2.0.weight", 512),
      // param [128]
      w_bottleneck_res2_block2_0_bias: buffer("bottleneck.res2.block2.0.bias", 512),
      // param [128]
      t133: buffer("bottleneck.res2.block2.0", 8192),
      // temp [1,128,4,4]
      t134: buffer("bottleneck.res2.block2.1", 8192),
      // temp [1,128,4,4]
      w_bottleneck_res2_block2_2_weight: buffer("bottleneck.res2.block2.2.weight", 589824),
      // param [128,128,3,3]
      w_bottleneck_res2_block2_2_bias: buffer("bottleneck.res2.block2.2.bias", 512),
      // param [128]
      t137: buffer("bottleneck.res2.block2.2", 8192),
      // temp [1,128,4,4]
      t138: buffer("bottleneck.res2", 8192),
      // temp [1,128,4,4]
      w_up_blocks_0_up_weight: buffer("up_blocks.0.up.weight", 1048576),
      // param [128,128,4,4]
      w_up_blocks_0_up_bias: buffer("up_blocks.0.up.bias", 512),
      // param [128]
      t141: buffer("up_blocks.0.up", 32768),
      // temp [1,128,8,8]
      t142: buffer("up_blocks.0", 65536),
      // temp [1,256,8,8]
      w_up_blocks_0_res_block1_0_weight: buffer("up_blocks.0.res.block1.0.weight", 1024),
      // param [256]
      w_up_blocks_0_res_block1_0_bias: buffer("up_blocks.0.res.block1.0.bias", 1024),
      // param [256]
      t145: buffer("up_blocks.0.res.block1.0", 65536),
      // temp [1,256,8,8]
      t146: buffer("up_blocks.0.res.block1.1", 65536),
      // temp [1,256,8,8]
      w_up_blocks_0_res_block1_2_weight: buffer("up_blocks.0.res.block1.2.weight", 1179648),
      // param [128,256,3,3]
      w_up_blocks_0_res_block1_2_bias: buffer("up_blocks.0.res.block1.2.bias", 512),
      // param [128]
      t149: buffer("up_blocks.0.res.block1.2", 32768),
      // temp [1,128,8,8]
      t150: buffer("up_blocks.0.res.time_emb.0", 512),
      // temp [1,128]
      w_up_blocks_0_res_time_emb_1_weight: buffer("up_blocks.0.res.time_emb.1.weight", 65536),
      // param [128,128]
      w_up_blocks_0_res_time_emb_1_bias: buffer("up_blocks.0.res.time_emb.1.bias", 512),
      // param [128]
      t153: buffer("up_blocks.0.res.time_emb.1", 512),
      // temp [1,128]
      t154: buffer("up_blocks.0.res.time_emb", 32768),
      // temp [1,128,8,8]
      w_up_blocks_0_res_block2_0_weight: buffer("up_blocks.0.res.block2.0.weight", 512),
      // param [128]
      w_up_blocks_0_res_block2_0_bias: buffer("up_blocks.0.res.block2.0.bias", 512),
      // param [128]
      t157: buffer("up_blocks.0.res.block2.0", 32768),
      // temp [1,128,8,8]
      t158: buffer("up_blocks.0.res.block2.1", 32768),
      // temp [1,128,8,8]
      w_up_blocks_0_res_block2_2_weight: buffer("up_blocks.0.res.block2.2.weight", 589824),
      // param [128,128,3,3]
      w_up_blocks_0_res_block2_2_bias: buffer("up_blocks.0.res.block2.2.bias", 512),
      // param [128]
      t161: buffer("up_blocks.0.res.block2.2", 32768),
      // temp [1,128,8,8]
      w_up_blocks_0_res_shortcut_weight: buffer("up_blocks.0.res.shortcut.weight", 131072),
      // param [128,256,1,1]
      w_up_blocks_0_res_shortcut_bias: buffer("up_blocks.0.res.shortcut.bias", 512),
      // param [128]
      t164: buffer("up_blocks.0.res.shortcut", 32768),
      // temp [1,128,8,8]
      t165: buffer("up_blocks.0.res", 32768),
      // temp [1,128,8,8]
      w_up_blocks_1_up_weight: buffer("up_blocks.1.up.weight", 524288),
      // param [128,64,4,4]
      w_up_blocks_1_up_bias: buffer("up_blocks.1.up.bias", 256),
      // param [64]
      t168: buffer("up_blocks.1.up", 65536),
      // temp [1,64,16,16]
      t169: buffer("up_blocks.1", 131072),
      // temp [1,128,16,16]
      w_up_blocks_1_res_block1_0_weight: buffer("up_blocks.1.res.block1.0.weight", 512),
      // param [128]
      w_up_blocks_1_res_block1_0_bias: buffer("up_blocks.1.res.block1.0.bias", 512),
      // param [128]
      t172: buffer("up_blocks.1.res.block1.0", 131072),
      // temp [1,128,16,16]
      t173: buffer("up_blocks.1.res.block1.1", 131072),
      // temp [1,128,16,16]
      w_up_blocks_1_res_block1_2_weight: buffer("up_blocks.1.res.block1.2.weight", 294912),
      // param [64,128,3,3]
      w_up_blocks_1_res_block1_2_bias: buffer("up_blocks.1.res.block1.2.bias", 256),
      // param [64]
      t176: buffer("up_blocks.1.res.block1.2", 65536),
      // temp [1,64,16,16]
      t177: buffer("up_blocks.1.res.time_emb.0", 512),
      // temp [1,128]
      w_up_blocks_1_res_time_emb_1_weight: buffer("up_blocks.1.res.time_emb.1.weight", 32768),
      // param [64,128]
      w_up_blocks_1_res_time_emb_1_bias: buffer("up_blocks.1.res.time_emb.1.bias", 256),
      // param [64]
      t180: buffer("up_blocks.1.res.time_emb.1", 256),
      // temp [1,64]
      t181: buffer("up_blocks.1.res.time_emb", 65536),
      // temp [1,64,16,16]
      w_up_blocks_1_res_block2_0_weight: buffer("up_blocks.1.res.block2.0.weight", 256),
      // param [64]
      w_up_blocks_1_res_block2_0_bias: buffer("up_blocks.1.res.block2.0.bias", 256),
      // param [64]
      t184: buffer("up_blocks.1.res.block2.0", 65536),
      // temp [1,64,16,16]
      t185: buffer("up_blocks.1.res.block2.1", 65536),
      // temp [1,64,16,16]
      w_up_blocks_1_res_block2_2_weight: buffer("up_blocks.1.res.block2.2.weight", 147456),
      // param [64,64,3,3]
      w_up_blocks_1_res_block2_2_bias: buffer("up_blocks.1.res.block2.2.bias", 256),
      // param [64]
      t188: buffer("up_blocks.1.res.block2.2", 65536),
      // temp [1,64,16,16]
      w_up_blocks_1_res_shortcut_weight: buffer("up_blocks.1.res.shortcut.weight", 32768),
      // param [64,128,1,1]
      w_up_blocks_1_res_shortcut_bias: buffer("up_blocks.1.res.shortcut.bias", 256),
      // param [64]
      t191: buffer("up_blocks.1.res.shortcut", 65536),
      // temp [1,64,16,16]
      t192: buffer("up_blocks.1.res", 65536),
      // temp [1,64,16,16]
      w_up_blocks_2_up_weight: buffer("up_blocks.2.up.weight", 131072),
      // param [64,32,4,4]
      w_up_blocks_2_up_bias: buffer("up_blocks.2.up.bias", 128),
      // param [32]
      t195: buffer("up_blocks.2.up", 131072),
      // temp [1,32,32,32]
      t196: buffer("up_blocks.2", 262144),
      // temp [1,64,32,32]
      w_up_blocks_2_res_block1_0_weight: buffer("up_blocks.2.res.block1.0.weight", 256),
      // param [64]
      w_up_blocks_2_res_block1_0_bias: buffer("up_blocks.2.res.block1.0.bias", 256),
      // param [64]
      t199: buffer("up_blocks.2.res.block1.0", 262144),
      // temp [1,64,32,32]
      t200: buffer("up_blocks.2.res.block1.1", 262144),
      // temp [1,64,32,32]
      w_up_blocks_2_res_block1_2_weight: buffer("up_blocks.2.res.block1.2.weight", 73728),
      // param [32,64,3,3]
      w_up_blocks_2_res_block1_2_bias: buffer("up_blocks.2.res.block1.2.bias", 128),
      // param [32]
      t203: buffer("up_blocks.2.res.block1.2", 131072),
      // temp [1,32,32,32]
      t204: buffer("up_blocks.2.res.time_emb.0", 512),
      // temp [1,128]
      w_up_blocks_2_res_time_emb_1_weight: buffer("up_blocks.2.res.time_emb.1.weight", 16384),
      // param [32,128]
      w_up_blocks_2_res_time_emb_1_bias: buffer("up_blocks.2.res.time_emb.1.bias", 128),
      // param [32]
      t207: buffer("up_blocks.2.res.time_emb.1", 128),
      // temp [1,32]
      t208: buffer("up_blocks.2.res.time_emb", 131072),
      // temp [1,32,32,32]
      w_up_blocks_2_res_block2_0_weight: buffer("up_blocks.2.res.block2.0.weight", 128),
      // param [32]
      w_up_blocks_2_res_block2_0_bias: buffer("up_blocks.2.res.block2.0.bias", 128),
      // param [32]
      t211: buffer("up_blocks.2.res.block2.0", 131072),
      // temp [1,32,32,32]
      t212: buffer("up_blocks.2.res.block2.1", 131072),
      // temp [1,32,32,32]
      w_up_blocks_2_res_block2_2_weight: buffer("up_blocks.2.res.block2.2.weight", 36864),
      // param [32,32,3,3]
      w_up_blocks_2_res_block2_2_bias: buffer("up_blocks.2.res.block2.2.bias", 128),
      // param [32]
      t215: buffer("up_blocks.2.res.block2.2", 131072),
      // temp [1,32,32,32]
      w_up_blocks_2_res_shortcut_weight: buffer("up_blocks.2.res.shortcut.weight", 8192),
      // param [32,64,1,1]
      w_up_blocks_2_res_shortcut_bias: buffer("up_blocks.2.res.shortcut.bias", 128),
      // param [32]
      t218: buffer("up_blocks.2.res.shortcut", 131072),
      // temp [1,32,32,32]
      t219: buffer("up_blocks.2.res", 131072),
      // temp [1,32,32,32]
      w_out_norm_weight: buffer("out_norm.weight", 128),
      // param [32]
      w_out_norm_bias: buffer("out_norm.bias", 128),
      // param [32]
      t222: buffer("out_norm", 131072),
      // temp [1,32,32,32]
      t223: buffer("out_norm", 131072),
      // temp [1,32,32,32]
      w_out_conv_weight: buffer("out_conv.weight", 3456),
      // param [3,32,3,3]
      w_out_conv_bias: buffer("out_conv.bias", 12),
      // param [3]
      out_out: buffer("out", 12288)
      // output [1,3,32,32]
    };
    this.readback = {
      "out": buffer("out readback", 12288, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST)
    };
    const pipeline = (label, code) => device.createComputePipeline({ label, layout: "auto", compute: { module: device.createShaderModule({ label, code }), entryPoint: "main" } });
    this.pipelines = [
      pipeline("00_time_sincos.wgsl", time_sincos_default),
      pipeline("01_linear.wgsl", linear_default),
      pipeline("02_gelu.wgsl", gelu_default),
      pipeline("03_linear.wgsl", linear_default2),
      pipeline("04_conv2d.wgsl", conv2d_default),
      pipeline("05_group_norm.wgsl", group_norm_default),
      pipeline("06_silu.wgsl", silu_default),
      pipeline("07_conv2d.wgsl", conv2d_default2),
      pipeline("08_silu.wgsl", silu_default2),
      pipeline("09_linear.wgsl", linear_default3),
      pipeline("10_add_channel_bias.wgsl", add_channel_bias_default),
      pipeline("11_add.wgsl", add_default),
      pipeline("12_conv2d.wgsl", conv2d_default3),
      pipeline("13_group_norm.wgsl", group_norm_default2),
      pipeline("14_silu.wgsl", silu_default3),
      pipeline("15_conv2d.wgsl", conv2d_default4),
      pipeline("16_linear.wgsl", linear_default4),
      pipeline("17_add_channel_bias.wgsl", add_channel_bias_default2),
      pipeline("18_group_norm.wgsl", group_norm_default3),
      pipeline("19_silu.wgsl", silu_default4),
      pipeline("20_conv2d.wgsl", conv2d_default5),
      pipeline("21_conv2d.wgsl", conv2d_default6),
      pipeline("22_add.wgsl", add_default2),
      pipeline("23_conv2d.wgsl", conv2d_default7),
      pipeline("24_group_norm.wgsl", group_norm_default4),
      pipeline("25_silu.wgsl", silu_default5),
      pipeline("26_conv2d.wgsl", conv2d_default8),
      pipeline("27_linear.wgsl", linear_default5),
      pipeline("28_add_channel_bias.wgsl", add_channel_bias_default3),
      pipeline("29_group_norm.wgsl", group_norm_default5),
      pipeline("30_silu.wgsl", silu_default6),
      pipeline("31_conv2d.wgsl", conv2d_default9),
      pipeline("32_conv2d.wgsl", conv2d_default10),
      pipeline("33_add.wgsl", add_default3),
      pipeline("34_conv2d.wgsl", conv2d_default11),
      pipeline("35_group_norm.wgsl", group_norm_default6),
      pipeline("36_silu.wgsl", silu_default7),
      pipeline("37_conv2d.wgsl", conv2d_default12),
      pipeline("38_add_channel_bias.wgsl", add_channel_bias_default4),
      pipeline("39_add.wgsl", add_default4),
      pipeline("40_conv2d.wgsl", conv2d_default13),
      pipeline("41_attention.wgsl", attention_default),
      pipeline("42_conv2d.wgsl", conv2d_default14),
      pipeline("43_conv_transpose2d.wgsl", conv_transpose2d_default),
      pipeline("44_concat.wgsl", concat_default),
      pipeline("45_group_norm.wgsl", group_norm_default7),
      pipeline("46_silu.wgsl", silu_default8),
      pipeline("47_conv2d.wgsl", conv2d_default15),
      pipeline("48_conv2d.wgsl", conv2d_default16),
      pipeline("49_conv_transpose2d.wgsl", conv_transpose2d_default2),
      pipeline("50_concat.wgsl", concat_default2),
      pipeline("51_group_norm.wgsl", group_norm_default8),
      pipeline("52_silu.wgsl", silu_default9),
      pipeline("53_conv2d.wgsl", conv2d_default17),
      pipeline("54_conv2d.wgsl", conv2d_default18),
      pipeline("55_conv_transpose2d.wgsl", conv_transpose2d_default3),
      pipeline("56_concat.wgsl", concat_default3),
      pipeline("57_group_norm.wgsl", group_norm_default9),
      pipeline("58_silu.wgsl", silu_default10),
      pipeline("59_conv2d.wgsl", conv2d_default19),
      pipeline("60_conv2d.wgsl", conv2d_default20),
      pipeline("61_conv2d.wgsl", conv2d_default21)
    ];
    const bind = (kernel, ...names) => device.createBindGroup({ layout: this.pipelines[kernel].getBindGroupLayout(0), entries: names.map((n, binding) => ({ binding, resource: { buffer: this.buffers[n] } })) });
    this.bindGroups = [
      bind(0, "in_t", "t2"),
      // 0: time_mlp: time_sincos -> [1,128]
      bind(1, "t2", "w_time_mlp_mlp_0_weight", "w_time_mlp_mlp_0_bias", "t5"),
      // 1: time_mlp.mlp.0: linear -> [1,512]
      bind(2, "t5", "t6"),
      // 2: time_mlp.mlp.1: gelu -> [1,512]
      bind(3, "t6", "w_time_mlp_mlp_2_weight", "w_time_mlp_mlp_2_bias", "t9"),
      // 3: time_mlp.mlp.2: linear -> [1,128]
      bind(4, "in_x", "w_init_conv_weight", "w_init_conv_bias", "t12"),
      // 4: init_conv: conv2d -> [1,32,32,32]
      bind(5, "t12", "w_down_blocks_0_res_block1_0_weight", "w_down_blocks_0_res_block1_0_bias", "t15"),
      // 5: down_blocks.0.res.block1.0: group_norm -> [1,32,32,32]
      bind(6, "t15", "t16"),
      // 6: down_blocks.0.res.block1.1: silu -> [1,32,32,32]
      bind(7, "t16", "w_down_blocks_0_res_block1_2_weight", "w_down_blocks_0_res_block1_2_bias", "t19"),
      // 7: down_blocks.0.res.block1.2: conv2d -> [1,32,32,32]
      bind(8, "t9", "t20"),
      // 8: down_blocks.0.res.time_emb.0: silu -> [1,128]
      bind(9, "t20", "w_down_blocks_0_res_time_emb_1_weight", "w_down_blocks_0_res_time_emb_1_bias", "t23"),
      // 9: down_blocks.0.res.time_emb.1: linear -> [1,32]
      bind(10, "t19", "t23", "t24"),
      // 10: down_blocks.0.res.time_emb: add_channel_bias -> [1,32,32,32]
      bind(5, "t24", "w_down_blocks_0_res_block2_0_weight", "w_down_blocks_0_res_block2_0_bias", "t27"),
      // 11: down_blocks.0.res.block2.0: group_norm -> [1,32,32,32]
      bind(6, "t27", "t28"),
      // 12: down_blocks.0.res.block2.1: silu -> [1,32,32,32]
      bind(7, "t28", "w_down_blocks_0_res_block2_2_weight", "w_down_blocks_0_res_block2_2_bias", "t31"),
      // 13: down_blocks.0.res.block2.2: conv2d -> [1,32,32,32]
      bind(11, "t12", "t31", "t32"),
      // 14: down_blocks.0.res: add -> [1,32,32,32]
      bind(12, "t32", "w_down_blocks_0_pool_weight", "w_down_blocks_0_pool_bias", "t35"),
      // 15: down_blocks.0.pool: conv2d -> [1,32,16,16]
      bind(13, "t35", "w_down_blocks_1_res_block1_0_weight", "w_down_blocks_1_res_block1_0_bias", "t38"),
      // 16: down_blocks.1.res.block1.0: group_norm -> [1,32,16,16]
      bind(14, "t38", "t39"),
      // 17: down_blocks.1.res.block1.1: silu -> [1,32,16,16]
      bind(15, "t39", "w_down_blocks_1_res_block1_2_weight", "w_down_blocks_1_res_block1_2_bias", "t42"),
      // 18: down_blocks.1.res.block1.2: conv2d -> [1,64,16,16]
      bind(8, "t9", "t43"),
      // 19: down_blocks.1.res.time_emb.0: silu -> [1,128]
      bind(16, "t43", "w_down_blocks_1_res_time_emb_1_weight", "w_down_blocks_1_res_time_emb_1_bias", "t46"),
      // 20: down_blocks.1.res.time_emb.1: linear -> [1,64]
      bind(17, "t42", "t46", "t47"),
      // 21: down_blocks.1.res.time_emb: add_channel_bias -> [1,64,16,16]
      bind(18, "t47", "w_down_blocks_1_res_block2_0_weight", "w_down_blocks_1_res_block2_0_bias", "t50"),
      // 22: down_blocks.1.res.block2.0: group_norm -> [1,64,16,16]
      bind(19, "t50", "t51"),
      // 23: down_blocks.1.res.block2.1: silu -> [1,64,16,16]
      bind(20, "t51", "w_down_blocks_1_res_block2_2_weight", "w_down_blocks_1_res_block2_2_bias", "t54"),
      // 24: down_blocks.1.res.block2.2: conv2d -> [1,64,16,16]
      bind(21, "t35", "w_down_blocks_1_res_shortcut_weight", "w_down_blocks_1_res_shortcut_bias", "t57"),
      // 25: down_blocks.1.res.shortcut: conv2d -> [1,64,16,16]
      bind(22, "t57", "t54", "t58"),
      // 26: down_blocks.1.res: add -> [1,64,16,16]
      bind(23, "t58", "w_down_blocks_1_pool_weight", "w_down_blocks_1_pool_bias", "t61"),
      // 27: down_blocks.1.pool: conv2d -> [1,64,8,8]
      bind(24, "t61", "w_down_blocks_2_res_block1_0_weight", "w_down_blocks_2_res_block1_0_bias", "t64"),
      // 28: down_blocks.2.res.block1.0: group_norm -> [1,64,8,8]
      bind(25, "t64", "t65"),
      // 29: down_blocks.2.res.block1.1: silu -> [1,64,8,8]
      bind(26, "t65", "w_down_blocks_2_res_block1_2_weight", "w_down_blocks_2_res_block1_2_bias", "t68"),
      // 30: down_blocks.2.res.block1.2: conv2d -> [1,128,8,8]
      bind(8, "t9", "t69"),
      // 31: down_blocks.2.res.time_emb.0: silu -> [1,128]
      bind(27, "t69", "w_down_blocks_2_res_time_emb_1_weight", "w_down_blocks_2_res_time_emb_1_bias", "t72"),
      // 32: down_blocks.2.res.time_emb.1: linear -> [1,128]
      bind(28, "t68", "t72", "t73"),
      // 33: down_blocks.2.res.time_emb: add_channel_bias -> [1,128,8,8]
      bind(29, "t73", "w_down_blocks_2_res_block2_0_weight", "w_down_blocks_2_res_block2_0_bias", "t76"),
      // 34: down_blocks.2.res.block2.0: group_norm -> [1,128,8,8]
      bind(30, "t76", "t77"),
      // 35: down_blocks.2.res.block2.1: silu -> [1,128,8,8]
      bind(31, "t77", "w_down_blocks_2_res_block2_2_weight", "w_down_blocks_2_res_block2_2_bias", "t80"),
      // 36: down_blocks.2.res.block2.2: conv2d -> [1,128,8,8]
      bind(32, "t61", "w_down_blocks_2_res_shortcut_weight", "w_down_blocks_2_res_shortcut_bias", "t83"),
      // 37: down_blocks.2.res.shortcut: conv2d -> [1,128,8,8]
      bind(33, "t83", "t80", "t84"),
      // 38: down_blocks.2.res: add -> [1,128,8,8]
      bind(34, "t84", "w_down_blocks_2_pool_weight", "w_down_blocks_2_pool_bias", "t87"),
      // 39: down_blocks.2.pool: conv2d -> [1,128,4,4]
      bind(35, "t87", "w_bottleneck_res1_block1_0_weight", "w_bottleneck_res1_block1_0_bias", "t90"),
      // 40: bottleneck.res1.block1.0: group_norm -> [1,128,4,4]
      bind(36, "t90", "t91"),
      // 41: bottleneck.res1.block1.1: silu -> [1,128,4,4]
      bind(37, "t91", "w_bottleneck_res1_block1_2_weight", "w_bottleneck_res1_block1_2_bias", "t94"),
      // 42: bottleneck.res1.block1.2: conv2d -> [1,128,4,4]
      bind(8, "t9", "t95"),
      // 43: bottleneck.res1.time_emb.0: silu -> [1,128]
      bind(27, "t95", "w_bottleneck_res1_time_emb_1_weight", "w_bottleneck_res1_time_emb_1_bias", "t98"),
      // 44: bottleneck.res1.time_emb.1: linear -> [1,128]
      bind(38, "t94", "t98", "t99"),
      // 45: bottleneck.res1.time_emb: add_channel_bias -> [1,128,4,4]
      bind(35, "t99", "w_bottleneck_res1_block2_0_weight", "w_bottleneck_res1_block2_0_bias", "t102"),
      // 46: bottleneck.res1.block2.0: group_norm -> [1,128,4,4]
      bind(36, "t102", "t103"),
      // 47: bottleneck.res1.block2.1: silu -> [1,128,4,4]
      bind(37, "t103", "w_bottleneck_res1_block2_2_weight", "w_bottleneck_res1_block2_2_bias", "t106"),
      // 48: bottleneck.res1.block2.2: conv2d -> [1,128,4,4]
      bind(39, "t87", "t106", "t107"),
      // 49: bottleneck.res1: add -> [1,128,4,4]
      bind(35, "t107", "w_bottleneck_attn_norm_weight", "w_bottleneck_attn_norm_bias", "t110"),
      // 50: bottleneck.attn.norm: group_norm -> [1,128,4,4]
      bind(40, "t110", "w_bottleneck_attn_qkv_weight", "w_bottleneck_attn_qkv_bias", "t113"),
      // 51: bottleneck.attn.qkv: conv2d -> [1,384,4,4]
      bind(41, "t113", "t114"),
      // 52: bottleneck.attn: attention -> [1,128,4,4]
      bind(42, "t114", "w_bottleneck_attn_proj_weight", "w_bottleneck_attn_proj_bias", "t117"),
      // 53: bottleneck.attn.proj: conv2d -> [1,128,4,4]
      bind(39, "t107", "t117", "t118"),
      // 54: bottleneck.attn: add -> [1,128,4,4]
      bind(35, "t118", "w_bottleneck_res2_block1_0_weight", "w_bottleneck_res2_block1_0_bias", "t121"),
      // 55: bottleneck.res2.block1.0: group_norm -> [1,128,4,4]
      bind(36, "t121", "t122"),
      // 56: bottleneck.res2.block1.1: silu -> [1,128,4,4]
      bind(37, "t122", "w_bottleneck_res2_block1_2_weight", "w_bottleneck_res2_block1_2_bias", "t125"),
      // 57: bottleneck.res2.block1.2: conv2d -> [1,128,4,4]
      bind(8, "t9", "t126"),
      // 58: bottleneck.res2.time_emb.0: silu -> [1,128]
      bind(27, "t126", "w_bottleneck_res2_time_emb_1_weight", "w_bottleneck_res2_time_emb_1_bias", "t129"),
      // 59: bottleneck.res2.time_emb.1: linear -> [1,128]
      bind(38, "t125", "t129", "t130"),
      // 60: bottleneck.res2.time_emb: add_channel_bias -> [1,128,4,4]
      bind(35, "t130", "w_bottleneck_res2_block2_0_weight", "w_bottleneck_res2_block2_0_bias", "t133"),
      // 61: bottleneck.res2.block2.0: group_norm -> [1,128,4,4]
      bind(36, "t133", "t134"),
      // 62: bottleneck.res2.block2.1: silu -> [1,128,4,4]
      bind(37, "t134", "w_bottleneck_res2_block2_2_weight", "w_bottleneck_res2_block2_2_bias", "t137"),
      // 63: bottleneck.res2.block2.2: conv2d -> [1,128,4,4]
      bind(39, "t118", "t137", "t138"),
      // 64: bottleneck.res2: add -> [1,128,4,4]
      bind(43, "t138", "w_up_blocks_0_up_weight", "w_up_blocks_0_up_bias", "t141"),
      // 65: up_blocks.0.up: conv_transpose2d -> [1,128,8,8]
      bind(44, "t141", "t84", "t142"),
      // 66: up_blocks.0: concat -> [1,256,8,8]
      bind(45, "t142", "w_up_blocks_0_res_block1_0_weight", "w_up_blocks_0_res_block1_0_bias", "t145"),
      // 67: up_blocks.0.res.block1.0: group_norm -> [1,256,8,8]
      bind(46, "t145", "t146"),
      // 68: up_blocks.0.res.block1.1: silu -> [1,256,8,8]
      bind(47, "t146", "w_up_blocks_0_res_block1_2_weight", "w_up_blocks_0_res_block1_2_bias", "t149"),
      // 69: up_blocks.0.res.block1.2: conv2d -> [1,128,8,8]
      bind(8, "t9", "t150"),
      // 70: up_blocks.0.res.time_emb.0: silu -> [1,128]
      bind(27, "t150", "w_up_blocks_0_res_time_emb_1_weight", "w_up_blocks_0_res_time_emb_1_bias", "t153"),
      // 71: up_blocks.0.res.time_emb.1: linear -> [1,128]
      bind(28, "t149", "t153", "t154"),
      // 72: up_blocks.0.res.time_emb: add_channel_bias -> [1,128,8,8]
      bind(29, "t154", "w_up_blocks_0_res_block2_0_weight", "w_up_blocks_0_res_block2_0_bias", "t157"),
      // 73: up_blocks.0.res.block2.0: group_norm -> [1,128,8,8]
      bind(30, "t157", "t158"),
      // 74: up_blocks.0.res.block2.1: silu -> [1,128,8,8]
      bind(31, "t158", "w_up_blocks_0_res_block2_2_weight", "w_up_blocks_0_res_block2_2_bias", "t161"),
      // 75: up_blocks.0.res.block2.2: conv2d -> [1,128,8,8]
      bind(48, "t142", "w_up_blocks_0_res_shortcut_weight", "w_up_blocks_0_res_shortcut_bias", "t164"),
      // 76: up_blocks.0.res.shortcut: conv2d -> [1,128,8,8]
      bind(33, "t164", "t161", "t165"),
      // 77: up_blocks.0.res: add -> [1,128,8,8]
      bind(49, "t165", "w_up_blocks_1_up_weight", "w_up_blocks_1_up_bias", "t168"),
      // 78: up_blocks.1.up: conv_transpose2d -> [1,64,16,16]
      bind(50, "t168", "t58", "t169"),
      // 79: up_blocks.1: concat -> [1,128,16,16]
      bind(51, "t169", "w_up_blocks_1_res_block1_0_weight", "w_up_blocks_1_res_block1_0_bias", "t172"),
      // 80: up_blocks.1.res.block1.0: group_norm -> [1,128,16,16]
      bind(52, "t172", "t173"),
      // 81: up_blocks.1.res.block1.1: silu -> [1,128,16,16]
      bind(53, "t173", "w_up_blocks_1_res_block1_2_weight", "w_up_blocks_1_res_block1_2_bias", "t176"),
      // 82: up_blocks.1.res.block1.2: conv2d -> [1,64,16,16]
      bind(8, "t9", "t177"),
      // 83: up_blocks.1.res.time_emb.0: silu -> [1,128]
      bind(16, "t177", "w_up_blocks_1_res_time_emb_1_weight", "w_up_blocks_1_res_time_emb_1_bias", "t180"),
      // 84: up_blocks.1.res.time_emb.1: linear -> [1,64]
      bind(17, "t176", "t180", "t181"),
      // 85: up_blocks.1.res.time_emb: add_channel_bias -> [1,64,16,16]
      bind(18, "t181", "w_up_blocks_1_res_block2_0_weight", "w_up_blocks_1_res_block2_0_bias", "t184"),
      // 86: up_blocks.1.res.block2.0: group_norm -> [1,64,16,16]
      bind(19, "t184", "t185"),
      // 87: up_blocks.1.res.block2.1: silu -> [1,64,16,16]
      bind(20, "t185", "w_up_blocks_1_res_block2_2_weight", "w_up_blocks_1_res_block2_2_bias", "t188"),
      // 88: up_blocks.1.res.block2.2: conv2d -> [1,64,16,16]
      bind(54, "t169", "w_up_blocks_1_res_shortcut_weight", "w_up_blocks_1_res_shortcut_bias", "t191"),
      // 89: up_blocks.1.res.shortcut: conv2d -> [1,64,16,16]
      bind(22, "t191", "t188", "t192"),
      // 90: up_blocks.1.res: add -> [1,64,16,16]
      bind(55, "t192", "w_up_blocks_2_up_weight", "w_up_blocks_2_up_bias", "t195"),
      // 91: up_blocks.2.up: conv_transpose2d -> [1,32,32,32]
      bind(56, "t195", "t32", "t196"),
      // 92: up_blocks.2: concat -> [1,64,32,32]
      bind(57, "t196", "w_up_blocks_2_res_block1_0_weight", "w_up_blocks_2_res_block1_0_bias", "t199"),
      // 93: up_blocks.2.res.block1.0: group_norm -> [1,64,32,32]
      bind(58, "t199", "t200"),
      // 94: up_blocks.2.res.block1.1: silu -> [1,64,32,32]
      bind(59, "t200", "w_up_blocks_2_res_block1_2_weight", "w_up_blocks_2_res_block1_2_bias", "t203"),
      // 95: up_blocks.2.res.block1.2: conv2d -> [1,32,32,32]
      bind(8, "t9", "t204"),
      // 96: up_blocks.2.res.time_emb.0: silu -> [1,128]
      bind(9, "t204", "w_up_blocks_2_res_time_emb_1_weight", "w_up_blocks_2_res_time_emb_1_bias", "t207"),
      // 97: up_blocks.2.res.time_emb.1: linear -> [1,32]
      bind(10, "t203", "t207", "t208"),
      // 98: up_blocks.2.res.time_emb: add_channel_bias -> [1,32,32,32]
      bind(5, "t208", "w_up_blocks_2_res_block2_0_weight", "w_up_blocks_2_res_block2_0_bias", "t211"),
      // 99: up_blocks.2.res.block2.0: group_norm -> [1,32,32,32]
      bind(6, "t211", "t212"),
      // 100: up_blocks.2.res.block2.1: silu -> [1,32,32,32]
      bind(7, "t212", "w_up_blocks_2_res_block2_2_weight", "w_up_blocks_2_res_block2_2_bias", "t215"),
      // 101: up_blocks.2.res.block2.2: conv2d -> [1,32,32,32]
      bind(60, "t196", "w_up_blocks_2_res_shortcut_weight", "w_up_blocks_2_res_shortcut_bias", "t218"),
      // 102: up_blocks.2.res.shortcut: conv2d -> [1,32,32,32]
      bind(11, "t218", "t215", "t219"),
      // 103: up_blocks.2.res: add -> [1,32,32,32]
      bind(5, "t219", "w_out_norm_weight", "w_out_norm_bias", "t222"),
      // 104: out_norm: group_norm -> [1,32,32,32]
      bind(6, "t222", "t223"),
      // 105: out_norm: silu -> [1,32,32,32]
      bind(61, "t223", "w_out_conv_weight", "w_out_conv_bias", "out_out")
      // 106: out_conv: conv2d -> [1,3,32,32]
    ];
  }
  /** Uploads every weight; `get` returns the f32 data of a state_dict() name (shapes are checked by the caller). */
  loadWeights(get) {
    for (const { name } of PARAMS) this.device.queue.writeBuffer(this.buffers["w_" + name.replace(/[^A-Za-z0-9]+/g, "_")], 0, get(name));
  }
  /** Records the whole forward pass into one compute pass; inputs must already be written. */
  encodeForward(pass) {
    const p = this.pipelines;
    const g = this.bindGroups;
    pass.setPipeline(p[0]);
    pass.setBindGroup(0, g[0]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[1]);
    pass.setBindGroup(0, g[1]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[2]);
    pass.setBindGroup(0, g[2]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[3]);
    pass.setBindGroup(0, g[3]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[4]);
    pass.setBindGroup(0, g[4]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[5]);
    pass.setBindGroup(0, g[5]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[6]);
    pass.setBindGroup(0, g[6]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[7]);
    pass.setBindGroup(0, g[7]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[8]);
    pass.setBindGroup(0, g[8]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[9]);
    pass.setBindGroup(0, g[9]);
    pass.dispatchWorkgroups(1, 1, 1);
    pass.setPipeline(p[10]);
    pass.setBindGroup(0, g[10]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[5]);
    pass.setBindGroup(0, g[11]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[6]);
    pass.setBindGroup(0, g[12]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[7]);
    pass.setBindGroup(0, g[13]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[11]);
    pass.setBindGroup(0, g[14]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[12]);
    pass.setBindGroup(0, g[15]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[13]);
    pass.setBindGroup(0, g[16]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[14]);
    pass.setBindGroup(0, g[17]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[15]);
    pass.setBindGroup(0, g[18]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[8]);
    pass.setBindGroup(0, g[19]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[16]);
    pass.setBindGroup(0, g[20]);
    pass.dispatchWorkgroups(1, 1, 1);
    pass.setPipeline(p[17]);
    pass.setBindGroup(0, g[21]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[18]);
    pass.setBindGroup(0, g[22]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[19]);
    pass.setBindGroup(0, g[23]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[20]);
    pass.setBindGroup(0, g[24]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[21]);
    pass.setBindGroup(0, g[25]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[22]);
    pass.setBindGroup(0, g[26]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[23]);
    pass.setBindGroup(0, g[27]);
    pass.dispatchWorkgroups(64, 1, 1);
    pass.setPipeline(p[24]);
    pass.setBindGroup(0, g[28]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[25]);
    pass.setBindGroup(0, g[29]);
    pass.dispatchWorkgroups(64, 1, 1);
    pass.setPipeline(p[26]);
    pass.setBindGroup(0, g[30]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[8]);
    pass.setBindGroup(0, g[31]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[27]);
    pass.setBindGroup(0, g[32]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[28]);
    pass.setBindGroup(0, g[33]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[29]);
    pass.setBindGroup(0, g[34]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[30]);
    pass.setBindGroup(0, g[35]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[31]);
    pass.setBindGroup(0, g[36]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[32]);
    pass.setBindGroup(0, g[37]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[33]);
    pass.setBindGroup(0, g[38]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[34]);
    pass.setBindGroup(0, g[39]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[35]);
    pass.setBindGroup(0, g[40]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[36]);
    pass.setBindGroup(0, g[41]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[37]);
    pass.setBindGroup(0, g[42]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[8]);
    pass.setBindGroup(0, g[43]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[27]);
    pass.setBindGroup(0, g[44]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[38]);
    pass.setBindGroup(0, g[45]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[35]);
    pass.setBindGroup(0, g[46]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[36]);
    pass.setBindGroup(0, g[47]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[37]);
    pass.setBindGroup(0, g[48]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[39]);
    pass.setBindGroup(0, g[49]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[35]);
    pass.setBindGroup(0, g[50]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[40]);
    pass.setBindGroup(0, g[51]);
    pass.dispatchWorkgroups(96, 1, 1);
    pass.setPipeline(p[41]);
    pass.setBindGroup(0, g[52]);
    pass.dispatchWorkgroups(1, 1, 1);
    pass.setPipeline(p[42]);
    pass.setBindGroup(0, g[53]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[39]);
    pass.setBindGroup(0, g[54]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[35]);
    pass.setBindGroup(0, g[55]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[36]);
    pass.setBindGroup(0, g[56]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[37]);
    pass.setBindGroup(0, g[57]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[8]);
    pass.setBindGroup(0, g[58]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[27]);
    pass.setBindGroup(0, g[59]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[38]);
    pass.setBindGroup(0, g[60]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[35]);
    pass.setBindGroup(0, g[61]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[36]);
    pass.setBindGroup(0, g[62]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[37]);
    pass.setBindGroup(0, g[63]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[39]);
    pass.setBindGroup(0, g[64]);
    pass.dispatchWorkgroups(32, 1, 1);
    pass.setPipeline(p[43]);
    pass.setBindGroup(0, g[65]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[44]);
    pass.setBindGroup(0, g[66]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[45]);
    pass.setBindGroup(0, g[67]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[46]);
    pass.setBindGroup(0, g[68]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[47]);
    pass.setBindGroup(0, g[69]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[8]);
    pass.setBindGroup(0, g[70]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[27]);
    pass.setBindGroup(0, g[71]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[28]);
    pass.setBindGroup(0, g[72]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[29]);
    pass.setBindGroup(0, g[73]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[30]);
    pass.setBindGroup(0, g[74]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[31]);
    pass.setBindGroup(0, g[75]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[48]);
    pass.setBindGroup(0, g[76]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[33]);
    pass.setBindGroup(0, g[77]);
    pass.dispatchWorkgroups(128, 1, 1);
    pass.setPipeline(p[49]);
    pass.setBindGroup(0, g[78]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[50]);
    pass.setBindGroup(0, g[79]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[51]);
    pass.setBindGroup(0, g[80]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[52]);
    pass.setBindGroup(0, g[81]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[53]);
    pass.setBindGroup(0, g[82]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[8]);
    pass.setBindGroup(0, g[83]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[16]);
    pass.setBindGroup(0, g[84]);
    pass.dispatchWorkgroups(1, 1, 1);
    pass.setPipeline(p[17]);
    pass.setBindGroup(0, g[85]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[18]);
    pass.setBindGroup(0, g[86]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[19]);
    pass.setBindGroup(0, g[87]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[20]);
    pass.setBindGroup(0, g[88]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[54]);
    pass.setBindGroup(0, g[89]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[22]);
    pass.setBindGroup(0, g[90]);
    pass.dispatchWorkgroups(256, 1, 1);
    pass.setPipeline(p[55]);
    pass.setBindGroup(0, g[91]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[56]);
    pass.setBindGroup(0, g[92]);
    pass.dispatchWorkgroups(1024, 1, 1);
    pass.setPipeline(p[57]);
    pass.setBindGroup(0, g[93]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[58]);
    pass.setBindGroup(0, g[94]);
    pass.dispatchWorkgroups(1024, 1, 1);
    pass.setPipeline(p[59]);
    pass.setBindGroup(0, g[95]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[8]);
    pass.setBindGroup(0, g[96]);
    pass.dispatchWorkgroups(2, 1, 1);
    pass.setPipeline(p[9]);
    pass.setBindGroup(0, g[97]);
    pass.dispatchWorkgroups(1, 1, 1);
    pass.setPipeline(p[10]);
    pass.setBindGroup(0, g[98]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[5]);
    pass.setBindGroup(0, g[99]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[6]);
    pass.setBindGroup(0, g[100]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[7]);
    pass.setBindGroup(0, g[101]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[60]);
    pass.setBindGroup(0, g[102]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[11]);
    pass.setBindGroup(0, g[103]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[5]);
    pass.setBindGroup(0, g[104]);
    pass.dispatchWorkgroups(8, 1, 1);
    pass.setPipeline(p[6]);
    pass.setBindGroup(0, g[105]);
    pass.dispatchWorkgroups(512, 1, 1);
    pass.setPipeline(p[61]);
    pass.setBindGroup(0, g[106]);
    pass.dispatchWorkgroups(48, 1, 1);
  }
  /** One forward pass: upload inputs, run every dispatch in one command buffer, read the outputs back. */
  async forward(inputs) {
    const queue = this.device.queue;
    if (inputs["x"].length !== 3072) throw new RangeError(`input x: expected 3072 values [1,3,32,32], got ${inputs["x"].length}`);
    queue.writeBuffer(this.buffers.in_x, 0, inputs["x"]);
    if (inputs["t"].length !== 1) throw new RangeError(`input t: expected 1 values [1], got ${inputs["t"].length}`);
    queue.writeBuffer(this.buffers.in_t, 0, inputs["t"]);
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    this.encodeForward(pass);
    pass.end();
    encoder.copyBufferToBuffer(this.buffers.out_out, 0, this.readback["out"], 0, 12288);
    queue.submit([encoder.finish()]);
    const read = async (b) => {
      await b.mapAsync(GPUMapMode.READ);
      const data = new Float32Array(b.getMappedRange().slice(0));
      b.unmap();
      return data;
    };
    return {
      "out": await read(this.readback["out"])
    };
  }
  /** Frees every GPU buffer this runner made. */
  destroy() {
    for (const b of [...Object.values(this.buffers), ...Object.values(this.readback)]) b.destroy();
  }
};
var runner_default = SeedUnetS;
export {
  INPUTS,
  OUTPUTS,
  PARAMS,
  SeedUnetS,
  runner_default as default
};
