-- Training stores Adam's state after every epoch as its own artifact (kind optimizer_state), apart
-- from the checkpoint, so that a retried training activity resumes exactly. Same constraint name,
-- one value more.

ALTER TABLE artifact DROP CONSTRAINT artifact_kind_ck;

ALTER TABLE artifact ADD CONSTRAINT artifact_kind_ck CHECK (kind IN (
    'dataset_snapshot', 'feature_table', 'augmentation_views', 'interest_assignments',
    'checkpoint', 'optimizer_state', 'evaluation_report', 'run_report', 'model_card', 'encoder_model',
    'other'));
