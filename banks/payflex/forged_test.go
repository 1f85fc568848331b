package payflex_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payflex"
	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// forgeEnv is a Client on a fresh fake bank that remembers the
// VerifyEnrollmentRequestId of every enrollment it sent (read from the
// redacted exchange: it is not a secret, only unguessable), so the tests
// can play an attacker who somehow learnt it.
type forgeEnv struct {
	s      *payflextest.Server
	c      *vpos.Client
	store  vpos.Store
	mu     sync.Mutex
	verify map[string]string // order id -> VerifyEnrollmentRequestId
}

func newForgeEnv(t *testing.T) *forgeEnv {
	t.Helper()
	e := &forgeEnv{s: payflextest.NewServer(), store: vpos.NewMemoryStore(), verify: map[string]string{}}
	t.Cleanup(e.s.Close)
	hook := vpos.HookFunc(func(_ context.Context, ex vpos.Exchange) {
		if ex.Op != vpos.OpBegin3D {
			return
		}
		if v, err := url.ParseQuery(ex.Request); err == nil {
			e.mu.Lock()
			e.verify[ex.OrderID] = v.Get("VerifyEnrollmentRequestId")
			e.mu.Unlock()
		}
	})
	c, err := payflex.Open(fakeConfig(e.s), &vpos.Options{HTTPClient: e.s.HTTPClient(), Hooks: []vpos.Hook{hook}, Store: e.store})
	if err != nil {
		t.Fatal(err)
	}
	e.c = c
	return e
}

func (e *forgeEnv) begin(t *testing.T, order string, amount vpos.Amount) *threed.Form {
	t.Helper()
	form, err := e.c.Begin3D(t.Context(), &vpos.ThreeDRequest{
		OrderID: order, Amount: amount, Currency: vpos.TRY, Card: e.s.Cards().ThreeD,
		OkURL: "https://shop.example.com.tr/3d/ok", CustomerIP: "192.0.2.10",
	})
	if err != nil {
		t.Fatalf("Begin3D: %v", err)
	}
	return form
}

// wantNoApproval checks that a forged callback neither approved nor booked
// anything, and that the order is not recorded approved.
func (e *forgeEnv) wantNoApproval(t *testing.T, order string, res *vpos.Result, err error) {
	t.Helper()
	t.Logf("forged callback refused: %v", err)
	if err == nil || (res != nil && res.Approved) {
		t.Fatalf("forged callback: Result %+v, err %v; want a refusal", res, err)
	}
	if n := e.s.Ledger().Bookings(); n != 0 {
		t.Errorf("bank bookings = %d, want 0", n)
	}
	if o, ok := e.s.Ledger().Order(order); ok && o.Status == vpos.StatusApproved {
		t.Errorf("bank order %s is approved", order)
	}
	recs, _ := e.store.FindOrder(t.Context(), "", "", order)
	for _, r := range recs {
		if r.Status == vpos.StatusApproved {
			t.Errorf("stored record %s is approved", r.ID)
		}
	}
}

// forged is a success callback (payflex.md §10.4) nobody authenticated:
// Status Y with a made-up CAVV.
func forged(s *payflextest.Server, order, verifyID string, amount string) url.Values {
	return url.Values{
		"MerchantId": {s.Credentials().MerchantID}, "Pan": {"493846******4205"}, "Expiry": {"2912"},
		"PurchAmount": {amount}, "PurchCurrency": {"949"}, "VerifyEnrollmentRequestId": {verifyID},
		"Xid": {"forgedxidforgedxid00"}, "SessionInfo": {order}, "Status": {"Y"},
		"Cavv": {"AAABBBCCCDDDEEEFFF000111222="}, "Eci": {"05"}, "ErrorCode": {""}, "ErrorMessage": {""},
	}
}

// TestForgedCallback: PayFlex callbacks are unsigned, so a forged one must
// be stopped by the adapter (VerifyEnrollmentRequestId bound to the order)
// or by the bank (ECI/CAVV checked against its MPI record): never an
// approval, never a booking.
func TestForgedCallback(t *testing.T) {
	t.Run("NeverAuthenticated", func(t *testing.T) {
		// The attacker knows the genuine VerifyEnrollmentRequestId of a
		// pending order but never went through the ACS.
		e := newForgeEnv(t)
		e.begin(t, "FORGE-1", 15075)
		e.mu.Lock()
		id := e.verify["FORGE-1"]
		e.mu.Unlock()
		if id == "" {
			t.Fatal("no VerifyEnrollmentRequestId recorded")
		}
		res, err := e.c.Complete3D(t.Context(), forged(e.s, "FORGE-1", id, "15075"))
		e.wantNoApproval(t, "FORGE-1", res, err)
	})
	t.Run("MadeUpVerifyID", func(t *testing.T) {
		e := newForgeEnv(t)
		e.begin(t, "FORGE-2", 15075)
		before := e.s.Requests(payflextest.VPOSPath)
		res, err := e.c.Complete3D(t.Context(), forged(e.s, "FORGE-2", "ce06048a3e9c0cd1d437803fb38b5ad0", "15075"))
		if !errors.Is(err, vpos.ErrInvalidCallback) {
			t.Errorf("err = %v, want ErrInvalidCallback", err)
		}
		e.wantNoApproval(t, "FORGE-2", res, err)
		if got := e.s.Requests(payflextest.VPOSPath); got != before {
			t.Errorf("VPOS requests = %d, want %d: the forged callback reached the bank", got, before)
		}
	})
	t.Run("FailedTurnedSuccess", func(t *testing.T) {
		// A genuine failed authentication edited to Status Y.
		e := newForgeEnv(t)
		form := e.begin(t, "FORGE-3", 15075)
		cb, err := e.s.ACS(t.Context(), form, vpostest.ACSFailure)
		if err != nil {
			t.Fatal(err)
		}
		cb.Set("Status", "Y")
		cb.Set("Eci", "05")
		cb.Set("Cavv", "AAABBBCCCDDDEEEFFF000111222=")
		res, err := e.c.Complete3D(t.Context(), cb)
		e.wantNoApproval(t, "FORGE-3", res, err)
	})
	t.Run("OtherOrdersAuthentication", func(t *testing.T) {
		// A genuine success for a cheap order replayed against a dear one.
		e := newForgeEnv(t)
		cheap := e.begin(t, "FORGE-CHEAP", 100)
		e.begin(t, "FORGE-DEAR", 1500000)
		cb, err := e.s.ACS(t.Context(), cheap, vpostest.ACSSuccess)
		if err != nil {
			t.Fatal(err)
		}
		cb.Set("SessionInfo", "FORGE-DEAR")
		cb.Set("PurchAmount", "1500000")
		res, err := e.c.Complete3D(t.Context(), cb)
		if !errors.Is(err, vpos.ErrInvalidCallback) {
			t.Errorf("err = %v, want ErrInvalidCallback", err)
		}
		e.wantNoApproval(t, "FORGE-DEAR", res, err)
	})
}

// TestSuccessStillWorks: the genuine callback of a pending order completes
// after forged ones for another order were refused.
func TestSuccessStillWorks(t *testing.T) {
	e := newForgeEnv(t)
	form := e.begin(t, "GENUINE-1", 15075)
	if _, err := e.c.Complete3D(t.Context(), forged(e.s, "GENUINE-2", strings.Repeat("0", 32), "15075")); !errors.Is(err, vpos.ErrInvalidCallback) {
		t.Errorf("forged callback for an unknown order: %v", err)
	}
	cb, err := e.s.ACS(t.Context(), form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.c.Complete3D(t.Context(), cb)
	if err != nil || !res.Approved {
		t.Fatalf("genuine callback: %+v, %v", res, err)
	}
	if n := e.s.Ledger().Bookings(); n != 1 {
		t.Errorf("bookings = %d, want 1", n)
	}
}
