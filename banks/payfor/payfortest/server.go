package payfortest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sanalpos/vpos/vpostest"
)

// The paths the fake serves: those of QNB Finansbank's gateway hosts
// (payfor.md §1), all on one loopback server. Paths are matched
// case-insensitively, as IIS does.
const (
	// APIPath is the XML API (XMLGate.aspx): a PayforRequest document in,
	// a PayforResponse or TxnHistoryReport document out.
	APIPath = "/Gateway/XMLGate.aspx"
	// GatePath is Default.aspx, which is two things at the bank: the 3-D
	// Secure gate of 3DModel and 3DPay (a browser form with SecureType
	// 3DModel or 3DPay, answered with an HTML page) and the form encoding
	// of the API (any other SecureType, answered with Key=Value;; text).
	GatePath = "/Gateway/Default.aspx"
	// HostedGatePath is the 3-D Secure gate of 3DHost, where the bank's own
	// page asks for the card.
	HostedGatePath = "/Gateway/3DHost.aspx"

	hostedPayPath = "/Gateway/3DHostPay.aspx" // receives the card typed on the 3DHost page
	acsPath       = "/Gateway/FakeACS.aspx"   // the fake issuer ACS
)

// Request kinds counted by Server.Requests.
const (
	// KindAPI counts requests to APIPath.
	KindAPI = "api"
	// KindForm counts API requests in the form encoding (GatePath with a
	// SecureType that is not a 3-D Secure model).
	KindForm = "form"
	// KindGate counts 3-D Secure gate posts (GatePath with SecureType
	// 3DModel or 3DPay, and HostedGatePath).
	KindGate = "gate"
	// KindHostedPay counts the cards typed on the 3DHost page.
	KindHostedPay = "hostedpay"
	// KindACS counts the answers given on the fake ACS page.
	KindACS = "acs"
)

// Credentials are the merchant's credentials at the fake bank (payfor.md
// §2): MbrID (institution code, "5" for QNB Finansbank), MerchantID
// (MerchantId in XML, MerchantID in forms), UserCode and UserPass (the API
// user; UserPass is never sent in 3-D forms) and MerchantPass (the 3-D
// Secure store key, used only inside hashes).
type Credentials struct {
	MbrID, MerchantID, UserCode, UserPass, MerchantPass string
}

// String returns the credentials with UserPass and MerchantPass redacted,
// so that they never end up in a log by accident.
func (c Credentials) String() string {
	return fmt.Sprintf("payfortest.Credentials{MbrID:%s MerchantID:%s UserCode:%s UserPass:[redacted] MerchantPass:[redacted]}",
		c.MbrID, c.MerchantID, c.UserCode)
}

// GoString is String.
func (c Credentials) GoString() string { return c.String() }

// DefaultCredentials returns the credentials a Server accepts when no
// WithCredentials option is given: MbrID "5" (QNB Finansbank), MerchantID
// "085300000031425", UserCode "SANALPOS_API_KULLANICI" and long, distinctive
// fake UserPass and MerchantPass without digits. They are not the public
// sandbox values of payfor.md §9.
func DefaultCredentials() Credentials {
	return Credentials{
		MbrID:        "5",
		MerchantID:   "085300000031425",
		UserCode:     "SANALPOS_API_KULLANICI",
		UserPass:     "PayForFakeUserPass-Kxwq",
		MerchantPass: "PayForFakeStoreKey-Jzvb",
	}
}

// Option configures NewServer.
type Option func(*config)

type config struct {
	bank       vpostest.FakeBankConfig // base URL, clock and cards
	creds      *Credentials
	batchRules bool
	sha256     bool
}

// WithCredentials sets the credentials the server accepts
// (DefaultCredentials by default). Empty fields keep their default values.
func WithCredentials(c Credentials) Option { return func(cfg *config) { cfg.creds = &c } }

// WithBaseURL sets the base URL the bank gives out (URL and the URLs built
// on it: the ACS, the 3DHost card page and the form actions of the 3-D
// Secure pages) instead of its own listener's, e.g.
// "http://127.0.0.1:8090/payfor" when Handler is mounted under that prefix
// by another server. A trailing slash is ignored.
func WithBaseURL(u string) Option { return func(cfg *config) { cfg.bank.BaseURL = u } }

// WithClock sets the bank's clock (time.Now by default): the ledger, the
// dates of replies, callbacks and records, the same-day rule of Void and
// the day of a daily TxnHistory follow it.
func WithClock(now func() time.Time) Option { return func(cfg *config) { cfg.bank.Clock = now } }

// WithCards replaces the test cards (vpostest.DefaultCards(now) by
// default). The card book maps each card to its outcome; Cards().ThreeD is
// the card the programmatic shopper types on the 3DHost page.
func WithCards(c vpostest.Cards) Option { return func(cfg *config) { cfg.bank.Cards = &c } }

// WithBatchRules makes the bank enforce the end-of-day rule of payfor.md
// §12.6: a Refund is refused with V014 until the sale (or post-auth) has
// been through an end of day (Server.EndOfDay), and the refused attempt is
// listed in the order's TxnHistory. By default a refund works on the day
// of the sale too, as the vpostest.Ledger and the conformance suite expect.
func WithBatchRules() Option { return func(cfg *config) { cfg.batchRules = true } }

// WithSHA256ResponseHash makes the bank sign 3-D Secure callbacks with
// Base64(SHA-256) of the ResponseHash string and leave HashType out, as the
// 2024 capture of payfor.md §12.3 does, instead of the default
// Base64(SHA-1) with HashType=Sha1.
func WithSHA256ResponseHash() Option { return func(cfg *config) { cfg.sha256 = true } }

// Server is a fake QNB Finansbank PayFor virtual POS on a loopback
// httptest.Server: the XML API (APIURL), the same API in the form encoding
// (FormAPIURL), the 3-D Secure gates (Gate3DURL for 3DModel and 3DPay,
// HostedGate3DURL for 3DHost) with the bank's card page and a fake issuer
// ACS. It books through a vpostest.Ledger, answers cards from the card book
// of its Cards and injects vpostest.Faults into every request. It never
// keeps a full card number or a CVV: records and 3-D Secure sessions hold
// masked numbers, an opaque token derived from a SHA-256 of the number and
// the card-book outcome.
//
// The embedded vpostest.FakeBank gives the Server its URL, Handler, Close,
// Ledger, Faults (every endpoint is wrapped by Faults().Wrap), Cards,
// HTTPClient and Now. Requests(kind) counts the requests routed, after
// fault handling, by kind: KindAPI, KindForm, KindGate, KindHostedPay or
// KindACS.
//
// A Server is safe for concurrent use.
type Server struct {
	*vpostest.FakeBank // listener, base URL, ledger, faults, cards, clock, request counts

	creds      Credentials
	book       vpostest.CardBook
	batchRules bool
	sha256     bool

	// mu guards everything below and serialises the operations, so that
	// the ledger and the server's records change together.
	mu       sync.Mutex
	ids      int                      // counter of generated references
	batch    int                      // current batch number (BatchNo)
	records  []*record                // every PaymentRequest record, oldest first
	byOrder  map[string][]*record     // order id -> its records, oldest first
	pages    map[string]*gateSession  // page session id -> 3D payment between pages
	sessions map[string]*modelSession // RequestGuid -> 3DModel authentication awaiting 3DModelPayment
	closedAt map[int]time.Time        // batch number -> when EndOfDay closed it
}

// NewServer starts a fake PayFor bank. Close it when done.
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
			{&creds.MbrID, c.MbrID}, {&creds.MerchantID, c.MerchantID}, {&creds.UserCode, c.UserCode},
			{&creds.UserPass, c.UserPass}, {&creds.MerchantPass, c.MerchantPass},
		} {
			if f.src != "" {
				*f.dst = f.src
			}
		}
	}
	s := &Server{
		creds:      creds,
		batchRules: cfg.batchRules,
		sha256:     cfg.sha256,
		batch:      4321,
		byOrder:    map[string][]*record{},
		pages:      map[string]*gateSession{},
		sessions:   map[string]*modelSession{},
		closedAt:   map[int]time.Time{},
	}
	s.FakeBank = vpostest.NewFakeBank(cfg.bank, http.HandlerFunc(s.route))
	s.book = s.Cards().Book()
	return s
}

// route dispatches by path, case-insensitively.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimSuffix(r.URL.Path, "/")
	for _, rt := range []struct {
		path  string
		serve func(http.ResponseWriter, *http.Request)
	}{
		{APIPath, s.serveXMLAPI},
		{GatePath, s.serveDefault},
		{HostedGatePath, s.serveHostedGate},
		{hostedPayPath, s.serveHostedPay},
		{acsPath, s.serveACS},
	} {
		if strings.EqualFold(p, rt.path) {
			if r.Method != http.MethodPost {
				s.Count(kindOf(rt.path))
				w.Header().Set("Allow", http.MethodPost)
				http.Error(w, "payfortest: POST required", http.StatusMethodNotAllowed)
				return
			}
			rt.serve(w, r)
			return
		}
	}
	http.NotFound(w, r)
}

// kindOf is the request kind a path is counted as when the request is
// refused before its handler looks at it.
func kindOf(path string) string {
	switch path {
	case APIPath:
		return KindAPI
	case hostedPayPath:
		return KindHostedPay
	case acsPath:
		return KindACS
	}
	return KindGate
}

// APIURL returns the XML API endpoint, URL() + "/Gateway/XMLGate.aspx"
// (the real https://vpostest.qnbfinansbank.com/Gateway/XMLGate.aspx):
// POST a PayforRequest document (Content-Type text/xml).
func (s *Server) APIURL() string { return s.URL() + APIPath }

// FormAPIURL returns the form encoding of the API, URL() +
// "/Gateway/Default.aspx": POST the same fields as
// application/x-www-form-urlencoded and get Key=Value;;Key=Value text
// (payfor.md §1). It is the same URL as Gate3DURL.
func (s *Server) FormAPIURL() string { return s.URL() + GatePath }

// Gate3DURL returns the 3-D Secure gate of the 3DModel and 3DPay models,
// URL() + "/Gateway/Default.aspx" (payfor.md §1, §5.1).
func (s *Server) Gate3DURL() string { return s.URL() + GatePath }

// HostedGate3DURL returns the 3-D Secure gate of the 3DHost model, URL() +
// "/Gateway/3DHost.aspx" (payfor.md §1, §5.1).
func (s *Server) HostedGate3DURL() string { return s.URL() + HostedGatePath }

// Credentials returns the credentials the bank accepts.
func (s *Server) Credentials() Credentials { return s.creds }

// EndOfDay closes the bank's current batch: every transaction done so far
// is settled. Settled transactions can no longer be voided (V018), their
// TxnHistory records say IsBatchClosed True, and with WithBatchRules they
// can now be refunded. The batch number (BatchNo) goes up by one.
func (s *Server) EndOfDay() {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closedAt[s.batch] = now
	s.batch++
}

// signedCallbackFields are the callback fields the ResponseHash covers
// (payfor.md §6, §12.3), plus ResponseHash itself; UserCode and
// MerchantPass come from the merchant's configuration, not the callback.
var signedCallbackFields = []string{"MerchantID", "OrderId", "AuthCode", "ProcReturnCode", "3DStatus", "ResponseRnd", "ResponseHash"}

// UnsignedCallbackFields returns the callback fields the bank's
// ResponseHash does not cover: every field of the callback record
// (payfor.md §12.3) except MerchantID, OrderId, AuthCode, ProcReturnCode,
// 3DStatus, ResponseRnd and ResponseHash itself. Amount, currency,
// installments, transaction type and RequestGuid are among them: an
// adapter must take those from its own records, from the 3DModelPayment
// reply or from an OrderInquiry, never from the callback alone. Sorted.
func (s *Server) UnsignedCallbackFields() []string {
	var out []string
	for _, n := range callbackFieldNames {
		if !slices.Contains(signedCallbackFields, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// SignCallback returns a copy of cb signed by the bank: ResponseRnd is kept
// (or made up when missing) and ResponseHash recomputed over cb's
// MerchantID, OrderId, AuthCode, ProcReturnCode and 3DStatus with the
// server's MerchantPass and UserCode, as SHA-1 with HashType=Sha1 (or
// SHA-256 without HashType under WithSHA256ResponseHash). Tests use it to
// forge a well-signed callback that says something the bank never said.
func (s *Server) SignCallback(cb url.Values) url.Values {
	out := url.Values{}
	for k, vs := range cb {
		out[k] = append([]string(nil), vs...)
	}
	if out.Get("ResponseRnd") == "" {
		out.Set("ResponseRnd", s.newResponseRnd())
	}
	s.sign(out, s.creds.MerchantPass)
	return out
}

// sign sets ResponseHash (and HashType) of cb with key.
func (s *Server) sign(cb url.Values, key string) {
	if s.sha256 {
		cb.Del("HashType")
		cb.Set("ResponseHash", ResponseHashSHA256(cb, key, s.creds.UserCode))
		return
	}
	cb.Set("HashType", "Sha1")
	cb.Set("ResponseHash", ResponseHash(cb, key, s.creds.UserCode))
}
