package posnetv1test

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// The paths the fake serves: the same as the real bank's (posnet.md §10).
const (
	// APIPath is the base of the JSON service; the operation is appended
	// ("/Sale", "/Auth", "/Capture", "/Reverse", "/Return",
	// "/TransactionInquiry").
	APIPath = "/ALBMerchantService/MerchantJSONAPI.svc"
	// GatePath is the path of the 3-D Secure gate the shopper's browser
	// posts the merchant's form to.
	GatePath = "/ALBSecurePaymentUI/SecureProcess/SecureVerification.aspx"
	// acsPath is the fake issuer's ACS page (the real one lives on another
	// host; the fake serves it beside the gate).
	acsPath = "/ALBSecurePaymentUI/SecureProcess/FakeACS.aspx"
)

// Credentials are the merchant's credentials at the fake bank (posnet.md
// §10): MerchantNo (10 digits), TerminalNo (8 characters), PosnetID (sent
// in the 3-D Secure form) and EncKey, the key that is never sent and only
// enters the MACs.
type Credentials struct {
	MerchantNo, TerminalNo, PosnetID, EncKey string
}

// String returns the credentials with the EncKey redacted.
func (c Credentials) String() string {
	return fmt.Sprintf("posnetv1test.Credentials{MerchantNo:%s TerminalNo:%s PosnetID:%s EncKey:[redacted]}",
		c.MerchantNo, c.TerminalNo, c.PosnetID)
}

// GoString is String.
func (c Credentials) GoString() string { return c.String() }

// DefaultCredentials returns the credentials a Server accepts when no
// WithCredentials option is given: posnet.md §10's Albaraka test account
// (MerchantNo 6702640212, TerminalNo 67C16990, PosnetID 1010062861356072,
// ENCKEY "10,10,10,10,10,10,10,10").
func DefaultCredentials() Credentials {
	return Credentials{
		MerchantNo: "6702640212",
		TerminalNo: "67C16990",
		PosnetID:   "1010062861356072",
		EncKey:     "10,10,10,10,10,10,10,10",
	}
}

// Option configures NewServer.
type Option func(*config)

type config struct {
	bank  vpostest.FakeBankConfig // base URL, clock and cards
	creds *Credentials
}

// WithCredentials sets the credentials the server accepts
// (DefaultCredentials by default). Empty fields keep their default values.
func WithCredentials(c Credentials) Option {
	return func(cfg *config) { cfg.creds = &c }
}

// WithClock sets the bank's clock (time.Now by default). The ledger, the
// TransactionDate of inquiries and the day of a reverse follow it.
func WithClock(now func() time.Time) Option {
	return func(cfg *config) { cfg.bank.Clock = now }
}

// WithCards replaces the test cards (vpostest.DefaultCards(now) by
// default); the card book maps each card to its outcome.
func WithCards(c vpostest.Cards) Option {
	return func(cfg *config) { cfg.bank.Cards = &c }
}

// Server is a fake Albaraka POSNET V1 on a loopback httptest.Server: the
// JSON service (APIURL), the 3-D Secure gate (GateURL) and a fake issuer
// ACS. It books through a vpostest.Ledger, answers cards from the
// vpostest.CardBook of its Cards and injects vpostest.Faults into every
// request. It never keeps a full card number or a CVV.
//
// The embedded vpostest.FakeBank gives the Server its URL, Handler, Close,
// Ledger, Faults, Cards, HTTPClient and Now. The Ledger's orders are keyed
// by the merchant's order id without its zero padding ("ORDER-1" for the
// OrderId 0000000000000ORDER-1, for a 3-D Secure order too). Requests
// counts the requests of one kind that reached the bank: "api", "gate" or
// "acs"; Faults().Requests() counts them all, including those a fault
// answered before routing.
//
// A Server is safe for concurrent use.
type Server struct {
	*vpostest.FakeBank // listener, base URL, ledger, faults, cards, clock, request counts

	creds Credentials
	book  vpostest.CardBook

	// opMu serialises the JSON operations, so that the ledger and the
	// server's own bookkeeping change together.
	opMu sync.Mutex

	mu      sync.Mutex
	seq     int                   // ReferenceCode and follow-up AuthCode counter
	orders  map[string]*orderInfo // ledger key -> V1 view of the order
	refs    map[string]*txInfo    // ReferenceCode -> transaction
	byTrans map[string]*txInfo    // ledger TransID -> transaction
	pages   map[string]*session   // ACS page id -> 3D session
	secure  map[string]*session   // SecureTransactionId -> 3D session
}

// NewServer starts a fake Albaraka POSNET V1 bank. Close it when done.
func NewServer(opts ...Option) *Server {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	creds := DefaultCredentials()
	if c := cfg.creds; c != nil {
		for _, f := range []struct {
			dst *string
			src string
		}{
			{&creds.MerchantNo, c.MerchantNo}, {&creds.TerminalNo, c.TerminalNo},
			{&creds.PosnetID, c.PosnetID}, {&creds.EncKey, c.EncKey},
		} {
			if f.src != "" {
				*f.dst = f.src
			}
		}
	}
	s := &Server{
		creds:   creds,
		orders:  map[string]*orderInfo{},
		refs:    map[string]*txInfo{},
		byTrans: map[string]*txInfo{},
		pages:   map[string]*session{},
		secure:  map[string]*session{},
	}
	s.FakeBank = vpostest.NewFakeBank(cfg.bank, http.HandlerFunc(s.route))
	s.book = s.Cards().Book()
	return s
}

// route dispatches by path; paths are matched case-insensitively.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimSuffix(r.URL.Path, "/")
	var kind string
	var serve func(http.ResponseWriter, *http.Request)
	switch {
	case len(p) > len(APIPath) && strings.EqualFold(p[:len(APIPath)+1], APIPath+"/"):
		op := p[len(APIPath)+1:]
		kind, serve = "api", func(w http.ResponseWriter, r *http.Request) { s.serveAPI(w, r, op) }
	case strings.EqualFold(p, GatePath):
		kind, serve = "gate", s.serveGate
	case strings.EqualFold(p, acsPath):
		kind, serve = "acs", s.serveACS
	default:
		http.NotFound(w, r)
		return
	}
	s.Count(kind)
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "posnetv1test: POST only", http.StatusMethodNotAllowed)
		return
	}
	serve(w, r)
}

// APIURL returns the base of the JSON service (the real bank's
// https://epostest.albarakaturk.com.tr/ALBMerchantService/MerchantJSONAPI.svc);
// requests go to APIURL()+"/Sale" and so on.
func (s *Server) APIURL() string { return s.URL() + APIPath }

// GateURL returns the URL of the 3-D Secure gate (the real bank's
// .../ALBSecurePaymentUI/SecureProcess/SecureVerification.aspx).
func (s *Server) GateURL() string { return s.URL() + GatePath }

// Credentials returns the credentials the bank accepts.
func (s *Server) Credentials() Credentials { return s.creds }

// ACS plays the shopper's browser: it submits the merchant's gate form
// (MerchantNo, TerminalNo, PosnetID, OrderId, Amount, card, MacParams, Mac,
// MerchantReturnURL, ...) to the bank, answers the fake ACS with outcome
// and returns the callback fields the bank's page would post to
// MerchantReturnURL (MdStatus, CAVV, ECI, MD, SecureTransactionId, Mac,
// MacParams, ...), without posting them.
func (s *Server) ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error) {
	b := vpostest.Browser{Client: &http.Client{Timeout: 30 * time.Second}}
	return b.RunACS(ctx, form, outcome)
}

// UnsignedCallbackFields returns the callback fields that nothing binds:
// CCPrefix (shown to the shopper only), CAVVAlgorithm, VtfCode and
// PointAmount. The Mac covers ECI, CAVV, MdStatus, MdErrorMessage, MD and
// SecureTransactionId (MacParams names them, and an adapter must insist on
// exactly that list); OrderId, Amount, CurrencyCode, InstalmentCode,
// TranType and MerchantId are not signed, but an adapter can and must bind
// them to its pending payment and its own merchant number, so they are not
// listed.
func (s *Server) UnsignedCallbackFields() []string {
	return []string{"CCPrefix", "CAVVAlgorithm", "VtfCode", "PointAmount"}
}

// token returns a random upper-hex string of n bytes.
func token(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%X", b)
}

// digits6 returns n random digits 0 to 5 (so that no generated reference
// holds a test CVV, whose digits are 6 to 9).
func digits6(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%6
	}
	return string(b)
}
