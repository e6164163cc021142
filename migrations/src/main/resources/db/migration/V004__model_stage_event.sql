-- Every stage decision on a model version, applied or refused, with the reason: the registry's
-- history for auditors. model_version.stage holds only the current stage; this table says how it
-- got there (a promotion, the archival of the production version it replaced, a refusal by the
-- NDCG@10 gate). Append-only, like params and metrics.

CREATE TABLE model_stage_event (
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    model_name         text        NOT NULL,
    model_version      bigint      NOT NULL,
    from_stage         text        NOT NULL,
    to_stage           text        NOT NULL,
    decision           text        NOT NULL,
    reason             text        NOT NULL,
    production_version bigint,
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT model_stage_event_pk PRIMARY KEY (id),
    CONSTRAINT model_stage_event_version_fk FOREIGN KEY (model_name, model_version)
        REFERENCES model_version (name, version),
    CONSTRAINT model_stage_event_decision_ck CHECK (decision IN ('applied', 'refused')),
    CONSTRAINT model_stage_event_from_ck
        CHECK (from_stage IN ('none', 'candidate', 'production', 'archived')),
    CONSTRAINT model_stage_event_to_ck
        CHECK (to_stage IN ('none', 'candidate', 'production', 'archived')),
    CONSTRAINT model_stage_event_reason_ck CHECK (reason <> '')
);

CREATE INDEX model_stage_event_model_ix ON model_stage_event (model_name, model_version);

CREATE TRIGGER model_stage_event_immutable_tg BEFORE UPDATE OR DELETE ON model_stage_event
    FOR EACH ROW EXECUTE FUNCTION lineage_reject_change();
