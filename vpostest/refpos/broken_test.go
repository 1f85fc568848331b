package refpos_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

// The suite must be able to fail: each deliberately broken provider below
// is run through the subtest that should catch it, in a child process (a
// failing subtest cannot be observed from inside the same test binary), and
// the child must fail exactly there. The unbroken provider runs through the
// same subtests as the control.

type brokenCase struct {
	name    string
	subtest string // the subtest path that must fail
	wrap    func(p *refpos.Provider, cfg refpos.Config, opts *vpos.Options) vpos.Provider
}

var brokenCases = []brokenCase{
	{"DoubleChargeAfterHang", "Faults/HangAfterBook", func(p *refpos.Provider, _ refpos.Config, _ *vpos.Options) vpos.Provider {
		return &doubleCharger{Provider: p}
	}},
	{"ResendAfter500", "Faults/HTTP500", func(p *refpos.Provider, _ refpos.Config, _ *vpos.Options) vpos.Provider {
		return &resender{Provider: p}
	}},
	{"AcceptsTamperedCallback", "ThreeD/3d/Tampered", func(p *refpos.Provider, cfg refpos.Config, _ *vpos.Options) vpos.Provider {
		return &trusting{Provider: p, cfg: cfg}
	}},
	{"AcceptsForgedAmount", "ThreeD/3d_pay/AmountMismatch", func(p *refpos.Provider, cfg refpos.Config, _ *vpos.Options) vpos.Provider {
		return &amountBlind{Provider: p}
	}},
	{"ContactsBankOnReplay", "ThreeD/3d_pay/Replay", func(p *refpos.Provider, _ refpos.Config, _ *vpos.Options) vpos.Provider {
		return &chatty{Provider: p}
	}},
	{"LogsPAN", "Sale/Approved", func(p *refpos.Provider, _ refpos.Config, opts *vpos.Options) vpos.Provider {
		return &panLogger{Provider: p, log: opts.Logger}
	}},
	{"DeclaresHistoryItLacks", "Hygiene/DeclaredWork", func(p *refpos.Provider, _ refpos.Config, _ *vpos.Options) vpos.Provider {
		return &noHistory{Provider: p}
	}},
}

// doubleCharger "recovers" from a timeout by charging again under a fresh
// order id, as some libraries do.
type doubleCharger struct{ *refpos.Provider }

func (p *doubleCharger) Sale(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	res, err := p.Provider.Sale(ctx, req)
	if err != nil {
		again := *req
		again.OrderID = req.OrderID + "R"
		return p.Provider.Sale(ctx, &again)
	}
	return res, err
}

// resender resends a sale after any error, 500s included.
type resender struct{ *refpos.Provider }

func (p *resender) Sale(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	res, err := p.Provider.Sale(ctx, req)
	if err != nil {
		return p.Provider.Sale(ctx, req)
	}
	return res, err
}

// trusting re-signs whatever arrives instead of verifying it.
type trusting struct {
	*refpos.Provider
	cfg refpos.Config
}

func (p *trusting) ParseCallback(ctx context.Context, form url.Values) (*vpos.Callback, error) {
	return p.Provider.ParseCallback(ctx, p.cfg.SignCallback(form))
}

// amountBlind reports neither the callback's amount and currency nor the
// booked ones, so the Client cannot bind them to the payment that was
// started.
type amountBlind struct{ *refpos.Provider }

func (p *amountBlind) ParseCallback(ctx context.Context, form url.Values) (*vpos.Callback, error) {
	cb, err := p.Provider.ParseCallback(ctx, form)
	if cb != nil {
		cb.Amount, cb.Currency = 0, ""
	}
	return cb, err
}

func (p *amountBlind) Complete3D(ctx context.Context, cb *vpos.Callback, pending *vpos.Pending3D) (*vpos.Result, error) {
	res, err := p.Provider.Complete3D(ctx, cb, pending)
	if res != nil {
		res.Amount, res.Currency = 0, ""
	}
	return res, err
}

// chatty asks the bank about the order whenever a callback arrives, so a
// replayed callback reaches the bank again.
type chatty struct{ *refpos.Provider }

func (p *chatty) ParseCallback(ctx context.Context, form url.Values) (*vpos.Callback, error) {
	cb, err := p.Provider.ParseCallback(ctx, form)
	if err == nil {
		_, _ = p.Provider.Status(ctx, &vpos.StatusRequest{OrderID: cb.OrderID})
	}
	return cb, err
}

// panLogger logs the card number.
type panLogger struct {
	*refpos.Provider
	log *slog.Logger
}

func (p *panLogger) Sale(ctx context.Context, req *vpos.SaleRequest) (*vpos.Result, error) {
	p.log.Info("charging card", "pan", req.Card.Number)
	return p.Provider.Sale(ctx, req)
}

// noHistory declares History but answers Unsupported.
type noHistory struct{ *refpos.Provider }

func (p *noHistory) History(context.Context, *vpos.HistoryRequest) ([]vpos.BankTransaction, error) {
	return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpHistory, Msg: "history is not available"}
}

// brokenHarness is refpos.NewHarness with the provider wrapped.
type brokenHarness struct {
	bank *refpos.Bank
	api  *http.Client
	wrap func(p *refpos.Provider, cfg refpos.Config, opts *vpos.Options) vpos.Provider
}

func newBrokenHarness(wrap func(*refpos.Provider, refpos.Config, *vpos.Options) vpos.Provider) func(t *testing.T) vpostest.Harness {
	return func(t *testing.T) vpostest.Harness {
		b := refpos.NewBank()
		t.Cleanup(b.Close)
		return &brokenHarness{bank: b, api: b.Faults().HTTPClient(), wrap: wrap}
	}
}

func (h *brokenHarness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	o := *opts
	if o.HTTPClient == nil {
		o.HTTPClient = h.api
	}
	m, pw, key := h.bank.Credentials()
	cfg := refpos.Config{Endpoint: h.bank.URL(), MerchantID: m, Password: pw, StoreKey: key}
	p, err := refpos.New(cfg, &o)
	if err != nil {
		return nil, err
	}
	var prov vpos.Provider = p
	if h.wrap != nil {
		prov = h.wrap(p, cfg, &o)
	}
	return vpos.NewClient(prov, &o), nil
}

func (h *brokenHarness) Cards() vpostest.Cards { return h.bank.Cards() }
func (h *brokenHarness) ACS(ctx context.Context, f *threed.Form, o vpostest.ACSOutcome) (url.Values, error) {
	return (&vpostest.Browser{Client: &http.Client{Timeout: 30 * time.Second}}).RunACS(ctx, f, o)
}
func (h *brokenHarness) Inject(f vpostest.Fault) bool { h.bank.Faults().Arm(f); return true }
func (h *brokenHarness) Ledger() *vpostest.Ledger     { return h.bank.Ledger() }
func (h *brokenHarness) Requests() int                { return h.bank.Faults().Requests() }
func (h *brokenHarness) Secrets() []string {
	_, pw, key := h.bank.Credentials()
	return []string{pw, key}
}
func (h *brokenHarness) Close() { h.bank.Close(); h.api.CloseIdleConnections() }

const childEnv = "VPOS_BROKEN_PROVIDER_CHILD"

// TestBrokenProviderChild is the child half of TestSuiteCatchesBrokenProviders.
func TestBrokenProviderChild(t *testing.T) {
	which := os.Getenv(childEnv)
	if which == "" {
		t.Skip("runs only as the child process of TestSuiteCatchesBrokenProviders, which expects it to fail")
	}
	for _, bc := range brokenCases {
		t.Run(bc.name, func(t *testing.T) {
			wrap := bc.wrap
			if which == "control" {
				wrap = nil
			}
			vpostest.RunProviderTests(t, newBrokenHarness(wrap))
		})
	}
}

func TestSuiteCatchesBrokenProviders(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("this is the child process")
	}
	for _, bc := range brokenCases {
		t.Run(bc.name, func(t *testing.T) {
			t.Parallel()
			pattern := "^TestBrokenProviderChild$/^" + bc.name + "$"
			for _, part := range strings.Split(bc.subtest, "/") {
				pattern += "/^" + part + "$"
			}
			run := func(mode string) (string, error) {
				cmd := exec.Command(os.Args[0], "-test.run="+pattern, "-test.v", "-test.count=1")
				cmd.Env = append(os.Environ(), childEnv+"="+mode)
				out, err := cmd.CombinedOutput()
				return string(out), err
			}
			out, err := run("broken")
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("broken child: want a failing exit, got %v\n%s", err, out)
			}
			want := "--- FAIL: TestBrokenProviderChild/" + bc.name + "/" + bc.subtest
			if !strings.Contains(out, want) {
				t.Fatalf("broken child output lacks %q:\n%s", want, out)
			}
			// The control: the same subtest passes with the provider unbroken.
			out, err = run("control")
			if err != nil || !strings.Contains(out, "--- PASS: TestBrokenProviderChild/"+bc.name+"/"+bc.subtest) {
				t.Fatalf("control child failed (%v):\n%s", err, out)
			}
		})
	}
}
