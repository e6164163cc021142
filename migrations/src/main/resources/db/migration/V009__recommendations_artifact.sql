-- The recommendation workflow stores each dataset's top-K lists (JSON Lines) as an artifact of
-- kind recommendations, with lineage back to the checkpoint and the dataset snapshot. Same
-- constraint name, one value more.

ALTER TABLE artifact DROP CONSTRAINT artifact_kind_ck;

ALTER TABLE artifact ADD CONSTRAINT artifact_kind_ck CHECK (kind IN (
    'dataset_snapshot', 'feature_table', 'augmentation_views', 'interest_assignments',
    'checkpoint', 'optimizer_state', 'evaluation_report', 'run_report', 'model_card', 'encoder_model',
    'recommendations', 'other'));
