const quantity = {
  anyOf: [{ type: 'null' }, { type: 'number', minimum: 0 }, { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$' }],
} as const;

/** One level of quota limits: cpu and memory as Kubernetes quantities ("4", "500m", "8Gi"). */
const quotaLimits = {
  type: 'object',
  additionalProperties: false,
  properties: {
    services: { type: ['integer', 'null'], minimum: 0, description: 'Services starting or running at once' },
    cpu: { ...quantity, description: 'CPU requested by running services together, in cores ("4", "500m")' },
    memory: { ...quantity, description: 'Memory requested by running services together ("8Gi")' },
    gpu: { type: ['integer', 'null'], minimum: 0 },
  },
} as const;

/**
 * The JSON Schema of Atelier's configuration file (YAML or JSON). Every key has a
 * default for embedded mode, so an empty file — or no file — is a valid configuration.
 */
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, default: 'Atelier' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    data: { type: 'string', minLength: 1, default: './.atelier' },
    publicUrl: { type: 'string', format: 'uri', description: 'The URL users reach the BFF at; default http://localhost:<port>' },
    origins: {
      type: 'array',
      items: { type: 'string', pattern: '^https?://[^/]+$' },
      default: [],
      description: 'Origins allowed to embed the elements; embedded mode also allows any http://localhost:* and http://127.0.0.1:*',
    },
    languages: { type: 'array', items: { enum: ['en', 'fr'] }, minItems: 1, default: ['en', 'fr'] },
    defaultTheme: { type: 'string', pattern: '^[a-z0-9-]+$', default: 'light' },
    logo: { type: ['string', 'null'], default: null, description: 'The logo in the portal header: a URL, or a path on the BFF such as /themes/hexagone-logo.svg' },
    links: {
      type: 'array',
      default: [],
      description: 'Links in the portal header (help, contact…): {label, url}, label a string or one per language ({en, fr})',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'url'],
        properties: {
          label: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object', minProperties: 1, additionalProperties: { type: 'string', minLength: 1 } }] },
          url: { type: 'string', pattern: '^(https?://|mailto:|/)' },
        },
      },
    },
    termsOfService: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            url: { type: 'string', pattern: '^(https?://|/)' },
            text: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object', minProperties: 1, additionalProperties: { type: 'string', minLength: 1 } }] },
          },
        },
      ],
      default: null,
      description: 'The terms of service the portal links to: {url} (a page), or {text} (shown in the portal itself; a string or one per language)',
    },
    catalogs: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        public: { type: 'boolean', default: true, description: 'Whether the catalogs can be read without signing in' },
        sources: {
          type: 'array',
          default: [{ id: 'local', path: 'builtin:local' }],
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id'],
            properties: {
              id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,30}$' },
              path: { type: 'string', minLength: 1, description: 'A folder of service entries, builtin:<name>, or (type helm) a folder holding a Helm repository index.yaml' },
              url: { type: 'string', pattern: '^https?://', description: 'The URL of a Helm repository (its index.yaml is read from there)' },
              type: { enum: ['folder', 'helm'], description: 'folder (the default for a path) or helm (the default for a url)' },
              name: {
                anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }],
                description: 'The catalog name shown (a string, or one per language: {en, fr}); folder catalogs default to their catalog.json',
              },
              description: { anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }] },
              highlighted: { type: 'array', items: { type: 'string' }, description: 'Entry ids shown first' },
            },
          },
        },
        schemas: {
          type: ['string', 'null'],
          default: null,
          description:
            'A folder of schemas for x-onyxia.overwriteSchemaWith and $ref, laid out like Onyxia’s (ide/resources.json…), with roles/<role>/<name> for one role; it comes before the built-in ones',
        },
      },
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        issuer: { type: ['string', 'null'], format: 'uri', default: null, description: 'An external OIDC issuer; null starts the embedded one' },
        clientId: { type: 'string', minLength: 1, default: 'atelier' },
        audience: { type: 'string', minLength: 1, default: 'atelier' },
        scope: { type: 'string', default: 'openid profile email groups' },
        usernameClaim: { type: 'string', default: 'preferred_username' },
        groupsClaim: { type: 'string', default: 'groups' },
      },
    },
    region: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'What launch forms read as region.* (Onyxia’s region): default resources, node selector, tolerations',
      properties: {
        resources: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            cpuRequest: { type: 'string', default: '100m' },
            cpuLimit: { type: 'string', default: '2000m' },
            memoryRequest: { type: 'string', default: '1Gi' },
            memoryLimit: { type: 'string', default: '4Gi' },
            disk: { type: 'string', default: '10Gi' },
            gpu: { type: 'string', default: '0' },
          },
        },
        nodeSelector: { type: 'object', additionalProperties: { type: 'string' }, default: {} },
        tolerations: { type: 'array', items: { type: 'object' }, default: [] },
        defaultNetworkPolicy: { type: 'boolean', default: false },
        customValues: { type: 'object', default: {}, description: 'Anything else charts read under region.customValues' },
      },
    },
    launch: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        autoLaunch: {
          type: 'boolean',
          default: false,
          description: 'Whether a launch link with autoLaunch=true launches at once; by default the user is asked first (a link can come from anyone)',
        },
        git: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            fromIdentity: { type: 'boolean', default: false, description: 'git.name and git.email from the signed-in user' },
            credentialsCacheDuration: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        vault: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            url: { type: ['string', 'null'], default: null },
            mount: { type: 'string', default: '' },
            topDir: { type: 'string', default: '' },
          },
        },
      },
    },
    proxy: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        port: { type: 'integer', minimum: 0, maximum: 65535, default: 8081 },
        domain: { type: 'string', pattern: '^[a-z0-9.-]+$', default: 'localhost' },
        publicUrl: { type: 'string', format: 'uri', description: 'Scheme and port users reach the proxy at; default http://<domain>:<port>' },
        cookieMaxAgeSeconds: {
          type: 'integer',
          minimum: 60,
          default: 3600,
          description: "The lifetime of the proxy's cookie for a service; renewed on activity once half of it has passed",
        },
        ticketSeconds: { type: 'integer', minimum: 1, maximum: 300, default: 30 },
        cacheSeconds: {
          type: 'number',
          minimum: 0,
          maximum: 60,
          default: 2,
          description: 'How long the proxy may reuse a service record or share read from the store: a revoked share stops working within it',
        },
        routing: {
          enum: ['host', 'path'],
          default: 'host',
          description: 'host: each service port on its own origin, <service>-<port>.<domain> (needs wildcard DNS); path: <domain>/s/<service>/<port>/ on one origin, only with sharing off (see the README)',
        },
        sharing: { type: 'boolean', default: true, description: 'Whether owners may share their services with groups and other users; must be false with path routing' },
        activitySeconds: {
          type: 'number',
          minimum: 1,
          maximum: 3600,
          default: 30,
          description: "How often each proxy adds a service's activity (requests, WebSocket messages) to the store, at most",
        },
      },
    },
    services: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        startTimeoutSeconds: { type: 'integer', minimum: 1, default: 90 },
        stopTimeoutSeconds: { type: 'integer', minimum: 1, default: 5 },
        idleTimeoutMinutes: {
          type: 'number',
          minimum: 0,
          default: 20,
          description: "A running service without traffic for this long is stopped (local) or suspended (Kubernetes), unless its catalog entry's idleTimeout says otherwise; 0: never",
        },
        idleCheckSeconds: { type: 'number', minimum: 0.1, maximum: 3600, default: 60, description: 'How often the BFF looks for idle services' },
        reminderHours: { type: 'number', minimum: 0, default: 8, description: 'The services element reminds users of a service running longer than this; 0: never' },
        local: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: 'The local driver: services as processes of this machine',
          properties: {
            sandbox: {
              enum: ['auto', 'required', 'off'],
              default: 'auto',
              description: 'auto: each service in a bubblewrap sandbox when bubblewrap works here, else unsandboxed (single-user); required: refuse to start without it; off: never',
            },
            sandboxUid: { type: 'integer', minimum: 1, maximum: 4294967294, default: 65534, description: 'When Atelier runs as root: the user sandboxed services run as (their home folders become theirs)' },
            sandboxGid: { type: 'integer', minimum: 1, maximum: 4294967294, default: 65534, description: 'When Atelier runs as root: the group sandboxed services run as' },
            readOnlyPaths: {
              type: 'array',
              items: { type: 'string', pattern: '^/' },
              default: [],
              description: 'Host folders sandboxed services may also read (e.g. /opt/conda), besides /usr, /etc, /bin, /lib…',
            },
            logMaxBytes: { type: 'integer', minimum: 4096, default: 1048576, description: "A service's log file larger than this is rotated to one previous file (<id>.log.1)" },
          },
        },
      },
    },
    quotas: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'What each user may run at once: a default, and more for members of some groups (a user gets the most generous); null: unlimited',
      properties: {
        default: { ...quotaLimits, default: { services: 5, cpu: null, memory: null, gpu: null } },
        roles: { type: 'object', additionalProperties: quotaLimits, default: {}, description: 'Limits per group of the identity provider' },
      },
    },
    driver: {
      enum: ['local', 'kubernetes'],
      default: 'local',
      description: 'What runs services: local (processes of this machine, files under data) or kubernetes (objects in a cluster; the store lives there too)',
    },
    kubernetes: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'The Kubernetes driver (driver: kubernetes), bff/drivers/kubernetes/',
      properties: {
        kubeconfig: { type: ['string', 'null'], default: null, description: 'A kubeconfig file; null: the service account when running in the cluster, else ~/.kube/config' },
        context: { type: ['string', 'null'], default: null, description: 'The kubeconfig context; null: its current one' },
        namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$', default: 'atelier', description: "Atelier's own namespace: the store's Secrets live there" },
        namespacePrefix: { type: 'string', pattern: '^[a-z0-9][-a-z0-9]{0,29}$', default: 'atelier-', description: "Users' namespaces are <namespacePrefix><username>" },
        storageClass: { type: ['string', 'null'], default: null, description: "The StorageClass of services' home volumes; null: the cluster's default" },
        homeSize: { type: 'string', default: '10Gi', description: "A home volume's size when the catalog entry gives none" },
        podSecurity: { enum: ['privileged', 'baseline', 'restricted'], default: 'restricted', description: "The Pod Security Standard enforced on users' namespaces" },
        startTimeoutSeconds: { type: 'integer', minimum: 1, default: 600, description: 'How long a service has to become ready, image pull included' },
        proxy: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: "Who may reach services' pods (their NetworkPolicy): the proxy's namespace and pod labels",
          properties: {
            namespaceLabels: { type: 'object', additionalProperties: { type: 'string' }, default: { 'kubernetes.io/metadata.name': 'atelier' } },
            podLabels: { type: 'object', additionalProperties: { type: 'string' }, default: { 'app.kubernetes.io/name': 'atelier' } },
          },
        },
      },
    },
    s3: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: "Users' file storage (bff/s3/): an S3-compatible endpoint, or the embedded S3 server",
      properties: {
        endpoint: { type: ['string', 'null'], format: 'uri', default: null, description: 'An S3-compatible endpoint; null starts the embedded S3 server on the data folder' },
        publicUrl: { type: ['string', 'null'], format: 'uri', default: null, description: 'Where browsers and services reach S3, when not at endpoint' },
        port: { type: 'integer', minimum: 0, maximum: 65535, default: 0, description: "The embedded S3 server's port; 0: last time's when free, else any free port" },
        region: { type: 'string', minLength: 1, default: 'us-east-1' },
        accessKeyId: { type: ['string', 'null'], default: null, description: "The BFF's own key for an external endpoint" },
        secretAccessKey: { type: ['string', 'null'], default: null },
        ca: { type: ['string', 'null'], default: null, description: 'A PEM file of certificates to trust for an https endpoint' },
        space: { enum: ['bucket', 'prefix'], default: 'bucket', description: 'A bucket per user (<bucketPrefix><username>), or a folder per user (<username>/) in the shared bucket' },
        bucket: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$', default: 'atelier', description: 'The shared bucket of the prefix mode' },
        bucketPrefix: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,29}$', default: 'user-' },
        partSizeMiB: { type: 'integer', minimum: 5, maximum: 5120, default: 16, description: 'Files larger than this go up in parallel parts of this size' },
        sts: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: "Temporary, scoped credentials for services: AssumeRoleWithWebIdentity with the user's access token (MinIO, AWS)",
          properties: {
            endpoint: { type: ['string', 'null'], format: 'uri', default: null, description: 'null: services of an external endpoint get no credentials' },
            roleArn: { type: ['string', 'null'], default: null },
            durationSeconds: { type: 'integer', minimum: 900, maximum: 43200, default: 3600 },
          },
        },
      },
    },
  },
} as const;
