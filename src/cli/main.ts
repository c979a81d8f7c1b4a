// Headless entry (dist/cli.js): commands over the same catalog file the extension uses.
process.stdout.write('container-catalog cli\n');
