import type { Migration } from './types';

const KINDS = `'prometheus','alertmanager','litellm','langfuse','openrouter'`;
const METRICS = `'requests','input_tokens','output_tokens','spend_usd','latency_p50_s','latency_p95_s','error_rate',
  'quality_score','drift'`;

/**
 * Live connections and their telemetry (issue 6).
 *
 * - `connections.secret_ref` names where the secret is ('store:<uuid>' in the OS secret store, 'env:VAR' for
 *   the CLI); the secret itself is never in this file.
 * - `metric_series` is one stream of one canonical metric for one initiative from one source, with its
 *   dimensions (model, team) as canonical JSON so the UNIQUE key finds it again on every poll.
 * - `metric_samples` is keyed (series, ts) WITHOUT ROWID: a retried poll rewrites the same keys instead of
 *   adding duplicates, and a range read is one b-tree walk.
 * - `metric_rollups` keeps count/sum/min/max/last per bucket at 1 min, 1 h and 1 day, so charts of long
 *   ranges and the spend view never read raw samples, and raw samples can be dropped by retention.
 * - `monitor_alerts` are alerts seen on Alertmanager (or Prometheus), matched to initiatives by binding.
 */
export const m0100Connections: Migration = {
  version: 100,
  name: 'live connections and metrics',
  up(db) {
    db.exec(`
      CREATE TABLE connections (
        id                   INTEGER PRIMARY KEY,
        kind                 TEXT NOT NULL CHECK (kind IN (${KINDS})),
        name                 TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
        base_url             TEXT NOT NULL CHECK (base_url GLOB 'http*://*' AND length(base_url) <= 2048),
        auth_kind            TEXT NOT NULL CHECK (auth_kind IN ('none','bearer','basic')),
        username             TEXT CHECK (username IS NULL OR length(username) <= 200),
        secret_ref           TEXT CHECK (secret_ref IS NULL OR secret_ref GLOB 'store:*' OR secret_ref GLOB 'env:*'),
        timeout_ms           INTEGER NOT NULL CHECK (timeout_ms BETWEEN 500 AND 120000),
        poll_interval_s      INTEGER NOT NULL CHECK (poll_interval_s BETWEEN 5 AND 86400),
        paused               INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        version              TEXT,
        last_ok_at           TEXT,
        last_error_at        TEXT,
        last_error_stage     TEXT,
        last_error_message   TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        circuit_open_until   TEXT,
        next_poll_at         TEXT,
        -- Per connection, where the last successful poll got to (unix s): the next poll resumes there.
        cursor               INTEGER,
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL
      ) STRICT;

      CREATE TABLE connection_bindings (
        id            INTEGER PRIMARY KEY,
        initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
        connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        preset        TEXT CHECK (preset IS NULL OR preset IN ('litellm','kong','otel')),
        selector      TEXT NOT NULL CHECK (json_valid(selector)),
        detected      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detected)),
        created_at    TEXT NOT NULL,
        UNIQUE (initiative_id, connection_id, selector)
      ) STRICT;
      CREATE INDEX connection_bindings_connection ON connection_bindings (connection_id);

      CREATE TABLE metric_series (
        id            INTEGER PRIMARY KEY,
        -- No foreign key on purpose: deleting an initiative must not take millions of samples into the undo
        -- snapshot, and an undone delete brings the initiative back under the same id, re-attaching its
        -- history. Series of initiatives that stay deleted are swept by the retention pass.
        initiative_id INTEGER NOT NULL,
        -- NULL for sample data (demo) and for series whose connection was deleted: history outlives it.
        connection_id INTEGER REFERENCES connections(id) ON DELETE SET NULL,
        metric        TEXT NOT NULL CHECK (metric IN (${METRICS})),
        dims          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(dims)),
        -- 'conn:<connection id>:<family>' for live data (family: prometheus preset or REST kind), 'demo' for
        -- sample data. Part of the key so two connections feeding one initiative stay two series.
        source        TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 60),
        first_ts      INTEGER,
        last_ts       INTEGER,
        UNIQUE (initiative_id, metric, source, dims)
      ) STRICT;
      CREATE INDEX metric_series_connection ON metric_series (connection_id);
      CREATE INDEX metric_series_metric ON metric_series (metric, initiative_id);

      CREATE TABLE metric_samples (
        series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
        ts        INTEGER NOT NULL,
        value     REAL NOT NULL,
        PRIMARY KEY (series_id, ts)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE metric_rollups (
        series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
        level     INTEGER NOT NULL CHECK (level IN (60, 3600, 86400)),
        bucket    INTEGER NOT NULL,
        n         INTEGER NOT NULL,
        sum       REAL NOT NULL,
        min       REAL NOT NULL,
        max       REAL NOT NULL,
        last      REAL NOT NULL,
        PRIMARY KEY (series_id, level, bucket)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE monitor_alerts (
        id            INTEGER PRIMARY KEY,
        connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        initiative_id INTEGER REFERENCES initiatives(id) ON DELETE CASCADE,
        fingerprint   TEXT NOT NULL,
        name          TEXT NOT NULL,
        severity      TEXT,
        summary       TEXT,
        labels        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(labels)),
        starts_at     TEXT NOT NULL,
        last_seen_at  TEXT NOT NULL,
        resolved_at   TEXT,
        UNIQUE (connection_id, fingerprint, initiative_id)
      ) STRICT;
      CREATE INDEX monitor_alerts_open ON monitor_alerts (initiative_id, resolved_at);

      CREATE TABLE slos (
        initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
        kind          TEXT NOT NULL CHECK (kind IN ('latency_p95','error_rate','cost_per_day','cost_per_request')),
        threshold     REAL NOT NULL CHECK (threshold > 0),
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (initiative_id, kind)
      ) STRICT;
    `);
  },
};
