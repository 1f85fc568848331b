package payflex_test

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payflex"
	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// cpDeclared declares the Common Payment models the Provider implements
// but does not declare (see Provider.Features), so that these tests can
// drive them through a Client.
type cpDeclared struct{ *payflex.Provider }

func (p cpDeclared) Features() vpos.Features {
	f := p.Provider.Features()
	f.ThreeD = append(f.ThreeD, threed.Model3DPay, threed.Model3DHost)
	return f
}

type cpEnv struct {
	s     *payflextest.Server
	c     *vpos.Client
	store vpos.Store
}

func newCPEnv(t *testing.T) *cpEnv {
	t.Helper()
	s := payflextest.NewServer()
	t.Cleanup(s.Close)
	store := vpos.NewMemoryStore()
	opts := &vpos.Options{HTTPClient: s.HTTPClient(), Store: store, Company: "c", POS: "p"}
	p, err := payflex.New(fakeConfig(s), opts)
	if err != nil {
		t.Fatal(err)
	}
	return &cpEnv{s: s, c: vpos.NewClient(cpDeclared{p}, opts), store: store}
}

func (e *cpEnv) begin(t *testing.T, m threed.Model, order string, card vpos.Card, preAuth bool) *threed.Form {
	t.Helper()
	req := &vpos.ThreeDRequest{OrderID: order, Amount: 15075, Currency: vpos.TRY, Model: m, PreAuth: preAuth,
		OkURL: "https://shop.example/ok", FailURL: "https://shop.example/fail", Lang: "tr"}
	if m == threed.Model3DPay {
		req.Card = card
	}
	form, err := e.c.Begin3D(context.Background(), req)
	if err != nil {
		t.Fatalf("Begin3D(%s): %v", m, err)
	}
	return form
}

func (e *cpEnv) status(t *testing.T, order string) vpos.TxStatus {
	t.Helper()
	recs, err := e.store.FindOrder(context.Background(), "c", "p", order)
	if err != nil || len(recs) == 0 {
		t.Fatalf("FindOrder(%s): %v, %d records", order, err, len(recs))
	}
	return recs[len(recs)-1].Status
}

func TestCommonPayment(t *testing.T) {
	for _, m := range []threed.Model{threed.Model3DPay, threed.Model3DHost} {
		t.Run(string(m), func(t *testing.T) {
			e := newCPEnv(t)
			ctx := context.Background()
			form := e.begin(t, m, "cp-ok-1", e.s.Cards().ThreeD, false)
			if form.Method != "GET" || form.Fields.Get("Ptkn") == "" || form.Action != e.s.CPGateURL() {
				t.Fatalf("form = %+v, want GET %s with Ptkn", form, e.s.CPGateURL())
			}
			cb, err := e.s.ACS(ctx, form, vpostest.ACSSuccess)
			if err != nil {
				t.Fatal(err)
			}
			res, err := e.c.Complete3D(ctx, cb)
			if err != nil || !res.Approved || res.Amount != 15075 || res.Currency != vpos.TRY || res.TransactionID == "" {
				t.Fatalf("Complete3D = %+v, %v; want approved 150.75 TRY", res, err)
			}
			if res.ThreeD == nil || res.ThreeD.Status != threed.StatusAuthenticated {
				t.Errorf("ThreeD = %+v", res.ThreeD)
			}
			if n := e.s.Ledger().Bookings(); n != 1 {
				t.Errorf("bookings = %d, want 1", n)
			}
			// Replay: no request, same result.
			before := e.s.Requests(payflextest.CPQueryPath)
			again, err := e.c.Complete3D(ctx, cb)
			if err != nil || !again.Replay || again.TransactionID != res.TransactionID {
				t.Errorf("replay = %+v, %v", again, err)
			}
			if e.s.Requests(payflextest.CPQueryPath) != before {
				t.Errorf("the replay queried the bank")
			}
			// The booking can be voided through VPOS v4.
			if _, err := e.c.Void(ctx, &vpos.VoidRequest{OrderID: "cp-ok-1"}); err != nil {
				t.Errorf("Void: %v", err)
			}

			// ACS failure: a ThreeDSFailed decline, nothing booked.
			form = e.begin(t, m, "cp-fail-1", e.s.Cards().ThreeD, true)
			cb, err = e.s.ACS(ctx, form, vpostest.ACSFailure)
			if err != nil {
				t.Fatal(err)
			}
			res, err = e.c.Complete3D(ctx, cb)
			if !errors.Is(err, vpos.ErrDeclined) || res == nil || res.Approved || res.Return != returncodes.ThreeDSFailed {
				t.Errorf("Complete3D after ACS failure = %+v, %v; want a ThreeDSFailed decline", res, err)
			}
			if st := e.status(t, "cp-fail-1"); st != vpos.StatusDeclined {
				t.Errorf("record = %s, want declined", st)
			}
		})
	}
}

// TestCommonPaymentForgedRedirect: the result redirect is unsigned, so a
// forged one must never produce an approval, whatever it says.
func TestCommonPaymentForgedRedirect(t *testing.T) {
	ctx := context.Background()
	e := newCPEnv(t)

	// 1. Rc=0000 typed by an attacker, with a made-up token, for a
	// pending order: refused, not approved, nothing booked.
	formA := e.begin(t, threed.Model3DHost, "forge-a", vpos.Card{}, false)
	forged := url.Values{"Rc": {"0000"}, "Message": {"İŞLEM BAŞARILI"}, "OrderID": {"forge-a"}, "HostRc": {"00"},
		"PaymentToken": {"00000000000000000000000000000000"}, "TransactionId": {"11111111111111111111111111111111"},
		"AuthCode": {"123456"}, "Rrn": {"632900000009"}, "ErrorCode": {""}}
	res, err := e.c.Complete3D(ctx, forged)
	if err == nil || (res != nil && res.Approved) {
		t.Fatalf("forged Rc=0000 redirect: %+v, %v; want a refusal", res, err)
	}
	if !errors.Is(err, vpos.ErrInvalidCallback) {
		t.Errorf("forged redirect error = %v, want ErrInvalidCallback", err)
	}
	if st := e.status(t, "forge-a"); st != vpos.StatusPending3D {
		t.Errorf("record after a forged redirect = %s, want still pending", st)
	}
	// The shopper then pays: the genuine redirect completes at once, not
	// held up by the forged one.
	cbA, err := e.s.ACS(ctx, formA, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if res, err := e.c.Complete3D(ctx, cbA); err != nil || !res.Approved {
		t.Fatalf("genuine redirect after a forged one = %+v, %v; want approved", res, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("genuine redirect took %v: held up by the forged one", d)
	}

	// 2. The genuine token of a paid order B presented for pending order
	// A: the query names B, so A is not approved.
	form := e.begin(t, threed.Model3DPay, "forge-b", e.s.Cards().ThreeD, false)
	cbB, err := e.s.ACS(ctx, form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.c.Complete3D(ctx, cbB); err != nil {
		t.Fatalf("genuine B: %v", err)
	}
	e.begin(t, threed.Model3DPay, "forge-c", e.s.Cards().ThreeD, false)
	swapped := url.Values{}
	for k, v := range cbB {
		swapped[k] = append([]string(nil), v...)
	}
	swapped.Set("OrderID", "forge-c")
	res, err = e.c.Complete3D(ctx, swapped)
	if err == nil || (res != nil && res.Approved) {
		t.Fatalf("B's token for C: %+v, %v; want a refusal", res, err)
	}
	if st := e.status(t, "forge-c"); st == vpos.StatusApproved {
		t.Errorf("C approved from B's payment")
	}

	// 3. A declined payment whose redirect is edited to Rc=0000: the
	// query says declined.
	form = e.begin(t, threed.Model3DHost, "forge-d", vpos.Card{}, false)
	cbD, err := e.s.ACS(ctx, form, vpostest.ACSFailure)
	if err != nil {
		t.Fatal(err)
	}
	cbD.Set("Rc", "0000")
	cbD.Set("ErrorCode", "")
	cbD.Set("Message", "İŞLEM BAŞARILI")
	res, err = e.c.Complete3D(ctx, cbD)
	if err == nil || res == nil || res.Approved || res.Return != returncodes.ThreeDSFailed {
		t.Fatalf("edited Rc=0000 redirect of a failed payment: %+v, %v; want the bank's decline", res, err)
	}

	// 4. A redirect sent before the shopper paid (the token is genuine,
	// the bank has no result yet): refused, not approved, not declined.
	form = e.begin(t, threed.Model3DHost, "forge-e", vpos.Card{}, false)
	early := url.Values{"Rc": {"0000"}, "OrderID": {"forge-e"}, "PaymentToken": {form.Fields.Get("Ptkn")}}
	res, err = e.c.Complete3D(ctx, early)
	if !errors.Is(err, vpos.ErrInvalidCallback) || (res != nil && res.Approved) {
		t.Fatalf("early redirect: %+v, %v; want ErrInvalidCallback", res, err)
	}
	if st := e.status(t, "forge-e"); st != vpos.StatusPending3D {
		t.Errorf("record after an early redirect = %s, want still pending", st)
	}
	if n := e.s.Ledger().Bookings(); n != 2 {
		t.Errorf("bookings = %d, want 2 (A and B)", n)
	}
}

// TestCommonPaymentNotDeclared: the models are implemented, but Features
// does not declare them (see Provider.Features), so a Client refuses them
// without I/O.
// Without a Common Payment endpoint (Ziraat's PayFlex has none) only the
// MPI 3d model is declared.
func TestCommonPaymentNeedsItsEndpoint(t *testing.T) {
	s := payflextest.NewServer()
	t.Cleanup(s.Close)
	cfg := fakeConfig(s)
	cfg.Endpoint.CPRegister, cfg.Endpoint.CPGate, cfg.Endpoint.CPQuery = "", "", ""
	c, err := payflex.Open(cfg, &vpos.Options{HTTPClient: s.HTTPClient()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Begin3D(context.Background(), &vpos.ThreeDRequest{OrderID: "nd-1", Amount: 100, Currency: vpos.TRY,
		Model: threed.Model3DHost, OkURL: "https://shop.example/ok"})
	if !errors.Is(err, vpos.ErrUnsupported) {
		t.Errorf("Begin3D(3d_host) = %v, want ErrUnsupported", err)
	}
}

func TestCommonPaymentRegisterRefused(t *testing.T) {
	s := payflextest.NewServer()
	t.Cleanup(s.Close)
	cfg := fakeConfig(s)
	cfg.Password = "wrong-password"
	p, err := payflex.New(cfg, &vpos.Options{HTTPClient: s.HTTPClient()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Begin3D(context.Background(), &vpos.ThreeDRequest{OrderID: "rr-1", Amount: 100, Currency: vpos.TRY,
		Model: threed.Model3DHost, OkURL: "https://shop.example/ok"})
	var ve *vpos.Error
	if !errors.As(err, &ve) || ve.BankCode == "" || errors.Is(err, vpos.ErrUnknownOutcome) {
		t.Errorf("Begin3D with a wrong password = %v, want a refusal with the bank's ErrorCode", err)
	}
}

func TestCPQueryDerived(t *testing.T) {
	s := payflextest.NewServer()
	t.Cleanup(s.Close)
	cfg := fakeConfig(s)
	cfg.Endpoint.CPQuery = ""
	e := newCPEnvWith(t, s, cfg)
	form := e.begin(t, threed.Model3DHost, "dq-1", vpos.Card{}, false)
	cb, err := s.ACS(context.Background(), form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := e.c.Complete3D(context.Background(), cb); err != nil || !res.Approved {
		t.Fatalf("Complete3D with a derived CPQuery = %+v, %v", res, err)
	}
	cfg.Endpoint.CPRegister = "https://bank.example/other"
	if err := cfg.Validate(); err == nil {
		t.Errorf("Validate accepted a CPRegister CPQuery cannot be derived from")
	}
}

func newCPEnvWith(t *testing.T, s *payflextest.Server, cfg payflex.Config) *cpEnv {
	t.Helper()
	store := vpos.NewMemoryStore()
	opts := &vpos.Options{HTTPClient: s.HTTPClient(), Store: store, Company: "c", POS: "p"}
	p, err := payflex.New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return &cpEnv{s: s, c: vpos.NewClient(cpDeclared{p}, opts), store: store}
}
