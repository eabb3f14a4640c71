-- The language a person reads their pages and messages in (a supported locale tag such as
-- `en`, `es`, `ja`); null follows the browser's Accept-Language on pages and the
-- organization's default locale (settings.defaultLocale) in messages. Which tags are
-- supported is the application's list, so adding a locale needs no migration; the check
-- only keeps the column to the shape of a language tag.
alter table users add column locale text check (locale ~ '^[a-z]{2,3}(-[A-Z]{2})?$');
comment on column users.locale is 'Preferred locale of pages and messages; null: Accept-Language on pages, then the organization default.';
