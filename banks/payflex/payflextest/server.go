package payflextest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// The paths the fake serves: those of VakıfBank's test hosts (payflex.md
// §1), all on one loopback server.
const (
	// VPOSPath is the VPOS v4 provision and after-sales endpoint (prmstr).
	VPOSPath = "/VposService/v3/Vposreq.aspx"
	// MPIPath is the MPI enrollment endpoint (VerifyEnrollmentRequest).
	MPIPath = "/MPIAPI/MPI_Enrollment.aspx"
	// SearchPath is the transaction search (status) endpoint (prmstr).
	SearchPath = "/UIService/Search.aspx"
	// CPRegisterPath is the Common Payment v4 RegisterTransaction endpoint.
	CPRegisterPath = "/CommonPayment/api/RegisterTransaction"
	// CPQueryPath is the Common Payment v4 result query (VposTransaction).
	CPQueryPath = "/CommonPayment/api/VposTransaction"
	// CPGatePath is the Common Payment hosted page (CommonPaymentUrl).
	CPGatePath = "/CommonPayment/SecurePayment"

	acsPath    = "/MPIAPI/FakeACS.aspx"     // the fake issuer ACS
	termPath   = "/MPIAPI/TermUrl.aspx"     // the MPI's TermUrl (PaRes comes back here)
	cpPayPath  = "/CommonPayment/Pay"       // card entry form of the hosted page
	cpTermPath = "/CommonPayment/ThreeDEnd" // the hosted page's own TermUrl
)

// Credentials are the merchant's credentials at the fake bank (payflex.md
// §2): MerchantID (Üye işyeri no, 15 digits; HostMerchantId in search and
// Common Payment), Password (Password in VPOS, MerchantPassword in MPI,
// search and Common Payment), TerminalNo (HostTerminalId in Common Payment)
// and MerchantType (0 standard, 1 main dealer, 2 sub dealer).
type Credentials struct {
	MerchantID, Password, TerminalNo, MerchantType string
}

// String returns the credentials with the password redacted.
func (c Credentials) String() string {
	return fmt.Sprintf("payflextest.Credentials{MerchantID:%s Password:[redacted] TerminalNo:%s MerchantType:%s}",
		c.MerchantID, c.TerminalNo, c.MerchantType)
}

// GoString is String.
func (c Credentials) GoString() string { return c.String() }

// DefaultCredentials returns the credentials a Server accepts when no
// WithCredentials option is given: MerchantID "000000000111111", TerminalNo
// "VP000095", MerchantType "0" (the public test values of payflex.md §8)
// and a long, distinctive fake password without digits.
func DefaultCredentials() Credentials {
	return Credentials{
		MerchantID:   "000000000111111",
		Password:     "PayFlexFakeMerchantPassword-Xqzw",
		TerminalNo:   "VP000095",
		MerchantType: "0",
	}
}

// Option configures NewServer.
type Option func(*config)

type config struct {
	baseURL string
	creds   *Credentials
	clock   func() time.Time
	cards   *vpostest.Cards
}

// WithBaseURL sets the base URL the bank gives out (URL and the URLs built
// on it, the ACS and page addresses of 3-D Secure) instead of its own
// listener's, e.g. "http://127.0.0.1:8090/payflex" when Handler is mounted
// under that prefix by another server. A trailing slash is ignored.
func WithBaseURL(u string) Option {
	return func(cfg *config) { cfg.baseURL = u }
}

// WithCredentials sets the credentials the server accepts
// (DefaultCredentials by default). Empty fields keep their default values.
func WithCredentials(c Credentials) Option { return func(cfg *config) { cfg.creds = &c } }

// WithClock sets the bank's clock (time.Now by default): the ledger, HostDate
// and the same-day rule of Cancel follow it.
func WithClock(now func() time.Time) Option { return func(cfg *config) { cfg.clock = now } }

// WithCards replaces the test cards (vpostest.DefaultCards(now) by default);
// the card book maps each card to its outcome.
func WithCards(c vpostest.Cards) Option { return func(cfg *config) { cfg.cards = &c } }

// Server is a fake VakıfBank / Ziraat PayFlex virtual POS on a loopback
// httptest.Server: the VPOS v4 prmstr API (VPOSURL), the transaction search
// (SearchURL), the MPI enrollment (MPIURL) with a fake ACS, and the Common
// Payment v4 hosted page (CPRegisterURL, CPGateURL, CPQueryURL). It books
// through a vpostest.Ledger, answers cards from the card book of its Cards
// and injects vpostest.Faults into every request. It never keeps a full
// card number or a CVV: sessions hold masked numbers, a SHA-256 of the
// number and the card-book outcome.
//
// A Server is safe for concurrent use.
type Server struct {
	srv       *httptest.Server
	base      string       // WithBaseURL, or "" for srv.URL
	handler   http.Handler // the routes, wrapped in the fault injector
	creds     Credentials
	clock     func() time.Time
	ledger    *vpostest.Ledger
	faults    *vpostest.Faults
	cards     vpostest.Cards
	book      vpostest.CardBook
	closeOnce sync.Once

	// opMu serialises money-moving operations, so that the ledger and the
	// server's own records change together.
	opMu sync.Mutex

	mu      sync.Mutex
	ids     int                    // counter for generated ids
	txs     map[string]*txRecord   // TransactionId -> record
	orders  map[string][]string    // OrderId -> TransactionIds of sales/auths, oldest first
	mpi     map[string]*mpiSession // VerifyEnrollmentRequestId -> session
	mds     map[string]string      // MD -> VerifyEnrollmentRequestId
	cp      map[string]*cpSession  // PaymentToken -> session
	cpMDs   map[string]string      // MD of a hosted-page 3D session -> PaymentToken
	perPath map[string]int
}

// NewServer starts a fake PayFlex bank. Close it when done.
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
			{&creds.MerchantID, c.MerchantID}, {&creds.Password, c.Password},
			{&creds.TerminalNo, c.TerminalNo}, {&creds.MerchantType, c.MerchantType},
		} {
			if f.src != "" {
				*f.dst = f.src
			}
		}
	}
	clock := cfg.clock
	if clock == nil {
		clock = time.Now
	}
	s := &Server{
		creds:   creds,
		clock:   clock,
		faults:  &vpostest.Faults{},
		txs:     map[string]*txRecord{},
		orders:  map[string][]string{},
		mpi:     map[string]*mpiSession{},
		mds:     map[string]string{},
		cp:      map[string]*cpSession{},
		cpMDs:   map[string]string{},
		perPath: map[string]int{},
	}
	if cfg.cards != nil {
		s.cards = *cfg.cards
	} else {
		s.cards = vpostest.DefaultCards(clock())
	}
	s.book = s.cards.Book()
	s.ledger = vpostest.NewLedger(clock)
	s.base = strings.TrimSuffix(cfg.baseURL, "/")
	s.handler = s.faults.Wrap(http.HandlerFunc(s.route))
	s.srv = httptest.NewServer(s.handler)
	return s
}

// route dispatches by path (case-insensitively, as IIS does).
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimSuffix(r.URL.Path, "/")
	handlers := []struct {
		path string
		post bool
		h    func(http.ResponseWriter, *http.Request)
	}{
		{VPOSPath, true, s.serveVPOS},
		{SearchPath, true, s.serveSearch},
		{MPIPath, true, s.serveEnrollment},
		{acsPath, true, s.serveACS},
		{termPath, true, s.serveTermURL},
		{CPRegisterPath, true, s.serveCPRegister},
		{CPQueryPath, true, s.serveCPQuery},
		{CPGatePath, false, s.serveCPGate},
		{cpPayPath, true, s.serveCPPay},
		{cpTermPath, true, s.serveCPTerm},
	}
	for _, h := range handlers {
		if strings.EqualFold(p, h.path) {
			s.mu.Lock()
			s.perPath[h.path]++
			s.mu.Unlock()
			if h.post && r.Method != http.MethodPost {
				w.Header().Set("Allow", http.MethodPost)
				http.Error(w, "payflextest: POST required", http.StatusMethodNotAllowed)
				return
			}
			h.h(w, r)
			return
		}
	}
	http.NotFound(w, r)
}

// URL returns the bank's base URL.
func (s *Server) URL() string {
	if s.base != "" {
		return s.base
	}
	return s.srv.URL
}

// Handler returns the bank's routes (API, 3-D Secure gate, ACS and the
// other pages), wrapped in its fault injector, as the server's own
// listener serves them. Mount it elsewhere, e.g. under a path prefix with
// http.StripPrefix, together with WithBaseURL so that the pages the bank
// builds point back at where it is mounted. The bank's own listener keeps
// running; Close still stops it.
func (s *Server) Handler() http.Handler { return s.handler }

// VPOSURL returns the VPOS v4 endpoint (the real
// https://onlineodemetest.vakifbank.com.tr:4443/VposService/v3/Vposreq.aspx):
// POST a form with one field, prmstr, holding a VposRequest XML.
func (s *Server) VPOSURL() string { return s.URL() + VPOSPath }

// SearchURL returns the transaction search endpoint (the real
// .../UIService/Search.aspx): POST prmstr holding a SearchRequest XML.
func (s *Server) SearchURL() string { return s.URL() + SearchPath }

// MPIURL returns the MPI enrollment endpoint (the real
// https://3dsecuretest.vakifbank.com.tr:4443/MPIAPI/MPI_Enrollment.aspx).
func (s *Server) MPIURL() string { return s.URL() + MPIPath }

// CPRegisterURL returns the Common Payment v4 RegisterTransaction endpoint
// (the real https://cptest.vakifbank.com.tr/CommonPayment/api/RegisterTransaction).
func (s *Server) CPRegisterURL() string { return s.URL() + CPRegisterPath }

// CPGateURL returns the Common Payment hosted page, the CommonPaymentUrl of
// RegisterTransaction's reply; the browser goes there with GET ?Ptkn=token.
func (s *Server) CPGateURL() string { return s.URL() + CPGatePath }

// CPQueryURL returns the Common Payment v4 result query endpoint (the real
// .../CommonPayment/api/VposTransaction).
func (s *Server) CPQueryURL() string { return s.URL() + CPQueryPath }

// Close shuts the bank down, first waking requests that hang under
// vpostest.FaultHangAfterBook. It may be called more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.faults.Release()
		s.srv.Close()
	})
}

// Credentials returns the credentials the bank accepts.
func (s *Server) Credentials() Credentials { return s.creds }

// Ledger returns what the bank booked.
func (s *Server) Ledger() *vpostest.Ledger { return s.ledger }

// Faults returns the bank's fault injector; every endpoint is wrapped by
// Faults().Wrap.
func (s *Server) Faults() *vpostest.Faults { return s.faults }

// Cards returns the bank's test cards.
func (s *Server) Cards() vpostest.Cards { return s.cards }

// HTTPClient returns a client that honours vpostest.FaultConnRefused
// (Faults().HTTPClient()).
func (s *Server) HTTPClient() *http.Client { return s.faults.HTTPClient() }

// Requests returns how many requests reached the endpoint at path (one of
// the exported *Path constants), after fault handling.
func (s *Server) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.perPath[path]
}

// ACS plays the shopper's browser. For an MPI redirect form (action the
// ACSUrl, fields PaReq, TermUrl, MD) it answers the fake ACS with outcome and
// returns the fields the MPI posts to SuccessUrl or FailureUrl (Status Y, A,
// N or U, Eci, Cavv, VerifyEnrollmentRequestId, ...) without posting them.
// For a Common Payment form (GET CommonPaymentUrl?Ptkn=...) it enters the
// card given at RegisterTransaction, or else Cards().ThreeD, answers the ACS
// and returns the result fields the page sends to SuccessUrl or FailUrl.
func (s *Server) ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error) {
	b := vpostest.Browser{Client: &http.Client{Timeout: 30 * time.Second}}
	return b.RunACS(ctx, form, outcome)
}

// UnsignedCallbackFields returns every field the MPI callback and the Common
// Payment result carry: PayFlex signs neither (payflex.md §4.3), so no field
// is protected and the adapter must decide only from the server-to-server
// provision (or query) reply. Sorted.
func (s *Server) UnsignedCallbackFields() []string {
	out := append([]string(nil), callbackFields...)
	out = append(out, cpResultFields...)
	sortUnique(&out)
	return out
}

// now returns the bank's time.
func (s *Server) now() time.Time { return s.clock() }

// panHash returns a SHA-256 of a card number, so that a session can compare
// numbers without keeping one.
func panHash(pan string) [32]byte { return sha256.Sum256([]byte(pan)) }
