package payflextest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
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
	bank  vpostest.FakeBankConfig // base URL, clock and cards
	creds *Credentials
}

// WithBaseURL sets the base URL the bank gives out (URL and the URLs built
// on it, the ACS and page addresses of 3-D Secure) instead of its own
// listener's, e.g. "http://127.0.0.1:8090/payflex" when Handler is mounted
// under that prefix by another server. A trailing slash is ignored.
func WithBaseURL(u string) Option {
	return func(cfg *config) { cfg.bank.BaseURL = u }
}

// WithCredentials sets the credentials the server accepts
// (DefaultCredentials by default). Empty fields keep their default values.
func WithCredentials(c Credentials) Option { return func(cfg *config) { cfg.creds = &c } }

// WithClock sets the bank's clock (time.Now by default): the ledger, HostDate
// and the same-day rule of Cancel follow it.
func WithClock(now func() time.Time) Option { return func(cfg *config) { cfg.bank.Clock = now } }

// WithCards replaces the test cards (vpostest.DefaultCards(now) by default);
// the card book maps each card to its outcome.
func WithCards(c vpostest.Cards) Option { return func(cfg *config) { cfg.bank.Cards = &c } }

// Server is a fake VakıfBank / Ziraat PayFlex virtual POS on a loopback
// httptest.Server: the VPOS v4 prmstr API (VPOSURL), the transaction search
// (SearchURL), the MPI enrollment (MPIURL) with a fake ACS, and the Common
// Payment v4 hosted page (CPRegisterURL, CPGateURL, CPQueryURL). It books
// through a vpostest.Ledger, answers cards from the card book of its Cards
// and injects vpostest.Faults into every request. It never keeps a full
// card number or a CVV: sessions hold masked numbers, a SHA-256 of the
// number and the card-book outcome.
//
// The embedded vpostest.FakeBank gives the Server its URL, Handler, Close,
// Ledger, Faults (every endpoint is wrapped by Faults().Wrap), Cards,
// HTTPClient and Now. Requests(path) returns how many requests reached the
// endpoint at path (one of the exported *Path constants), after fault
// handling.
//
// A Server is safe for concurrent use.
type Server struct {
	*vpostest.FakeBank // listener, base URL, ledger, faults, cards, clock, request counts

	creds Credentials
	book  vpostest.CardBook

	// opMu serialises money-moving operations, so that the ledger and the
	// server's own records change together.
	opMu sync.Mutex

	mu     sync.Mutex
	ids    int                    // counter for generated ids
	txs    map[string]*txRecord   // TransactionId -> record
	orders map[string][]string    // OrderId -> TransactionIds of sales/auths, oldest first
	mpi    map[string]*mpiSession // VerifyEnrollmentRequestId -> session
	mds    map[string]string      // MD -> VerifyEnrollmentRequestId
	cp     map[string]*cpSession  // PaymentToken -> session
	cpMDs  map[string]string      // MD of a hosted-page 3D session -> PaymentToken
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
	s := &Server{
		creds:  creds,
		txs:    map[string]*txRecord{},
		orders: map[string][]string{},
		mpi:    map[string]*mpiSession{},
		mds:    map[string]string{},
		cp:     map[string]*cpSession{},
		cpMDs:  map[string]string{},
	}
	s.FakeBank = vpostest.NewFakeBank(cfg.bank, http.HandlerFunc(s.route))
	s.book = s.Cards().Book()
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
			s.Count(h.path)
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

// Credentials returns the credentials the bank accepts.
func (s *Server) Credentials() Credentials { return s.creds }

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

// panHash returns a SHA-256 of a card number, so that a session can compare
// numbers without keeping one.
func panHash(pan string) [32]byte { return sha256.Sum256([]byte(pan)) }
