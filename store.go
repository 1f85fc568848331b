package vpos

import (
	"context"
	"errors"
	"time"

	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// TxStatus is the state of a stored transaction. String-typed, stable in
// databases.
type TxStatus string

// The transaction states.
const (
	// StatusPending3D: Begin3D stored it; the shopper is at the bank.
	StatusPending3D TxStatus = "pending3d"
	// StatusApproved: the bank approved.
	StatusApproved TxStatus = "approved"
	// StatusDeclined: the bank declined; no money moved.
	StatusDeclined TxStatus = "declined"
	// StatusError: the call failed and the bank did not book it (the request
	// never left, or the bank said it did not process it, or a status
	// inquiry found nothing).
	StatusError TxStatus = "error"
	// StatusUnknown: the request may have reached the bank and no answer has
	// been stored yet; a status inquiry settles it. A record is written in
	// this state before a money-moving request is sent.
	StatusUnknown TxStatus = "unknown"
	// StatusVoided, StatusRefunded, StatusPartiallyRefunded: later states of
	// an approved sale, pre-authorisation or capture.
	StatusVoided            TxStatus = "voided"
	StatusRefunded          TxStatus = "refunded"
	StatusPartiallyRefunded TxStatus = "partially_refunded"
)

// Final reports whether s is a settled state (neither pending nor unknown).
func (s TxStatus) Final() bool { return s != StatusPending3D && s != StatusUnknown && s != "" }

// Source says where a transaction came from.
type Source string

// The sources.
const (
	SourceAPI       Source = "api"
	Source3D        Source = "3d"
	SourceMOTO      Source = "moto"
	SourceReconcile Source = "reconcile"
	SourceManual    Source = "manual"
)

// Transaction is the stored record of one operation on one order: every
// approved and declined attempt is kept. It never holds a full card number,
// a CVV or a secret.
type Transaction struct {
	// ID is the store's own identifier.
	ID string
	// Company, POS and Bank identify the virtual POS definition used.
	Company string
	POS     string
	Bank    string
	// Op is the operation; Seq numbers refunds of one order (1, 2, ...) and
	// is 0 otherwise. (Company, POS, OrderID, Op, Seq) is unique.
	Op  Op
	Seq int
	// OrderID is the merchant's order id.
	OrderID string
	// BankTransactionID, AuthCode and RRN as the bank returned them.
	BankTransactionID string
	AuthCode          string
	RRN               string
	// Amount, Currency and Installments of the operation.
	Amount       Amount
	Currency     Currency
	Installments int
	// RefundedAmount is the total refunded so far (sales and captures).
	RefundedAmount Amount
	// Status is the current state.
	Status TxStatus
	// Return is the normalised code; BankCode and BankMessage the raw ones.
	Return      returncodes.Code
	BankCode    string
	BankMessage string
	// MaskedPAN is first 6 + last 4 digits.
	MaskedPAN string
	// Source is where the transaction came from.
	Source Source
	// ThreeDModel and MDStatus for 3-D Secure payments.
	ThreeDModel threed.Model
	MDStatus    string
	// CreatedAt and UpdatedAt are set by the store.
	CreatedAt time.Time
	UpdatedAt time.Time
	// Events is the history of the record, oldest first.
	Events []Event
}

// Clone returns a deep copy.
func (t *Transaction) Clone() *Transaction {
	if t == nil {
		return nil
	}
	c := *t
	c.Events = append([]Event(nil), t.Events...)
	return &c
}

// EventKind names what happened to a transaction.
type EventKind string

// The event kinds.
const (
	EventAttempt  EventKind = "attempt"  // a request is about to be sent
	EventResult   EventKind = "result"   // the bank answered (or the call failed)
	EventCallback EventKind = "callback" // a 3-D Secure callback arrived
	EventReplay   EventKind = "replay"   // a callback arrived again and was answered from the store
	EventInquiry  EventKind = "inquiry"  // a status inquiry was made to settle the record
	EventChange   EventKind = "change"   // a later operation changed it (void, refund)
	EventNote     EventKind = "note"     // an operator or reconciliation note
)

// Event is one entry of a transaction's history.
type Event struct {
	Time     time.Time
	Kind     EventKind
	Status   TxStatus
	Return   returncodes.Code
	BankCode string
	// Detail is a short redacted text.
	Detail string
}

// ListFilter selects transactions for Store.List. Zero fields do not
// filter.
type ListFilter struct {
	Company string
	POS     string
	Bank    string
	OrderID string
	Op      Op
	Status  []TxStatus
	Source  Source
	// From (inclusive) and To (exclusive) bound CreatedAt.
	From, To time.Time
	// Limit caps the page (0: store default, 100); Cursor continues a
	// previous page.
	Limit  int
	Cursor string
}

// Store keeps transaction records. Implementations: NewMemoryStore (the
// default), store/sqlite, store/postgres; store/storetest is the suite they
// all pass. All methods are safe for concurrent use; records passed in and
// returned are copies. Rules every implementation follows:
//
//   - Create keeps a caller's non-zero ID and CreatedAt (imports,
//     reconciliation) and sets them otherwise; an ID already taken is
//     ErrStoreDuplicate, like a taken key.
//   - Times may come back rounded to the microsecond and in UTC.
//   - Text fields hold valid UTF-8 without NUL bytes.
//   - Update may not change the key (Company, POS, OrderID, Op, Seq); on
//     success t.Events holds the whole history.
//   - AddEvent does not change UpdatedAt.
//   - List cursors are opaque, valid only for the store and filter that
//     produced them.
//   - Stores keep what they are given: redaction is the writer's job (the
//     Client writes only masked card numbers and redacted texts).
type Store interface {
	// Create inserts t, setting ID, CreatedAt and UpdatedAt. It fails with
	// ErrStoreDuplicate when a record with the same (Company, POS, OrderID,
	// Op, Seq) exists: this is what keeps two servers from charging one order.
	Create(ctx context.Context, t *Transaction) error
	// Get returns the record with the given id, or ErrStoreNotFound.
	Get(ctx context.Context, id string) (*Transaction, error)
	// Update replaces the record t.ID if its current status is expect
	// (compare-and-swap), appending events to its history; it sets
	// UpdatedAt. It fails with ErrStoreConflict when the status differs, so
	// a state transition happens exactly once even when servers race.
	Update(ctx context.Context, t *Transaction, expect TxStatus, events ...Event) error
	// AddEvent appends an event without changing anything else.
	AddEvent(ctx context.Context, id string, ev Event) error
	// FindOrder returns every record of an order of a POS, oldest first.
	FindOrder(ctx context.Context, company, pos, orderID string) ([]*Transaction, error)
	// FindBankID returns the records carrying a bank transaction id.
	FindBankID(ctx context.Context, company, pos, bankTransactionID string) ([]*Transaction, error)
	// List returns the records matching f, newest first, and the cursor of
	// the next page ("" at the end).
	List(ctx context.Context, f ListFilter) ([]*Transaction, string, error)
}

// Store errors.
var (
	ErrStoreDuplicate = errors.New("vpos: store: duplicate transaction")
	ErrStoreNotFound  = errors.New("vpos: store: transaction not found")
	ErrStoreConflict  = errors.New("vpos: store: transaction changed concurrently")
)
