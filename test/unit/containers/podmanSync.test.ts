import { describeEngineApi } from './engineApiSuite';
import { podman, podmanPeer, podmanService } from './enginePeers';

describeEngineApi({
  title: 'Podman sync (real Podman 4.3, Docker-compatible API)',
  kind: 'podman',
  engineName: 'podman-test',
  prefix: 'pd-',
  peer: podmanPeer,
  cli: (args) => podman(podmanPeer(), args),
  service: podmanService,
  missing: (name) => new RegExp(`^Podman: no container with name or ID "${name}" found`),
  unreachable: /^Cannot reach .*podman\.sock \((ENOENT|ECONNREFUSED)\)\.$/,
});
