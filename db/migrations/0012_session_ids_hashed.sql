-- Session ids are now stored as the SHA-256 of the cookie's token (app/services/sessions.server.ts). Rows
-- written before hold the token itself, which no cookie can match any more and which a copy of the database
-- could replay: every existing session ends here, and everyone signs in again once.
DELETE FROM `sessions`;
