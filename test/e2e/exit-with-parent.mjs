// Preloaded (node --import) into the `clusterlab view` servers the browser tests start: the server
// stops when the test process that started it is gone, however it went (a killed or crashed suite
// never calls stop()). The test keeps the server's stdin open; the pipe closes only when it exits.
// unref: the pipe alone must not keep the process up once the server has closed (SIGTERM from stop()).
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.stdin.unref?.();
