package garantitest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// The paths the fake serves: the same as the real bank's (garanti.md §1).
const (
	// APIPath is the path of the GVPSRequest XML API.
	APIPath = "/VPServlet"
	// GatePath is the path of the 3-D Secure gate the shopper's browser
	// posts the merchant's form to.
	GatePath = "/servlet/gt3dengine"
	// acsPath is the fake issuer's ACS page (the real one lives on another
	// host; the fake serves it beside the gate).
	acsPath = "/servlet/gt3dacs"
)

// Credentials are the merchant's credentials at the fake bank (garanti.md
// §2): MerchantID (İşyeri no) and TerminalID (8 digits), the provision user
// PROVAUT (ProvUser, sales, pre-authorisations, captures, queries) and its
// password, the refund user PROVRFN (RefundUser, voids and refunds) and its
// password, and StoreKey, the 3-D Secure key used only inside hashes.
type Credentials struct {
	MerchantID, TerminalID, ProvUser, ProvPassword, RefundUser, RefundPassword, StoreKey string
}

// String returns the credentials with the passwords and the store key
// redacted, so that they never end up in a log by accident.
func (c Credentials) String() string {
	return fmt.Sprintf("garantitest.Credentials{MerchantID:%s TerminalID:%s ProvUser:%s ProvPassword:[redacted] RefundUser:%s RefundPassword:[redacted] StoreKey:[redacted]}",
		c.MerchantID, c.TerminalID, c.ProvUser, c.RefundUser)
}

// GoString is String.
func (c Credentials) GoString() string { return c.String() }

// DefaultCredentials returns the credentials a Server accepts when no
// WithCredentials option is given: realistic but fake values (MerchantID
// "7000679", TerminalID "30691297", users PROVAUT and PROVRFN) with long,
// distinctive passwords and store key that hold no digits, so that they
// can never be mistaken for card data in a log.
func DefaultCredentials() Credentials {
	return Credentials{
		MerchantID:     "7000679",
		TerminalID:     "30691297",
		ProvUser:       "PROVAUT",
		ProvPassword:   "GarantiFakeProvAutPassword-Qwxz",
		RefundUser:     "PROVRFN",
		RefundPassword: "GarantiFakeProvRfnPassword-Jkvy",
		StoreKey:       "GarantiFakeStoreKeyForThreeDSecure-Hmpq",
	}
}

// Option configures NewServer.
type Option func(*config)

type config struct {
	bank       vpostest.FakeBankConfig // base URL, clock and cards
	creds      *Credentials
	legacy     bool
	batchRules bool
}

// WithBaseURL sets the base URL the bank gives out (URL and the URLs built
// on it, the ACS and page addresses of 3-D Secure) instead of its own
// listener's, e.g. "http://127.0.0.1:8090/garanti" when Handler is mounted
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
// reply timestamps, the day of a void and the date ranges of orderlistinq
// follow it.
func WithClock(now func() time.Time) Option {
	return func(cfg *config) { cfg.bank.Clock = now }
}

// WithCards replaces the test cards (vpostest.DefaultCards(now) by
// default); the card book maps each card to its outcome.
func WithCards(c vpostest.Cards) Option {
	return func(cfg *config) { cfg.bank.Cards = &c }
}

// WithLegacyHash makes the bank a legacy terminal (garanti.md §6.3): API
// requests carry Version v0.00 or v0.01 and a SHA-1 HashData without the
// currency code, the 3-D form a SHA-1 secure3dhash without the currency
// code and apiversion v0.00 or v0.01, and callbacks are signed with
// Base64(SHA-1) instead of upper-hex SHA-512. By default the bank is a
// version 512 terminal (§6.2) and refuses legacy requests.
func WithLegacyHash() Option {
	return func(cfg *config) { cfg.legacy = true }
}

// WithBatchRules makes the bank enforce garanti.md §12.7 strictly: a refund
// of a transaction whose batch has not been closed (Server.CloseBatch) is
// refused with 92/0208. By default a refund works on the day of the sale
// too, as the vpostest.Ledger and the conformance suite expect. (A void
// after CloseBatch is refused in both modes.)
func WithBatchRules() Option {
	return func(cfg *config) { cfg.batchRules = true }
}

// Server is a fake Garanti BBVA virtual POS (GVP) on a loopback
// httptest.Server: the GVPSRequest XML API (APIURL), the 3-D Secure gate
// (GateURL) and a fake issuer ACS. It books through a vpostest.Ledger,
// answers cards from the vpostest.CardBook of its Cards and injects
// vpostest.Faults into every request. It never keeps a full card number or
// a CVV: the ledger and the 3-D Secure sessions hold masked numbers and
// outcomes only.
//
// The embedded vpostest.FakeBank gives the Server its URL, Handler, Close,
// Ledger, Faults, Cards, HTTPClient and Now. Requests counts the requests
// that reached the bank by kind: "api" (VPServlet), "gate" (gt3dengine) or
// "acs"; Faults().Requests() counts them all, including those a fault
// answered before routing.
//
// A Server is safe for concurrent use.
type Server struct {
	*vpostest.FakeBank // listener, base URL, ledger, faults, cards, clock, request counts

	creds      Credentials
	book       vpostest.CardBook
	legacy     bool
	batchRules bool

	// opMu serialises the API operations, so that the ledger and the
	// server's own bookkeeping change together.
	opMu sync.Mutex

	mu     sync.Mutex
	seq    int                     // SequenceNum counter
	codes  int                     // counter of the server's own auth codes
	batch  int                     // the open batch (BatchNum)
	ops    map[string]*opInfo      // ledger TransID -> Garanti references of the operation
	rrns   map[string]string       // RetrefNum -> ledger TransID
	orders map[string]*orderInfo   // order id -> what the ledger does not keep
	failed map[string][]failedOp   // order id -> refused follow-ups, for the reports
	pages  map[string]*gateSession // ACS page id -> 3D payment at the ACS
	mds    map[string]*mdSession   // md -> 3d-model authentication awaiting provisioning
	echoed map[string]bool         // names of merchant form fields the gate echoed
}

// NewServer starts a fake Garanti bank. Close it when done.
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
			{&creds.ProvUser, c.ProvUser}, {&creds.ProvPassword, c.ProvPassword},
			{&creds.RefundUser, c.RefundUser}, {&creds.RefundPassword, c.RefundPassword},
			{&creds.StoreKey, c.StoreKey},
		} {
			if f.src != "" {
				*f.dst = f.src
			}
		}
	}
	s := &Server{
		creds:      creds,
		legacy:     cfg.legacy,
		batchRules: cfg.batchRules,
		batch:      1,
		ops:        map[string]*opInfo{},
		rrns:       map[string]string{},
		orders:     map[string]*orderInfo{},
		failed:     map[string][]failedOp{},
		pages:      map[string]*gateSession{},
		mds:        map[string]*mdSession{},
		echoed:     map[string]bool{},
	}
	s.FakeBank = vpostest.NewFakeBank(cfg.bank, http.HandlerFunc(s.route))
	s.book = s.Cards().Book()
	return s
}

// route dispatches by path; paths are matched case-insensitively.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case strings.EqualFold(p, APIPath):
		s.Count("api")
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "garantitest: POST a GVPSRequest", http.StatusMethodNotAllowed)
			return
		}
		s.serveAPI(w, r)
	case strings.EqualFold(p, GatePath):
		s.Count("gate")
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "garantitest: POST the 3-D Secure form", http.StatusMethodNotAllowed)
			return
		}
		s.serveGate(w, r)
	case strings.EqualFold(p, acsPath):
		s.Count("acs")
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "garantitest: POST the ACS answer", http.StatusMethodNotAllowed)
			return
		}
		s.serveACS(w, r)
	default:
		http.NotFound(w, r)
	}
}

// APIURL returns the URL of the GVPSRequest XML API (the real bank's
// https://sanalposprov.garanti.com.tr/VPServlet).
func (s *Server) APIURL() string { return s.URL() + APIPath }

// GateURL returns the URL of the 3-D Secure gate (the real bank's
// https://sanalposprov.garanti.com.tr/servlet/gt3dengine).
func (s *Server) GateURL() string { return s.URL() + GatePath }

// Credentials returns the credentials the bank accepts.
func (s *Server) Credentials() Credentials { return s.creds }

// CloseBatch closes the open batch (the bank's end of day): every
// transaction so far becomes settled (Settlement "Y" in the reports), a
// void of one of them is refused with host code 05 ("RPC-05 condition was
// raised", garanti.md §12.7), and with WithBatchRules they may now be
// refunded.
func (s *Server) CloseBatch() {
	s.opMu.Lock()
	defer s.opMu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batch++
}

// ACS plays the shopper's browser: it submits the merchant's gate form to
// the bank, answers the fake ACS with outcome and returns the callback
// fields the bank's page would post to successurl or errorurl, without
// posting them. A gate that refuses the form answers with a callback too
// (mdstatus 7, no hash), as the real gate does; a form the gate cannot
// answer at all (no errorurl, a model the fake does not emulate) is an
// error.
func (s *Server) ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error) {
	b := vpostest.Browser{Client: &http.Client{Timeout: 30 * time.Second}}
	return b.RunACS(ctx, form, outcome)
}

// SignCallback returns a copy of form signed as the bank signs a callback
// (garanti.md §6.2, §6.3): hashparams (the bank's default list when form
// has none), hashparamsval (the values of the hashparams fields
// concatenated) and hash (of hashparamsval and the store key; upper-hex
// SHA-512, or Base64 SHA-1 with WithLegacyHash). Tests use it to forge
// genuine-looking callbacks.
func (s *Server) SignCallback(form url.Values) url.Values {
	out := url.Values{}
	for k, vs := range form {
		out[k] = slices.Clone(vs)
	}
	if out.Get("hashparams") == "" {
		out.Set("hashparams", callbackHashParams)
	}
	val := hashParamsValue(out, out.Get("hashparams"))
	out.Set("hashparamsval", val)
	out.Set("hash", s.callbackHash(val, s.creds.StoreKey))
	return out
}

// UnsignedCallbackFields returns the names of the callback fields the
// bank's hash does not cover: every field the bank posts but those named in
// its hashparams (clientid, oid, authcode, procreturncode, response,
// mdstatus, cavv, eci, md, rnd) and hashparams and hash themselves. The
// merchant's own form fields, which the gate echoes (txnamount, orderid,
// successurl, secure3dhash, ...), are unsigned too; the list includes the
// documented ones and any other the gate has echoed so far. Sorted.
func (s *Server) UnsignedCallbackFields() []string {
	set := map[string]bool{}
	for _, f := range unsignedBankFields {
		set[f] = true
	}
	for _, f := range documentedFormFields {
		set[f] = true
	}
	s.mu.Lock()
	for f := range s.echoed {
		set[f] = true
	}
	s.mu.Unlock()
	signed := signedCallbackFields()
	out := make([]string, 0, len(set))
	for f := range set {
		if !signed[f] {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}
