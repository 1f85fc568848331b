package vpos

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/sanalpos/vpos/internal/httpx"
	"github.com/sanalpos/vpos/internal/redact"
	"github.com/sanalpos/vpos/returncodes"
)

// The at-most-once machinery: claiming records, settling unknown
// outcomes with status inquiries, storing outcomes.

// moneyCall describes one money-moving call.
type moneyCall struct {
	op     Op
	rec    *Transaction // the record (Status set by claim/finish)
	threeD *ThreeDResult
	do     func(ctx context.Context) (*Result, error)
	settle func(status *Result) verdict
	after  func(ctx context.Context, res *Result) // on approval: update related records
}

type verdict int

const (
	undecided verdict = iota
	booked
	notBooked
)

func settleCharge(amount Amount) func(*Result) verdict {
	return func(s *Result) verdict {
		switch {
		case s.Return == returncodes.NotFound || s.Status == StatusDeclined:
			return notBooked
		case s.Status == StatusApproved || s.Status == StatusVoided || s.Status == StatusRefunded || s.Status == StatusPartiallyRefunded:
			if s.Amount != 0 && s.Amount != amount {
				return undecided // the bank's order differs from ours: leave it to an operator
			}
			return booked
		}
		return undecided
	}
}

func settleCapture(s *Result) verdict {
	switch {
	case s.CapturedAmount > 0:
		return booked
	case s.Return == returncodes.NotFound || s.Status == StatusApproved || s.Status == StatusDeclined:
		return notBooked
	}
	return undecided
}

func settleVoid(s *Result) verdict {
	switch s.Status {
	case StatusVoided:
		return booked
	case StatusApproved, StatusRefunded, StatusPartiallyRefunded, StatusDeclined:
		return notBooked
	}
	if s.Return == returncodes.NotFound {
		return notBooked
	}
	return undecided
}

func settleRefund(before, amount Amount) func(*Result) verdict {
	return func(s *Result) verdict {
		switch {
		case s.Return == returncodes.NotFound:
			return notBooked
		case s.Status == "":
			return undecided
		case s.RefundedAmount == 0 && (s.Status == StatusRefunded || s.Status == StatusPartiallyRefunded):
			return undecided // refunded, by an amount the bank did not say
		case s.RefundedAmount >= before+amount:
			return booked
		case s.RefundedAmount == before:
			return notBooked
		}
		return undecided
	}
}

// settleLookup reads the answer about one refund (StatusRequest.RequestID,
// Features.RefundLookup): booked when the bank holds it approved for the
// amount, not booked when it refused it or holds nothing under the id.
func settleLookup(amount Amount) func(*Result) verdict {
	return func(s *Result) verdict {
		switch {
		case s.Return == returncodes.NotFound || s.Status == StatusDeclined:
			return notBooked
		case s.Status == StatusApproved && (s.Amount == 0 || s.Amount == amount):
			return booked
		}
		return undecided
	}
}

// refundRule is how an answer settles a refund of amount made when before
// was already refunded: by the refund's own record where the provider can
// look it up, else by the order's refunded total.
func (c *Client) refundRule(before, amount Amount) func(*Result) verdict {
	if c.feat.RefundLookup {
		return settleLookup(amount)
	}
	return settleRefund(before, amount)
}

// inquiry is the status request that settles rec: about the one refund
// where the provider can look refunds up, else about the order.
func (c *Client) inquiry(rec *Transaction) *StatusRequest {
	q := &StatusRequest{OrderID: rec.OrderID, Currency: rec.Currency, BankTransactionID: rec.BankTransactionID}
	if rec.Op == OpRefund && c.feat.RefundLookup {
		q.RequestID = rec.ID
	}
	return q
}

// answerText says in a few words what a status answer to q reported.
func answerText(q *StatusRequest, s *Result) string {
	what := "order"
	if q.RequestID != "" {
		what = "refund " + q.RequestID
	}
	if s.Return == returncodes.NotFound {
		return "bank does not know the " + what
	}
	return "bank reports the " + what + " " + string(s.Status)
}

func (c *Client) orderKey(orderID string) string { return orderKey(c.o.Company, c.o.POS, orderID) }

// find returns the newest record of the order with one of ops.
func (c *Client) find(ctx context.Context, orderID string, ops ...Op) (*Transaction, error) {
	recs, err := c.o.Store.FindOrder(ctx, c.o.Company, c.o.POS, orderID)
	if err != nil {
		return nil, &Error{Code: Unavailable, OrderID: orderID, Msg: "store", Err: err}
	}
	var found *Transaction
	for _, t := range recs {
		for _, op := range ops {
			if t.Op == op {
				found = t
			}
		}
	}
	return found, nil
}

// claim creates the record of a money-moving call, or refuses the call
// when the order already has an approved or unresolved operation of the
// same kind. A declined or failed earlier attempt of the same operation is
// reused (the order id may be tried again).
func (c *Client) claim(ctx context.Context, rec *Transaction) error {
	if err := ctx.Err(); err != nil {
		return &Error{Code: Canceled, Op: rec.Op, OrderID: rec.OrderID, Msg: "nothing was sent", Err: err}
	}
	rec.Company, rec.POS, rec.Bank = c.o.Company, c.o.POS, c.o.Bank
	if rec.Status == "" {
		rec.Status = StatusUnknown
	}
	recs, err := c.o.Store.FindOrder(ctx, c.o.Company, c.o.POS, rec.OrderID)
	if err != nil {
		return &Error{Code: Unavailable, Op: rec.Op, OrderID: rec.OrderID, Msg: "store", Err: err}
	}
	dup := func(t *Transaction) error {
		return &Error{Code: Duplicate, Op: rec.Op, OrderID: rec.OrderID, Return: returncodes.DuplicateOrder,
			Msg: fmt.Sprintf("the order already has a %s %s; use a new order id for a new attempt", t.Status, t.Op)}
	}
	var reuse *Transaction
	refunds := 0
	for _, t := range recs {
		kindMatch := t.Op == rec.Op || (isCharge(t.Op) && isCharge(rec.Op))
		if rec.Op == OpRefund && t.Op == OpRefund {
			refunds++
			if t.Status == StatusUnknown {
				return dup(t)
			}
			continue
		}
		if !kindMatch {
			continue
		}
		switch t.Status {
		case StatusDeclined, StatusError:
			if t.Op == rec.Op {
				reuse = t
			}
		default:
			return dup(t)
		}
	}
	ev := Event{Time: c.o.Clock(), Kind: EventAttempt, Status: rec.Status, Detail: string(rec.Op) + " " + rec.Amount.Decimal(rec.Currency) + " " + string(rec.Currency)}
	if rec.Op == OpRefund {
		rec.Seq = refunds + 1
	}
	if reuse != nil {
		rec.ID, rec.Seq = reuse.ID, reuse.Seq
		rec.CreatedAt = reuse.CreatedAt
		if err := c.o.Store.Update(ctx, rec, reuse.Status, ev); err != nil {
			if errors.Is(err, ErrStoreConflict) {
				return dup(reuse)
			}
			return &Error{Code: Unavailable, Op: rec.Op, OrderID: rec.OrderID, Msg: "store", Err: err}
		}
		return nil
	}
	rec.Events = []Event{ev}
	if err := c.o.Store.Create(ctx, rec); err != nil {
		if errors.Is(err, ErrStoreDuplicate) {
			return &Error{Code: Duplicate, Op: rec.Op, OrderID: rec.OrderID, Return: returncodes.DuplicateOrder,
				Msg: "another server is processing the same operation for this order"}
		}
		return &Error{Code: Unavailable, Op: rec.Op, OrderID: rec.OrderID, Msg: "store", Err: err}
	}
	return nil
}

func isCharge(op Op) bool { return op == OpSale || op == OpPreAuth }

// moneyCall runs one money-moving call under the order's lock.
func (c *Client) moneyCall(ctx context.Context, k *moneyCall) (*Result, error) {
	unlock := c.locks.lock(c.orderKey(k.rec.OrderID))
	defer unlock()
	if err := c.claim(ctx, k.rec); err != nil {
		return nil, err
	}
	return c.finish(ctx, k)
}

// finish sends the claimed call, settles its outcome and stores it.
func (c *Client) finish(ctx context.Context, k *moneyCall) (*Result, error) {
	rec := k.rec
	rctx, rc := withRecorder(ctx)
	res, err := k.do(rctx)
	var e *Error
	status := StatusUnknown
	var evs []Event
	inquire := false
	if err != nil {
		e = c.wrapErr(ctx, k.op, rec.OrderID, err)
		switch e.Code {
		case UnknownOutcome:
			inquire = true
		case InvalidCallback:
			status = StatusUnknown
		case Canceled:
			if httpx.Sent(err) {
				status = StatusUnknown
			} else {
				status = StatusError
			}
		default:
			status = StatusError
		}
		res = nil
	} else if res == nil {
		e = &Error{Code: UnknownOutcome, Op: k.op, OrderID: rec.OrderID, Return: returncodes.TimeoutUnknown, Msg: "the provider returned no result"}
		inquire = true
	} else {
		c.scrub(res)
		res.Op, res.OrderID = k.op, rec.OrderID
		if res.Amount == 0 {
			res.Amount = rec.Amount
		}
		if res.Currency == "" {
			res.Currency = rec.Currency
		}
		if res.Installments == 0 {
			res.Installments = rec.Installments
		}
		if res.MaskedPAN == "" {
			res.MaskedPAN = rec.MaskedPAN
		}
		if res.ThreeD == nil {
			res.ThreeD = k.threeD
		}
		if res.Approved {
			status = StatusApproved
		} else {
			if res.Return == "" || res.Return == returncodes.Approved {
				res.Return = returncodes.DoNotHonor
			}
			e = c.declineError(k.op, res)
			switch e.Code {
			case Declined:
				status = StatusDeclined
			case UnknownOutcome, Duplicate:
				inquire = true
			default:
				status = StatusError
			}
		}
		res.Status = status
	}
	if inquire {
		evs = append(evs, Event{Time: c.o.Clock(), Kind: EventResult, Status: StatusUnknown, Return: e.Return, BankCode: e.BankCode, Detail: errorText(e)})
		v, sres := c.inquire(rctx, rec, k.settle, &evs)
		switch v {
		case booked:
			res = &Result{
				Op: k.op, OrderID: rec.OrderID, Approved: true, Status: StatusApproved,
				TransactionID: sres.TransactionID, AuthCode: sres.AuthCode, RRN: sres.RRN,
				Amount: rec.Amount, Currency: rec.Currency, Installments: rec.Installments,
				Return: returncodes.Approved, BankCode: sres.BankCode, MaskedPAN: rec.MaskedPAN,
				ThreeD: k.threeD, Time: c.o.Clock(), Extra: map[string]string{"settled_by": "status_inquiry"},
			}
			if k.op != OpSale && k.op != OpPreAuth && k.op != OpComplete {
				res.TransactionID, res.AuthCode, res.RRN = "", "", ""
			}
			status, e = StatusApproved, nil
		case notBooked:
			if sres.Status == StatusDeclined && (isCharge(k.op) || k.op == OpComplete) {
				status = StatusDeclined
				res = &Result{Op: k.op, OrderID: rec.OrderID, Status: StatusDeclined, Amount: rec.Amount, Currency: rec.Currency,
					Return: sres.Return, BankCode: sres.BankCode, BankMessage: redact.String(sres.BankMessage), MaskedPAN: rec.MaskedPAN, ThreeD: k.threeD}
				e = c.declineError(k.op, res)
			} else {
				status = StatusError
				prev := e
				e = &Error{Code: Unavailable, Op: k.op, OrderID: rec.OrderID, Return: returncodes.SystemError,
					Msg: "the bank did not book it (status inquiry after an ambiguous failure)", Err: prev}
				if prev.Code == Duplicate {
					e.Code, e.Return, e.Msg = Duplicate, returncodes.DuplicateOrder, "the bank refused a duplicate order id and holds no payment for it"
				}
			}
		default:
			status = StatusUnknown
			if e.Code != UnknownOutcome {
				e = &Error{Code: UnknownOutcome, Op: k.op, OrderID: rec.OrderID, Return: returncodes.TimeoutUnknown,
					Msg: "outcome unknown; settle it with a status query", Err: e}
			}
		}
	}
	if e != nil && e.Code == Auth {
		e.Msg = strings.TrimPrefix(e.Msg+"; "+c.ipNote(rc), "; ")
	}
	// Store the outcome.
	done := rec.Clone()
	done.Status = status
	if res != nil {
		applyResult(done, res)
		done.Status = status
	} else if e != nil {
		done.Return, done.BankCode, done.BankMessage = e.Return, e.BankCode, e.BankMessage
	}
	detail := ""
	if e != nil {
		detail = errorText(e)
	}
	evs = append(evs, Event{Time: c.o.Clock(), Kind: EventResult, Status: status, Return: done.Return, BankCode: done.BankCode, Detail: detail})
	sctx := ctx
	if ctx.Err() != nil {
		// Record the outcome even when the caller has gone.
		var cancel context.CancelFunc
		sctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
	}
	c.update(sctx, done, rec.Status, evs...)
	if status == StatusApproved && k.after != nil {
		k.after(sctx, res)
	}
	c.flush(ctx, rc, res, e)
	if e != nil {
		return res, e
	}
	return res, nil
}

// inquire asks the bank, a bounded number of times, whether the call
// booked.
func (c *Client) inquire(ctx context.Context, rec *Transaction, settle func(*Result) verdict, evs *[]Event) (verdict, *Result) {
	if c.o.StatusChecks < 0 || settle == nil {
		return undecided, nil
	}
	for i := 0; i < c.o.StatusChecks; i++ {
		select {
		case <-ctx.Done():
			return undecided, nil
		case <-time.After(c.o.StatusCheckDelay * time.Duration(i)):
		}
		q := c.inquiry(rec)
		sres, err := c.p.Status(ctx, q)
		if err != nil || sres == nil {
			*evs = append(*evs, Event{Time: c.o.Clock(), Kind: EventInquiry, Status: StatusUnknown, Detail: "status inquiry failed: " + errorText(err)})
			continue
		}
		v := settle(sres)
		detail := "status inquiry: " + answerText(q, sres)
		*evs = append(*evs, Event{Time: c.o.Clock(), Kind: EventInquiry, Status: rec.Status, Return: sres.Return, BankCode: sres.BankCode, Detail: detail})
		if v != undecided {
			return v, sres
		}
	}
	return undecided, nil
}

func (c *Client) declineError(op Op, res *Result) *Error {
	return &Error{Code: ErrorCodeFor(res.Return), Op: op, OrderID: res.OrderID, Return: res.Return,
		BankCode: res.BankCode, BankMessage: res.BankMessage}
}

func applyResult(t *Transaction, res *Result) {
	setBankIDs(t, res)
	t.Return, t.BankCode, t.BankMessage = res.Return, res.BankCode, res.BankMessage
	if res.MaskedPAN != "" && t.MaskedPAN == "" {
		t.MaskedPAN = MaskPAN(res.MaskedPAN)
	}
	if res.ThreeD != nil {
		t.MDStatus = res.ThreeD.MDStatus
	}
	if res.Status != "" {
		t.Status = res.Status
	}
}

// update stores a transition, logging (not failing) when the store refuses.
func (c *Client) update(ctx context.Context, t *Transaction, expect TxStatus, evs ...Event) {
	if err := c.o.Store.Update(ctx, t, expect, evs...); err != nil {
		c.o.Logger.LogAttrs(ctx, slog.LevelError, "vpos: could not store the outcome",
			slog.String("order_id", t.OrderID), slog.String("op", string(t.Op)),
			slog.String("tx_status", string(t.Status)), slog.String("error", errorText(err)))
	}
}

// updateOrder applies change to the order's records that it accepts.
func (c *Client) updateOrder(ctx context.Context, orderID string, change func(*Transaction) bool, detail string) {
	for attempt := 0; attempt < 5; attempt++ {
		recs, err := c.o.Store.FindOrder(ctx, c.o.Company, c.o.POS, orderID)
		if err != nil {
			return
		}
		conflict := false
		for _, t := range recs {
			old := t.Status
			if !change(t) {
				continue
			}
			err := c.o.Store.Update(ctx, t, old, Event{Time: c.o.Clock(), Kind: EventChange, Status: t.Status, Detail: detail})
			if errors.Is(err, ErrStoreConflict) {
				conflict = true
				break
			}
		}
		if !conflict {
			return
		}
	}
}

// keyLocks serialises calls on one order within the process; the store's
// unique key and compare-and-swap updates do it across processes.
type keyLocks struct {
	mu sync.Mutex
	m  map[string]*keyLock
}

type keyLock struct {
	mu   sync.Mutex
	refs int
}

func (k *keyLocks) lock(key string) (unlock func()) {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyLock{}
	}
	l := k.m[key]
	if l == nil {
		l = &keyLock{}
		k.m[key] = l
	}
	l.refs++
	k.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		k.mu.Lock()
		l.refs--
		if l.refs == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
}

// setBankIDs copies the bank's identifiers of res that are present.
func setBankIDs(t *Transaction, res *Result) {
	if res.TransactionID != "" {
		t.BankTransactionID = res.TransactionID
	}
	if res.AuthCode != "" {
		t.AuthCode = res.AuthCode
	}
	if res.RRN != "" {
		t.RRN = res.RRN
	}
}

// ipNote tells the operator, for a refusal of the merchant's credentials or
// IP, where the request left from and what the definition says the bank
// has registered, so that a changed outgoing IP is caught at once.
func (c *Client) ipNote(rc *recorder) string {
	src := "an unknown address"
	if a := rc.sourceAddr(); a != "" {
		if host, _, err := net.SplitHostPort(a); err == nil {
			a = host
		}
		src = a
	}
	note := "the request left from " + src
	switch reg := c.o.RegisteredIP; {
	case reg == "":
		note += "; no registered IP is recorded for this POS"
	case reg == src:
		note += ", the IP registered at the bank; check the credentials"
	default:
		note += "; the IP registered at the bank for this POS is " + reg + ": have the bank allow-list " + src + " or send from " + reg
	}
	return note
}
