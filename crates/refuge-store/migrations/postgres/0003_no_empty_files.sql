-- Until this version a browser's empty "files" part (no file chosen) was stored as a zero-byte
-- file named "file" on every report sent without a file. Refuge now refuses empty files, so a
-- zero-byte row can only be such a phantom (or an API client's empty part): it carries no
-- content, and is removed. Its sealed blobs become unreferenced and are swept at start-up.
-- Receipts and evidence receipts already given out still list it; docs/decisions/0008 says so.
DELETE FROM report_files WHERE size_bytes = 0;

-- intake_idempotency.sealed_receipt now holds a sealed replay record (which content was sent,
-- until when its receipt may be shown again, and the receipt until then); the name is kept.
