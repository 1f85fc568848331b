package vpostest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sanalpos/vpos"
)

// Kind is the kind of authorisation an order started with.
type Kind string

// The kinds of authorisation.
const (
	// KindSale authorises and captures at once.
	KindSale Kind = "sale"
	// KindPreAuth only authorises (holds the money); Capture takes it.
	KindPreAuth Kind = "preauth"
)

// Op returns the vpos.Op of the authorisation (OpSale or OpPreAuth).
func (k Kind) Op() vpos.Op {
	if k == KindPreAuth {
		return vpos.OpPreAuth
	}
	return vpos.OpSale
}

// Errors of the Ledger. Fake banks map them to their protocol's codes
// (ErrDuplicateOrder to the bank's "duplicate order", ErrOrderNotFound to
// "no such order", and so on). Errors are returned wrapped with the order id
// and a reason; match them with errors.Is.
var (
	// ErrDuplicateOrder: the order id already has an approved, voided or
	// refunded order.
	ErrDuplicateOrder = errors.New("vpostest: duplicate order id")
	// ErrOrderNotFound: the ledger has no order with this id.
	ErrOrderNotFound = errors.New("vpostest: order not found")
	// ErrInvalidState: the operation is not possible in the order's state
	// (capture of a sale, void of a refunded order, refund of a voided one,
	// void on a later day, ...).
	ErrInvalidState = errors.New("vpostest: invalid order state")
	// ErrAmountExceeded: a capture or refund asks for more than is left.
	ErrAmountExceeded = errors.New("vpostest: amount exceeds what is left")
	// ErrCurrency: the currency is unknown.
	ErrCurrency = errors.New("vpostest: invalid currency")
	// ErrInvalidAmount: the amount is zero or negative (Authorize) or
	// negative (Capture, Refund).
	ErrInvalidAmount = errors.New("vpostest: invalid amount")
	// ErrInvalidRequest: the order id is empty, the kind or the outcome is
	// unknown.
	ErrInvalidRequest = errors.New("vpostest: invalid request")
)

// Order is the bank's record of one order id.
type Order struct {
	// OrderID is the merchant's order id.
	OrderID string
	// Kind is what the order started with: a sale or a pre-authorisation.
	Kind Kind
	// Amount, Currency and Installments of the authorisation.
	Amount       vpos.Amount
	Currency     vpos.Currency
	Installments int
	// Captured is the amount taken: equal to Amount for an approved sale;
	// for a pre-authorisation 0 until Capture.
	Captured vpos.Amount
	// Refunded is the total refunded so far.
	Refunded vpos.Amount
	// Status is approved, declined, voided, refunded or partially_refunded.
	// A captured pre-authorisation stays approved, with Captured > 0.
	Status vpos.TxStatus
	// Code is the ISO 8583 response code of the authorisation ("00"
	// approved, "51", "05", ...).
	Code string
	// TransID, AuthCode and RRN are the bank's references of the
	// authorisation. TransID and RRN are set for declines too; AuthCode only
	// for approvals.
	TransID, AuthCode, RRN string
	// MaskedPAN is the card number masked to first 6 and last 4 digits; the
	// ledger never keeps the full PAN.
	MaskedPAN string
	// Created is when the authorisation was booked (the ledger's clock).
	Created time.Time
	// Entries are the journal entries of this order, oldest first: the
	// authorisation, then captures, voids and refunds. The last one is the
	// operation just done.
	Entries []Entry
}

// Outstanding returns what can still be refunded: Captured minus Refunded
// (0 for voided and declined orders).
func (o *Order) Outstanding() vpos.Amount {
	if o.Status != vpos.StatusApproved && o.Status != vpos.StatusRefunded && o.Status != vpos.StatusPartiallyRefunded {
		return 0
	}
	return o.Captured - o.Refunded
}

// clone returns a deep copy.
func (o *Order) clone() *Order {
	c := *o
	c.Entries = slices.Clone(o.Entries)
	return &c
}

// Entry is one line of the bank's journal.
type Entry struct {
	// Seq numbers the entries of a ledger from 1.
	Seq int
	// Time is when the operation was done (the ledger's clock).
	Time time.Time
	// OrderID of the order.
	OrderID string
	// Op is sale, preauth, capture, void or refund.
	Op vpos.Op
	// Amount and Currency of the operation.
	Amount   vpos.Amount
	Currency vpos.Currency
	// Approved is false for a declined authorisation.
	Approved bool
	// Code is the ISO 8583 response code ("00" for every approved
	// operation).
	Code string
	// TransID is the bank's transaction id of this operation: each
	// operation gets its own, as at real banks.
	TransID string
}

// Ledger is a fake bank's books: a state machine over orders, each keyed by
// the merchant's order id, and a journal of every authorisation (approved or
// declined) and every capture, void and refund done. Requests the ledger
// refuses with an error (duplicate order, invalid state, amount exceeded,
// ...) change nothing and are not journalled.
//
// The rules:
//
//   - Authorize books a sale or a pre-authorisation. A declining outcome
//     records a declined order (no money moves), and the same order id may be
//     tried again after a decline; the new attempt replaces the declined
//     record (the journal keeps both).
//   - Capture takes a pre-authorisation, fully or partly, once: one capture
//     per pre-authorisation, as at most Turkish banks; what is not captured
//     is released.
//   - Void cancels an approved order on the Istanbul calendar day of its
//     authorisation, before any refund. Voiding a captured
//     pre-authorisation voids the capture and releases the hold: the whole
//     order becomes voided.
//   - Refund returns money of a sale or a captured pre-authorisation, fully
//     or in several parts, at any time (the fake has no end-of-day batch, so
//     a same-day refund works too).
//
// A Ledger is safe for concurrent use. Orders and entries it returns are
// copies.
type Ledger struct {
	clock func() time.Time

	mu       sync.Mutex
	orders   map[string]*Order
	sequence []string // order ids in the order their current record was created
	journal  []Entry
	bookings int
	ids      int // operations that got bank references
}

// NewLedger returns an empty ledger whose times come from clock (time.Now
// when nil). A settable clock lets tests cross the Istanbul day boundary.
func NewLedger(clock func() time.Time) *Ledger {
	if clock == nil {
		clock = time.Now
	}
	return &Ledger{clock: clock, orders: map[string]*Order{}}
}

// Authorize books a sale or a pre-authorisation of amount in cur for
// orderID on the card pan, answering with outcome.
//
// A declining outcome records a declined order (nothing booked, Code the
// outcome's ISO code) and returns it with Status declined and a nil error;
// the same order id may be tried again after a decline. An order id that
// already has an approved, voided or refunded order fails with
// ErrDuplicateOrder and changes nothing. The card's PAN is only kept masked.
//
// It fails with ErrInvalidAmount for an amount that is not positive,
// ErrCurrency for an unknown currency and ErrInvalidRequest for an empty
// order id or an unknown kind or outcome (the empty outcome approves).
// Installments are stored as given; the fake bank validates them.
func (l *Ledger) Authorize(kind Kind, orderID string, amount vpos.Amount, cur vpos.Currency, installments int, pan string, outcome Outcome) (*Order, error) {
	switch {
	case orderID == "":
		return nil, fmt.Errorf("%w: empty order id", ErrInvalidRequest)
	case kind != KindSale && kind != KindPreAuth:
		return nil, fmt.Errorf("%w: unknown kind %q", ErrInvalidRequest, kind)
	case amount <= 0:
		return nil, fmt.Errorf("%w: order %s: amount %d is not positive", ErrInvalidAmount, orderID, amount)
	case !cur.Valid():
		return nil, fmt.Errorf("%w: order %s: unknown currency %q", ErrCurrency, orderID, cur)
	}
	if outcome == "" {
		outcome = OutcomeApprove
	}
	if !outcome.Valid() {
		return nil, fmt.Errorf("%w: unknown outcome %q", ErrInvalidRequest, outcome)
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	if prev, ok := l.orders[orderID]; ok {
		if prev.Status != vpos.StatusDeclined {
			return nil, fmt.Errorf("%w: order %s is %s", ErrDuplicateOrder, orderID, prev.Status)
		}
		l.sequence = slices.DeleteFunc(l.sequence, func(id string) bool { return id == orderID })
	}
	now := l.clock()
	transID, authCode, rrn := l.references(now)
	o := &Order{
		OrderID:      orderID,
		Kind:         kind,
		Amount:       amount,
		Currency:     cur,
		Installments: installments,
		Code:         outcome.ISOCode(),
		TransID:      transID,
		RRN:          rrn,
		MaskedPAN:    vpos.MaskPAN(pan),
		Created:      now,
	}
	if outcome.Approved() {
		o.Status = vpos.StatusApproved
		o.AuthCode = authCode
		if kind == KindSale {
			o.Captured = amount
		}
		l.bookings++
	} else {
		o.Status = vpos.StatusDeclined
	}
	l.orders[orderID] = o
	l.sequence = append(l.sequence, orderID)
	l.record(o, now, kind.Op(), amount, outcome.Approved(), o.Code, transID)
	return o.clone(), nil
}

// Capture takes an approved pre-authorisation: amount 0 captures the full
// pre-authorised amount, a smaller amount is a partial capture and the rest
// of the hold is released. A pre-authorisation is captured once: a second
// capture fails with ErrInvalidState, as does the capture of a sale, of a
// declined or voided order. Capturing more than was pre-authorised fails
// with ErrAmountExceeded, an unknown order with ErrOrderNotFound, a negative
// amount with ErrInvalidAmount.
func (l *Ledger) Capture(orderID string, amount vpos.Amount) (*Order, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	o, ok := l.orders[orderID]
	switch {
	case !ok:
		return nil, fmt.Errorf("%w: %q", ErrOrderNotFound, orderID)
	case o.Kind != KindPreAuth:
		return nil, fmt.Errorf("%w: order %s is a %s, not a pre-authorisation", ErrInvalidState, orderID, o.Kind)
	case o.Status != vpos.StatusApproved:
		return nil, fmt.Errorf("%w: order %s is %s", ErrInvalidState, orderID, o.Status)
	case o.Captured > 0:
		return nil, fmt.Errorf("%w: order %s is already captured", ErrInvalidState, orderID)
	case amount < 0:
		return nil, fmt.Errorf("%w: order %s: capture amount %d is negative", ErrInvalidAmount, orderID, amount)
	case amount > o.Amount:
		return nil, fmt.Errorf("%w: order %s: capture of %d, pre-authorised %d", ErrAmountExceeded, orderID, amount, o.Amount)
	}
	if amount == 0 {
		amount = o.Amount
	}
	now := l.clock()
	transID, _, _ := l.references(now)
	o.Captured = amount
	l.record(o, now, vpos.OpCapture, amount, true, "00", transID)
	return o.clone(), nil
}

// Void cancels an approved order on the Istanbul calendar day (by the
// ledger's clock) of its authorisation: the order becomes voided and no
// money is taken. Voiding a captured pre-authorisation voids the capture and
// the hold. It fails with ErrOrderNotFound for an unknown order and with
// ErrInvalidState for a declined, already voided, refunded or partially
// refunded order, and on a later day.
func (l *Ledger) Void(orderID string) (*Order, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	o, ok := l.orders[orderID]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrOrderNotFound, orderID)
	}
	if o.Status != vpos.StatusApproved {
		return nil, fmt.Errorf("%w: order %s is %s", ErrInvalidState, orderID, o.Status)
	}
	now := l.clock()
	if !sameIstanbulDay(o.Created, now) {
		return nil, fmt.Errorf("%w: order %s was authorised on %s (Istanbul); void is possible on that day only",
			ErrInvalidState, orderID, o.Created.In(vpos.Istanbul()).Format(time.DateOnly))
	}
	amount := o.Amount
	if o.Captured > 0 {
		amount = o.Captured
	}
	transID, _, _ := l.references(now)
	o.Status = vpos.StatusVoided
	l.record(o, now, vpos.OpVoid, amount, true, "00", transID)
	return o.clone(), nil
}

// Refund returns money of an approved or partially refunded sale, or of a
// captured pre-authorisation: amount 0 refunds what is left, a smaller
// amount is a partial refund, and partial refunds may follow each other until
// the captured amount is returned. The order becomes refunded or
// partially_refunded. It fails with ErrOrderNotFound for an unknown order,
// ErrInvalidState for a declined or voided order and an uncaptured
// pre-authorisation, ErrAmountExceeded when the amount is more than is left
// (or nothing is left), and ErrInvalidAmount for a negative amount.
func (l *Ledger) Refund(orderID string, amount vpos.Amount) (*Order, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	o, ok := l.orders[orderID]
	switch {
	case !ok:
		return nil, fmt.Errorf("%w: %q", ErrOrderNotFound, orderID)
	case o.Status != vpos.StatusApproved && o.Status != vpos.StatusPartiallyRefunded && o.Status != vpos.StatusRefunded:
		return nil, fmt.Errorf("%w: order %s is %s", ErrInvalidState, orderID, o.Status)
	case o.Captured == 0:
		return nil, fmt.Errorf("%w: order %s is a pre-authorisation that was not captured", ErrInvalidState, orderID)
	case amount < 0:
		return nil, fmt.Errorf("%w: order %s: refund amount %d is negative", ErrInvalidAmount, orderID, amount)
	}
	left := o.Captured - o.Refunded
	if left == 0 {
		return nil, fmt.Errorf("%w: order %s is fully refunded", ErrAmountExceeded, orderID)
	}
	if amount == 0 {
		amount = left
	}
	if amount > left {
		return nil, fmt.Errorf("%w: order %s: refund of %d, %d left", ErrAmountExceeded, orderID, amount, left)
	}
	now := l.clock()
	transID, _, _ := l.references(now)
	o.Refunded += amount
	if o.Refunded == o.Captured {
		o.Status = vpos.StatusRefunded
	} else {
		o.Status = vpos.StatusPartiallyRefunded
	}
	l.record(o, now, vpos.OpRefund, amount, true, "00", transID)
	return o.clone(), nil
}

// Order returns a copy of the current record of orderID (the latest attempt
// when it was declined and tried again).
func (l *Ledger) Order(orderID string) (*Order, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	o, ok := l.orders[orderID]
	if !ok {
		return nil, false
	}
	return o.clone(), true
}

// Orders returns copies of the current order records in the order they were
// created (an order tried again after a decline counts from its last
// attempt).
func (l *Ledger) Orders() []*Order {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]*Order, 0, len(l.sequence))
	for _, id := range l.sequence {
		out = append(out, l.orders[id].clone())
	}
	return out
}

// Entries returns a copy of the whole journal, oldest first.
func (l *Ledger) Entries() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.journal)
}

// Between returns the journal entries with from <= Time < to, oldest first.
// Banks report by Europe/Istanbul day: vpos.IstanbulDay gives a day's
// bounds.
func (l *Ledger) Between(from, to time.Time) []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Entry
	for _, e := range l.journal {
		if !e.Time.Before(from) && e.Time.Before(to) {
			out = append(out, e)
		}
	}
	return out
}

// Bookings returns the number of approved sale and pre-authorisation
// authorisations ever booked, voided or not: the conformance suite's
// "exactly one booking" check.
func (l *Ledger) Bookings() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.bookings
}

// BookedAmount returns the net money taken for orderID now: the sale or
// captured amount minus refunds; 0 for a voided, declined, uncaptured or
// unknown order.
func (l *Ledger) BookedAmount(orderID string) vpos.Amount {
	l.mu.Lock()
	defer l.mu.Unlock()
	o, ok := l.orders[orderID]
	if !ok {
		return 0
	}
	return o.Outstanding()
}

// record appends a journal entry for o. The caller holds l.mu.
func (l *Ledger) record(o *Order, now time.Time, op vpos.Op, amount vpos.Amount, approved bool, code, transID string) {
	e := Entry{
		Seq:      len(l.journal) + 1,
		Time:     now,
		OrderID:  o.OrderID,
		Op:       op,
		Amount:   amount,
		Currency: o.Currency,
		Approved: approved,
		Code:     code,
		TransID:  transID,
	}
	l.journal = append(l.journal, e)
	o.Entries = append(o.Entries, e)
}

// references returns a fresh transaction id, authorisation code and RRN.
// They come from a counter, so a test sees the same ids on every run, and
// they look like a bank's:
//
//	TransID   YYDDD + 4 letters + base-6 counter   "26140MQJA00013"
//	AuthCode  6 digits                              "031425"
//	RRN       Y + DDD + 8 digits                    "614000000013"
//
// (YY, Y year digits and DDD the day of the year in Istanbul). The counter
// digits are 0 to 5 only, so no generated id contains three digits from 6
// to 9 in a row, which keeps the test CVVs (DefaultCards) out of them.
// TransID and RRN are unique within a ledger (the counter part widens when
// needed). The caller holds l.mu.
func (l *Ledger) references(now time.Time) (transID, authCode, rrn string) {
	l.ids++
	n := l.ids
	t := now.In(vpos.Istanbul())
	yy, ddd := t.Year()%100, t.YearDay()

	// Letters: a scramble of the counter, for looks only.
	x := uint32(n)*2654435761 + 0x9E3779B9
	var letters [4]byte
	for i := range letters {
		letters[i] = 'A' + byte(x%26)
		x /= 26
	}
	transID = fmt.Sprintf("%02d%03d%s%s", yy, ddd, letters[:], base6(n, 5))
	// 7919 is prime and coprime to 6, so codes repeat only after 6^6.
	authCode = base6((n*7919+1555)%46656, 6)
	rrn = fmt.Sprintf("%d%03d%s", yy%10, ddd, base6(n, 8))
	return transID, authCode, rrn
}

// base6 formats n in base 6, zero-padded to width digits.
func base6(n, width int) string {
	s := strconv.FormatInt(int64(n), 6)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// sameIstanbulDay reports whether a and b fall on the same calendar day in
// Europe/Istanbul.
func sameIstanbulDay(a, b time.Time) bool {
	loc := vpos.Istanbul()
	ay, am, ad := a.In(loc).Date()
	by, bm, bd := b.In(loc).Date()
	return ay == by && am == bm && ad == bd
}
