-- vpos transaction store, SQLite, schema version 1.
--
-- Times are Unix nanoseconds (UTC); an event's at is NULL for a zero time.
-- pk is the row number (insertion order, the tie-break of equal creation
-- times); id is vpos.Transaction.ID. Text compares byte for byte (BINARY):
-- order ids are case-sensitive.

CREATE TABLE transactions (
	pk                  INTEGER PRIMARY KEY,
	id                  TEXT    NOT NULL UNIQUE,
	company             TEXT    NOT NULL,
	pos                 TEXT    NOT NULL,
	bank                TEXT    NOT NULL,
	op                  TEXT    NOT NULL,
	seq                 INTEGER NOT NULL,
	order_id            TEXT    NOT NULL,
	bank_transaction_id TEXT    NOT NULL,
	auth_code           TEXT    NOT NULL,
	rrn                 TEXT    NOT NULL,
	amount              INTEGER NOT NULL,
	currency            TEXT    NOT NULL,
	installments        INTEGER NOT NULL,
	refunded_amount     INTEGER NOT NULL,
	status              TEXT    NOT NULL,
	return_code         TEXT    NOT NULL,
	bank_code           TEXT    NOT NULL,
	bank_message        TEXT    NOT NULL,
	masked_pan          TEXT    NOT NULL,
	source              TEXT    NOT NULL,
	threed_model        TEXT    NOT NULL,
	md_status           TEXT    NOT NULL,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	n_events            INTEGER NOT NULL DEFAULT 0,
	-- At most once: two servers cannot both claim one operation of an order.
	CONSTRAINT transactions_key UNIQUE (company, pos, order_id, op, seq)
) STRICT;

CREATE TABLE transaction_events (
	tx_pk       INTEGER NOT NULL REFERENCES transactions (pk) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	at          INTEGER,
	kind        TEXT    NOT NULL,
	status      TEXT    NOT NULL,
	return_code TEXT    NOT NULL,
	bank_code   TEXT    NOT NULL,
	detail      TEXT    NOT NULL,
	PRIMARY KEY (tx_pk, seq)
) STRICT, WITHOUT ROWID;

-- List: newest first, overall and per company, POS, status (the Resolver's
-- unknown and pending3d) and order; FindBankID. FindOrder uses the key.
CREATE INDEX transactions_created ON transactions (created_at);
CREATE INDEX transactions_company_created ON transactions (company, created_at);
CREATE INDEX transactions_company_pos_created ON transactions (company, pos, created_at);
CREATE INDEX transactions_status_created ON transactions (status, created_at);
CREATE INDEX transactions_order ON transactions (order_id);
CREATE INDEX transactions_bank_id ON transactions (company, pos, bank_transaction_id) WHERE bank_transaction_id <> '';
