package vpostest

import (
	"errors"
	"net/url"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

const (
	merchantOK   = "https://shop.example.com.tr/odeme/3d/ok"
	merchantFail = "https://shop.example.com.tr/odeme/3d/fail"
)

func (s *suite) threeD(t *testing.T) {
	for _, m := range threed.Models() {
		t.Run(string(m), func(t *testing.T) { s.threeDModel(t, m) })
	}
}

// begin starts a 3D payment of model m.
func (e *env) begin(m threed.Model, amount vpos.Amount) (string, *threed.Form) {
	e.t.Helper()
	order := newOrderID()
	req := &vpos.ThreeDRequest{
		OrderID: order, Amount: amount, Currency: vpos.TRY, Model: m,
		OkURL: merchantOK, FailURL: merchantFail, CustomerIP: "192.0.2.10",
		CustomerEmail: "çağrı@örnek.com.tr", CustomerName: "Çağrı Öztürk", Lang: "tr",
	}
	if !m.CardOnBankPage() {
		req.Card = e.cards.ThreeD
	}
	form, err := e.c.Begin3D(e.ctx, req)
	e.note(nil, err)
	if err != nil {
		e.t.Fatalf("Begin3D(%s): %v", m, err)
	}
	return order, form
}

// acs runs the ACS and returns the callback.
func (e *env) acs(form *threed.Form, o ACSOutcome) url.Values {
	e.t.Helper()
	cb, err := e.h.ACS(e.ctx, form, o)
	if errors.Is(err, ErrACSUnavailable) {
		e.t.Skipf("ACS(%s): %v", o, err)
	}
	if err != nil {
		e.t.Fatalf("ACS(%s): %v", o, err)
	}
	return cb
}

func (e *env) complete(c *vpos.Client, cb url.Values) (*vpos.Result, error) {
	res, err := c.Complete3D(e.ctx, cloneValues(cb))
	e.note(res, err)
	return res, err
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func (s *suite) threeDModel(t *testing.T, m threed.Model) {
	declared := func(t *testing.T) *env {
		t.Helper()
		e := s.env(t)
		if !e.feat.Supports3D(m) {
			before := e.requests()
			_, err := e.c.Begin3D(e.ctx, &vpos.ThreeDRequest{OrderID: newOrderID(), Amount: 100, Currency: vpos.TRY, Model: m, OkURL: merchantOK})
			wantIs(t, err, vpos.ErrUnsupported)
			e.wantNoRequests(before, "undeclared 3-D Secure model")
			t.Skipf("the provider does not declare 3-D Secure model %s", m)
		}
		return e
	}
	t.Run("Begin", func(t *testing.T) {
		e := declared(t)
		order, form := e.begin(m, 15075)
		u, err := url.Parse(form.Action)
		if err != nil || !u.IsAbs() {
			t.Errorf("form Action %q is not an absolute URL", form.Action)
		}
		if form.Method != "" && form.Method != "POST" && form.Method != "GET" {
			t.Errorf("form Method = %q", form.Method)
		}
		if !hasValue(form.Fields, order) {
			t.Errorf("form fields do not carry the order id")
		}
		if !hasValue(form.Fields, "150.75", "15075", "150,75") && m != threed.Model3DHost && m != threed.Model3DPayHosting {
			t.Logf("form fields carry no recognisable amount; the protocol may encrypt it")
		}
		if html := form.HTML(); html == "" {
			t.Errorf("form HTML is empty")
		}
		e.wantRecord(order, "", vpos.StatusPending3D)
		e.wantBookings(0)
	})
	t.Run("Success", func(t *testing.T) {
		e := declared(t)
		order, form := e.begin(m, 15075)
		cb := e.acs(form, ACSSuccess)
		res, err := e.complete(e.c, cb)
		if err != nil {
			t.Fatalf("Complete3D after ACS success: %v", err)
		}
		if !res.Approved || res.OrderID != order || res.Replay {
			t.Errorf("Result Approved=%v OrderID=%q Replay=%v", res.Approved, res.OrderID, res.Replay)
		}
		if res.ThreeD == nil || res.ThreeD.Status != threed.StatusAuthenticated {
			t.Errorf("Result.ThreeD = %+v, want authenticated", res.ThreeD)
		}
		e.wantBookings(1)
		if o := e.order(order); e.ledger != nil && (o == nil || o.Amount != 15075) {
			t.Errorf("bank order = %+v, want 15075", o)
		}
		e.wantRecord(order, "", vpos.StatusApproved)
	})
	for _, o := range []ACSOutcome{ACSFailure, ACSAttempt, ACSNotEnrolled} {
		t.Run("ACS_"+string(o), func(t *testing.T) {
			e := declared(t)
			order, form := e.begin(m, 15075)
			cb := e.acs(form, o)
			res, err := e.complete(e.c, cb)
			switch {
			case err == nil:
				if o == ACSFailure {
					t.Fatalf("Complete3D after ACS failure approved, want a decline")
				}
				e.wantBookings(1)
				e.wantRecord(order, "", vpos.StatusApproved)
			default:
				wantIs(t, err, vpos.ErrDeclined)
				if ve := asError(t, err); ve.Return != returncodes.ThreeDSFailed {
					t.Errorf("Return = %q, want %q", ve.Return, returncodes.ThreeDSFailed)
				}
				if res == nil || res.Approved {
					t.Errorf("Result = %+v, want non-nil and not approved", res)
				}
				e.wantBookings(0)
				e.wantRecord(order, "", vpos.StatusDeclined)
			}
		})
	}
	t.Run("Tampered", func(t *testing.T) {
		e := declared(t)
		order, form := e.begin(m, 15075)
		cb := e.acs(form, ACSSuccess)
		booked := e.bookings()
		var unsigned []string
		if u, ok := e.h.(UnsignedCallbackFields); ok {
			unsigned = u.UnsignedCallbackFields()
		}
		keys := make([]string, 0, len(cb))
		for k := range cb {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if slices.Contains(unsigned, k) {
				continue
			}
			for _, edit := range []struct {
				name string
				f    func(v url.Values)
			}{
				{"changed", func(v url.Values) { v.Set(k, tamper(v.Get(k))) }},
				{"removed", func(v url.Values) { v.Del(k) }},
				{"emptied", func(v url.Values) { v.Set(k, "") }},
			} {
				bad := cloneValues(cb)
				edit.f(bad)
				if bad.Encode() == cb.Encode() {
					continue
				}
				res, err := e.complete(e.c, bad)
				if !errors.Is(err, vpos.ErrInvalidCallback) {
					t.Errorf("callback with field %q %s: got %+v, %v; want ErrInvalidCallback", k, edit.name, res, err)
				}
			}
		}
		if got := e.bookings(); got != booked {
			t.Errorf("bank bookings after tampered callbacks = %d, want %d", got, booked)
		}
		e.wantRecord(order, "", vpos.StatusPending3D)
		// The genuine callback still completes.
		if _, err := e.complete(e.c, cb); err != nil {
			t.Fatalf("genuine callback after the tampered ones: %v", err)
		}
		e.wantRecord(order, "", vpos.StatusApproved)
	})
	t.Run("BadSignature", func(t *testing.T) {
		e := declared(t)
		if !e.h.Inject(FaultBadCallbackSignature) {
			t.Skip("the harness cannot inject faults (sandbox)")
		}
		order, form := e.begin(m, 15075)
		cb := e.acs(form, ACSSuccess)
		booked := e.bookings()
		_, err := e.complete(e.c, cb)
		wantIs(t, err, vpos.ErrInvalidCallback)
		if got := e.bookings(); got != booked {
			t.Errorf("bank bookings = %d, want %d", got, booked)
		}
		e.wantRecord(order, "", vpos.StatusPending3D)
	})
	t.Run("UnknownOrder", func(t *testing.T) {
		e := declared(t)
		_, form := e.begin(m, 15075)
		cb := e.acs(form, ACSSuccess)
		booked := e.bookings()
		_, err := e.complete(e.freshClient(), cb)
		wantIs(t, err, vpos.ErrInvalidCallback)
		if got := e.bookings(); got != booked {
			t.Errorf("bank bookings = %d, want %d", got, booked)
		}
	})
	for _, field := range []string{"Amount", "Currency"} {
		t.Run(field+"Mismatch", func(t *testing.T) {
			e := declared(t)
			order, form := e.begin(m, 15075)
			cb := e.acs(form, ACSSuccess)
			booked := e.bookings()
			// The pending payment in the store says something else than
			// the bank's callback: the callback must be refused.
			rec := e.wantRecord(order, "", vpos.StatusPending3D)
			changed := rec.Clone()
			if field == "Amount" {
				changed.Amount++
			} else {
				changed.Currency = otherCurrency(e.feat, rec.Currency)
			}
			if err := e.store.Update(e.ctx, changed, vpos.StatusPending3D); err != nil {
				t.Fatalf("store Update: %v", err)
			}
			_, err := e.complete(e.c, cb)
			wantIs(t, err, vpos.ErrInvalidCallback)
			if got := e.bookings(); got != booked {
				t.Errorf("bank bookings = %d, want %d", got, booked)
			}
			e.wantRecord(order, "", vpos.StatusPending3D)
		})
	}
	t.Run("Replay", func(t *testing.T) {
		e := declared(t)
		order, form := e.begin(m, 15075)
		cb := e.acs(form, ACSSuccess)
		first, err := e.complete(e.c, cb)
		if err != nil {
			t.Fatalf("first Complete3D: %v", err)
		}
		before := e.requests()
		second, err := e.complete(e.c, cb)
		if err != nil {
			t.Fatalf("second Complete3D: %v", err)
		}
		if !second.Replay || !second.Approved || second.TransactionID != first.TransactionID {
			t.Errorf("second delivery = %+v, want the first result marked Replay", second)
		}
		e.wantNoRequests(before, "replayed callback")
		e.wantBookings(1)
		e.wantRecord(order, "", vpos.StatusApproved)
	})
	t.Run("ConcurrentReplay", func(t *testing.T) {
		e := declared(t)
		order, form := e.begin(m, 15075)
		cb := e.acs(form, ACSSuccess)
		const n = 20
		var wg sync.WaitGroup
		results := make([]*vpos.Result, n)
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = e.complete(e.c, cb)
			}()
		}
		wg.Wait()
		fresh := 0
		for i := range n {
			if errs[i] != nil {
				t.Errorf("delivery %d: %v", i, errs[i])
				continue
			}
			if !results[i].Replay {
				fresh++
			}
		}
		if fresh != 1 {
			t.Errorf("deliveries answered without Replay = %d, want exactly 1", fresh)
		}
		e.wantBookings(1)
		e.wantRecord(order, "", vpos.StatusApproved)
	})
}

func hasValue(v url.Values, wants ...string) bool {
	for _, vs := range v {
		for _, x := range vs {
			if slices.Contains(wants, x) {
				return true
			}
		}
	}
	return false
}

// tamper changes one character of s, keeping its kind (digit, letter).
func tamper(s string) string {
	if s == "" {
		return "1"
	}
	b := []byte(s)
	i := len(b) - 1
	switch c := b[i]; {
	case c >= '0' && c <= '8', c >= 'a' && c <= 'y', c >= 'A' && c <= 'Y':
		b[i]++
	case c == '9':
		b[i] = '0'
	case c == 'z':
		b[i] = 'a'
	case c == 'Z':
		b[i] = 'A'
	default:
		b = append(b, 'x')
	}
	return string(b)
}

func otherCurrency(f vpos.Features, c vpos.Currency) vpos.Currency {
	for _, x := range append(append([]vpos.Currency(nil), f.Currencies...), vpos.USD, vpos.EUR) {
		if x != c {
			return x
		}
	}
	return vpos.USD
}
