#!/usr/bin/env node
// ONNX Runtime (CPU) reference runner for TinyAOT tests.
//
// Usage: node ort_run.js WORKDIR
//
// WORKDIR/manifest.json (written by ort_run.py):
//   {
//     "model": "/abs/path/model.onnx",
//     "options": {"graphOptimizationLevel": "all", "intraOpNumThreads": 1},  // optional
//     "input_data": "inputs.bin",           // raw little-endian tensor bytes, back to back
//     "samples": [                          // one entry per inference
//       {"inputs": [{"name": "input" | null, "dtype": "float32", "shape": [1, 3, 32, 32],
//                    "offset": 0, "nbytes": 12288}, ...]},
//       ...
//     ]
//   }
// Inputs without a name are bound positionally to session.inputNames
// (graph inputs that are not initializers, in graph order).
//
// Writes WORKDIR/outputs.bin (raw bytes, back to back) and WORKDIR/result.json:
//   {"ort_version": "1.30.0", "input_names": [...], "output_names": [...],
//    "output_data": "outputs.bin",
//    "samples": [{"outputs": [{"name", "dtype", "shape", "offset", "nbytes"}, ...]}, ...]}
// Outputs are in graph output order. Exit code 0 on success; on failure a
// message on stderr and exit code 1 (2 if onnxruntime-node is not installed).
'use strict';

const fs = require('fs');
const path = require('path');

let ort;
try {
  ort = require('onnxruntime-node');
} catch (e) {
  process.stderr.write(
    'ort_run.js: cannot load the npm package onnxruntime-node from ' +
    path.join(__dirname, 'node_modules') + ' (' + e.message.split('\n')[0] + ').\n' +
    'Run scripts/setup.sh to install it.\n');
  process.exit(2);
}

// dtype name (numpy spelling) -> [ORT tensor type, typed array constructor]
const DTYPES = {
  float32: ['float32', Float32Array],
  float64: ['float64', Float64Array],
  float16: ['float16', Uint16Array],
  int8: ['int8', Int8Array],
  uint8: ['uint8', Uint8Array],
  int16: ['int16', Int16Array],
  uint16: ['uint16', Uint16Array],
  int32: ['int32', Int32Array],
  uint32: ['uint32', Uint32Array],
  int64: ['int64', BigInt64Array],
  uint64: ['uint64', BigUint64Array],
  bool: ['bool', Uint8Array],
};
const ORT_TO_DTYPE = {};
for (const [np, [ortType]] of Object.entries(DTYPES)) {
  if (!(ortType in ORT_TO_DTYPE)) ORT_TO_DTYPE[ortType] = np;
}

function fail(msg) {
  process.stderr.write('ort_run.js: ' + msg + '\n');
  process.exit(1);
}

function makeTensor(desc, blob) {
  const entry = DTYPES[desc.dtype];
  if (!entry) fail(`unsupported input dtype '${desc.dtype}'`);
  const [ortType, Ctor] = entry;
  const count = desc.shape.reduce((a, b) => a * b, 1);
  if (count * Ctor.BYTES_PER_ELEMENT !== desc.nbytes) {
    fail(`input ${desc.name || ''}: ${desc.nbytes} bytes do not match ${desc.dtype}${JSON.stringify(desc.shape)}`);
  }
  // Copy into a fresh, aligned ArrayBuffer.
  const start = blob.byteOffset + desc.offset;
  const ab = blob.buffer.slice(start, start + desc.nbytes);
  return new ort.Tensor(ortType, new Ctor(ab), desc.shape);
}

async function main() {
  if (process.argv.length !== 3) fail('usage: node ort_run.js WORKDIR');
  const work = process.argv[2];
  const manifest = JSON.parse(fs.readFileSync(path.join(work, 'manifest.json'), 'utf8'));
  const blob = fs.readFileSync(path.join(work, manifest.input_data || 'inputs.bin'));

  // Deterministic defaults: one thread, sequential execution, CPU EP only.
  const options = Object.assign({
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  }, manifest.options || {});

  let session;
  try {
    session = await ort.InferenceSession.create(manifest.model, options);
  } catch (e) {
    fail(`cannot load ${manifest.model}: ${e.message}`);
  }
  const inputNames = session.inputNames;
  const outputNames = session.outputNames;

  const outChunks = [];
  let outOffset = 0;
  const results = [];
  for (let s = 0; s < manifest.samples.length; s++) {
    const sample = manifest.samples[s];
    if (sample.inputs.length !== inputNames.length) {
      fail(`sample ${s}: model has ${inputNames.length} input(s) ${JSON.stringify(inputNames)}, got ${sample.inputs.length}`);
    }
    const feeds = {};
    sample.inputs.forEach((desc, i) => {
      const name = desc.name || inputNames[i];
      if (!inputNames.includes(name)) fail(`sample ${s}: model has no input '${name}'`);
      feeds[name] = makeTensor(desc, blob);
    });
    let out;
    try {
      out = await session.run(feeds);
    } catch (e) {
      fail(`sample ${s}: run failed: ${e.message}`);
    }
    const outs = [];
    for (const name of outputNames) {
      const t = out[name];
      const dtype = ORT_TO_DTYPE[t.type];
      if (!dtype) fail(`output '${name}' has unsupported type '${t.type}'`);
      const d = t.data;
      const buf = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
      outChunks.push(Buffer.from(buf)); // copy: ORT may reuse the memory
      outs.push({ name, dtype, shape: Array.from(t.dims), offset: outOffset, nbytes: buf.length });
      outOffset += buf.length;
      if (typeof t.dispose === 'function') t.dispose();
    }
    results.push({ outputs: outs });
  }
  await session.release();

  fs.writeFileSync(path.join(work, 'outputs.bin'), Buffer.concat(outChunks));
  fs.writeFileSync(path.join(work, 'result.json'), JSON.stringify({
    ort_version: ort.env.versions ? ort.env.versions.node : undefined,
    options,
    input_names: inputNames,
    output_names: outputNames,
    output_data: 'outputs.bin',
    samples: results,
  }));
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
