package payfor_test

import (
	"context"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payfor"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// The sandbox contract test runs the provider suite against the bank's
// test environment when these variables are set:
//
//	VPOS_SANDBOX_PAYFOR_MERCHANT_ID, VPOS_SANDBOX_PAYFOR_USER_CODE,
//	VPOS_SANDBOX_PAYFOR_USER_PASS, VPOS_SANDBOX_PAYFOR_MERCHANT_PASS
//
// and optionally VPOS_SANDBOX_PAYFOR_MBR_ID (the institution code; 5 by
// default, 12 for Ziraat Katılım), VPOS_SANDBOX_PAYFOR_API_URL,
// VPOS_SANDBOX_PAYFOR_GATE3D_URL and VPOS_SANDBOX_PAYFOR_HOSTED_GATE3D_URL
// (QNB Finansbank's test environment, payfor.QNBFinansbankTest, by
// default; MBR_ID 12 picks payfor.ZiraatKatilimTest), and
// VPOS_SANDBOX_PAYFOR_CARD ("PAN,MMYY,CVV"; the QNB test Visa of payfor.md
// §9 by default, with its published expiry 01/25 moved to 01/30, since the
// Client refuses expired cards).
//
// QNB's public test merchant of payfor.md §9 works there (merchant
// 085300000009704, user QNB_API_KULLANICI_3DPAY, no IP restriction on
// test). Faults, the ledger and the request count are unavailable, and
// the ACS wants a real one-time password, so those subtests skip; no
// declining cards are published, so the decline subtests skip too. The
// real platform refuses a refund on the day of the sale (V014: void
// instead), which the suite's same-day refund subtests will report.
const sandboxEnv = "VPOS_SANDBOX_PAYFOR_"

func sandboxConfig(t *testing.T) (payfor.Config, vpos.Card) {
	t.Helper()
	get := func(name string) string { return os.Getenv(sandboxEnv + name) }
	var missing []string
	for _, v := range []string{"MERCHANT_ID", "USER_CODE", "USER_PASS", "MERCHANT_PASS"} {
		if get(v) == "" {
			missing = append(missing, sandboxEnv+v)
		}
	}
	if len(missing) > 0 {
		t.Skipf("sandbox credentials not set: %s (optional: %sMBR_ID, %sAPI_URL, %sGATE3D_URL, %sHOSTED_GATE3D_URL, %sCARD)",
			strings.Join(missing, ", "), sandboxEnv, sandboxEnv, sandboxEnv, sandboxEnv, sandboxEnv)
	}
	cfg := payfor.Config{
		MbrID: get("MBR_ID"), MerchantID: get("MERCHANT_ID"), UserCode: get("USER_CODE"), UserPass: get("USER_PASS"),
		MerchantPass: get("MERCHANT_PASS"), Endpoint: payfor.QNBFinansbankTest,
	}
	if cfg.MbrID == payfor.MbrZiraatKatilim {
		cfg.Endpoint = payfor.ZiraatKatilimTest
	}
	for name, u := range map[string]*string{
		"API_URL": &cfg.Endpoint.API, "GATE3D_URL": &cfg.Endpoint.Gate3D, "HOSTED_GATE3D_URL": &cfg.Endpoint.HostedGate3D,
	} {
		if v := get(name); v != "" {
			*u = v
		}
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("sandbox Config: %v", err)
	}
	card := vpos.Card{Number: "4155650100416111", ExpMonth: 1, ExpYear: 2030, CVV: "123", Holder: "Test Kart"}
	if v := get("CARD"); v != "" {
		parts := strings.Split(v, ",")
		if len(parts) != 3 || len(parts[1]) != 4 {
			t.Fatalf("%sCARD must be PAN,MMYY,CVV", sandboxEnv)
		}
		mm, err1 := strconv.Atoi(parts[1][:2])
		yy, err2 := strconv.Atoi(parts[1][2:])
		if err1 != nil || err2 != nil {
			t.Fatalf("%sCARD must be PAN,MMYY,CVV", sandboxEnv)
		}
		card = vpos.Card{Number: parts[0], ExpMonth: mm, ExpYear: 2000 + yy, CVV: parts[2], Holder: "Test Kart"}
	}
	return cfg, card
}

// TestSandbox runs vpostest.RunProviderTests against the bank's test
// environment (see sandboxEnv).
func TestSandbox(t *testing.T) {
	cfg, card := sandboxConfig(t)
	vpostest.RunProviderTests(t, func(*testing.T) vpostest.Harness { return &sandboxHarness{cfg: cfg, card: card} })
}

// sandboxHarness implements vpostest.Harness over the real test
// environment.
type sandboxHarness struct {
	cfg  payfor.Config
	card vpos.Card
}

func (h *sandboxHarness) Client(_ context.Context, opts *vpos.Options) (*vpos.Client, error) {
	return payfor.Open(h.cfg, opts)
}

// Cards returns the test card for the approving and the 3-D Secure
// outcomes; no declining cards are published.
func (h *sandboxHarness) Cards() vpostest.Cards {
	return vpostest.Cards{Approve: h.card, ThreeD: h.card}
}

// ACS cannot play the sandbox's ACS, which asks for a real one-time
// password.
func (h *sandboxHarness) ACS(context.Context, *threed.Form, vpostest.ACSOutcome) (url.Values, error) {
	return nil, vpostest.ErrACSUnavailable
}

func (h *sandboxHarness) Inject(vpostest.Fault) bool { return false }
func (h *sandboxHarness) Ledger() *vpostest.Ledger   { return nil }
func (h *sandboxHarness) Requests() int              { return -1 }
func (h *sandboxHarness) Secrets() []string          { return []string{h.cfg.UserPass, h.cfg.MerchantPass} }
func (h *sandboxHarness) Close()                     {}

var _ vpostest.Harness = (*sandboxHarness)(nil)
