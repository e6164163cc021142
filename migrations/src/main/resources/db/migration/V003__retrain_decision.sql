-- Ledger of scheduled retraining: one row per scheduled run (its workflow id), with the decision
-- (retrain or skip), why, the datasets digest it was taken on and, for a retrain, the child
-- pipeline and how it ended. "Last successful training" itself is read from the registration
-- runs, so trainings started by hand count too; this table says what the schedule did.

CREATE TABLE retrain_decision (
    id                   bigint      GENERATED ALWAYS AS IDENTITY,
    workflow_id          text        NOT NULL,
    model_name           text        NOT NULL,
    decision             text        NOT NULL,
    status               text        NOT NULL,
    reason               text        NOT NULL,
    datasets_digest      text        NOT NULL,
    previous_digest      text,
    dataset_digests      jsonb       NOT NULL,
    pipeline_workflow_id text,
    model_version        bigint,
    failure              text,
    decided_at           timestamptz NOT NULL DEFAULT now(),
    finished_at          timestamptz,
    CONSTRAINT retrain_decision_pk PRIMARY KEY (id),
    CONSTRAINT retrain_decision_workflow_uq UNIQUE (workflow_id),
    CONSTRAINT retrain_decision_workflow_ck CHECK (workflow_id <> ''),
    CONSTRAINT retrain_decision_model_name_ck CHECK (model_name <> ''),
    CONSTRAINT retrain_decision_decision_ck CHECK (decision IN ('retrain', 'skip')),
    CONSTRAINT retrain_decision_status_ck CHECK (status IN ('skipped', 'running', 'succeeded', 'failed')),
    -- a skip is final at once; a retrain runs, then succeeds or fails
    CONSTRAINT retrain_decision_status_fits_ck CHECK ((decision = 'skip') = (status = 'skipped')),
    CONSTRAINT retrain_decision_reason_ck CHECK (reason <> ''),
    CONSTRAINT retrain_decision_digest_ck CHECK (datasets_digest ~ '^[0-9a-f]{64}$'),
    CONSTRAINT retrain_decision_previous_digest_ck CHECK (previous_digest ~ '^[0-9a-f]{64}$'),
    CONSTRAINT retrain_decision_dataset_digests_ck CHECK (jsonb_typeof(dataset_digests) = 'object'),
    CONSTRAINT retrain_decision_pipeline_ck CHECK ((decision = 'retrain') = (pipeline_workflow_id IS NOT NULL)),
    CONSTRAINT retrain_decision_version_ck CHECK ((status = 'succeeded') = (model_version IS NOT NULL)),
    CONSTRAINT retrain_decision_failure_ck CHECK ((status = 'failed') = (failure IS NOT NULL)),
    CONSTRAINT retrain_decision_finished_ck CHECK ((status = 'running') = (finished_at IS NULL))
);

CREATE INDEX retrain_decision_model_ix ON retrain_decision (model_name, decided_at);
