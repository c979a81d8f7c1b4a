/**
 * Our activate()'s own wall time (it is synchronous: it returns before anything is awaited). VS Code's
 * ext.activate() adds its own work around the call (the extension context's storage, waiting for the window);
 * `npm run bench` reports both, side by side.
 */
export const activationTime = { ms: 0 };
