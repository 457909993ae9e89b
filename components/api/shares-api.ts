import type { JsonRequest } from './files-api.js';
import type { Share, ShareRequest } from './types.js';

/** The sharing part of the API client (`api.shares`): who else may open one of the caller's services. */
export interface SharesApi {
  get(serviceId: string, options?: { signal?: AbortSignal }): Promise<Share>;
  /** Adds users and groups (of the caller's own) to the service's share; resolves with the share as it is now. */
  add(serviceId: string, request: ShareRequest): Promise<Share>;
  /** Stops sharing with one user or group. */
  revoke(serviceId: string, kind: 'users' | 'groups', name: string): Promise<void>;
}

/** The HTTP implementation, on the client's own request function. */
export class HttpSharesApi implements SharesApi {
  constructor(private readonly request: JsonRequest) {}

  get(serviceId: string, options: { signal?: AbortSignal } = {}): Promise<Share> {
    return this.request(`/api/services/${encodeURIComponent(serviceId)}/shares`, options);
  }

  add(serviceId: string, body: ShareRequest): Promise<Share> {
    return this.request(`/api/services/${encodeURIComponent(serviceId)}/shares`, { method: 'POST', body });
  }

  async revoke(serviceId: string, kind: 'users' | 'groups', name: string): Promise<void> {
    await this.request(`/api/services/${encodeURIComponent(serviceId)}/shares/${kind}/${encodeURIComponent(name)}`, { method: 'DELETE' });
  }
}
