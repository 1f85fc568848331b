package vpostest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

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
