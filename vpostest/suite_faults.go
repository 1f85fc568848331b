package vpostest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// faults runs the fault subtests; each skips when the harness cannot inject
// faults (sandbox).
//
//   - HangAfterBook: the bank books a sale and never answers; the sale ends
//     approved (settled by status) or unknown, booked once.
//   - RefundHangAfterBook: the same for a refund (the second of two where
//     partial and multiple refunds are declared); it ends approved, with the
//     stored sale counting it, or unknown (not allowed where RefundLookup is
//     declared), and the bank refunded exactly what was asked, once: the
//     refund is never sent again.
//   - ConnRefused, HTTP500, MalformedReply: nothing is resent once the
//     request left; the outcome is settled by status.
//   - Deadline, Canceled: the caller's context ends the call; the record is
//     kept unknown, or nothing is sent.
func (s *suite) faults(t *testing.T) {
	short := func(o *vpos.Options) { o.Timeout = time.Second }
	inject := func(t *testing.T, e *env, f Fault) {
		t.Helper()
		if !e.h.Inject(f) {
			t.Skipf("the harness cannot inject %s (sandbox)", f)
		}
		t.Cleanup(func() { e.h.Inject(FaultNone) })
	}
	t.Run("HangAfterBook", func(t *testing.T) {
		e := s.env(t, short)
		inject(t, e, FaultHangAfterBook)
		order := newOrderID()
		res, err := e.sale(e.saleReq(order, 8800, e.cards.Approve))
		e.h.Inject(FaultNone)
		switch {
		case err == nil:
			if !res.Approved {
				t.Errorf("Result = %+v, want approved", res)
			}
			e.wantRecord(order, vpos.OpSale, vpos.StatusApproved)
		case errors.Is(err, vpos.ErrUnknownOutcome):
			e.wantRecord(order, vpos.OpSale, vpos.StatusUnknown)
		default:
			t.Fatalf("Sale after a hang = %v, want approved (settled by status) or ErrUnknownOutcome", err)
		}
		e.wantBookings(1)
		if o := e.order(order); e.ledger != nil && (o == nil || o.Amount != 8800) {
			t.Errorf("bank order = %+v, want 8800 booked once", o)
		}
	})
	t.Run("RefundHangAfterBook", func(t *testing.T) {
		e := s.env(t, short)
		if !e.h.Inject(FaultNone) {
			t.Skip("the harness cannot inject faults (sandbox)")
		}
		order, _ := e.mustSale(10000)
		// before is refunded normally, then amount under the fault (all of
		// the sale where a second, partial refund is not declared).
		before, amount, refunds := vpos.Amount(0), vpos.Amount(10000), 1
		if e.feat.PartialRefund && e.feat.MultipleRefunds {
			if _, err := e.refund(order, 3000); err != nil {
				t.Fatalf("Refund(3000 of 10000): %v", err)
			}
			before, amount, refunds = 3000, 2000, 2
		}
		total := before + amount
		earlier := map[string]bool{}
		for _, r := range e.records(order, vpos.OpRefund) {
			earlier[r.ID] = true
		}
		sent := len(e.rec.exchanges())
		inject(t, e, FaultHangAfterBook)
		res, err := e.refund(order, amount)
		e.h.Inject(FaultNone)
		exs := e.exchangesSince(sent)
		if len(exs) > 0 && exs[0].Op != vpos.OpRefund {
			t.Skipf("the provider sent a %s request before the refund, and the fault hit that one", exs[0].Op)
		}
		var sentRefunds int
		for _, ex := range exs {
			if ex.Op == vpos.OpRefund {
				sentRefunds++
			}
		}
		if sentRefunds != 1 {
			t.Errorf("%d refund request(s) reached the bank after the fault, want exactly 1: an interrupted refund is settled by status, never sent again", sentRefunds)
		}
		var rec *vpos.Transaction
		for _, r := range e.records(order, vpos.OpRefund) {
			if !earlier[r.ID] {
				if rec != nil {
					t.Fatalf("the interrupted refund left more than one stored refund record")
				}
				rec = r
			}
		}
		if rec == nil {
			t.Fatalf("the interrupted refund left no stored refund record")
		}
		// counted is what the stored sale must count as refunded: the
		// interrupted refund only once it is settled approved.
		var counted vpos.Amount
		switch {
		case err == nil:
			if !res.Approved {
				t.Errorf("Result = %+v, want approved", res)
			}
			if rec.Status != vpos.StatusApproved {
				t.Errorf("stored refund record status = %q, want %q", rec.Status, vpos.StatusApproved)
			}
			counted = total
			t.Logf("the interrupted refund of %d (after %d) was settled approved by status", amount, before)
		case errors.Is(err, vpos.ErrUnknownOutcome):
			if e.feat.RefundLookup {
				t.Errorf("the provider declares RefundLookup but could not settle the refund: %v", err)
			}
			if rec.Status != vpos.StatusUnknown {
				t.Errorf("stored refund record status = %q, want %q", rec.Status, vpos.StatusUnknown)
			}
			counted = before
			t.Logf("the interrupted refund of %d (after %d) stays of unknown outcome: the status could not settle it", amount, before)
		default:
			t.Fatalf("Refund after a hang = %v, want approved (settled by status) or ErrUnknownOutcome", err)
		}
		sale := e.wantRecord(order, vpos.OpSale, refundedStatus(counted, 10000))
		if sale.RefundedAmount != counted {
			t.Errorf("stored sale RefundedAmount = %d, want %d", sale.RefundedAmount, counted)
		}
		if e.ledger != nil {
			o := e.order(order)
			if o == nil {
				t.Fatalf("the bank does not know order %s", order)
			}
			var n int
			for _, en := range o.Entries {
				if en.Op == vpos.OpRefund {
					n++
				}
			}
			if o.Refunded != total || n != refunds {
				t.Errorf("bank refunded %d in %d refund(s), want %d in %d: booked once, never resent", o.Refunded, n, total, refunds)
			}
		}
	})
	t.Run("ConnRefused", func(t *testing.T) {
		e := s.env(t)
		inject(t, e, FaultConnRefused)
		order := newOrderID()
		res, err := e.sale(e.saleReq(order, 8800, e.cards.Approve))
		e.h.Inject(FaultNone)
		if err == nil {
			// Allowed only because the request never left; then it books once.
			e.wantBookings(1)
			if !res.Approved {
				t.Errorf("Result = %+v, want approved", res)
			}
		} else {
			wantIs(t, err, vpos.ErrUnavailable)
			e.wantBookings(0)
			e.wantRecord(order, vpos.OpSale, vpos.StatusError)
			// The order id may be tried again once the bank is back.
			if _, err := e.sale(e.saleReq(order, 8800, e.cards.Approve)); err != nil {
				t.Fatalf("Sale after the bank came back: %v", err)
			}
			e.wantBookings(1)
		}
	})
	t.Run("HTTP500", func(t *testing.T) {
		e := s.env(t, short)
		inject(t, e, FaultHTTP500)
		order := newOrderID()
		res, err := e.sale(e.saleReq(order, 8800, e.cards.Approve))
		e.h.Inject(FaultNone)
		if err == nil {
			t.Fatalf("Sale after HTTP 500 = %+v, want an error: the bank booked nothing and a money-moving call must not be resent", res)
		}
		if !errors.Is(err, vpos.ErrUnknownOutcome) && !errors.Is(err, vpos.ErrUnavailable) {
			t.Errorf("error = %v, want ErrUnknownOutcome or ErrUnavailable (settled by status)", err)
		}
		e.wantBookings(0)
		if o := e.order(order); o != nil && o.Status == vpos.StatusApproved {
			t.Errorf("bank booked order %s after a 500", order)
		}
		recs := e.records(order, vpos.OpSale)
		if len(recs) != 1 || (recs[0].Status != vpos.StatusError && recs[0].Status != vpos.StatusUnknown) {
			t.Errorf("stored records = %+v, want one in error or unknown", recs)
		}
	})
	t.Run("MalformedReply", func(t *testing.T) {
		e := s.env(t, short)
		inject(t, e, FaultMalformedReply)
		order := newOrderID()
		res, err := e.sale(e.saleReq(order, 8800, e.cards.Approve))
		e.h.Inject(FaultNone)
		switch {
		case err == nil:
			if !res.Approved {
				t.Errorf("Result = %+v, want approved", res)
			}
			e.wantRecord(order, vpos.OpSale, vpos.StatusApproved)
		case errors.Is(err, vpos.ErrUnknownOutcome):
			e.wantRecord(order, vpos.OpSale, vpos.StatusUnknown)
		default:
			t.Fatalf("Sale with a malformed reply = %v, want approved (settled by status) or ErrUnknownOutcome", err)
		}
		e.wantBookings(1)
	})
	t.Run("Deadline", func(t *testing.T) {
		e := s.env(t)
		inject(t, e, FaultHangAfterBook)
		order := newOrderID()
		ctx, cancel := context.WithTimeout(e.ctx, 700*time.Millisecond)
		defer cancel()
		res, err := e.c.Sale(ctx, e.saleReq(order, 8800, e.cards.Approve))
		e.note(res, err)
		e.h.Inject(FaultNone)
		wantIs(t, err, context.DeadlineExceeded)
		wantIs(t, err, vpos.ErrCanceled)
		// Never lost: the record waits, unknown, for a status inquiry.
		e.wantRecord(order, vpos.OpSale, vpos.StatusUnknown)
		e.wantBookings(1)
	})
	t.Run("Canceled", func(t *testing.T) {
		e := s.env(t)
		if !e.h.Inject(FaultNone) {
			t.Skip("the harness cannot count requests (sandbox)")
		}
		ctx, cancel := context.WithCancel(e.ctx)
		cancel()
		before := e.requests()
		_, err := e.c.Sale(ctx, e.saleReq(newOrderID(), 8800, e.cards.Approve))
		e.note(nil, err)
		wantIs(t, err, context.Canceled)
		e.wantNoRequests(before, "cancelled call")
		e.wantBookings(0)
	})
}

// refundedStatus is the state of an approved sale of amount of which
// refunded has been refunded.
func refundedStatus(refunded, amount vpos.Amount) vpos.TxStatus {
	switch {
	case refunded == 0:
		return vpos.StatusApproved
	case refunded >= amount:
		return vpos.StatusRefunded
	}
	return vpos.StatusPartiallyRefunded
}

// hygiene runs the checks of what a provider must not do: work on an
// undeclared feature (Undeclared) or answer Unsupported for a declared one
// (DeclaredWork).
func (s *suite) hygiene(t *testing.T) {
	t.Run("Undeclared", func(t *testing.T) {
		e := s.env(t)
		before := e.requests()
		f := e.feat
		if !f.PreAuth {
			_, err := e.c.PreAuth(e.ctx, e.saleReq(newOrderID(), 100, e.cards.Approve))
			wantIs(t, err, vpos.ErrUnsupported)
			_, err = e.c.Capture(e.ctx, &vpos.CaptureRequest{OrderID: newOrderID(), Amount: 100})
			wantIs(t, err, vpos.ErrUnsupported)
		}
		if !f.History {
			_, err := e.c.History(e.ctx, &vpos.HistoryRequest{From: time.Now().Add(-time.Hour), To: time.Now()})
			wantIs(t, err, vpos.ErrUnsupported)
		}
		if !f.OrderHistory {
			_, err := e.c.History(e.ctx, &vpos.HistoryRequest{OrderID: newOrderID()})
			wantIs(t, err, vpos.ErrUnsupported)
		}
		if !f.MOTO {
			req := e.saleReq(newOrderID(), 100, e.cards.Approve)
			req.MOTO = true
			_, err := e.c.Sale(e.ctx, req)
			wantIs(t, err, vpos.ErrUnsupported)
		}
		for _, m := range threed.Models() {
			if !f.Supports3D(m) {
				_, err := e.c.Begin3D(e.ctx, &vpos.ThreeDRequest{OrderID: newOrderID(), Amount: 100, Currency: vpos.TRY, Model: m, OkURL: merchantOK})
				wantIs(t, err, vpos.ErrUnsupported)
			}
		}
		e.wantNoRequests(before, "undeclared features")
	})
	t.Run("DeclaredWork", func(t *testing.T) {
		e := s.env(t)
		f := e.feat
		notUnsupported := func(what string, err error) {
			t.Helper()
			if errors.Is(err, vpos.ErrUnsupported) {
				t.Errorf("%s is declared but answers Unsupported: %v", what, err)
			}
		}
		if f.PreAuth {
			order := newOrderID()
			_, err := e.c.PreAuth(e.ctx, e.saleReq(order, 100, e.cards.Approve))
			notUnsupported("PreAuth", err)
			_, err = e.c.Capture(e.ctx, &vpos.CaptureRequest{OrderID: order})
			notUnsupported("Capture", err)
		}
		if f.History {
			from, to := vpos.IstanbulDay(time.Now())
			_, err := e.c.History(e.ctx, &vpos.HistoryRequest{From: from, To: to})
			notUnsupported("History", err)
		}
		if f.OrderHistory {
			_, err := e.c.History(e.ctx, &vpos.HistoryRequest{OrderID: newOrderID()})
			notUnsupported("OrderHistory", err)
		}
		if f.MOTO {
			req := e.saleReq(newOrderID(), 100, e.cards.Approve)
			req.MOTO, req.Card.CVV = true, ""
			_, err := e.c.Sale(e.ctx, req)
			notUnsupported("MOTO", err)
		}
		for _, m := range f.ThreeD {
			req := &vpos.ThreeDRequest{OrderID: newOrderID(), Amount: 100, Currency: vpos.TRY, Model: m, OkURL: merchantOK}
			if !m.CardOnBankPage() {
				req.Card = e.cards.ThreeD
			}
			_, err := e.c.Begin3D(e.ctx, req)
			notUnsupported("3-D Secure model "+string(m), err)
		}
	})
}
