-- Lineage schema: who produced which artifact, from what, with which code, params and metrics.
-- Modelled on MLflow's SQL store: datasets keyed by digest, params write-once, metrics
-- append-only, lineage as a generic input -> output edge table. Every constraint is named so
-- that errors and later migrations can refer to it. Must stay PostgreSQL 14 compatible
-- (the embedded default is PostgreSQL 14).

CREATE TABLE dataset (
    digest     text        NOT NULL,
    name       text        NOT NULL,
    format     text        NOT NULL,
    uri        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dataset_pk PRIMARY KEY (digest),
    CONSTRAINT dataset_digest_sha256_ck CHECK (digest ~ '^[0-9a-f]{64}$'),
    CONSTRAINT dataset_name_ck CHECK (name <> ''),
    CONSTRAINT dataset_format_ck CHECK (format <> '')
);

CREATE TABLE artifact (
    uri        text        NOT NULL,
    sha256     text        NOT NULL,
    size_bytes bigint      NOT NULL,
    kind       text        NOT NULL,
    media_type text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT artifact_pk PRIMARY KEY (uri),
    CONSTRAINT artifact_sha256_ck CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT artifact_size_bytes_ck CHECK (size_bytes >= 0),
    CONSTRAINT artifact_kind_ck CHECK (kind IN (
        'dataset_snapshot', 'feature_table', 'augmentation_views', 'interest_assignments',
        'checkpoint', 'evaluation_report', 'run_report', 'model_card', 'other')),
    CONSTRAINT artifact_media_type_ck CHECK (media_type <> '')
);

CREATE INDEX artifact_sha256_ix ON artifact (sha256);

-- One row per activity execution. A retried activity presents the same idempotency key
-- (workflow id + stage) and gets the same row back instead of a second run.
CREATE TABLE run (
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    idempotency_key text        NOT NULL,
    workflow_id     text        NOT NULL,
    workflow_run_id text        NOT NULL,
    activity        text        NOT NULL,
    code_version    text        NOT NULL,
    status          text        NOT NULL DEFAULT 'running',
    attempt         integer     NOT NULL DEFAULT 1,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    CONSTRAINT run_pk PRIMARY KEY (id),
    CONSTRAINT run_idempotency_key_uq UNIQUE (idempotency_key),
    CONSTRAINT run_status_ck CHECK (status IN ('running', 'succeeded', 'failed')),
    CONSTRAINT run_finished_ck CHECK ((status = 'running') = (finished_at IS NULL)),
    CONSTRAINT run_attempt_ck CHECK (attempt >= 1),
    CONSTRAINT run_idempotency_key_ck CHECK (idempotency_key <> ''),
    CONSTRAINT run_activity_ck CHECK (activity <> '')
);

CREATE INDEX run_workflow_ix ON run (workflow_id);

CREATE TABLE param (
    run_id bigint NOT NULL,
    key    text   NOT NULL,
    value  text   NOT NULL,
    CONSTRAINT param_pk PRIMARY KEY (run_id, key),
    CONSTRAINT param_run_fk FOREIGN KEY (run_id) REFERENCES run (id),
    CONSTRAINT param_key_ck CHECK (key <> '')
);

CREATE TABLE metric (
    run_id      bigint           NOT NULL,
    key         text             NOT NULL,
    value       double precision NOT NULL,
    step        bigint           NOT NULL,
    recorded_at timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT metric_pk PRIMARY KEY (run_id, key, step),
    CONSTRAINT metric_run_fk FOREIGN KEY (run_id) REFERENCES run (id),
    CONSTRAINT metric_key_ck CHECK (key <> ''),
    CONSTRAINT metric_step_ck CHECK (step >= 0)
);

-- An edge reads "run <run_id> used <input> (a dataset or an artifact) as <role> to produce
-- <output>". input_key folds both input columns into one so a plain UNIQUE constraint
-- (PostgreSQL 14 has no NULLS NOT DISTINCT) makes re-recording an edge a no-op.
CREATE TABLE lineage_edge (
    id                   bigint      GENERATED ALWAYS AS IDENTITY,
    input_dataset_digest text,
    input_artifact_uri   text,
    input_key            text        GENERATED ALWAYS AS (
        COALESCE('artifact:' || input_artifact_uri, 'dataset:' || input_dataset_digest)) STORED,
    output_artifact_uri  text        NOT NULL,
    run_id               bigint      NOT NULL,
    role                 text        NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT lineage_edge_pk PRIMARY KEY (id),
    CONSTRAINT lineage_edge_input_dataset_fk FOREIGN KEY (input_dataset_digest)
        REFERENCES dataset (digest),
    CONSTRAINT lineage_edge_input_artifact_fk FOREIGN KEY (input_artifact_uri)
        REFERENCES artifact (uri),
    CONSTRAINT lineage_edge_output_artifact_fk FOREIGN KEY (output_artifact_uri)
        REFERENCES artifact (uri),
    CONSTRAINT lineage_edge_run_fk FOREIGN KEY (run_id) REFERENCES run (id),
    CONSTRAINT lineage_edge_one_input_ck CHECK (num_nonnulls(input_dataset_digest, input_artifact_uri) = 1),
    CONSTRAINT lineage_edge_not_self_ck CHECK (input_artifact_uri IS DISTINCT FROM output_artifact_uri),
    CONSTRAINT lineage_edge_role_ck CHECK (role <> ''),
    CONSTRAINT lineage_edge_uq UNIQUE (input_key, output_artifact_uri, run_id, role)
);

CREATE INDEX lineage_edge_output_ix ON lineage_edge (output_artifact_uri);
CREATE INDEX lineage_edge_run_ix ON lineage_edge (run_id);

CREATE TABLE model_version (
    name           text        NOT NULL,
    version        bigint      NOT NULL,
    checkpoint_uri text        NOT NULL,
    run_id         bigint      NOT NULL,
    stage          text        NOT NULL DEFAULT 'none',
    metrics        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT model_version_pk PRIMARY KEY (name, version),
    CONSTRAINT model_version_checkpoint_uq UNIQUE (name, checkpoint_uri),
    CONSTRAINT model_version_checkpoint_fk FOREIGN KEY (checkpoint_uri) REFERENCES artifact (uri),
    CONSTRAINT model_version_run_fk FOREIGN KEY (run_id) REFERENCES run (id),
    CONSTRAINT model_version_stage_ck CHECK (stage IN ('none', 'candidate', 'production', 'archived')),
    CONSTRAINT model_version_version_ck CHECK (version >= 1),
    CONSTRAINT model_version_metrics_ck CHECK (jsonb_typeof(metrics) = 'object'),
    CONSTRAINT model_version_name_ck CHECK (name <> '')
);

-- At most one production version per model name.
CREATE UNIQUE INDEX model_version_one_production_ux ON model_version (name) WHERE stage = 'production';

-- Params are write-once and metrics append-only: reject UPDATE and DELETE outright, so that
-- even a hand-written statement cannot rewrite history.
CREATE FUNCTION lineage_reject_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '% on %.% is not allowed: lineage rows are immutable',
        TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER param_immutable_tg BEFORE UPDATE OR DELETE ON param
    FOR EACH ROW EXECUTE FUNCTION lineage_reject_change();
CREATE TRIGGER metric_immutable_tg BEFORE UPDATE OR DELETE ON metric
    FOR EACH ROW EXECUTE FUNCTION lineage_reject_change();
CREATE TRIGGER lineage_edge_immutable_tg BEFORE UPDATE OR DELETE ON lineage_edge
    FOR EACH ROW EXECUTE FUNCTION lineage_reject_change();
