package nestpaytest

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sanalpos/vpos/vpostest"
)

// The paths the fake serves; the same as the real banks' (nestpay.md §1, §8).
const (
	// APIPath is the path of the XML API.
	APIPath = "/fim/api"
	// GatePath is the path of the 3-D Secure gate. The fake also answers
	// "/fim/est3dgate" (the path is case-insensitive, as at the banks).
	GatePath = "/fim/est3Dgate"
	// hostedPath receives the card typed on the hosted payment page
	// (3d_host, 3d_pay_hosting).
	hostedPath = "/fim/hostedpay"
	// acsPath is the fake issuer's ACS.
	acsPath = "/fim/acs"
)

// Credentials are the merchant's credentials at the fake bank (nestpay.md
// §2): ClientID (the store number, XML ClientId and form clientid), User
// and Password (the API user, XML Name and Password), StoreKey (the 3-D
// Secure secret, used only inside hashes).
type Credentials struct {
	ClientID, User, Password, StoreKey string
}

// String returns the credentials with the password and store key redacted,
// so that they never end up in a log by accident.
func (c Credentials) String() string {
	return fmt.Sprintf("nestpaytest.Credentials{ClientID:%s User:%s Password:[redacted] StoreKey:[redacted]}", c.ClientID, c.User)
}

// GoString is String.
func (c Credentials) GoString() string { return c.String() }

// DefaultCredentials returns the credentials a Server accepts when no
// WithCredentials option is given: ClientID "700655000200", User "VPOSAPI"
// and a long random password and store key, different for every call.
func DefaultCredentials() Credentials {
	return Credentials{
		ClientID: "700655000200",
		User:     "VPOSAPI",
		Password: "NpPass-" + rand.Text(),
		StoreKey: "NpStoreKey-" + rand.Text() + rand.Text(),
	}
}

// Option configures NewServer.
type Option func(*config)

type config struct {
	bank       vpostest.FakeBankConfig // base URL, clock and cards
	creds      *Credentials
	legacyHash bool
	batchRules bool
}

// WithBaseURL sets the base URL the bank gives out (URL and the URLs built
// on it, the ACS and page addresses of 3-D Secure) instead of its own
// listener's, e.g. "http://127.0.0.1:8090/nestpay" when Handler is mounted
// under that prefix by another server. A trailing slash is ignored.
func WithBaseURL(u string) Option {
	return func(cfg *config) { cfg.bank.BaseURL = u }
}

// WithCredentials sets the credentials the server accepts (DefaultCredentials
// by default). Empty fields keep their default values.
func WithCredentials(c Credentials) Option {
	return func(cfg *config) { cfg.creds = &c }
}

// WithClock sets the bank's clock (time.Now by default). The ledger, the
// reply timestamps and the day of a void follow it.
func WithClock(now func() time.Time) Option {
	return func(cfg *config) { cfg.bank.Clock = now }
}

// WithCards replaces the test cards (vpostest.DefaultCards(now) by default).
// The card book maps each card to its outcome; Cards().ThreeD is the card
// the programmatic shopper types on the hosted payment page.
func WithCards(c vpostest.Cards) Option {
	return func(cfg *config) { cfg.bank.Cards = &c }
}

// WithLegacyHash makes the bank sign 3-D Secure callbacks with the legacy
// SHA-1 scheme (HASHPARAMS, HASHPARAMSVAL, HASH; nestpay.md §7.2) instead of
// ver3, and makes the gate accept legacy-hashed requests (no hashAlgorithm
// field) besides ver3 ones. Note that a legacy callback signs only the
// fields HASHPARAMS names.
func WithLegacyHash() Option {
	return func(cfg *config) { cfg.legacyHash = true }
}

// WithBatchRules makes the bank enforce the end-of-day rule of the real
// platform (nestpay.md §13.5): a Credit (refund) is refused with CORE-2508
// until the sale has been through an end of day (Server.EndOfDay). By
// default a refund works on the day of the sale too, as the
// vpostest.Ledger and the conformance suite expect.
func WithBatchRules() Option {
	return func(cfg *config) { cfg.batchRules = true }
}

// Server is a fake NestPay bank on a loopback httptest.Server: the XML API
// (APIURL), the 3-D Secure gate (GateURL) with its hosted payment page and
// a fake issuer ACS. It books through a vpostest.Ledger, answers cards from
// the vpostest.CardBook of its Cards and injects vpostest.Faults into every
// request. It never keeps a full card number or a CVV: the ledger and the
// 3-D Secure sessions hold masked numbers and outcomes only.
//
// The embedded vpostest.FakeBank gives the Server its URL, Handler, Close,
// Ledger, Faults, Cards, HTTPClient and Now; Faults().Requests() counts the
// requests that reached the bank (API, gate, hosted page and ACS), and
// Requests counts those routed, by kind: "api", "gate", "hosted" or "acs".
//
// A Server is safe for concurrent use.
type Server struct {
	*vpostest.FakeBank // listener, base URL, ledger, faults, cards, clock, request counts

	creds      Credentials
	book       vpostest.CardBook
	legacy     bool
	batchRules bool

	mu       sync.Mutex
	ids      int                     // counter of the server's own references
	refs     map[string]refs         // transID -> auth code and host ref of an operation
	failed   map[string][]failedTrx  // order id -> refused refunds, for the history
	settled  map[string]bool         // transIDs that went through an end of day
	batch    int                     // current batch (SETTLEID)
	groups   map[string]string       // order id -> GroupId the merchant sent
	threeDS  map[string]threeDSInfo  // order id -> 3-D Secure data of its authorisation
	pages    map[string]*gateSession // page session id -> 3D payment on the hosted page or ACS
	mds      map[string]*mdSession   // md -> 3d / 3d_host authentication awaiting provisioning
	sessions int                     // counter for md values
}

// NewServer starts a fake NestPay bank. Close it when done.
func NewServer(opts ...Option) *Server {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	creds := DefaultCredentials()
	if c := cfg.creds; c != nil {
		if c.ClientID != "" {
			creds.ClientID = c.ClientID
		}
		if c.User != "" {
			creds.User = c.User
		}
		if c.Password != "" {
			creds.Password = c.Password
		}
		if c.StoreKey != "" {
			creds.StoreKey = c.StoreKey
		}
	}
	s := &Server{
		creds:      creds,
		legacy:     cfg.legacyHash,
		batchRules: cfg.batchRules,
		refs:       map[string]refs{},
		failed:     map[string][]failedTrx{},
		settled:    map[string]bool{},
		batch:      1,
		groups:     map[string]string{},
		threeDS:    map[string]threeDSInfo{},
		pages:      map[string]*gateSession{},
		mds:        map[string]*mdSession{},
	}
	s.FakeBank = vpostest.NewFakeBank(cfg.bank, http.HandlerFunc(s.route))
	s.book = s.Cards().Book()
	return s
}

// route dispatches by path, case-insensitively as the banks do.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimSuffix(r.URL.Path, "/")
	for _, rt := range []struct {
		path, kind string
		serve      func(http.ResponseWriter, *http.Request)
	}{
		{APIPath, "api", s.serveAPI},
		{GatePath, "gate", s.serveGate},
		{hostedPath, "hosted", s.serveHosted},
		{acsPath, "acs", s.serveACS},
	} {
		if strings.EqualFold(p, rt.path) {
			s.Count(rt.kind)
			rt.serve(w, r)
			return
		}
	}
	http.NotFound(w, r)
}

// APIURL returns the URL of the XML API: URL() + "/fim/api".
func (s *Server) APIURL() string { return s.URL() + APIPath }

// GateURL returns the URL of the 3-D Secure gate: URL() + "/fim/est3Dgate".
func (s *Server) GateURL() string { return s.URL() + GatePath }

// Credentials returns the credentials the bank accepts.
func (s *Server) Credentials() Credentials { return s.creds }

// UnsignedCallbackFields returns the callback fields the bank leaves out
// of the callback hash. With ver3 that is "encoding" (nestpay.md §7.1; the
// fake echoes it when the merchant posts it; it does not emulate Ziraat's
// nationalidno). With WithLegacyHash only the HASHPARAMS fields are signed,
// so it returns every other field name the bank sends or echoes in the
// standard flows.
func (s *Server) UnsignedCallbackFields() []string {
	if !s.legacy {
		return []string{"encoding"}
	}
	signed := map[string]bool{}
	for _, n := range strings.Split(legacyParams3DPay, ":") {
		signed[strings.ToLower(n)] = true
	}
	signed["hash"], signed["hashparams"], signed["hashparamsval"] = true, true, true
	var out []string
	for _, n := range legacyUnsignedCandidates {
		if !signed[strings.ToLower(n)] {
			out = append(out, n)
		}
	}
	return out
}

// legacyUnsignedCandidates are the field names of the fake's callbacks and
// of the usual merchant forms; UnsignedCallbackFields filters them.
var legacyUnsignedCandidates = []string{
	"amount", "currency", "taksit", "Instalment", "islemtipi", "TranType", "storetype", "lang",
	"okUrl", "failUrl", "hashAlgorithm", "encoding", "Email", "firmaadi", "BillToName", "tel",
	"callbackUrl", "refreshtime", "ReturnOid", "mdErrorMsg", "txstatus", "cavvAlgorithm",
	"PAResSyntaxOK", "PAResVerified", "version", "sID", "dsId", "payResults_dsId",
	"maskedCreditCard", "MaskedPan", "Ecom_Payment_Card_ExpDate_Month", "Ecom_Payment_Card_ExpDate_Year",
	"merchantID", "merchantName", "clientIp", "ACQBIN", "acqStan", "iReqCode", "iReqDetail",
	"vendorCode", "digest", "callbackCall", "HostRefNum", "TransId", "TRANID", "ErrMsg", "ErrCode",
	"SettleId", "EXTRA_TRXDATE", "EXTRA_HOSTDATE", "EXTRA_CARDBRAND", "EXTRA_CARDISSUER",
	"EXTRA_TERMINALID", "EXTRA_MERCHANTID", "panFirst6", "panLast4",
}

// SignCallback returns a copy of form signed by the bank: with ver3 (HASH
// over every field but HASH and encoding), or with WithLegacyHash the
// legacy scheme (HASHPARAMS taken from form when present, else chosen by
// its storetype; HASHPARAMSVAL and HASH recomputed). Tests use it to forge a
// well-signed callback that says something the bank never said.
func (s *Server) SignCallback(form url.Values) url.Values {
	out := url.Values{}
	for k, vs := range form {
		if strings.EqualFold(k, "hash") {
			continue
		}
		out[k] = append([]string(nil), vs...)
	}
	s.sign(out, s.creds.StoreKey)
	return out
}

// sign adds the bank's signature to cb with key (ver3 or legacy).
func (s *Server) sign(cb url.Values, key string) {
	if !s.legacy {
		cb.Set("HASH", HashVer3(cb, key))
		return
	}
	params := lookup(cb, "HASHPARAMS")
	if params == "" {
		params = legacyParams3D
		if st := strings.ToLower(lookup(cb, "storetype")); st == "3d_pay" || st == "3d_pay_hosting" {
			params = legacyParams3DPay
		}
	}
	for k := range cb {
		if strings.EqualFold(k, "HASHPARAMS") || strings.EqualFold(k, "HASHPARAMSVAL") {
			delete(cb, k)
		}
	}
	hash, val := HashLegacyCallback(cb, params, key)
	cb.Set("HASHPARAMS", params)
	cb.Set("HASHPARAMSVAL", val)
	cb.Set("HASH", hash)
}

// EndOfDay closes the bank's current batch: every transaction done so far
// is settled. Settled sales report TRANS_STAT "S" in ORDERSTATUS and
// ORDERHISTORY, can no longer be voided (CORE-2008), and with
// WithBatchRules can now be refunded. The batch number (SETTLEID) goes up
// by one.
func (s *Server) EndOfDay() {
	entries := s.Ledger().Entries()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range entries {
		s.settled[e.TransID] = true
	}
	s.batch++
}
