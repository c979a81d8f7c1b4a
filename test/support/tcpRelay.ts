import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A plain TCP relay on loopback in front of the real registry peer: closing it is the registry's host
 * going off the network, while the registry itself (and its data) stays as it was.
 */
/** `port` 0 picks a free one; a relay closed earlier can be started again on its port (the host is back). */
export async function tcpRelay(target: string, port = 0): Promise<{ host: string; close(): Promise<void> }> {
  const [targetHost, targetPort] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
