package vpostest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
)

func (s *suite) sale(t *testing.T) {
	t.Run("Approved", func(t *testing.T) {
		e := s.env(t)
		order, res := e.mustSale(12345)
		if !res.Approved || res.OrderID != order {
			t.Errorf("Result Approved=%v OrderID=%q, want true, %q", res.Approved, res.OrderID, order)
		}
		if res.TransactionID == "" && res.AuthCode == "" && res.RRN == "" {
			t.Errorf("Result has no TransactionID, AuthCode or RRN")
		}
		if res.Amount != 0 && res.Amount != 12345 {
			t.Errorf("Result Amount = %d, want 12345", res.Amount)
		}
		e.wantBookings(1)
		if o := e.order(order); e.ledger != nil && (o == nil || o.Amount != 12345 || o.Currency != vpos.TRY) {
			t.Errorf("bank order = %+v, want 12345 TRY", o)
		}
		rec := e.wantRecord(order, vpos.OpSale, vpos.StatusApproved)
		if rec.MaskedPAN != e.cards.Approve.Masked() {
			t.Errorf("stored MaskedPAN = %q, want %q", rec.MaskedPAN, e.cards.Approve.Masked())
		}
		if rec.Amount != 12345 || rec.Company != "ACME" || rec.POS != "main" {
			t.Errorf("stored record = %+v, want amount 12345, company ACME, POS main", rec)
		}
	})
	t.Run("Amounts", func(t *testing.T) {
		e := s.env(t)
		amounts := []vpos.Amount{1, 99, 100, 101, 123456}
		if e.feat.MaxAmount > 0 {
			amounts = append(amounts, e.feat.MaxAmount)
		}
		for i, a := range amounts {
			order := newOrderID()
			if _, err := e.sale(e.saleReq(order, a, e.cards.Approve)); err != nil {
				t.Errorf("Sale(amount %d) error: %v", a, err)
				continue
			}
			if o := e.order(order); e.ledger != nil && (o == nil || o.Amount != a) {
				t.Errorf("bank order for amount %d = %+v", a, o)
			}
			e.wantBookings(i + 1)
		}
		if e.feat.MaxAmount > 0 {
			before := e.requests()
			_, err := e.sale(e.saleReq(newOrderID(), e.feat.MaxAmount+1, e.cards.Approve))
			wantIs(t, err, vpos.ErrInvalidRequest)
			e.wantNoRequests(before, "amount above the bank's limit")
		}
	})
	t.Run("Currencies", func(t *testing.T) {
		e := s.env(t)
		curs := e.feat.Currencies
		if len(curs) == 0 {
			curs = []vpos.Currency{vpos.TRY}
		}
		for _, cur := range curs {
			order := newOrderID()
			req := e.saleReq(order, 1000, e.cards.Approve)
			req.Currency = cur
			if _, err := e.sale(req); err != nil {
				t.Errorf("Sale(1000 %s) error: %v", cur, err)
				continue
			}
			if o := e.order(order); e.ledger != nil && (o == nil || o.Currency != cur || o.Amount != 1000) {
				t.Errorf("bank order for %s = %+v", cur, o)
			}
		}
	})
	t.Run("Installments", func(t *testing.T) {
		e := s.env(t)
		if !e.feat.Installments {
			before := e.requests()
			req := e.saleReq(newOrderID(), 10000, e.cards.Approve)
			req.Installments = 3
			_, err := e.sale(req)
			wantIs(t, err, vpos.ErrInvalidRequest)
			if ve := asError(t, err); ve.Field != "Installments" {
				t.Errorf("Field = %q, want Installments", ve.Field)
			}
			e.wantNoRequests(before, "installments where not offered")
			return
		}
		max := e.feat.MaxInstallments
		if max == 0 || max > 12 {
			max = 12
		}
		for _, n := range append([]int{0, 1}, seq(2, max)...) {
			order := newOrderID()
			req := e.saleReq(order, 120000, e.cards.Approve)
			req.Installments = n
			if _, err := e.sale(req); err != nil {
				t.Errorf("Sale(installments %d) error: %v", n, err)
				continue
			}
			if o := e.order(order); e.ledger != nil && (o == nil || (n > 1 && o.Installments != n) || (n <= 1 && o.Installments > 1)) {
				t.Errorf("bank order for %d installments = %+v", n, o)
			}
		}
	})
	t.Run("Declines", func(t *testing.T) {
		for _, o := range DeclineOutcomes() {
			t.Run(string(o), func(t *testing.T) {
				e := s.env(t)
				if e.cards.ForOutcome(o).Number == "" {
					t.Skipf("the harness has no test card for %s", o)
				}
				order := newOrderID()
				res, err := e.sale(e.saleReq(order, 5000, e.cards.ForOutcome(o)))
				wantIs(t, err, vpos.ErrDeclined)
				ve := asError(t, err)
				if ve.Return != o.Return() {
					t.Errorf("Return = %q, want %q", ve.Return, o.Return())
				}
				if ve.BankCode == "" {
					t.Errorf("BankCode is empty, want the bank's raw code")
				}
				if res == nil || res.Approved || res.Return != o.Return() {
					t.Errorf("Result = %+v, want non-nil, not approved, Return %q", res, o.Return())
				}
				e.wantBookings(0)
				e.wantRecord(order, vpos.OpSale, vpos.StatusDeclined)
			})
		}
	})
	t.Run("BadInput", func(t *testing.T) {
		now := time.Now()
		cases := []struct {
			name  string
			field string
			edit  func(r *vpos.SaleRequest)
		}{
			{"Luhn", "Card.Number", func(r *vpos.SaleRequest) { r.Card.Number = breakLuhn(r.Card.Number) }},
			{"PastExpiry", "Card.ExpYear", func(r *vpos.SaleRequest) { r.Card.ExpYear = now.Year() - 1 }},
			{"BadMonth", "Card.ExpMonth", func(r *vpos.SaleRequest) { r.Card.ExpMonth = 13 }},
			{"BadCVV", "Card.CVV", func(r *vpos.SaleRequest) { r.Card.CVV = "1a" }},
			{"ZeroAmount", "Amount", func(r *vpos.SaleRequest) { r.Amount = 0 }},
			{"NegativeAmount", "Amount", func(r *vpos.SaleRequest) { r.Amount = -100 }},
			{"UnknownCurrency", "Currency", func(r *vpos.SaleRequest) { r.Currency = "XXX" }},
			{"EmptyOrderID", "OrderID", func(r *vpos.SaleRequest) { r.OrderID = "" }},
			{"TooManyInstallments", "Installments", func(r *vpos.SaleRequest) { r.Installments = 99 }},
			{"NegativeInstallments", "Installments", func(r *vpos.SaleRequest) { r.Installments = -1 }},
			{"BadCustomerIP", "CustomerIP", func(r *vpos.SaleRequest) { r.CustomerIP = "not-an-ip" }},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := s.env(t)
				req := e.saleReq(newOrderID(), 1000, e.cards.Approve)
				tc.edit(req)
				before := e.requests()
				res, err := e.sale(req)
				wantIs(t, err, vpos.ErrInvalidRequest)
				if ve := asError(t, err); ve.Field != tc.field {
					t.Errorf("Field = %q, want %q", ve.Field, tc.field)
				}
				if res != nil {
					t.Errorf("Result = %+v, want nil", res)
				}
				e.wantNoRequests(before, "invalid request")
				e.wantBookings(0)
			})
		}
	})
	t.Run("SameOrderTwice", func(t *testing.T) {
		e := s.env(t)
		order, _ := e.mustSale(2500)
		before := e.requests()
		_, err := e.sale(e.saleReq(order, 2500, e.cards.Approve))
		wantIs(t, err, vpos.ErrDuplicate)
		e.wantNoRequests(before, "second sale of an approved order")
		e.wantBookings(1)
		if e.feat.PreAuth {
			_, err := e.c.PreAuth(e.ctx, e.saleReq(order, 2500, e.cards.Approve))
			e.note(nil, err)
			wantIs(t, err, vpos.ErrDuplicate)
			e.wantNoRequests(before, "pre-auth of an order already sold")
		}
		if _, err := e.sale(e.saleReq(newOrderID(), 2500, e.cards.Approve)); err != nil {
			t.Fatalf("retry with a new order id: %v", err)
		}
		e.wantBookings(2)
	})
	t.Run("RetryAfterDecline", func(t *testing.T) {
		e := s.env(t)
		if e.cards.InsufficientFunds.Number == "" {
			t.Skip("the harness has no test card for insufficient funds")
		}
		order := newOrderID()
		_, err := e.sale(e.saleReq(order, 2500, e.cards.InsufficientFunds))
		wantIs(t, err, vpos.ErrDeclined)
		// A declined order id may be tried again with another card.
		if _, err := e.sale(e.saleReq(order, 2500, e.cards.Approve)); err != nil {
			t.Fatalf("second attempt after a decline: %v", err)
		}
		e.wantBookings(1)
		rec := e.wantRecord(order, vpos.OpSale, vpos.StatusApproved)
		if len(rec.Events) < 3 {
			t.Errorf("stored events = %d, want both attempts in the history", len(rec.Events))
		}
	})
	t.Run("Parallel", func(t *testing.T) {
		e := s.env(t)
		const n = 20
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.sale(e.saleReq(newOrderID(), vpos.Amount(1000+i), e.cards.Approve))
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("parallel sale %d: %v", i, err)
			}
		}
		e.wantBookings(n)
	})
}

func (s *suite) preAuth(t *testing.T) {
	skip := func(t *testing.T, e *env, partial bool) {
		t.Helper()
		if !e.feat.PreAuth {
			t.Skip("the provider does not declare PreAuth")
		}
		if partial && !e.feat.PartialCapture {
			t.Skip("the provider does not declare PartialCapture")
		}
	}
	preauth := func(e *env, amount vpos.Amount) string {
		e.t.Helper()
		order := newOrderID()
		res, err := e.c.PreAuth(e.ctx, e.saleReq(order, amount, e.cards.Approve))
		e.note(res, err)
		if err != nil {
			e.t.Fatalf("PreAuth: %v", err)
		}
		return order
	}
	capture := func(e *env, c *vpos.Client, order string, amount vpos.Amount) (*vpos.Result, error) {
		res, err := c.Capture(e.ctx, &vpos.CaptureRequest{OrderID: order, Amount: amount, Currency: vpos.TRY})
		e.note(res, err)
		return res, err
	}
	t.Run("Full", func(t *testing.T) {
		e := s.env(t)
		skip(t, e, false)
		order := preauth(e, 10000)
		e.wantBookings(1)
		if o := e.order(order); e.ledger != nil && (o == nil || o.Kind != KindPreAuth || o.Captured != 0) {
			t.Errorf("bank order after pre-auth = %+v", o)
		}
		if _, err := capture(e, e.c, order, 0); err != nil {
			t.Fatalf("Capture(full): %v", err)
		}
		if o := e.order(order); e.ledger != nil && (o == nil || o.Captured != 10000) {
			t.Errorf("bank order after capture = %+v, want captured 10000", o)
		}
		e.wantRecord(order, vpos.OpCapture, vpos.StatusApproved)
	})
	t.Run("Partial", func(t *testing.T) {
		e := s.env(t)
		skip(t, e, true)
		order := preauth(e, 10000)
		if _, err := capture(e, e.c, order, 6000); err != nil {
			t.Fatalf("Capture(6000 of 10000): %v", err)
		}
		if o := e.order(order); e.ledger != nil && (o == nil || o.Captured != 6000) {
			t.Errorf("bank order = %+v, want captured 6000", o)
		}
	})
	t.Run("OverCapture", func(t *testing.T) {
		e := s.env(t)
		skip(t, e, false)
		order := preauth(e, 10000)
		if res, err := capture(e, e.c, order, 15000); err == nil {
			t.Fatalf("Capture(15000 of 10000) = %+v, want an error", res)
		}
		if res, err := capture(e, e.freshClient(), order, 15000); err == nil {
			t.Fatalf("bank-side Capture(15000 of 10000) = %+v, want an error", res)
		}
		if o := e.order(order); e.ledger != nil && (o == nil || o.Captured != 0) {
			t.Errorf("bank order = %+v, want nothing captured", o)
		}
	})
	t.Run("CaptureUnknown", func(t *testing.T) {
		e := s.env(t)
		skip(t, e, false)
		order := newOrderID()
		if res, err := capture(e, e.c, order, 1000); err == nil {
			t.Fatalf("Capture of an order never pre-authorised = %+v, want an error", res)
		}
		e.wantBookings(0)
	})
	t.Run("CaptureTwice", func(t *testing.T) {
		e := s.env(t)
		skip(t, e, false)
		order := preauth(e, 10000)
		if _, err := capture(e, e.c, order, 0); err != nil {
			t.Fatalf("Capture: %v", err)
		}
		before := e.requests()
		_, err := capture(e, e.c, order, 0)
		wantIs(t, err, vpos.ErrDuplicate)
		e.wantNoRequests(before, "second capture")
		if res, err := capture(e, e.freshClient(), order, 0); err == nil {
			t.Fatalf("bank-side second capture = %+v, want an error", res)
		}
		if o := e.order(order); e.ledger != nil && (o == nil || o.Captured != 10000) {
			t.Errorf("bank order = %+v, want captured 10000 once", o)
		}
	})
}

func (s *suite) void(t *testing.T) {
	void := func(e *env, c *vpos.Client, order string) (*vpos.Result, error) {
		res, err := c.Void(e.ctx, &vpos.VoidRequest{OrderID: order})
		e.note(res, err)
		return res, err
	}
	t.Run("SameDay", func(t *testing.T) {
		e := s.env(t)
		order, _ := e.mustSale(7500)
		if _, err := void(e, e.c, order); err != nil {
			t.Fatalf("Void: %v", err)
		}
		if o := e.order(order); e.ledger != nil && (o == nil || o.Status != vpos.StatusVoided) {
			t.Errorf("bank order = %+v, want voided", o)
		}
		e.wantRecord(order, vpos.OpSale, vpos.StatusVoided)
		e.wantRecord(order, vpos.OpVoid, vpos.StatusApproved)
	})
	t.Run("Twice", func(t *testing.T) {
		e := s.env(t)
		order, _ := e.mustSale(7500)
		if _, err := void(e, e.c, order); err != nil {
			t.Fatalf("Void: %v", err)
		}
		before := e.requests()
		if _, err := void(e, e.c, order); err == nil {
			t.Fatalf("second Void succeeded, want an error")
		}
		e.wantNoRequests(before, "second void")
		if _, err := void(e, e.freshClient(), order); err == nil {
			t.Fatalf("bank-side second Void succeeded, want an error")
		}
		if o := e.order(order); e.ledger != nil && (o == nil || o.Status != vpos.StatusVoided) {
			t.Errorf("bank order = %+v, want voided", o)
		}
	})
	t.Run("AfterRefund", func(t *testing.T) {
		e := s.env(t)
		order, _ := e.mustSale(7500)
		if _, err := e.c.Refund(e.ctx, &vpos.RefundRequest{OrderID: order}); err != nil {
			e.note(nil, err)
			t.Skipf("the bank refuses a same-day refund (%v); void-after-refund cannot be set up", err)
		}
		if _, err := void(e, e.c, order); err == nil {
			t.Fatalf("Void of a refunded sale succeeded, want an error")
		}
		if _, err := void(e, e.freshClient(), order); err == nil {
			t.Fatalf("bank-side Void of a refunded sale succeeded, want an error")
		}
		if o := e.order(order); e.ledger != nil && (o == nil || o.Status != vpos.StatusRefunded) {
			t.Errorf("bank order = %+v, want refunded", o)
		}
	})
}

// refund runs the refund subtests: Full; Partial and Multiple where
// declared; Over and AfterVoid refused by the Client and by the bank;
// Lookup, one refund asked about by its RequestID where RefundLookup is
// declared, and LookupUndeclared, such a question refused without a request
// where it is not.
func (s *suite) refund(t *testing.T) {
	refund := func(e *env, c *vpos.Client, order string, amount vpos.Amount) (*vpos.Result, error) {
		res, err := c.Refund(e.ctx, &vpos.RefundRequest{OrderID: order, Amount: amount, Currency: vpos.TRY})
		e.note(res, err)
		return res, err
	}
	refunded := func(e *env, order string, want vpos.Amount, status vpos.TxStatus) {
		e.t.Helper()
		if o := e.order(order); e.ledger != nil && (o == nil || o.Refunded != want || o.Status != status) {
			e.t.Errorf("bank order = %+v, want refunded %d, status %s", o, want, status)
		}
	}
	t.Run("Full", func(t *testing.T) {
		e := s.env(t)
		order, _ := e.mustSale(10000)
		if _, err := refund(e, e.c, order, 0); err != nil {
			t.Fatalf("Refund(full): %v", err)
		}
		refunded(e, order, 10000, vpos.StatusRefunded)
		e.wantRecord(order, vpos.OpSale, vpos.StatusRefunded)
	})
	t.Run("Partial", func(t *testing.T) {
		e := s.env(t)
		if !e.feat.PartialRefund {
			t.Skip("the provider does not declare PartialRefund")
		}
		order, _ := e.mustSale(10000)
		if _, err := refund(e, e.c, order, 3000); err != nil {
			t.Fatalf("Refund(3000 of 10000): %v", err)
		}
		refunded(e, order, 3000, vpos.StatusPartiallyRefunded)
		rec := e.wantRecord(order, vpos.OpSale, vpos.StatusPartiallyRefunded)
		if rec.RefundedAmount != 3000 {
			t.Errorf("stored RefundedAmount = %d, want 3000", rec.RefundedAmount)
		}
	})
	t.Run("Multiple", func(t *testing.T) {
		e := s.env(t)
		if !e.feat.PartialRefund || !e.feat.MultipleRefunds {
			t.Skip("the provider does not declare PartialRefund and MultipleRefunds")
		}
		order, _ := e.mustSale(10000)
		for _, a := range []vpos.Amount{3000, 3000, 4000} {
			if _, err := refund(e, e.c, order, a); err != nil {
				t.Fatalf("Refund(%d): %v", a, err)
			}
		}
		refunded(e, order, 10000, vpos.StatusRefunded)
		if _, err := refund(e, e.c, order, 1); err == nil {
			t.Fatalf("refund beyond the sale succeeded")
		}
		if _, err := refund(e, e.freshClient(), order, 1); err == nil {
			t.Fatalf("bank-side refund beyond the sale succeeded")
		}
		refunded(e, order, 10000, vpos.StatusRefunded)
		if got := len(e.records(order, vpos.OpRefund)); got != 3 {
			t.Errorf("stored refund records = %d, want 3", got)
		}
	})
	t.Run("Over", func(t *testing.T) {
		e := s.env(t)
		order, _ := e.mustSale(10000)
		before := e.requests()
		_, err := refund(e, e.c, order, 15000)
		wantIs(t, err, vpos.ErrInvalidRequest)
		e.wantNoRequests(before, "over-refund")
		if _, err := refund(e, e.freshClient(), order, 15000); err == nil {
			t.Fatalf("bank-side over-refund succeeded")
		}
		refunded(e, order, 0, vpos.StatusApproved)
	})
	t.Run("AfterVoid", func(t *testing.T) {
		e := s.env(t)
		order, _ := e.mustSale(10000)
		if _, err := e.c.Void(e.ctx, &vpos.VoidRequest{OrderID: order}); err != nil {
			t.Fatalf("Void: %v", err)
		}
		if _, err := refund(e, e.c, order, 0); err == nil {
			t.Fatalf("refund of a voided sale succeeded")
		}
		if _, err := refund(e, e.freshClient(), order, 10000); err == nil {
			t.Fatalf("bank-side refund of a voided sale succeeded")
		}
		refunded(e, order, 0, vpos.StatusVoided)
	})
	t.Run("Lookup", func(t *testing.T) {
		e := s.env(t)
		if !e.feat.RefundLookup {
			t.Skip("the provider does not declare RefundLookup")
		}
		order, _ := e.mustSale(10000)
		amount := vpos.Amount(10000)
		if e.feat.PartialRefund {
			amount = 2500
		}
		if _, err := refund(e, e.c, order, amount); err != nil {
			t.Fatalf("Refund(%d of 10000): %v", amount, err)
		}
		booked := e.wantRecord(order, vpos.OpRefund, vpos.StatusApproved)
		// A refund the bank refused, sent by a Client that does not know
		// the sale, so that the bank's own rules refuse it.
		store := vpos.NewMemoryStore()
		other, err := e.h.Client(e.ctx, e.options(store))
		if err != nil {
			t.Fatalf("harness Client: %v", err)
		}
		if _, err := refund(e, other, order, 15000); err == nil {
			t.Fatalf("bank-side over-refund succeeded")
		}
		var refused string
		recs, err := store.FindOrder(e.ctx, "ACME", "main", order)
		if err != nil {
			t.Fatalf("store FindOrder: %v", err)
		}
		for _, r := range recs {
			if r.Op == vpos.OpRefund {
				refused = r.ID
			}
		}
		if refused == "" {
			t.Fatalf("the refused over-refund left no stored refund record")
		}
		cases := []struct {
			name      string
			c         *vpos.Client
			requestID string
			// check judges the answer about the refund.
			check func(t *testing.T, res *vpos.Result, err error)
		}{
			{"Booked", e.c, booked.ID, func(t *testing.T, res *vpos.Result, err error) {
				if err != nil {
					t.Fatalf("Status of the booked refund: %v", err)
				}
				if res.Status != vpos.StatusApproved {
					t.Errorf("Status = %q, want %q", res.Status, vpos.StatusApproved)
				}
				if res.Amount != 0 && res.Amount != amount {
					t.Errorf("Amount = %d, want %d (the refund's, not the order's)", res.Amount, amount)
				}
			}},
			{"Refused", other, refused, func(t *testing.T, res *vpos.Result, err error) {
				if errors.Is(err, vpos.ErrNotFound) {
					return // the bank keeps no refused refund
				}
				if err != nil {
					t.Fatalf("Status of the refused refund = %v, want declined or ErrNotFound", err)
				}
				if res.Status != vpos.StatusDeclined {
					t.Errorf("Status = %q, want %q or ErrNotFound: the bank refused that refund", res.Status, vpos.StatusDeclined)
				}
			}},
			{"NeverSent", e.c, vpos.NewID(), func(t *testing.T, res *vpos.Result, err error) {
				if !errors.Is(err, vpos.ErrNotFound) {
					var st vpos.TxStatus
					if res != nil {
						st = res.Status
					}
					t.Errorf("Status of a refund never sent = %q, error %v; want ErrNotFound", st, err)
				}
			}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res, err := e.lookup(tc.c, order, tc.requestID)
				tc.check(t, res, err)
			})
		}
		// The order's own status counts the refund, whether the bank says
		// by how much or the Client sums the refunds it looked up.
		res, err := e.c.Status(e.ctx, &vpos.StatusRequest{OrderID: order})
		e.note(res, err)
		if err != nil {
			t.Fatalf("Status of the order: %v", err)
		}
		if want := refundedStatus(amount, 10000); res.Status != want || res.RefundedAmount != amount {
			t.Errorf("order Status = %q, RefundedAmount %d; want %q, %d", res.Status, res.RefundedAmount, want, amount)
		}
		refunded(e, order, amount, refundedStatus(amount, 10000))
	})
	t.Run("LookupUndeclared", func(t *testing.T) {
		e := s.env(t)
		if e.feat.RefundLookup {
			t.Skip("the provider declares RefundLookup (Refund/Lookup)")
		}
		order, _ := e.mustSale(10000)
		if _, err := refund(e, e.c, order, 0); err != nil {
			t.Fatalf("Refund(full): %v", err)
		}
		rec := e.wantRecord(order, vpos.OpRefund, vpos.StatusApproved)
		before := e.requests()
		_, err := e.lookup(e.c, order, rec.ID)
		wantIs(t, err, vpos.ErrUnsupported)
		if ve := asError(t, err); ve.Field != "RequestID" {
			t.Errorf("Field = %q, want RequestID", ve.Field)
		}
		e.wantNoRequests(before, "a refund lookup the provider does not declare")
	})
}

func (s *suite) status(t *testing.T) {
	type setup func(e *env) (order string, want vpos.TxStatus, refunded vpos.Amount)
	cases := []struct {
		name    string
		partial bool
		setup   setup
	}{
		{"Approved", false, func(e *env) (string, vpos.TxStatus, vpos.Amount) {
			o, _ := e.mustSale(4000)
			return o, vpos.StatusApproved, 0
		}},
		{"Declined", false, func(e *env) (string, vpos.TxStatus, vpos.Amount) {
			if e.cards.DoNotHonour.Number == "" {
				e.t.Skip("the harness has no test card for do not honour")
			}
			o := newOrderID()
			_, err := e.sale(e.saleReq(o, 4000, e.cards.DoNotHonour))
			wantIs(e.t, err, vpos.ErrDeclined)
			return o, vpos.StatusDeclined, 0
		}},
		{"Voided", false, func(e *env) (string, vpos.TxStatus, vpos.Amount) {
			o, _ := e.mustSale(4000)
			if _, err := e.c.Void(e.ctx, &vpos.VoidRequest{OrderID: o}); err != nil {
				e.t.Fatalf("Void: %v", err)
			}
			return o, vpos.StatusVoided, 0
		}},
		{"Refunded", false, func(e *env) (string, vpos.TxStatus, vpos.Amount) {
			o, _ := e.mustSale(4000)
			if _, err := e.c.Refund(e.ctx, &vpos.RefundRequest{OrderID: o}); err != nil {
				e.t.Fatalf("Refund: %v", err)
			}
			return o, vpos.StatusRefunded, 4000
		}},
		{"PartiallyRefunded", true, func(e *env) (string, vpos.TxStatus, vpos.Amount) {
			o, _ := e.mustSale(4000)
			if _, err := e.c.Refund(e.ctx, &vpos.RefundRequest{OrderID: o, Amount: 1500}); err != nil {
				e.t.Fatalf("Refund: %v", err)
			}
			return o, vpos.StatusPartiallyRefunded, 1500
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := s.env(t)
			if tc.partial && !e.feat.PartialRefund {
				t.Skip("the provider does not declare PartialRefund")
			}
			order, want, refundedAmount := tc.setup(e)
			res, err := e.c.Status(e.ctx, &vpos.StatusRequest{OrderID: order})
			e.note(res, err)
			if err != nil {
				t.Fatalf("Status: %v", err)
			}
			if res.Status != want {
				t.Errorf("Status = %q, want %q", res.Status, want)
			}
			if o := e.order(order); o != nil && o.Status != want {
				t.Errorf("bank ledger says %q, suite expected %q", o.Status, want)
			}
			if refundedAmount > 0 && res.RefundedAmount != refundedAmount {
				t.Errorf("RefundedAmount = %d, want %d", res.RefundedAmount, refundedAmount)
			}
		})
	}
	t.Run("Unknown", func(t *testing.T) {
		e := s.env(t)
		res, err := e.c.Status(e.ctx, &vpos.StatusRequest{OrderID: newOrderID()})
		e.note(res, err)
		wantIs(t, err, vpos.ErrNotFound)
	})
}

func (s *suite) history(t *testing.T) {
	t.Run("Order", s.orderHistory)
	t.Run("Day", func(t *testing.T) {
		e := s.env(t)
		if !e.feat.History {
			before := e.requests()
			_, err := e.c.History(e.ctx, &vpos.HistoryRequest{From: time.Now().Add(-time.Hour), To: time.Now()})
			wantIs(t, err, vpos.ErrUnsupported)
			e.wantNoRequests(before, "undeclared History")
			t.Skip("the provider does not declare History")
		}
		want := map[string]vpos.Amount{}
		for _, a := range []vpos.Amount{1111, 2222, 3333} {
			o, _ := e.mustSale(a)
			want[o] = a
		}
		from, to := vpos.IstanbulDay(time.Now())
		rows, err := e.c.History(e.ctx, &vpos.HistoryRequest{From: from, To: to})
		e.note(nil, err)
		if err != nil {
			t.Fatalf("History: %v", err)
		}
		got := map[string]vpos.Amount{}
		for _, r := range rows {
			if r.Op == vpos.OpSale || r.Op == "" {
				got[r.OrderID] = r.Amount
			}
			if len(r.MaskedPAN) > 0 && r.MaskedPAN == e.cards.Approve.Normalize().Number {
				t.Errorf("history row carries a full card number")
			}
		}
		for o, a := range want {
			if got[o] != a {
				t.Errorf("history of today: order %s amount %d, want %d", o, got[o], a)
			}
		}
		// A period before the sales holds none of them.
		rows, err = e.c.History(e.ctx, &vpos.HistoryRequest{From: from.AddDate(0, 0, -2), To: from.AddDate(0, 0, -1)})
		if err != nil {
			t.Fatalf("History(two days ago): %v", err)
		}
		for _, r := range rows {
			if _, ok := want[r.OrderID]; ok {
				t.Errorf("history of two days ago holds today's order %s", r.OrderID)
			}
		}
	})
}

func (s *suite) orderHistory(t *testing.T) {
	e := s.env(t)
	if !e.feat.OrderHistory {
		before := e.requests()
		_, err := e.c.History(e.ctx, &vpos.HistoryRequest{OrderID: newOrderID()})
		wantIs(t, err, vpos.ErrUnsupported)
		e.wantNoRequests(before, "undeclared OrderHistory")
		t.Skip("the provider does not declare OrderHistory")
	}
	order, _ := e.mustSale(9000)
	refund := vpos.Amount(9000)
	if e.feat.PartialRefund {
		refund = 2500
	}
	if _, err := e.c.Refund(e.ctx, &vpos.RefundRequest{OrderID: order, Amount: refund}); err != nil {
		t.Fatalf("Refund: %v", err)
	}
	e.mustSale(1234) // another order, which must not show up
	rows, err := e.c.History(e.ctx, &vpos.HistoryRequest{OrderID: order})
	e.note(nil, err)
	if err != nil {
		t.Fatalf("History(order): %v", err)
	}
	var sale, ref bool
	for _, r := range rows {
		if r.OrderID != "" && r.OrderID != order {
			t.Errorf("order history of %s holds a row of order %s", order, r.OrderID)
		}
		switch {
		case r.Op == vpos.OpSale && r.Amount == 9000:
			sale = true
		case r.Op == vpos.OpRefund && r.Amount == refund:
			ref = true
		}
	}
	if !sale || !ref {
		t.Errorf("order history = %+v, want the sale of 9000 and the refund of %d", rows, refund)
	}
	if _, err := e.c.History(e.ctx, &vpos.HistoryRequest{OrderID: newOrderID()}); err != nil && !errors.Is(err, vpos.ErrNotFound) {
		t.Errorf("History of an unknown order = %v, want no rows or ErrNotFound", err)
	}
}

func seq(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// breakLuhn changes the last digit so the number fails the Luhn check.
func breakLuhn(n string) string {
	n = vpos.Card{Number: n}.Normalize().Number
	if n == "" {
		return "1"
	}
	last := n[len(n)-1]
	return n[:len(n)-1] + fmt.Sprint((int(last-'0')+1)%10)
}
