package vpos

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sanalpos/vpos/returncodes"
)

// Resolver settles the records a Client could not: money-moving calls left
// unknown (the process died between sending and storing the reply, the
// caller gave up, or the status inquiries could not decide) and 3-D Secure
// payments left pending because the shopper never came back. For each it
// asks the bank's status query and records the answer, with the inquiry as
// an event. It is bounded (Limit records per Run, Timeout per inquiry) and
// idempotent: a record is changed only by a compare-and-swap from the state
// it was read in, so two resolvers (or a resolver and a late callback) never
// settle one record twice. Run it periodically, and once at start-up.
type Resolver struct {
	c *Client
	// UnknownAge is how old an unknown record must be before the resolver
	// touches it, so that calls still in flight elsewhere are left alone
	// (default 2 minutes; keep it above Options.Timeout).
	UnknownAge time.Duration
	// PendingAge is how old a pending 3-D Secure record must be before it
	// counts as abandoned (default 30 minutes).
	PendingAge time.Duration
	// Limit bounds the records checked by one Run (default 100).
	Limit int
	// Timeout bounds one status inquiry (default 30s).
	Timeout time.Duration
}

// NewResolver returns a Resolver for the records of c's company and POS.
func NewResolver(c *Client) *Resolver {
	return &Resolver{c: c, UnknownAge: 2 * time.Minute, PendingAge: 30 * time.Minute, Limit: 100, Timeout: 30 * time.Second}
}

// ResolveReport counts what one Run did.
type ResolveReport struct {
	// Checked records were inquired about.
	Checked int
	// Approved: the bank had booked them.
	Approved int
	// NotBooked: the bank had not (declined, unknown to it, or abandoned 3-D
	// Secure payments).
	NotBooked int
	// Unresolved: the bank's answer did not settle them, or the inquiry
	// failed; they stay for the next Run.
	Unresolved int
	// Skipped: settled by someone else while this Run looked at them.
	Skipped int
}

// Run checks up to Limit records and settles what the bank's answers
// decide. The error reports a store failure; failed inquiries only count as
// Unresolved.
func (r *Resolver) Run(ctx context.Context) (*ResolveReport, error) {
	c := r.c
	now := c.o.Clock()
	rep := &ResolveReport{}
	limit := r.Limit
	if limit <= 0 {
		limit = 100
	}
	var todo []*Transaction
	for _, q := range []struct {
		status TxStatus
		age    time.Duration
	}{{StatusUnknown, r.UnknownAge}, {StatusPending3D, r.PendingAge}} {
		f := ListFilter{Company: c.o.Company, POS: c.o.POS, Status: []TxStatus{q.status}, To: now.Add(-q.age), Limit: limit}
		for len(todo) < limit {
			recs, next, err := c.o.Store.List(ctx, f)
			if err != nil {
				return rep, fmt.Errorf("vpos: resolver: list %s records: %w", q.status, err)
			}
			todo = append(todo, recs...)
			if next == "" {
				break
			}
			f.Cursor = next
		}
	}
	if len(todo) > limit {
		todo = todo[:limit]
	}
	for _, t := range todo {
		if err := r.resolve(ctx, t, rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func (r *Resolver) resolve(ctx context.Context, t *Transaction, rep *ResolveReport) error {
	c := r.c
	unlock := c.locks.lock(c.orderKey(t.OrderID))
	defer unlock()
	cur, err := c.o.Store.Get(ctx, t.ID)
	if err != nil {
		return fmt.Errorf("vpos: resolver: %w", err)
	}
	if cur.Status != StatusUnknown && cur.Status != StatusPending3D {
		rep.Skipped++
		return nil
	}
	settle, after := r.rules(ctx, cur)
	rep.Checked++
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ictx, cancel := context.WithTimeout(ctx, timeout)
	rctx, rc := withRecorder(ictx)
	q := c.inquiry(cur)
	sres, err := c.p.Status(rctx, q)
	cancel()
	if err != nil || sres == nil {
		c.flush(ctx, rc, nil, nil)
		rep.Unresolved++
		return r.event(ctx, cur, Event{Time: c.o.Clock(), Kind: EventInquiry, Status: cur.Status, Detail: "resolver: status inquiry failed: " + errorText(err)})
	}
	c.flush(ctx, rc, sres, nil)
	detail := "resolver: " + answerText(q, sres)
	ev := Event{Time: c.o.Clock(), Kind: EventInquiry, Status: cur.Status, Return: sres.Return, BankCode: sres.BankCode, Detail: detail}
	done := cur.Clone()
	switch settle(sres) {
	case booked:
		done.Status, done.Return = StatusApproved, returncodes.Approved
		if isCharge(cur.Op) {
			setBankIDs(done, sres)
		}
		rep.Approved++
	case notBooked:
		switch {
		case sres.Status == StatusDeclined && isCharge(cur.Op):
			done.Status, done.Return, done.BankCode = StatusDeclined, sres.Return, sres.BankCode
		case cur.Status == StatusPending3D:
			done.Status, done.Return = StatusError, returncodes.ThreeDSFailed
			ev.Detail += "; the 3-D Secure payment was not completed"
		default:
			done.Status, done.Return = StatusError, returncodes.SystemError
		}
		rep.NotBooked++
	default:
		rep.Unresolved++
		return r.event(ctx, cur, ev)
	}
	done.Events = nil
	final := Event{Time: c.o.Clock(), Kind: EventResult, Status: done.Status, Return: done.Return, BankCode: done.BankCode, Detail: "settled by the resolver"}
	if err := c.o.Store.Update(ctx, done, cur.Status, ev, final); err != nil {
		if errors.Is(err, ErrStoreConflict) {
			rep.Skipped++
			return nil
		}
		return fmt.Errorf("vpos: resolver: %w", err)
	}
	if done.Status == StatusApproved && after != nil {
		after()
	}
	return nil
}

// rules returns how to read a status answer for t's operation, and what to
// update on the order when it turns out approved.
func (r *Resolver) rules(ctx context.Context, t *Transaction) (func(*Result) verdict, func()) {
	c := r.c
	switch t.Op {
	case OpCapture:
		return settleCapture, nil
	case OpVoid:
		return settleVoid, func() { c.markVoided(ctx, t.OrderID) }
	case OpRefund:
		var before Amount
		if orig, err := c.find(ctx, t.OrderID, OpSale, OpCapture); err == nil && orig != nil {
			before = orig.RefundedAmount
		}
		return c.refundRule(before, t.Amount), func() { c.markRefunded(ctx, t.OrderID, t.Amount, t.Currency) }
	default:
		return settleCharge(t.Amount), nil
	}
}

func (r *Resolver) event(ctx context.Context, t *Transaction, ev Event) error {
	if err := r.c.o.Store.AddEvent(ctx, t.ID, ev); err != nil {
		return fmt.Errorf("vpos: resolver: %w", err)
	}
	return nil
}
