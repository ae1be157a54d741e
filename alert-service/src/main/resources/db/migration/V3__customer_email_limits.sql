-- The customer-email send limits (mail.customer-limits) count the outbox's customer emails per recipient and per
-- account within a window each time one is written; SKIPPED rows are not sends and are left out of both.
CREATE INDEX deliveries_customer_recipient ON deliveries (lower(target), created_at)
    WHERE channel = 'CUSTOMER_EMAIL' AND status <> 'SKIPPED';
CREATE INDEX deliveries_customer_account ON deliveries (account_id, created_at)
    WHERE channel = 'CUSTOMER_EMAIL' AND status <> 'SKIPPED';
