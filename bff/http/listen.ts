import type { Server } from 'node:http';

/**
 * Listens on `port`; 0 picks a free port. Resolves with the port actually bound, or
 * rejects with a message a person can act on (the port is taken, say).
 */
export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const where = `${host ?? '*'}:${port}`;
      if (error.code === 'EADDRINUSE') reject(new Error(`Port ${port} is already in use (${where}): stop what uses it, or choose another port.`));
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Listens on `preferred` when it is free (the port used last time), else on any free port. */
export async function listenPreferring(server: Server, preferred: number | undefined, host?: string): Promise<number> {
  if (preferred) {
    try {
      return await listen(server, preferred, host);
    } catch {
      // taken since last time: any free port will do
    }
  }
  return listen(server, 0, host);
}
