// V8's side of the differential test (scripts/difftest): the same trace as
// difftest_run.cpp prints for wisp, for each module file given.
//   node trace.mjs FILE...
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

function floatText(x) {
  if (Number.isNaN(x)) return 'nan';
  f32[0] = x;
  return '0x' + u32[0].toString(16).padStart(8, '0');
}
function doubleText(x) {
  if (Number.isNaN(x)) return 'nan';
  f64[0] = x;
  return '0x' + u64[0].toString(16).padStart(16, '0');
}
function valueText(type, v) {
  switch (type) {
    case 'i32': return 'i32 ' + (v | 0);
    case 'i64': return 'i64 ' + BigInt.asIntN(64, v).toString();
    case 'f32': return 'f32 ' + floatText(v);
    case 'f64': return 'f64 ' + doubleText(v);
    default: return v === null ? 'ref null' : 'ref func';
  }
}
function zeroOf(type) {
  if (type === 'i64') return 0n;
  if (type === 'externref' || type === 'funcref' || type === 'anyfunc') return null;
  return 0;
}

// V8's trap messages mapped to the kinds difftest_run.cpp prints.
function trapKind(e) {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'stack';
  if (e instanceof TypeError) return 'host';
  if (!(e instanceof WebAssembly.RuntimeError)) return 'other ' + e.constructor.name + ': ' + e.message;
  const m = e.message;
  if (m === 'unreachable' || /unreachable/.test(m)) return 'unreachable';
  if (/by zero/.test(m)) return 'div_zero';
  if (/divide result unrepresentable/.test(m)) return 'int_overflow';
  if (/float unrepresentable/.test(m)) return 'conversion';
  if (/memory access out of bounds|data segment/.test(m)) return 'memory';
  if (/null function|signature mismatch/.test(m)) return 'indirect';
  if (/table|element segment/.test(m)) return 'table';
  return 'other ' + m;
}

// Types of a function's params and results, read from the binary (the JS API
// does not expose them): type section + function section + imports.
function signatures(bytes) {
  let p = 8;
  const u = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  const valtype = (b) => ({ 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' }[b]);
  const types = [], funcs = [], exports = new Map();
  while (p < bytes.length) {
    const id = bytes[p++], size = u(), end = p + size;
    if (id === 1) {
      for (let n = u(); n > 0; n--) {
        p++;  // 0x60
        const params = []; for (let k = u(); k > 0; k--) params.push(valtype(bytes[p++]));
        const results = []; for (let k = u(); k > 0; k--) results.push(valtype(bytes[p++]));
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u(); n > 0; n--) {
        const skipName = () => { const l = u(); p += l; };
        skipName(); skipName();
        const kind = bytes[p++];
        if (kind === 0) funcs.push(u());
        else if (kind === 1) { p++; const f = bytes[p++]; u(); if (f & 1) u(); }
        else if (kind === 2) { const f = bytes[p++]; u(); if (f & 1) u(); }
        else { p += 2; }
      }
    } else if (id === 3) {
      for (let n = u(); n > 0; n--) funcs.push(u());
    } else if (id === 7) {
      for (let n = u(); n > 0; n--) {
        const l = u(); const name = new TextDecoder().decode(bytes.subarray(p, p + l)); p += l;
        const kind = bytes[p++], index = u();
        if (kind === 0) exports.set(name, types[funcs[index]]);
      }
    }
    p = end;
  }
  return exports;
}

function memoryHash(memory) {
  const words = new Uint32Array(memory.buffer);
  let h = 2166136261 | 0;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}

function runModule(file) {
  const out = ['module ' + basename(file)];
  const bytes = readFileSync(file);
  try {
    let module;
    try {
      module = new WebAssembly.Module(bytes);
    } catch (e) {
      out.push('compile error ' + e.message);
      return out;
    }
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.module !== 'fuzzing-support' || imp.kind !== 'function') {
        out.push(`unsupported import ${imp.module} ${imp.name}`);
        return out;
      }
    }
    const log = (type) => (v) => { out.push('log ' + valueText(type, v)); };
    const imports = {
      'fuzzing-support': {
        'log-i32': log('i32'), 'log-i64': log('i64'), 'log-f32': log('f32'), 'log-f64': log('f64'),
        'log-v128': () => { throw new TypeError('unreachable: V8 throws before calling'); },
      },
    };
    let instance;
    try {
      instance = new WebAssembly.Instance(module, imports);
    } catch (e) {
      if (e instanceof WebAssembly.LinkError || e instanceof WebAssembly.CompileError) out.push('instantiate error ' + e.message);
      else out.push('instantiate trap ' + trapKind(e));
      return out;
    }
    const sigs = signatures(bytes);
    const exps = WebAssembly.Module.exports(module);
    const memories = exps.filter((e) => e.kind === 'memory').map((e) => e.name);
    const hang = instance.exports.hangLimitInitializer;
    for (const e of exps) {
      if (e.kind !== 'function' || e.name === 'hangLimitInitializer') continue;
      const sig = sigs.get(e.name);
      if (sig.params.includes('v128') || sig.results.includes('v128')) {
        out.push('skip ' + e.name);
        continue;
      }
      out.push('call ' + e.name);
      if (hang) hang();
      try {
        const r = instance.exports[e.name](...sig.params.map(zeroOf));
        const values = sig.results.length === 1 ? [r] : sig.results.length === 0 ? [] : r;
        out.push(['result', ...sig.results.map((t, i) => valueText(t, values[i]))].join(' '));
      } catch (err) {
        out.push('trap ' + trapKind(err));
      }
      for (const name of memories) {
        const m = instance.exports[name];
        out.push(`memory ${name} ${m.buffer.byteLength / 65536} ${memoryHash(m)}`);
      }
    }
  } finally {
    out.push('end');
  }
  return out;
}

for (const file of process.argv.slice(2)) {
  process.stdout.write(runModule(file).join('\n') + '\n');
}
