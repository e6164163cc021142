-- `model compare` follows edges forwards, from a checkpoint to the evaluation reports made from it;
-- the unique constraint leads with the generated input_key, so it cannot serve a lookup by URI.

CREATE INDEX lineage_edge_input_artifact_ix ON lineage_edge (input_artifact_uri);
