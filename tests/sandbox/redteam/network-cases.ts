// The network red-team cases, shared by network.test.ts (every isolation layer) and
// network-without-namespace.test.ts (the network namespace switched off, as on macOS or in most
// containers). The test opens real listeners on the host (TCP and UDP, loopback and every
// interface) and counts what arrives while snippets try raw sockets, urllib, http.client and DNS.
import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/index.js';
import { ESCAPED_PY, expectNoSecret, py, pyString, redteamSandbox, run } from './helpers.js';

/** Registers the network cases under `title`, against a sandbox created after `prepare` ran. */
export function networkRedTeam(title: string, prepare: () => void = () => undefined): void {
  let sandbox: Sandbox;
  let tcp: net.Server;
  let udp: dgram.Socket;
  let tcpPort: number;
  let udpPort: number;
  let connections = 0;
  let datagrams = 0;

  /** Addresses of this machine a snippet could aim at: loopback and every external interface. */
  const HOST_ADDRESSES = [
    '127.0.0.1',
    ...Object.values(os.networkInterfaces())
      .flat()
      .filter((info) => info && info.family === 'IPv4' && !info.internal)
      .map((info) => info!.address),
  ];

  beforeAll(async () => {
    tcp = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => tcp.listen(0, '0.0.0.0', resolve));
    tcpPort = (tcp.address() as net.AddressInfo).port;
    udp = dgram.createSocket('udp4');
    udp.on('message', () => {
      datagrams += 1;
    });
    await new Promise<void>((resolve) => udp.bind(0, '0.0.0.0', resolve));
    udpPort = udp.address().port;
    // Generous: urllib and http.client take a while to import in WebAssembly on a loaded machine.
    prepare();
    sandbox = redteamSandbox({ timeoutMs: 15_000 });
    await sandbox.start();
  }, 120_000);

  afterAll(async () => {
    await sandbox.close();
    await new Promise((resolve) => tcp.close(resolve));
    udp.close();
  });

  beforeEach(() => {
    connections = 0;
    datagrams = 0;
  });

  /** Tries `statement` against every host address; prints ESCAPED on success, blocked otherwise. */
  function againstEveryAddress(imports: string, statement: (address: string) => string): string {
    return (
      py(imports) +
      HOST_ADDRESSES.map((address) =>
        py('try:', `    ${statement(address)}`, `    print(${ESCAPED_PY}, ${pyString(address)})`, 'except BaseException as e:', `    print("blocked", ${pyString(address)}, type(e).__name__)`),
      ).join('')
    );
  }

  /** The listener must have seen nothing, and every attempt must have failed inside the sandbox. */
  async function expectNothingArrived(code: string): Promise<void> {
    const report = await run(sandbox, code);
    expectNoSecret(report);
    expect(report.status, report.error?.message).toBe('ok');
    expect(report.stdout.match(/^blocked /gm)).toHaveLength(HOST_ADDRESSES.length);
    // Let anything in flight reach the listeners before counting.
    await new Promise((resolve) => setImmediate(resolve));
    expect(connections).toBe(0);
    expect(datagrams).toBe(0);
  }

  describe(title, () => {
    it('the listener really accepts connections from the host (control)', async () => {
      const accepted = once(tcp, 'connection');
      const socket = net.connect(tcpPort, '127.0.0.1');
      socket.on('error', () => undefined);
      await accepted;
      socket.destroy();
      expect(connections).toBe(1);
    });

    it('socket.create_connection reaches no host address', async () => {
      await expectNothingArrived(againstEveryAddress('import socket', (address) => `socket.create_connection((${pyString(address)}, ${tcpPort}), timeout=1).send(b"hi")`));
    });

    it('urllib.request reaches no host address', async () => {
      await expectNothingArrived(againstEveryAddress('import urllib.request', (address) => `urllib.request.urlopen("http://${address}:${tcpPort}/", timeout=1).read()`));
    });

    it('http.client reaches no host address', async () => {
      await expectNothingArrived(
        againstEveryAddress('import http.client', (address) => `c = http.client.HTTPConnection(${pyString(address)}, ${tcpPort}, timeout=1); c.request("GET", "/"); c.getresponse()`),
      );
    });

    it('UDP datagrams reach no host address', async () => {
      await expectNothingArrived(
        againstEveryAddress('import socket', (address) => `s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b"x" * 10, (${pyString(address)}, ${udpPort})); s.recvfrom(10)`),
      );
    });

    it('DNS lookups do not resolve real names (Emscripten hands out fake 172.29.x.x addresses or fails)', async () => {
      const report = await run(
        sandbox,
        py(
          'import socket',
          'for name in ("localhost", "example.com", "github.com"):',
          '    try:',
          '        infos = socket.getaddrinfo(name, 80, socket.AF_INET, socket.SOCK_STREAM)',
          '        print(name, sorted({info[4][0] for info in infos}))',
          '    except BaseException as e:',
          '        print(name, "failed", type(e).__name__)',
          'try:',
          '    print("connect", socket.create_connection(("example.com", 80), timeout=1))',
          'except BaseException as e:',
          '    print("connect failed", type(e).__name__)',
        ),
      );
      expect(report.status).toBe('ok');
      for (const line of report.stdout.trim().split('\n').slice(0, 3)) {
        const addresses = [...line.matchAll(/'([\d.]+)'/g)].map((m) => m[1]!);
        for (const address of addresses) expect(address === '127.0.0.1' || address.startsWith('172.29.'), line).toBe(true);
      }
      expect(report.stdout).toMatch(/^connect failed /m);
    });
  });
}
