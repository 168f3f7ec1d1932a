// Runs a WASI preview1 command module under node (V8), for bench/run_kernels:
//   node --no-warnings --no-turbo-fast-api-calls bench/node_wasi_runner.mjs MODULE.wasm [ARGS...]
// (--no-turbo-fast-api-calls: node 20's WASI can crash once guest memory has
// grown to tens of MiB, see nodejs/node#46777; run_kernels passes it.)
// The guest sees argv = [MODULE.wasm, ARGS...], no environment and no
// preopened directories (the programs only use stdio), and its exit status
// becomes node's. Its stdin, stdout and stderr are node's own.
import { constants, fstatSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { argv, exit, stderr } from 'node:process';
import { WASI } from 'node:wasi';

const [modulePath, ...guestArgs] = argv.slice(2);
if (modulePath === undefined) {
  stderr.write('usage: node --no-warnings --no-turbo-fast-api-calls node_wasi_runner.mjs MODULE.wasm [ARGS...]\n');
  exit(2);
}

// node switches a pipe on stdout to non-blocking mode for its own stream at
// start-up, and WASI writes to the same descriptor: once the pipe holds 64 KiB
// that the reader has not taken yet, the guest's write fails with EAGAIN
// (grayscale's 700 KB PNG did). Opening the pipe again through /proc/self/fd
// makes a new, blocking, open file description of the same pipe. Files and
// terminals are passed as they are (reopening a file would lose its offset).
function blockingStdio(fd, flags) {
  try {
    if (fstatSync(fd).isFIFO()) return openSync(`/proc/self/fd/${fd}`, flags);
  } catch {
    // no /proc: keep the descriptor; only large pipe transfers can suffer
  }
  return fd;
}

const wasi = new WASI({
  version: 'preview1',
  args: [modulePath, ...guestArgs],
  env: {},
  stdin: blockingStdio(0, constants.O_RDONLY),
  stdout: blockingStdio(1, constants.O_WRONLY),
  stderr: blockingStdio(2, constants.O_WRONLY),
  // proc_exit returns from start() with the status instead of ending node
  // abruptly, so buffered stdout is flushed before we exit ourselves.
  returnOnExit: true,
});

const module = await WebAssembly.compile(await readFile(modulePath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
