package payflex_test

import (
	"context"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payflex"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// sandboxVars are the environment variables of the sandbox contract tests;
// VPOS_SANDBOX_PAYFLEX_BANK ("vakifbank", the default, or "ziraat") picks
// the test endpoint, and the *_URL ones override its URLs.
var sandboxVars = []string{
	"VPOS_SANDBOX_PAYFLEX_MERCHANT_ID", "VPOS_SANDBOX_PAYFLEX_PASSWORD", "VPOS_SANDBOX_PAYFLEX_TERMINAL_NO",
}

// sandboxConfig is the Config of the bank's test environment from the
// VPOS_SANDBOX_PAYFLEX_* variables; it skips t, naming what is missing,
// when the credentials are not set.
func sandboxConfig(t *testing.T) payflex.Config {
	t.Helper()
	var missing []string
	for _, v := range sandboxVars {
		if os.Getenv(v) == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		t.Skipf("sandbox credentials not set: %s (optional: VPOS_SANDBOX_PAYFLEX_BANK, VPOS_SANDBOX_PAYFLEX_MERCHANT_TYPE, "+
			"VPOS_SANDBOX_PAYFLEX_VPOS_URL, VPOS_SANDBOX_PAYFLEX_MPI_URL, VPOS_SANDBOX_PAYFLEX_SEARCH_URL, "+
			"VPOS_SANDBOX_PAYFLEX_CP_REGISTER_URL, VPOS_SANDBOX_PAYFLEX_CP_QUERY_URL)", strings.Join(missing, ", "))
	}
	env := func(name string) string { return os.Getenv("VPOS_SANDBOX_PAYFLEX_" + name) }
	cfg := payflex.Config{
		MerchantID: env("MERCHANT_ID"), Password: env("PASSWORD"), TerminalNo: env("TERMINAL_NO"),
		MerchantType: env("MERCHANT_TYPE"), Endpoint: payflex.VakifbankTest,
	}
	if strings.EqualFold(env("BANK"), "ziraat") {
		cfg.Endpoint = payflex.ZiraatTest
	}
	for name, u := range map[string]*string{
		"VPOS_URL": &cfg.Endpoint.VPOS, "MPI_URL": &cfg.Endpoint.MPI, "SEARCH_URL": &cfg.Endpoint.Search,
		"CP_REGISTER_URL": &cfg.Endpoint.CPRegister, "CP_QUERY_URL": &cfg.Endpoint.CPQuery,
	} {
		if v := env(name); v != "" {
			*u = v
		}
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("sandbox Config: %v", err)
	}
	return cfg
}

// TestSandbox runs the provider suite against the bank's test environment
// (payflex.md §1, §8) when the VPOS_SANDBOX_PAYFLEX_* variables are set:
// no ledger, no request count, no faults, and no ACS (its page wants the
// cardholder's password), so those checks skip. The server's egress IP
// must be allow-listed by the bank (ResultCode 1105 otherwise). Its Refund
// and Status subtests check what payflex.md only infers: that a refund
// sent under a TransactionId of the merchant's choosing is found by a
// search by that id (Features.RefundLookup).
func TestSandbox(t *testing.T) {
	cfg := sandboxConfig(t)
	vpostest.RunProviderTests(t, func(t *testing.T) vpostest.Harness { return &sandboxHarness{cfg: cfg} })
}

// TestSandboxCommonPayment is the contract test of the Common Payment v4
// models (3d_pay, 3d_host; payflex.md §9) against the bank's test
// environment. The hosted page wants a person (the ACS password), so it
// checks what a program can: that RegisterTransaction accepts the adapter's
// request and CPHash and answers a usable CommonPaymentUrl and
// PaymentToken; that the VposTransaction query answers in a form the
// adapter reads, and never as an approval, for a payment nobody paid and
// for a token the bank never issued; and that a wrong password is refused
// at registration without the password appearing in the error.
func TestSandboxCommonPayment(t *testing.T) {
	cfg := sandboxConfig(t)
	if cfg.Endpoint.CPRegister == "" {
		t.Skip("the sandbox endpoint has no Common Payment (Ziraat): set VPOS_SANDBOX_PAYFLEX_CP_REGISTER_URL to test it")
	}
	ctx := context.Background()
	card := (&sandboxHarness{}).Cards().ThreeD
	for _, m := range []threed.Model{threed.Model3DPay, threed.Model3DHost} {
		t.Run(string(m), func(t *testing.T) {
			store := vpos.NewMemoryStore()
			c, err := payflex.Open(cfg, &vpos.Options{Store: store, Company: "sandbox", POS: "payflex-cp"})
			if err != nil {
				t.Fatal(err)
			}
			req := &vpos.ThreeDRequest{Amount: 101, Currency: vpos.TRY, Model: m,
				OkURL: "https://merchant.example/payflex/ok", FailURL: "https://merchant.example/payflex/fail", Lang: "tr"}
			if m == threed.Model3DPay {
				req.Card = card
			}
			// https at the bank; a simulator given by URL may serve http.
			scheme := "https"
			if strings.HasPrefix(cfg.Endpoint.CPRegister, "http://") {
				scheme = "http"
			}
			// register starts a payment: RegisterTransaction must answer a
			// usable hosted page and token.
			register := func() (order, token string) {
				req.OrderID = "VPOSCP" + strings.ToUpper(vpos.NewID())[:14]
				form, err := c.Begin3D(ctx, req)
				if err != nil {
					t.Fatalf("Begin3D (RegisterTransaction): %v", err)
				}
				token = form.Fields.Get("Ptkn")
				if u, err := url.Parse(form.Action); err != nil || u.Scheme != scheme || token == "" || form.Method != "GET" {
					t.Fatalf("hosted page form = %s %s with %d fields, want GET to an %s CommonPaymentUrl with Ptkn", form.Method, form.Action, len(form.Fields), scheme)
				}
				return req.OrderID, token
			}

			// Nothing was paid: the shopper gave up and the browser came
			// back to FailUrl with the order and its token, or somebody
			// posts a token the bank never issued.
			cases := []struct {
				name     string
				callback func(order, token string) url.Values
			}{
				{"abandoned", func(order, token string) url.Values {
					return url.Values{"OrderID": {order}, "PaymentToken": {token}}
				}},
				{"unknown token", func(order, token string) url.Values {
					return url.Values{"OrderID": {order}, "PaymentToken": {strings.Repeat("0", len(token))}}
				}},
			}
			for _, tc := range cases {
				order, token := register()
				res, err := c.Complete3D(ctx, tc.callback(order, token))
				if err == nil && res.Approved {
					t.Fatalf("%s: Complete3D approved a payment nobody paid: %+v", tc.name, res)
				}
				if err != nil && strings.Contains(err.Error(), "unusable") {
					t.Errorf("%s: the bank's VposTransaction reply was not readable: %v", tc.name, err)
				}
				if err != nil && strings.Contains(err.Error(), cfg.Password) {
					t.Errorf("%s: the password appears in the error", tc.name)
				}
				recs, err := store.FindOrder(ctx, "sandbox", "payflex-cp", order)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range recs {
					if r.Status == vpos.StatusApproved {
						t.Errorf("%s: stored %s is approved; nothing was paid", tc.name, r.Op)
					}
				}
			}

			// A wrong password is refused at registration.
			bad := cfg
			bad.Password += "x"
			bc, err := payflex.Open(bad, &vpos.Options{Store: vpos.NewMemoryStore()})
			if err != nil {
				t.Fatal(err)
			}
			req.OrderID = "VPOSCP" + strings.ToUpper(vpos.NewID())[:14]
			_, err = bc.Begin3D(ctx, req)
			var e *vpos.Error
			if !errors.As(err, &e) || e.BankCode == "" {
				t.Fatalf("Begin3D with a wrong password = %v, want the bank's refusal with its ErrorCode", err)
			}
			if strings.Contains(err.Error(), bad.Password) {
				t.Errorf("the password appears in the error")
			}
		})
	}
}

// sandboxHarness implements vpostest.Harness over the bank's test
// environment.
type sandboxHarness struct{ cfg payflex.Config }

func (h *sandboxHarness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	return payflex.Open(h.cfg, opts)
}

// Cards are the published test cards of payflex.md §8: 4938410157705591
// (12/29, CVV 453, 3D password 123456) for non-3D and 3D. No decline cards
// are published, so those subtests skip.
func (h *sandboxHarness) Cards() vpostest.Cards {
	card := vpos.Card{Number: "4938410157705591", ExpMonth: 12, ExpYear: 2029, CVV: "453", Holder: "Test Kart"}
	return vpostest.Cards{Approve: card, ThreeD: card}
}

func (h *sandboxHarness) ACS(context.Context, *threed.Form, vpostest.ACSOutcome) (url.Values, error) {
	return nil, vpostest.ErrACSUnavailable
}

func (h *sandboxHarness) Inject(vpostest.Fault) bool { return false }

func (h *sandboxHarness) Ledger() *vpostest.Ledger { return nil }

func (h *sandboxHarness) Requests() int { return -1 }

func (h *sandboxHarness) Secrets() []string { return []string{h.cfg.Password} }

func (h *sandboxHarness) Close() {}
