import { describeEventSync } from './eventSyncSuite';
import { docker, dockerPeer, podman, podmanPeer, podmanService } from './enginePeers';

describeEventSync({
  title: 'Event sync: Podman (real Podman 4.3)',
  kind: 'podman',
  prefix: 'pe-',
  peer: podmanPeer,
  cli: (args) => podman(podmanPeer(), args),
  service: podmanService,
});

describeEventSync({
  title: 'Event sync: Docker (real Docker Engine 20.10)',
  kind: 'docker',
  prefix: 'de-',
  peer: dockerPeer,
  cli: (args) => docker(dockerPeer(), args),
});
