-- The resolver remembers hashes of each account's last four mention ids so that a batch the
-- bus delivers again does not count its mentions twice. Stored with the account, they
-- survive a restart: a batch stored but not acknowledged before the process stopped is
-- recognised when it comes again.
ALTER TABLE lingting.person_accounts
    ADD COLUMN IF NOT EXISTS recent_mentions Array(UInt32) DEFAULT [] COMMENT 'FNV-1a 32-bit hashes (lowest bit set) of the account''s last four mention ids, newest first; lets a redelivered batch count once' AFTER mentions;
