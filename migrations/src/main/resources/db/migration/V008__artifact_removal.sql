-- Bytes removed from S3 under the retention policy (`missrec artifact prune`): the intermediates of
-- finished training runs that nothing consumed (epoch checkpoints other than the one a run handed
-- on, optimizer states kept only for resuming). The artifact row, its digest and its lineage edges
-- stay; this table says when and why the bytes went. Append-only, like the rest of lineage; a
-- deterministic rerun may upload the same bytes again, so one artifact can be removed more than
-- once.

CREATE TABLE artifact_removal (
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    artifact_uri text        NOT NULL,
    reason       text        NOT NULL,
    removed_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT artifact_removal_pk PRIMARY KEY (id),
    CONSTRAINT artifact_removal_artifact_fk FOREIGN KEY (artifact_uri) REFERENCES artifact (uri),
    CONSTRAINT artifact_removal_reason_ck CHECK (reason <> '')
);

CREATE INDEX artifact_removal_artifact_ix ON artifact_removal (artifact_uri);

CREATE TRIGGER artifact_removal_immutable_tg BEFORE UPDATE OR DELETE ON artifact_removal
    FOR EACH ROW EXECUTE FUNCTION lineage_reject_change();
