-- Why a run failed: one row per failed attempt, written with the status change in one
-- transaction. A run that is retried reopens (status running, attempt + 1), so the run row alone
-- would lose an earlier attempt's cause; these rows keep every attempt's. Append-only.
--   activity:  the activity caught the error and marked its own run failed
--   reconcile: `missrec lineage reconcile` found the run's workflow closed (terminated, timed out,
--              or gone) while the run still said running, i.e. its worker died before finishing

CREATE TABLE run_failure (
    run_id      bigint      NOT NULL,
    attempt     integer     NOT NULL,
    source      text        NOT NULL,
    reason      text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT run_failure_pk PRIMARY KEY (run_id, attempt),
    CONSTRAINT run_failure_run_fk FOREIGN KEY (run_id) REFERENCES run (id),
    CONSTRAINT run_failure_attempt_ck CHECK (attempt >= 1),
    CONSTRAINT run_failure_source_ck CHECK (source IN ('activity', 'reconcile')),
    CONSTRAINT run_failure_reason_ck CHECK (reason <> '')
);

CREATE TRIGGER run_failure_immutable_tg BEFORE UPDATE OR DELETE ON run_failure
    FOR EACH ROW EXECUTE FUNCTION lineage_reject_change();

-- `lineage reconcile` lists the runs still running; most rows are finished.
CREATE INDEX run_running_ix ON run (started_at) WHERE status = 'running';
