-- Views an auditor queries. Repeatable: re-applied whenever this file changes.

DROP VIEW IF EXISTS model_lineage;
DROP VIEW IF EXISTS model_version_provenance;
DROP VIEW IF EXISTS artifact_provenance;
DROP VIEW IF EXISTS run_summary;

-- One row per run with its params as a JSON object and its latest value of each metric; a failed
-- run with why its last attempt failed.
CREATE VIEW run_summary AS
SELECT r.id AS run_id,
       r.workflow_id,
       r.workflow_run_id,
       r.activity,
       r.code_version,
       r.status,
       r.attempt,
       r.started_at,
       r.finished_at,
       (SELECT f.source || ': ' || f.reason FROM run_failure f
        WHERE f.run_id = r.id AND f.attempt = r.attempt AND r.status = 'failed') AS failure,
       COALESCE((SELECT jsonb_object_agg(p.key, p.value) FROM param p WHERE p.run_id = r.id),
                '{}'::jsonb) AS params,
       COALESCE((SELECT jsonb_object_agg(m.key, m.value)
                 FROM (SELECT DISTINCT ON (key) key, value
                       FROM metric WHERE run_id = r.id ORDER BY key, step DESC) m),
                '{}'::jsonb) AS last_metrics
FROM run r;

-- Every provenance edge with both ends resolved: what went in, what came out, who made it.
CREATE VIEW artifact_provenance AS
SELECT e.output_artifact_uri,
       o.kind                AS output_kind,
       o.sha256              AS output_sha256,
       CASE WHEN e.input_artifact_uri IS NOT NULL THEN 'artifact' ELSE 'dataset' END AS input_type,
       COALESCE(e.input_artifact_uri, d.uri) AS input_uri,
       COALESCE(i.sha256, d.digest)           AS input_sha256,
       COALESCE(i.kind, 'dataset:' || d.format) AS input_kind,
       e.role,
       e.run_id,
       r.activity,
       r.workflow_id,
       r.code_version,
       e.created_at
FROM lineage_edge e
         JOIN artifact o ON o.uri = e.output_artifact_uri
         JOIN run r ON r.id = e.run_id
         LEFT JOIN artifact i ON i.uri = e.input_artifact_uri
         LEFT JOIN dataset d ON d.digest = e.input_dataset_digest;

-- A model version with the run that produced its checkpoint, that run's code and params.
CREATE VIEW model_version_provenance AS
SELECT mv.name,
       mv.version,
       mv.stage,
       mv.metrics,
       mv.created_at,
       mv.checkpoint_uri,
       a.sha256     AS checkpoint_sha256,
       a.size_bytes AS checkpoint_size_bytes,
       s.run_id,
       s.workflow_id,
       s.activity,
       s.code_version,
       s.status     AS run_status,
       s.params
FROM model_version mv
         JOIN artifact a ON a.uri = mv.checkpoint_uri
         JOIN run_summary s ON s.run_id = mv.run_id;

-- Every edge upstream of each model version's checkpoint, down to the source datasets: one row
-- per (model version, edge), with both ends' digests and the run (code, workflow) that made the
-- output. UNION (not UNION ALL) ends the recursion even if edges ever formed a cycle.
CREATE VIEW model_lineage AS
WITH RECURSIVE upstream (name, version, edge_id) AS (
    SELECT mv.name, mv.version, e.id
    FROM model_version mv
             JOIN lineage_edge e ON e.output_artifact_uri = mv.checkpoint_uri
    UNION
    SELECT u.name, u.version, e.id
    FROM upstream u
             JOIN lineage_edge parent ON parent.id = u.edge_id
             JOIN lineage_edge e ON e.output_artifact_uri = parent.input_artifact_uri
)
SELECT u.name,
       u.version,
       e.output_artifact_uri,
       o.kind                                 AS output_kind,
       o.sha256                               AS output_sha256,
       CASE WHEN e.input_artifact_uri IS NOT NULL THEN 'artifact' ELSE 'dataset' END AS input_type,
       COALESCE(e.input_artifact_uri, d.uri)  AS input_uri,
       COALESCE(i.kind, 'dataset:' || d.format) AS input_kind,
       COALESCE(i.sha256, d.digest)           AS input_sha256,
       e.role,
       e.run_id,
       r.activity,
       r.workflow_id,
       r.code_version
FROM upstream u
         JOIN lineage_edge e ON e.id = u.edge_id
         JOIN artifact o ON o.uri = e.output_artifact_uri
         JOIN run r ON r.id = e.run_id
         LEFT JOIN artifact i ON i.uri = e.input_artifact_uri
         LEFT JOIN dataset d ON d.digest = e.input_dataset_digest;

-- Auditors read every view. Default privileges (V002) cover views re-created by the migrating
-- role; this covers a repeatable run by another role.
GRANT SELECT ON run_summary, artifact_provenance, model_version_provenance, model_lineage
    TO missrec_auditor;
