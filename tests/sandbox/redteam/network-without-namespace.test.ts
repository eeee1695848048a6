// Red team, network, on a host without network namespaces: the layers inside the child (Node's
// network modules disabled, Emscripten's sockets refused) must hold on their own.
import { expect, it } from 'vitest';
import { simulateMissingNetworkNamespaceForTests } from '../../../sandbox/isolation.js';
import { networkRedTeam } from './network-cases.js';

networkRedTeam('no network from the sandbox, even without a network namespace', () => {
  simulateMissingNetworkNamespaceForTests();
});

it('the sandbox here really runs without a network namespace', async () => {
  const { isolationInfo } = await import('../../../sandbox/isolation.js');
  expect(isolationInfo().networkNamespace).toBe(false);
});
