// A TCP proxy of the test's own in front of a shared server (PostgreSQL on 127.0.0.1:5432), so a
// test can play "the database is unreachable" without stopping the server other tests use:
// `cut()` destroys every live connection and resets new ones, `restore()` forwards again.
import { createServer, connect, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private readonly live = new Set<Socket>();
  private isCut = false;

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(target: { host: string; port: number } = { host: '127.0.0.1', port: 5432 }): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined;
    const server = createServer((client) => proxy!.accept(client, target));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (!address || typeof address !== 'object') throw new Error('tcp proxy has no port');
    proxy = new TcpProxy(server, address.port);
    return proxy;
  }

  /** The same URL with its host and port replaced by the proxy's. */
  urlFor(url: string): string {
    const through = new URL(url);
    through.hostname = '127.0.0.1';
    through.port = String(this.port);
    return through.toString();
  }

  /** Live connections are reset; new ones are accepted and reset at once, until `restore()`. */
  cut(): void {
    this.isCut = true;
    for (const socket of this.live) socket.resetAndDestroy();
    this.live.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    if (this.isCut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const [socket, other] of [[client, upstream], [upstream, client]] as const) {
      this.live.add(socket);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.live.delete(socket);
        other.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
