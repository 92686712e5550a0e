/**
 * The service assembled: the Hono app (routes, auth, limits, error mapping) and `startService`,
 * which opens the data folder, the token file and the store, serves the app and runs the syncs.
 */
import type { AddressInfo } from 'node:net';
import { mkdir, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { ServiceConfig } from './config.js';
import { DATA_DIR_MODE } from './file-modes.js';
import { loadGoogleConfig } from './google-config.js';
import { googleWriterFromConfig } from './output/google-writer.js';
import {
  bearerRoles,
  ensureTokenFile,
  TokenRegistry,
  type AppEnv,
  type IssuedToken,
} from './middleware/auth/index.js';
import { apiErrorHandler, apiNotFound, tooLarge } from './middleware/errors/index.js';
import { securityHeaders } from './middleware/headers/index.js';
import { anonymousRateLimit, DEFAULT_PUBLIC_REQUESTS_PER_MINUTE } from './middleware/rate-limit/index.js';
import { requestLog } from './middleware/request-log/index.js';
import { messagePage } from './dashboard/page.js';
import type { SourceAdapter } from './model.js';
import { applicationRoutes } from './routes/applications.js';
import { auditRoutes } from './routes/audit.js';
import { reviewFormRoutes } from './routes/dashboard-review.js';
import { submissionRoutes } from './routes/submissions.js';
import { SubmissionDesk } from './submissions/desk.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { planRoutes } from './routes/plan.js';
import { regionalRoutes } from './routes/regional.js';
import { statusRoutes } from './routes/status.js';
import { syncRoutes } from './routes/sync.js';
import { seedDemo } from './seed/demo-region.js';
import { seedRegion } from './seed/seed-region.js';
import { sourceRoutes } from './routes/sources.js';
import { uploadPageRoutes } from './routes/upload-page.js';
import { googleSourceFromConfig } from './sources/google-source.js';
import { MixedSource } from './sources/mixed-source.js';
import { UploadReceiver, type SourceKind } from './uploads/receive-upload.js';
import { UploadStore } from './uploads/upload-store.js';
import { XlsxFolderSource } from './sources/xlsx-folder.js';
import { openStore, type SyncStore } from './store/index.js';
import { logSafe, type Logger } from './sync/log.js';
import { attachProgressLog } from './sync/progress-log.js';
import { googlePublisher, regionalXlsxPublisher, type Publish, type PublishSpec } from './sync/publish.js';
import { SyncRunner, type SyncResult } from './sync/runner.js';

export interface AppDeps {
  readonly runner: SyncRunner;
  readonly tokens: TokenRegistry;
  readonly logger: Logger;
  readonly outputPath: string;
  readonly maxBodyBytes: number;
  readonly timeZone: string;
  readonly nextSyncAt?: () => string | null;
  /** Requests a minute per client without a valid token (the public page); 0: no limit. Default 120. */
  readonly publicRequestsPerMinute?: number;
  /** The submission cycle (deadlines, review, audit); without it those routes are not there. */
  readonly desk?: SubmissionDesk;
  readonly now?: () => Date;
  /** Uploads of the ММО files; without it the upload routes are not served. */
  readonly uploads?: {
    readonly receiver: UploadReceiver;
    readonly store: UploadStore;
    readonly maxUploadBytes: number;
  };
  /** Where each listed source comes from, for /api/status. */
  readonly originOf?: (sourceId: string) => string;
  readonly sourceKind?: (mmo: number) => SourceKind;
}

/** The upload routes carry their own, larger body limit. */
function isUploadPost(method: string, path: string): boolean {
  return method === 'POST' && (/^\/api\/sources\/[^/]+$/.test(path) || path === '/upload');
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const nextSyncAt = deps.nextSyncAt ?? (() => null);
  const app = new Hono<AppEnv>();
  app.use('*', ...securityHeaders());
  app.use('*', requestLog(deps.logger, { only: /^\/(api\/|sync$)/ }));
  app.use(
    '*',
    anonymousRateLimit({
      perMinute: deps.publicRequestsPerMinute ?? DEFAULT_PUBLIC_REQUESTS_PER_MINUTE,
      tokens: deps.tokens,
    }),
  );
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => {
        const text = `Метод ${c.req.method} здесь не поддерживается: по адресу ${c.req.path} можно ${methods.join(', ')}.`;
        c.header('Allow', methods.join(', '));
        return c.req.path.startsWith('/api/')
          ? c.json({ error: text }, 405)
          : c.html(messagePage('Метод не поддерживается', text), 405);
      },
    }),
  );
  const limit = bodyLimit({ maxSize: deps.maxBodyBytes, onError: tooLarge(deps.maxBodyBytes) });
  app.use('*', (c, next) =>
    deps.uploads && isUploadPost(c.req.method, c.req.path) ? next() : limit(c, next),
  );
  app.use('/api/*', async (c, next) => {
    await next();
    // Answers may carry personal data: no proxy or browser cache keeps them.
    c.header('Cache-Control', 'no-store');
  });
  app.use('/api/*', bearerRoles({ tokens: deps.tokens }));
  app.route(
    '/api/status',
    statusRoutes({
      runner: deps.runner,
      nextSyncAt,
      ...(deps.originOf ? { originOf: deps.originOf } : {}),
      ...(deps.sourceKind ? { sourceKind: deps.sourceKind } : {}),
    }),
  );
  if (deps.uploads) {
    app.route('/api/sources', sourceRoutes(deps.uploads));
    app.route(
      '/upload',
      uploadPageRoutes({
        receiver: deps.uploads.receiver,
        tokens: deps.tokens,
        maxUploadBytes: deps.uploads.maxUploadBytes,
      }),
    );
  }
  app.route('/api/sync', syncRoutes({ runner: deps.runner }));
  app.route('/api/plan', planRoutes({ runner: deps.runner }));
  app.route('/api/applications', applicationRoutes({ runner: deps.runner }));
  app.route('/api/regional.xlsx', regionalRoutes({ runner: deps.runner, outputPath: deps.outputPath }));
  if (deps.desk) {
    app.route('/api/submissions', submissionRoutes({ desk: deps.desk }));
    app.route('/api/audit', auditRoutes({ desk: deps.desk }));
    app.route('/', reviewFormRoutes({ desk: deps.desk, tokens: deps.tokens }));
  }
  app.route(
    '/',
    dashboardRoutes({
      runner: deps.runner,
      tokens: deps.tokens,
      timeZone: deps.timeZone,
      nextSyncAt,
      ...(deps.desk ? { desk: deps.desk } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    }),
  );
  app.notFound(apiNotFound);
  app.onError(apiErrorHandler(deps.logger));
  return app;
}

export interface StartOptions {
  readonly logger: Logger;
  /** Instead of the .xlsx folder or Google (tests, other adapters). */
  readonly source?: SourceAdapter;
  /** Seed the demo region into an empty sources folder (xlsx mode). Default true. */
  readonly seed?: boolean;
  /** With the seed, the fictional заявки, questionnaires, indicators… of sources/Демо/. Default true. */
  readonly demo?: boolean;
  readonly now?: () => Date;
}

export interface RunningService {
  readonly url: string;
  readonly port: number;
  readonly app: Hono<AppEnv>;
  readonly runner: SyncRunner;
  readonly store: SyncStore;
  readonly desk: SubmissionDesk;
  /** Tokens created on this start (first start only): shown once, then only their hashes remain. */
  readonly issuedTokens: readonly IssuedToken[] | null;
  /** Files written by the demo seed on this start. */
  readonly seeded: readonly string[];
  readonly mode: 'xlsx' | 'google';
  /** The sync on start; the periodic ones begin after it. */
  startupSync(): Promise<SyncResult>;
  nextSyncAt(): string | null;
  close(): Promise<void>;
}

async function hasXlsx(dir: string): Promise<boolean> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return names.some((n) => extname(String(n)).toLowerCase() === '.xlsx');
}

export async function startService(config: ServiceConfig, options: StartOptions): Promise<RunningService> {
  const { logger } = options;
  await mkdir(config.dataDir, { recursive: true, mode: DATA_DIR_MODE });
  await mkdir(config.sourcesDir, { recursive: true, mode: DATA_DIR_MODE });

  let source = options.source;
  let mode: RunningService['mode'] = 'xlsx';
  let seeded: string[] = [];
  let publish: PublishSpec | Publish = regionalXlsxPublisher(config.outputPath);
  let googleMmo = new Set<number>();
  let mixed: MixedSource | null = null;
  const sourceKind = (mmo: number): SourceKind =>
    config.mmoSources[mmo] ?? (googleMmo.has(mmo) ? 'google' : 'upload');
  if (!source) {
    const google = config.googleConfigPath ? await loadGoogleConfig(config.googleConfigPath) : null;
    if (google) {
      googleMmo = new Set(google.sources.map((s) => s.mmo));
      publish = googlePublisher(config.outputPath, googleWriterFromConfig(google), logger);
      mode = 'google';
      for (const [mmo, kind] of Object.entries(config.mmoSources)) {
        if (kind === 'google' && !googleMmo.has(Number(mmo)))
          throw new Error(
            `В настройках mmoSources ММО №${mmo} — "google", но в ${config.googleConfigPath} нет его таблицы`,
          );
      }
    } else if (Object.values(config.mmoSources).includes('google')) {
      throw new Error(
        'В настройках mmoSources есть "google", но файл настроек Google-режима (поле google) не указан',
      );
    }
    if (!google && options.seed !== false && !(await hasXlsx(config.sourcesDir))) {
      seeded = await seedRegion(config.sourcesDir);
      if (options.demo !== false) seeded.push(...(await seedDemo(config.sourcesDir)));
    }
    const folder = new XlsxFolderSource(config.sourcesDir, {
      exclude: [config.outputPath],
      limits: config.xlsxLimits,
    });
    mixed = new MixedSource({
      folder,
      ...(google ? { google: googleSourceFromConfig(google) } : {}),
      kindOf: sourceKind,
    });
    source = mixed;
  }

  const issuedTokens = ensureTokenFile(config.tokensPath);
  const tokens = TokenRegistry.load(config.tokensPath);
  const store = await openStore(config.databaseUrl ?? config.storePath);
  const desk = new SubmissionDesk({
    store,
    settings: config.submissions,
    timeZone: config.timeZone,
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  const runner = new SyncRunner({
    afterRun: desk.afterRun,
    source,
    store,
    publish,
    extras: () => desk.extras(),
    outputPath: config.outputPath,
    academicYear: config.academicYear,
    ...(config.workerHeapMb ? { workers: { heapMb: config.workerHeapMb } } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  desk.attach(runner);
  await runner.init();
  await desk.refresh();
  const detachLog = attachProgressLog(runner, logger);

  let timer: NodeJS.Timeout | null = null;
  let nextAt: Date | null = null;
  let closing = false;
  const schedule = () => {
    if (closing || config.syncIntervalMin <= 0) return;
    const ms = config.syncIntervalMin * 60_000;
    nextAt = new Date(Date.now() + ms);
    timer = setTimeout(() => {
      timer = null;
      nextAt = null;
      runner
        .sync({ mmo: null, trigger: 'timer' })
        .catch((e: unknown) =>
          logger.error(
            `Синхронизация по расписанию не удалась: ${logSafe(e instanceof Error ? e.message : String(e))}`,
          ),
        )
        .finally(schedule);
    }, ms);
  };
  const nextSyncAt = () => nextAt?.toISOString() ?? null;

  const uploadStore = new UploadStore(config.sourcesDir, join(config.dataDir, 'uploads'));
  const receiver = new UploadReceiver({
    runner,
    store: uploadStore,
    maxUploadBytes: config.maxUploadBytes,
    xlsxLimits: config.xlsxLimits,
    sourceKind,
    audit: (entries) => store.appendAudit(entries),
    ...(options.now ? { now: options.now } : {}),
  });
  const app = createApp({
    runner,
    tokens,
    logger,
    outputPath: config.outputPath,
    maxBodyBytes: config.maxBodyBytes,
    timeZone: config.timeZone,
    nextSyncAt,
    publicRequestsPerMinute: config.publicRequestsPerMinute,
    desk,
    ...(options.now ? { now: options.now } : {}),
    uploads: { receiver, store: uploadStore, maxUploadBytes: config.maxUploadBytes },
    sourceKind,
    ...(mixed ? { originOf: (id: string) => mixed.originOf(id) } : {}),
  });

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve(
      { fetch: app.fetch, port: config.port, ...(config.host ? { hostname: config.host } : {}) },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost =
    !config.host || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;

  let startup: Promise<SyncResult> | null = null;
  return {
    url,
    port,
    app,
    runner,
    store,
    desk,
    issuedTokens,
    seeded,
    mode,
    startupSync() {
      startup ??= runner.sync({ mmo: null, trigger: 'start' }).finally(schedule);
      return startup;
    },
    nextSyncAt,
    async close() {
      closing = true;
      if (timer) clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections of browsers would hold close() open for minutes.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      await runner.idle();
      detachLog();
      desk.close();
      await store.close();
    },
  };
}
