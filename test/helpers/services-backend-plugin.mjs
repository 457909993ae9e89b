// A web-test-runner plugin: the real stack for the services element's browser tests,
// one per driver, each started on the first command that asks for it and stopped with
// the test server. Command (from the browser, executeServerCommand):
//   atelier-services-backend {driver: 'local'|'kubernetes', users} → {bffUrl, tokens: {user: access token}}
import { backendToken, startBackend, stopBackend } from './files-backend-plugin.mjs';

export function servicesBackendPlugin() {
  const backends = new Map();
  return {
    name: 'atelier-services-backend',
    async executeCommand({ command, payload }) {
      if (command !== 'atelier-services-backend') return undefined;
      const driver = payload?.driver === 'kubernetes' ? 'kubernetes' : 'local';
      if (!backends.has(driver)) backends.set(driver, startBackend('services-backend.ts', [driver]));
      const { info } = await backends.get(driver);
      const tokens = {};
      for (const user of payload?.users ?? ['alice']) tokens[user] = await backendToken(info, user);
      return { bffUrl: info.bffUrl, tokens };
    },
    async serverStop() {
      await Promise.all([...backends.values()].map(stopBackend));
    },
  };
}
