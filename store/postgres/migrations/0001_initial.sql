-- vpos transaction store, PostgreSQL, schema version 1.
--
-- Created in the current schema (the first existing schema of search_path;
-- Open's WithSchema sets it). pk is the row number (insertion order, the
-- tie-break of equal creation times); id is vpos.Transaction.ID. An event's
-- at is NULL for a zero time.

CREATE TABLE transactions (
	pk                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id                  text        NOT NULL,
	company             text        NOT NULL,
	pos                 text        NOT NULL,
	bank                text        NOT NULL,
	op                  text        NOT NULL,
	seq                 integer     NOT NULL,
	order_id            text        NOT NULL,
	bank_transaction_id text        NOT NULL,
	auth_code           text        NOT NULL,
	rrn                 text        NOT NULL,
	amount              bigint      NOT NULL,
	currency            text        NOT NULL,
	installments        integer     NOT NULL,
	refunded_amount     bigint      NOT NULL,
	status              text        NOT NULL,
	return_code         text        NOT NULL,
	bank_code           text        NOT NULL,
	bank_message        text        NOT NULL,
	masked_pan          text        NOT NULL,
	source              text        NOT NULL,
	threed_model        text        NOT NULL,
	md_status           text        NOT NULL,
	created_at          timestamptz NOT NULL,
	updated_at          timestamptz NOT NULL,
	n_events            integer     NOT NULL DEFAULT 0,
	CONSTRAINT transactions_id UNIQUE (id),
	-- At most once: two app servers cannot both claim one operation of an
	-- order.
	CONSTRAINT transactions_key UNIQUE (company, pos, order_id, op, seq)
);

CREATE TABLE transaction_events (
	tx_pk       bigint      NOT NULL REFERENCES transactions (pk) ON DELETE CASCADE,
	seq         integer     NOT NULL,
	at          timestamptz,
	kind        text        NOT NULL,
	status      text        NOT NULL,
	return_code text        NOT NULL,
	bank_code   text        NOT NULL,
	detail      text        NOT NULL,
	PRIMARY KEY (tx_pk, seq)
);

-- List: newest first, overall and per company, POS, status (the Resolver's
-- unknown and pending3d) and order; FindBankID. FindOrder uses the key.
CREATE INDEX transactions_created ON transactions (created_at, pk);
CREATE INDEX transactions_company_created ON transactions (company, created_at, pk);
CREATE INDEX transactions_company_pos_created ON transactions (company, pos, created_at, pk);
CREATE INDEX transactions_status_created ON transactions (status, created_at, pk);
CREATE INDEX transactions_order ON transactions (order_id);
CREATE INDEX transactions_bank_id ON transactions (company, pos, bank_transaction_id) WHERE bank_transaction_id <> '';
