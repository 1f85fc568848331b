package posnettest

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

// The paths the fake serves: the same as the real bank's (posnet.md §1).
const (
	// APIPath is the path of the XML service every server-to-server call
	// goes to.
	APIPath = "/PosnetWebService/XML"
	// GatePath is the path of the 3-D Secure gate the shopper's browser
	// posts posnetData, posnetData2 and digest to.
	GatePath = "/3DSWebService/YKBPaymentService"
	// acsPath is the fake issuer's ACS page (the real one lives on another
	// host; the fake serves it beside the gate).
	acsPath = "/3DSWebService/YKBACS"
)

// Credentials are the merchant's credentials at the fake bank (posnet.md
// §2): MerchantID (mid, 10 digits), TerminalID (tid, 8 characters),
// PosnetID (the 3-D Secure posnetid) and EncKey, the key that is never sent
// and only enters the MACs (§6).
type Credentials struct {
	MerchantID, TerminalID, PosnetID, EncKey string
}

// String returns the credentials with the EncKey redacted.
func (c Credentials) String() string {
	return fmt.Sprintf("posnettest.Credentials{MerchantID:%s TerminalID:%s PosnetID:%s EncKey:[redacted]}",
		c.MerchantID, c.TerminalID, c.PosnetID)
}

// GoString is String.
func (c Credentials) GoString() string { return c.String() }

// DefaultCredentials returns the credentials a Server accepts when no
// WithCredentials option is given: the public test account of posnet.md
// §6.4 and §8 (mid 6706598320, tid 67005551, posnetid 27426, ENCKEY
// "10,10,10,10,10,10,10,10"), so that the worked examples of §6.4 hold
// against the fake.
func DefaultCredentials() Credentials {
	return Credentials{
		MerchantID: "6706598320",
		TerminalID: "67005551",
		PosnetID:   "27426",
		EncKey:     "10,10,10,10,10,10,10,10",
	}
}

// Option configures NewServer.
type Option func(*config)

type config struct {
	bank  vpostest.FakeBankConfig // base URL, clock and cards
	creds *Credentials
}

// WithBaseURL sets the base URL the bank gives out (URL and the URLs built
// on it, the ACS and page addresses of 3-D Secure) instead of its own
// listener's, e.g. "http://127.0.0.1:8090/posnet" when Handler is mounted
// under that prefix by another server. A trailing slash is ignored.
func WithBaseURL(u string) Option {
	return func(cfg *config) { cfg.bank.BaseURL = u }
}

// WithCredentials sets the credentials the server accepts
// (DefaultCredentials by default). Empty fields keep their default values.
func WithCredentials(c Credentials) Option {
	return func(cfg *config) { cfg.creds = &c }
}

// WithClock sets the bank's clock (time.Now by default). The ledger, the
// tranDate of replies and the day of a reverse follow it.
func WithClock(now func() time.Time) Option {
	return func(cfg *config) { cfg.bank.Clock = now }
}

// WithCards replaces the test cards (vpostest.DefaultCards(now) by
// default); the card book maps each card to its outcome.
func WithCards(c vpostest.Cards) Option {
	return func(cfg *config) { cfg.bank.Cards = &c }
}

// Server is a fake Yapı Kredi POSNET on a loopback httptest.Server: the XML
// service (APIURL), the 3-D Secure gate (GateURL) and a fake issuer ACS. It
// books through a vpostest.Ledger, answers cards from the vpostest.CardBook
// of its Cards and injects vpostest.Faults into every request. It never
// keeps a full card number or a CVV.
//
// The embedded vpostest.FakeBank gives the Server its URL, Handler, Close,
// Ledger, Faults, Cards, HTTPClient and Now. The Ledger's orders are keyed
// by the merchant's order id without its zero padding and without the TDSC
// prefix of 3-D Secure orders ("ORDER-1" for the orderID
// 0000000000000000ORDER-1 and for the XID 0000000000000ORDER-1). Requests
// counts the requests of one kind that reached the bank: "api", "gate" or
// "acs"; Faults().Requests() counts them all, including those a fault
// answered before routing.
//
// A Server is safe for concurrent use.
type Server struct {
	*vpostest.FakeBank // listener, base URL, ledger, faults, cards, clock, request counts

	creds Credentials
	book  vpostest.CardBook

	// opMu serialises the XML operations, so that the ledger and the
	// server's own bookkeeping change together.
	opMu sync.Mutex

	mu      sync.Mutex
	seq     int                   // hostlogkey and follow-up auth code counter
	orders  map[string]*orderInfo // ledger key -> POSNET view of the order
	keys    map[string]*txInfo    // hostlogkey -> transaction
	byTrans map[string]*txInfo    // ledger TransID -> transaction
	data1   map[string]*session   // oosRequestData data1 -> 3D session
	pages   map[string]*session   // ACS page id -> 3D session
	packets map[string]*session   // BankPacket -> 3D session
}

// NewServer starts a fake POSNET bank. Close it when done.
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
			{&creds.MerchantID, c.MerchantID}, {&creds.TerminalID, c.TerminalID},
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
		keys:    map[string]*txInfo{},
		byTrans: map[string]*txInfo{},
		data1:   map[string]*session{},
		pages:   map[string]*session{},
		packets: map[string]*session{},
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
	case strings.EqualFold(p, APIPath):
		kind, serve = "api", s.serveAPI
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
		http.Error(w, "posnettest: POST only", http.StatusMethodNotAllowed)
		return
	}
	serve(w, r)
}

// APIURL returns the URL of the XML service (the real bank's
// https://setmpos.ykb.com/PosnetWebService/XML).
func (s *Server) APIURL() string { return s.URL() + APIPath }

// GateURL returns the URL of the 3-D Secure gate (the real bank's
// https://setmpos.ykb.com/3DSWebService/YKBPaymentService).
func (s *Server) GateURL() string { return s.URL() + GatePath }

// Credentials returns the credentials the bank accepts.
func (s *Server) Credentials() Credentials { return s.creds }

// ACS plays the shopper's browser: it submits the merchant's gate form
// (mid, posnetID, posnetData, posnetData2, digest, merchantReturnURL, ...)
// to the bank, answers the fake ACS with outcome and returns the callback
// fields the bank's page would post to merchantReturnURL (MerchantPacket,
// BankPacket, Sign, Xid, Amount, ...), without posting them.
func (s *Server) ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error) {
	b := vpostest.Browser{Client: &http.Client{Timeout: 30 * time.Second}}
	return b.RunACS(ctx, form, outcome)
}

// UnsignedCallbackFields returns the callback fields that nothing binds:
// CCPrefix (the first digits of the card, shown to the shopper only). The
// bank's Sign covers MerchantPacket and BankPacket only; Xid, Amount,
// TranType and MerchantId are not signed either, but an adapter can and
// must bind them (to its pending transaction, its own merchant id and the
// oosResolveMerchantData reply), so they are not listed.
func (s *Server) UnsignedCallbackFields() []string { return []string{"CCPrefix"} }

// token returns a random upper-hex string of n bytes.
func token(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%X", b)
}
