// Package sqlstore holds what the SQL stores (store/sqlite, store/postgres)
// share: the column lists, the List query builder, the keyset cursor and the
// assembly of joined transaction and event rows into records.
//
// Both schemas have the same tables and column names:
//
//	transactions        pk, id, company, pos, bank, op, seq, order_id,
//	                    bank_transaction_id, auth_code, rrn, amount, currency,
//	                    installments, refunded_amount, status, return_code,
//	                    bank_code, bank_message, masked_pan, source,
//	                    threed_model, md_status, created_at, updated_at,
//	                    n_events
//	transaction_events  tx_pk, seq, at, kind, status, return_code, bank_code,
//	                    detail
//
// pk is the store's internal row number (insertion order, the tie-break of
// equal creation times); id is vpos.Transaction.ID. created_at, updated_at
// and at are the stores' own time encodings (SQLite: Unix nanoseconds;
// PostgreSQL: timestamptz); the at of an event is NULL for a zero time.
// n_events counts the events of a transaction and numbers the next one.
package sqlstore
