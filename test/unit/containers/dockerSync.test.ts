import { describeEngineApi } from './engineApiSuite';
import { docker, dockerPeer, dockerService } from './enginePeers';

describeEngineApi({
  title: 'Docker sync (real Docker Engine 20.10, its own daemon)',
  kind: 'docker',
  engineName: 'docker-test',
  prefix: 'dk-',
  peer: dockerPeer,
  cli: (args) => docker(dockerPeer(), args),
  service: dockerService,
  missing: (name) => new RegExp(`^Docker: No such container: ${name}`),
  unreachable: /^Cannot reach .*docker\.sock \((ENOENT|ECONNREFUSED)\)\.$/,
});
