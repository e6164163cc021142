-- Frozen encoders (ONNX / TorchScript image models) are uploaded as artifacts that feature
-- extraction names by URI; give them their own kind so lineage says what they are.
ALTER TABLE artifact DROP CONSTRAINT artifact_kind_ck;
ALTER TABLE artifact ADD CONSTRAINT artifact_kind_ck CHECK (kind IN (
    'dataset_snapshot', 'feature_table', 'augmentation_views', 'interest_assignments',
    'checkpoint', 'evaluation_report', 'run_report', 'model_card', 'encoder_model', 'other'));
