-- What each console user chose for themselves, keyed by their e-mail in lower case (as sessions name them).
-- language: 'en' or 'ja'; NULL follows the browser (Accept-Language) at each sign-in.
CREATE TABLE console_user_settings (
    email       TEXT PRIMARY KEY,
    language    TEXT CONSTRAINT console_user_settings_language CHECK (language IN ('en', 'ja')),
    updated_at  TIMESTAMPTZ NOT NULL
);
