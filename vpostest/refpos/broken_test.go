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
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

// The suite must be able to fail: each deliberately broken provider below
// is run through the subtest that should catch it, in a child process (a
// failing subtest cannot be observed from inside the same test binary), and
// the child must fail exactly there. The unbroken provider (or the case's
// control wrapper) runs through the same subtests as the control.

// wrapFunc builds the provider a case runs: p wrapped, with p's config, the
// Client's options and the fake bank p talks to.
type wrapFunc func(p *refpos.Provider, cfg refpos.Config, opts *vpos.Options, bank *refpos.Bank) vpos.Provider

// brokenCase is one broken provider and the subtest that must catch it.
type brokenCase struct {
	name    string
	subtest string   // the subtest path that must fail
	wrap    wrapFunc // the broken provider
	// control is the working provider the subtest must pass with, for a
	// subtest that plain refpos would skip; nil means plain refpos.
	control wrapFunc
}

var brokenCases = []brokenCase{
	{"DoubleChargeAfterHang", "Faults/HangAfterBook", func(p *refpos.Provider, _ refpos.Config, _ *vpos.Options, _ *refpos.Bank) vpos.Provider {
		return &doubleCharger{Provider: p}
	}, nil},
	{"ResendAfter500", "Faults/HTTP500", func(p *refpos.Provider, _ refpos.Config, _ *vpos.Options, _ *refpos.Bank) vpos.Provider {
		return &resender{Provider: p}
	}, nil},
	{"AcceptsTamperedCallback", "ThreeD/3d/Tampered", func(p *refpos.Provider, cfg refpos.Config, _ *vpos.Options, _ *refpos.Bank) vpos.Provider {
		return &trusting{Provider: p, cfg: cfg}
	}, nil},
	{"AcceptsForgedAmount", "ThreeD/3d_pay/AmountMismatch", func(p *refpos.Provider, cfg refpos.Config, _ *vpos.Options, _ *refpos.Bank) vpos.Provider {
		return &amountBlind{Provider: p}
	}, nil},
	{"ContactsBankOnReplay", "ThreeD/3d_pay/Replay", func(p *refpos.Provider, _ refpos.Config, _ *vpos.Options, _ *refpos.Bank) vpos.Provider {
		return &chatty{Provider: p}
	}, nil},
	{"LogsPAN", "Sale/Approved", func(p *refpos.Provider, _ refpos.Config, opts *vpos.Options, _ *refpos.Bank) vpos.Provider {
		return &panLogger{Provider: p, log: opts.Logger}
	}, nil},
	{"DeclaresHistoryItLacks", "Hygiene/DeclaredWork", func(p *refpos.Provider, _ refpos.Config, _ *vpos.Options, _ *refpos.Bank) vpos.Provider {
		return &noHistory{Provider: p}
	}, nil},
	{"ResendsRefundAfterHang", "Faults/RefundHangAfterBook", func(p *refpos.Provider, _ refpos.Config, _ *vpos.Options, _ *refpos.Bank) vpos.Provider {
		return &refundResender{Provider: p}
	}, nil},
	{"LookupIgnoresRequestID", "Refund/Lookup", lookupWrap(true), lookupWrap(false)},
	{"LookupIgnoresRequestIDAfterHang", "Faults/RefundHangAfterBook", lookupWrap(true), lookupWrap(false)},
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

// refundResender sends a refund again after any error, a timeout included.
type refundResender struct{ *refpos.Provider }

// Refund sends req, and once more when the first attempt fails.
func (p *refundResender) Refund(ctx context.Context, req *vpos.RefundRequest) (*vpos.Result, error) {
	res, err := p.Provider.Refund(ctx, req)
	if err != nil {
		return p.Provider.Refund(ctx, req)
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

// refundLookup declares Features.RefundLookup over refpos, whose wire
// protocol carries no refund id. It keeps the bank's side of the id itself:
// when a refund is sent it notes where the order's journal at the fake bank
// stands, and a lookup answers from the first refund the journal holds
// after that point (approved with its amount, declined, or NotFound when
// there is none). Like PayFlex, its order status says refunded without the
// amount, so the Client sums the looked-up refunds. With blind set it is
// broken: it ignores StatusRequest.RequestID and answers about the order.
type refundLookup struct {
	*refpos.Provider
	bank  *refpos.Bank
	blind bool

	mu   sync.Mutex
	sent map[string]sentRefund // by RequestID
}

// sentRefund is the bank's note of one refund sent under a RequestID: its
// order, and the length of the order's journal when it was sent.
type sentRefund struct {
	order string
	from  int
}

// lookupWrap returns the wrapFunc of a refundLookup, blind or not.
func lookupWrap(blind bool) wrapFunc {
	return func(p *refpos.Provider, _ refpos.Config, _ *vpos.Options, bank *refpos.Bank) vpos.Provider {
		return &refundLookup{Provider: p, bank: bank, blind: blind, sent: map[string]sentRefund{}}
	}
}

// Features declares what refpos does, and RefundLookup.
func (p *refundLookup) Features() vpos.Features {
	f := p.Provider.Features()
	f.RefundLookup = true
	return f
}

// Refund notes where the order's journal stands, under req.RequestID, then
// sends the refund.
func (p *refundLookup) Refund(ctx context.Context, req *vpos.RefundRequest) (*vpos.Result, error) {
	var from int
	if o, ok := p.bank.Ledger().Order(req.OrderID); ok {
		from = len(o.Entries)
	}
	if req.RequestID != "" {
		p.mu.Lock()
		p.sent[req.RequestID] = sentRefund{order: req.OrderID, from: from}
		p.mu.Unlock()
	}
	return p.Provider.Refund(ctx, req)
}

// Status answers about the refund sent under req.RequestID, or (without
// one, or when blind) about the order, with the refunded amount left out.
func (p *refundLookup) Status(ctx context.Context, req *vpos.StatusRequest) (*vpos.Result, error) {
	if req.RequestID == "" || p.blind {
		res, err := p.Provider.Status(ctx, req)
		if err == nil && res != nil && (res.Status == vpos.StatusRefunded || res.Status == vpos.StatusPartiallyRefunded) {
			res.Status, res.RefundedAmount = vpos.StatusRefunded, 0
		}
		return res, err
	}
	notFound := &vpos.Result{Op: vpos.OpStatus, OrderID: req.OrderID, Return: returncodes.NotFound, BankCode: "NF"}
	p.mu.Lock()
	s, ok := p.sent[req.RequestID]
	p.mu.Unlock()
	o, known := p.bank.Ledger().Order(req.OrderID)
	if !ok || !known || s.order != req.OrderID || s.from > len(o.Entries) {
		return notFound, nil
	}
	for _, en := range o.Entries[s.from:] {
		if en.Op != vpos.OpRefund {
			continue
		}
		res := &vpos.Result{Op: vpos.OpStatus, OrderID: req.OrderID, Status: vpos.StatusDeclined, Amount: en.Amount,
			Currency: en.Currency, TransactionID: en.TransID, Return: returncodes.DoNotHonor, BankCode: en.Code}
		if en.Approved {
			res.Approved, res.Status, res.Return = true, vpos.StatusApproved, returncodes.Approved
		}
		return res, nil
	}
	return notFound, nil
}

// brokenHarness is refpos.NewHarness with the provider wrapped.
type brokenHarness struct {
	bank *refpos.Bank
	api  *http.Client
	wrap wrapFunc
}

func newBrokenHarness(wrap wrapFunc) func(t *testing.T) vpostest.Harness {
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
		prov = h.wrap(p, cfg, &o, h.bank)
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
				wrap = bc.control
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
