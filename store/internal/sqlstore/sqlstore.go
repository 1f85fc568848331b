package sqlstore

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// TxColumns are the transaction columns every read selects, in the order of
// Record.Dest followed by created_at and updated_at.
const TxColumns = "pk, id, company, pos, bank, op, seq, order_id, bank_transaction_id, auth_code, rrn, " +
	"amount, currency, installments, refunded_amount, status, return_code, bank_code, bank_message, " +
	"masked_pan, source, threed_model, md_status, created_at, updated_at"

// EventColumns are the event columns of a LEFT JOIN with transaction_events
// aliased e, in the order of Event.Dest followed by e.at. A transaction
// without events yields one row whose seq is 0.
const EventColumns = "COALESCE(e.seq, 0), COALESCE(e.kind, ''), COALESCE(e.status, ''), " +
	"COALESCE(e.return_code, ''), COALESCE(e.bank_code, ''), COALESCE(e.detail, ''), e.at"

// Qualified returns the columns of a comma-separated list prefixed with
// alias and a dot.
func Qualified(alias, columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

// InsertColumns are the transaction columns Create writes, in the order of
// InsertArgs followed by created_at, updated_at and n_events.
const InsertColumns = "id, company, pos, bank, op, seq, order_id, bank_transaction_id, auth_code, rrn, " +
	"amount, currency, installments, refunded_amount, status, return_code, bank_code, bank_message, " +
	"masked_pan, source, threed_model, md_status, created_at, updated_at, n_events"

// InsertArgs returns the values of InsertColumns up to md_status.
func InsertArgs(t *vpos.Transaction) []any {
	return []any{t.ID, t.Company, t.POS, t.Bank, string(t.Op), int64(t.Seq), t.OrderID, t.BankTransactionID, t.AuthCode, t.RRN,
		int64(t.Amount), string(t.Currency), int64(t.Installments), int64(t.RefundedAmount), string(t.Status),
		string(t.Return), t.BankCode, t.BankMessage, t.MaskedPAN, string(t.Source), string(t.ThreeDModel), t.MDStatus}
}

// UpdateColumns are the columns Update replaces (everything but the key,
// created_at and n_events), in the order of UpdateArgs.
var UpdateColumns = []string{"bank", "bank_transaction_id", "auth_code", "rrn", "amount", "currency", "installments",
	"refunded_amount", "status", "return_code", "bank_code", "bank_message", "masked_pan", "source", "threed_model", "md_status"}

// UpdateArgs returns the values of UpdateColumns.
func UpdateArgs(t *vpos.Transaction) []any {
	return []any{t.Bank, t.BankTransactionID, t.AuthCode, t.RRN, int64(t.Amount), string(t.Currency), int64(t.Installments),
		int64(t.RefundedAmount), string(t.Status), string(t.Return), t.BankCode, t.BankMessage, t.MaskedPAN,
		string(t.Source), string(t.ThreeDModel), t.MDStatus}
}

// Record receives the columns of TxColumns but the two times.
type Record struct {
	PK                                               int64
	ID, Company, POS, Bank, Op                       string
	Seq                                              int64
	OrderID, BankTransactionID, AuthCode, RRN        string
	Amount                                           int64
	Currency                                         string
	Installments, RefundedAmount                     int64
	Status, Return, BankCode, BankMessage, MaskedPAN string
	Source, ThreeDModel, MDStatus                    string
}

// Dest returns the scan destinations of TxColumns up to md_status.
func (r *Record) Dest() []any {
	return []any{&r.PK, &r.ID, &r.Company, &r.POS, &r.Bank, &r.Op, &r.Seq, &r.OrderID, &r.BankTransactionID, &r.AuthCode, &r.RRN,
		&r.Amount, &r.Currency, &r.Installments, &r.RefundedAmount, &r.Status, &r.Return, &r.BankCode, &r.BankMessage,
		&r.MaskedPAN, &r.Source, &r.ThreeDModel, &r.MDStatus}
}

// Transaction returns the record as a vpos.Transaction without events.
func (r *Record) Transaction(created, updated time.Time) *vpos.Transaction {
	return &vpos.Transaction{
		ID: r.ID, Company: r.Company, POS: r.POS, Bank: r.Bank, Op: vpos.Op(r.Op), Seq: int(r.Seq), OrderID: r.OrderID,
		BankTransactionID: r.BankTransactionID, AuthCode: r.AuthCode, RRN: r.RRN,
		Amount: vpos.Amount(r.Amount), Currency: vpos.Currency(r.Currency), Installments: int(r.Installments),
		RefundedAmount: vpos.Amount(r.RefundedAmount), Status: vpos.TxStatus(r.Status), Return: returncodes.Code(r.Return),
		BankCode: r.BankCode, BankMessage: r.BankMessage, MaskedPAN: r.MaskedPAN, Source: vpos.Source(r.Source),
		ThreeDModel: threed.Model(r.ThreeDModel), MDStatus: r.MDStatus, CreatedAt: created, UpdatedAt: updated,
	}
}

// Event receives the columns of EventColumns but e.at.
type Event struct {
	Seq                                    int64
	Kind, Status, Return, BankCode, Detail string
}

// Dest returns the scan destinations of EventColumns up to e.at.
func (e *Event) Dest() []any {
	return []any{&e.Seq, &e.Kind, &e.Status, &e.Return, &e.BankCode, &e.Detail}
}

// Event returns the event with its time.
func (e *Event) Event(at time.Time) vpos.Event {
	return vpos.Event{Time: at, Kind: vpos.EventKind(e.Kind), Status: vpos.TxStatus(e.Status),
		Return: returncodes.Code(e.Return), BankCode: e.BankCode, Detail: e.Detail}
}

// EventInsertColumns are the columns of one inserted event, in the order of
// EventArgs preceded by tx_pk and seq.
const EventInsertColumns = "tx_pk, seq, at, kind, status, return_code, bank_code, detail"

// EventArgs returns the values of an event after tx_pk, seq and at.
func EventArgs(e *vpos.Event) []any {
	return []any{string(e.Kind), string(e.Status), string(e.Return), e.BankCode, e.Detail}
}

// Assembler turns joined rows (ordered by transaction, then event seq) into
// records.
type Assembler struct {
	Txs  []*vpos.Transaction
	Keys []Cursor // the cursor position of each record
}

// Add adds one joined row: rec with its position key, and its event when
// ev.Seq is not 0.
func (a *Assembler) Add(key Cursor, rec *Record, created, updated time.Time, ev *Event, evAt time.Time) {
	n := len(a.Txs)
	if n == 0 || a.Keys[n-1].PK != key.PK {
		a.Txs = append(a.Txs, rec.Transaction(created, updated))
		a.Keys = append(a.Keys, key)
		n++
	}
	if ev.Seq != 0 {
		a.Txs[n-1].Events = append(a.Txs[n-1].Events, ev.Event(evAt))
	}
}

// Cursor is a keyset position in newest-first order: the created_at of the
// last record returned, in the store's unit, and its pk.
type Cursor struct{ At, PK int64 }

// String encodes the cursor.
func (c Cursor) String() string {
	return strconv.FormatInt(c.At, 10) + "." + strconv.FormatInt(c.PK, 10)
}

// ErrCursor is returned for a cursor this package did not make.
var ErrCursor = errors.New("malformed cursor")

// ParseCursor decodes a cursor made by Cursor.String.
func ParseCursor(s string) (Cursor, error) {
	a, p, ok := strings.Cut(s, ".")
	at, err1 := strconv.ParseInt(a, 10, 64)
	pk, err2 := strconv.ParseInt(p, 10, 64)
	if !ok || err1 != nil || err2 != nil || pk <= 0 {
		return Cursor{}, ErrCursor
	}
	return Cursor{at, pk}, nil
}

// Query builds a statement with numbered arguments.
type Query struct {
	// Dollar selects PostgreSQL's $1 placeholders instead of SQLite's ?.
	Dollar bool
	// RowValues writes the cursor condition as a row comparison,
	// (created_at, pk) < (?, ?), which PostgreSQL reads as one index range.
	RowValues bool
	Args      []any
}

// Arg adds an argument and returns its placeholder.
func (q *Query) Arg(v any) string {
	q.Args = append(q.Args, v)
	if q.Dollar {
		return "$" + strconv.Itoa(len(q.Args))
	}
	return "?"
}

// Where returns the conditions of f and of the position after (nil for the
// first page), " WHERE ..." or "". at encodes a filter time for comparison
// with created_at; cursorAt is the cursor's At as the store's created_at
// value.
func (q *Query) Where(f *vpos.ListFilter, at func(time.Time) any, after *Cursor, cursorAt any) string {
	var conds []string
	eq := func(col, v string) {
		if v != "" {
			conds = append(conds, col+" = "+q.Arg(v))
		}
	}
	eq("company", f.Company)
	eq("pos", f.POS)
	eq("bank", f.Bank)
	eq("order_id", f.OrderID)
	eq("op", string(f.Op))
	eq("source", string(f.Source))
	if len(f.Status) > 0 {
		ph := make([]string, len(f.Status))
		for i, s := range f.Status {
			ph[i] = q.Arg(string(s))
		}
		conds = append(conds, "status IN ("+strings.Join(ph, ", ")+")")
	}
	if !f.From.IsZero() {
		conds = append(conds, "created_at >= "+q.Arg(at(f.From)))
	}
	if !f.To.IsZero() {
		conds = append(conds, "created_at < "+q.Arg(at(f.To)))
	}
	switch {
	case after != nil && q.RowValues:
		conds = append(conds, "(created_at, pk) < ("+q.Arg(cursorAt)+", "+q.Arg(after.PK)+")")
	case after != nil:
		// The first condition bounds the index range; the second is exact.
		conds = append(conds, "created_at <= "+q.Arg(cursorAt),
			"(created_at < "+q.Arg(cursorAt)+" OR pk < "+q.Arg(after.PK)+")")
	}
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}
