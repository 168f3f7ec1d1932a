// Runs a WASI preview1 command module under node (V8), for bench/run_kernels:
//   node --no-warnings --no-turbo-fast-api-calls bench/node_wasi_runner.mjs MODULE.wasm [ARGS...]
// (--no-turbo-fast-api-calls: node 20's WASI can crash once guest memory has
// grown to tens of MiB, see nodejs/node#46777; run_kernels passes it.)
// The guest sees argv = [MODULE.wasm, ARGS...], no environment and no
// preopened directories (the kernels only use stdio), and its exit status
// becomes node's.
import { readFile } from 'node:fs/promises';
import { argv, exit, stderr } from 'node:process';
import { WASI } from 'node:wasi';

const [modulePath, ...guestArgs] = argv.slice(2);
if (modulePath === undefined) {
  stderr.write('usage: node --no-warnings --no-turbo-fast-api-calls node_wasi_runner.mjs MODULE.wasm [ARGS...]\n');
  exit(2);
}

const wasi = new WASI({
  version: 'preview1',
  args: [modulePath, ...guestArgs],
  env: {},
  // proc_exit returns from start() with the status instead of ending node
  // abruptly, so buffered stdout is flushed before we exit ourselves.
  returnOnExit: true,
});

const module = await WebAssembly.compile(await readFile(modulePath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
