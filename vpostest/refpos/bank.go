package refpos

// The fake bank. It is written from the protocol reference in doc.go and
// shares no encoding, decoding or signing code with the adapter (provider.go,
// threed.go, config.go): a fake that shared the adapter's code would share its
// bugs.

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// Bank is a fake bank that speaks the reference protocol over a loopback
// httptest.Server. It books through a vpostest.Ledger, answers cards from a
// vpostest.CardBook and injects faults through vpostest.Faults. It never
// keeps a full card number: the ledger and the 3-D Secure sessions hold the
// masked number and the outcome the card book gave.
//
// A Bank is safe for concurrent use.
type Bank struct {
	srv       *httptest.Server
	ledger    *vpostest.Ledger
	faults    *vpostest.Faults
	cards     vpostest.Cards
	book      vpostest.CardBook
	merchant  string
	password  string
	storeKey  string
	closeOnce sync.Once

	mu       sync.Mutex
	clock    func() time.Time
	gates    map[string]*gateSession // ACS page id -> payment at the ACS
	sessions map[string]*mdSession   // md -> authenticated 3d-model session
}

// BankOption configures NewBank.
type BankOption func(*bankConfig)

type bankConfig struct {
	merchant, password, storeKey string
	clock                        func() time.Time
	cards                        *vpostest.Cards
}

// WithCredentials sets the merchant id, API password and 3-D Secure store
// key the bank accepts. By default the merchant id is "refpos-merchant-1"
// and the password and store key are long random strings, different for
// every Bank.
func WithCredentials(merchant, password, storeKey string) BankOption {
	return func(c *bankConfig) { c.merchant, c.password, c.storeKey = merchant, password, storeKey }
}

// WithClock sets the bank's clock (time.Now by default); see also
// Bank.SetClock.
func WithClock(clock func() time.Time) BankOption {
	return func(c *bankConfig) { c.clock = clock }
}

// WithCards replaces the test cards (vpostest.DefaultCards by default).
func WithCards(cards vpostest.Cards) BankOption {
	return func(c *bankConfig) { c.cards = &cards }
}

// NewBank starts a fake bank on a loopback address. Close it when done.
func NewBank(opts ...BankOption) *Bank {
	cfg := bankConfig{
		merchant: "refpos-merchant-1",
		password: "refpos-password-" + rand.Text(),
		storeKey: "refpos-store-key-" + rand.Text(),
		clock:    time.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.clock == nil {
		cfg.clock = time.Now
	}
	b := &Bank{
		faults:   &vpostest.Faults{},
		merchant: cfg.merchant,
		password: cfg.password,
		storeKey: cfg.storeKey,
		clock:    cfg.clock,
		gates:    map[string]*gateSession{},
		sessions: map[string]*mdSession{},
	}
	if cfg.cards != nil {
		b.cards = *cfg.cards
	} else {
		b.cards = vpostest.DefaultCards(b.now())
	}
	b.book = b.cards.Book()
	b.ledger = vpostest.NewLedger(b.now)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api", b.serveAPI)
	mux.HandleFunc("POST /3d/gate", b.serveGate)
	mux.HandleFunc("POST /3d/acs", b.serveACS)
	b.srv = httptest.NewServer(b.faults.Wrap(mux))
	return b
}

// URL returns the bank's base URL (the Config.Endpoint of an adapter).
func (b *Bank) URL() string { return b.srv.URL }

// Close shuts the bank down, first waking requests that hang under
// vpostest.FaultHangAfterBook. It may be called more than once.
func (b *Bank) Close() {
	b.closeOnce.Do(func() {
		b.faults.Release()
		b.srv.Close()
	})
}

// Ledger returns what the bank booked.
func (b *Bank) Ledger() *vpostest.Ledger { return b.ledger }

// Faults returns the bank's fault injector. Its HTTPClient is the client an
// adapter must use for FaultConnRefused to work.
func (b *Bank) Faults() *vpostest.Faults { return b.faults }

// Cards returns the bank's test cards.
func (b *Bank) Cards() vpostest.Cards { return b.cards }

// Credentials returns the merchant id, API password and store key the bank
// accepts.
func (b *Bank) Credentials() (merchant, password, storeKey string) {
	return b.merchant, b.password, b.storeKey
}

// SetClock replaces the bank's clock (nil restores time.Now). The ledger
// follows it, so tests can cross the Istanbul day boundary.
func (b *Bank) SetClock(clock func() time.Time) {
	if clock == nil {
		clock = time.Now
	}
	b.mu.Lock()
	b.clock = clock
	b.mu.Unlock()
}

func (b *Bank) now() time.Time {
	b.mu.Lock()
	c := b.clock
	b.mu.Unlock()
	return c()
}

// bankCurrencies are the currencies the bank accepts.
var bankCurrencies = map[vpos.Currency]bool{
	vpos.TRY: true, vpos.USD: true, vpos.EUR: true, vpos.GBP: true, vpos.JPY: true, vpos.RUB: true,
}

// bankMaxAmount is the largest amount the bank accepts, in minor units.
const bankMaxAmount = 99999999999

// srvRequest is the API request as the bank reads it (doc.go, "API
// requests"). Unknown fields are refused.
type srvRequest struct {
	Merchant       string `json:"merchant"`
	Password       string `json:"password"`
	Op             string `json:"op"`
	OrderID        string `json:"order_id"`
	Amount         int64  `json:"amount"`
	Currency       string `json:"currency"`
	Installments   int    `json:"installments"`
	PAN            string `json:"pan"`
	Expiry         string `json:"expiry"`
	CVV            string `json:"cvv"`
	MOTO           bool   `json:"moto"`
	From           string `json:"from"`
	To             string `json:"to"`
	MD             string `json:"md"`
	AcceptAttempts bool   `json:"accept_attempts"`
}

// srvReply is the API reply as the bank writes it (doc.go, "API replies").
type srvReply struct {
	Result       string   `json:"result"`
	Code         string   `json:"code"`
	Message      string   `json:"message,omitempty"`
	OrderID      string   `json:"order_id,omitempty"`
	TransID      string   `json:"trans_id,omitempty"`
	AuthCode     string   `json:"auth_code,omitempty"`
	RRN          string   `json:"rrn,omitempty"`
	Status       string   `json:"status,omitempty"`
	OrderCode    string   `json:"order_code,omitempty"`
	Kind         string   `json:"kind,omitempty"`
	Amount       int64    `json:"amount,omitempty"`
	Captured     int64    `json:"captured,omitempty"`
	Refunded     int64    `json:"refunded,omitempty"`
	Currency     string   `json:"currency,omitempty"`
	Installments int      `json:"installments,omitempty"`
	MaskedPAN    string   `json:"masked_pan,omitempty"`
	Created      string   `json:"created,omitempty"`
	Time         string   `json:"time"`
	Rows         []srvRow `json:"rows,omitempty"`
}

// srvRow is one history row.
type srvRow struct {
	Seq          int    `json:"seq"`
	Time         string `json:"time"`
	OrderID      string `json:"order_id"`
	Op           string `json:"op"`
	Result       string `json:"result"`
	Code         string `json:"code"`
	Amount       int64  `json:"amount"`
	Currency     string `json:"currency"`
	Installments int    `json:"installments,omitempty"`
	TransID      string `json:"trans_id"`
	AuthCode     string `json:"auth_code,omitempty"`
	RRN          string `json:"rrn,omitempty"`
	MaskedPAN    string `json:"masked_pan,omitempty"`
}

// The values of a reply's "result".
const (
	srvApproved = "approved"
	srvDeclined = "declined"
	srvError    = "error"
)

func (b *Bank) serveAPI(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		b.writeReply(w, srvFail("REQ", "request body too large or unreadable"))
		return
	}
	var req srvRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		b.writeReply(w, srvFail("REQ", "request is not a valid reference-protocol JSON object"))
		return
	}
	if dec.More() {
		b.writeReply(w, srvFail("REQ", "trailing data after the JSON object"))
		return
	}
	if !b.credentialsOK(req.Merchant, req.Password) {
		b.writeReply(w, srvFail("AUTH", "merchant or password rejected"))
		return
	}
	var rep *srvReply
	switch req.Op {
	case "sale":
		rep = b.opAuthorize(vpostest.KindSale, &req)
	case "preauth":
		rep = b.opAuthorize(vpostest.KindPreAuth, &req)
	case "capture":
		rep = b.opCapture(&req)
	case "void":
		rep = b.opVoid(&req)
	case "refund":
		rep = b.opRefund(&req)
	case "status":
		rep = b.opStatus(&req)
	case "history":
		rep = b.opHistory(&req)
	case "provision":
		rep = b.opProvision(&req)
	default:
		rep = srvFail("REQ", "unknown op")
	}
	b.writeReply(w, rep)
}

func (b *Bank) credentialsOK(merchant, password string) bool {
	m := subtle.ConstantTimeCompare([]byte(merchant), []byte(b.merchant))
	p := subtle.ConstantTimeCompare([]byte(password), []byte(b.password))
	return m&p == 1
}

func (b *Bank) writeReply(w http.ResponseWriter, rep *srvReply) {
	rep.Time = b.stamp(b.now())
	out, err := json.Marshal(rep)
	if err != nil {
		http.Error(w, "refpos bank: cannot encode reply", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

// stamp formats a time the way the protocol does: RFC 3339, whole seconds,
// Europe/Istanbul.
func (b *Bank) stamp(t time.Time) string {
	return t.In(vpos.Istanbul()).Truncate(time.Second).Format(time.RFC3339)
}

func srvFail(code, msg string) *srvReply {
	return &srvReply{Result: srvError, Code: code, Message: msg}
}

// ledgerFail turns a ledger error into the protocol's error reply.
func ledgerFail(err error) *srvReply {
	switch {
	case errors.Is(err, vpostest.ErrDuplicateOrder):
		return srvFail("DUP", "order id already used")
	case errors.Is(err, vpostest.ErrOrderNotFound):
		return srvFail("NF", "no such order")
	case errors.Is(err, vpostest.ErrInvalidState):
		return srvFail("STATE", "operation not possible in the order's state")
	case errors.Is(err, vpostest.ErrAmountExceeded):
		return srvFail("AMT", "amount exceeds what is left")
	case errors.Is(err, vpostest.ErrCurrency), errors.Is(err, vpostest.ErrInvalidAmount), errors.Is(err, vpostest.ErrInvalidRequest):
		return srvFail("REQ", "invalid amount, currency or order id")
	}
	return srvFail("SYS", "internal error; not processed")
}

// orderReply describes o after an operation. For an authorisation (auth)
// the result, code and references are the authorisation's; otherwise the
// operation was approved and trans_id and amount are those of its journal
// entry, the last one.
func (b *Bank) orderReply(o *vpostest.Order, auth bool) *srvReply {
	rep := &srvReply{
		OrderID:      o.OrderID,
		Status:       string(o.Status),
		Kind:         string(o.Kind),
		Captured:     int64(o.Captured),
		Refunded:     int64(o.Refunded),
		Currency:     string(o.Currency),
		Installments: o.Installments,
		MaskedPAN:    o.MaskedPAN,
	}
	if auth {
		rep.Amount = int64(o.Amount)
		rep.TransID, rep.AuthCode, rep.RRN = o.TransID, o.AuthCode, o.RRN
		if o.Status == vpos.StatusDeclined {
			rep.Result, rep.Code, rep.Message = srvDeclined, o.Code, declineText(o.Code)
		} else {
			rep.Result, rep.Code, rep.Message = srvApproved, "00", "approved"
		}
		return rep
	}
	rep.Result, rep.Code, rep.Message = srvApproved, "00", "approved"
	if n := len(o.Entries); n > 0 {
		last := o.Entries[n-1]
		rep.TransID, rep.Amount = last.TransID, int64(last.Amount)
	}
	return rep
}

func declineText(code string) string {
	switch code {
	case "51":
		return "insufficient funds"
	case "05":
		return "do not honour"
	case "41":
		return "lost card, pick up"
	case "43":
		return "stolen card, pick up"
	case "54":
		return "expired card"
	case "82":
		return "cvv mismatch"
	}
	return "declined"
}

func validOrderID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.'
		if !ok {
			return false
		}
	}
	return true
}

func digitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkPayment validates what every authorisation carries.
func checkPayment(orderID string, amount int64, currency string, installments int) *srvReply {
	switch {
	case !validOrderID(orderID):
		return srvFail("REQ", "order_id missing or malformed")
	case amount <= 0 || amount > bankMaxAmount:
		return srvFail("REQ", "amount out of range")
	case !bankCurrencies[vpos.Currency(currency)]:
		return srvFail("REQ", "currency not accepted")
	case installments < 0 || installments > 12:
		return srvFail("REQ", "installments out of range")
	}
	return nil
}

// cardOutcome judges a card: the card book's outcome, or expired when the
// card's MMYY is past by the bank's clock. ok is false for a malformed card.
func (b *Bank) cardOutcome(pan, expiry, cvv string, cvvRequired bool) (vpostest.Outcome, bool) {
	if !digitsOnly(pan) || len(pan) < 12 || len(pan) > 19 {
		return "", false
	}
	if !digitsOnly(expiry) || len(expiry) != 4 {
		return "", false
	}
	mm, _ := strconv.Atoi(expiry[:2])
	yy, _ := strconv.Atoi(expiry[2:])
	if mm < 1 || mm > 12 {
		return "", false
	}
	if cvv != "" || cvvRequired {
		if !digitsOnly(cvv) || len(cvv) < 3 || len(cvv) > 4 {
			return "", false
		}
	}
	now := b.now().In(vpos.Istanbul())
	if y := now.Year() % 100; yy < y || (yy == y && mm < int(now.Month())) {
		return vpostest.OutcomeExpired, true
	}
	return b.book.Outcome(pan), true
}

func (b *Bank) opAuthorize(kind vpostest.Kind, req *srvRequest) *srvReply {
	if rep := checkPayment(req.OrderID, req.Amount, req.Currency, req.Installments); rep != nil {
		return rep
	}
	outcome, ok := b.cardOutcome(req.PAN, req.Expiry, req.CVV, !req.MOTO)
	if !ok {
		return srvFail("REQ", "card data missing or malformed")
	}
	o, err := b.ledger.Authorize(kind, req.OrderID, vpos.Amount(req.Amount), vpos.Currency(req.Currency), req.Installments, req.PAN, outcome)
	if err != nil {
		return ledgerFail(err)
	}
	return b.orderReply(o, true)
}

// checkFollowUp validates a capture, void or refund against the order.
func (b *Bank) checkFollowUp(req *srvRequest) *srvReply {
	if !validOrderID(req.OrderID) {
		return srvFail("REQ", "order_id missing or malformed")
	}
	if req.Amount < 0 {
		return srvFail("REQ", "amount is negative")
	}
	if req.Currency != "" {
		if o, ok := b.ledger.Order(req.OrderID); ok && string(o.Currency) != req.Currency {
			return srvFail("REQ", "currency differs from the order's")
		}
	}
	return nil
}

func (b *Bank) opCapture(req *srvRequest) *srvReply {
	if rep := b.checkFollowUp(req); rep != nil {
		return rep
	}
	o, err := b.ledger.Capture(req.OrderID, vpos.Amount(req.Amount))
	if err != nil {
		return ledgerFail(err)
	}
	return b.orderReply(o, false)
}

func (b *Bank) opVoid(req *srvRequest) *srvReply {
	if rep := b.checkFollowUp(req); rep != nil {
		return rep
	}
	o, err := b.ledger.Void(req.OrderID)
	if err != nil {
		return ledgerFail(err)
	}
	return b.orderReply(o, false)
}

func (b *Bank) opRefund(req *srvRequest) *srvReply {
	if rep := b.checkFollowUp(req); rep != nil {
		return rep
	}
	o, err := b.ledger.Refund(req.OrderID, vpos.Amount(req.Amount))
	if err != nil {
		return ledgerFail(err)
	}
	return b.orderReply(o, false)
}

func (b *Bank) opStatus(req *srvRequest) *srvReply {
	if !validOrderID(req.OrderID) {
		return srvFail("REQ", "order_id missing or malformed")
	}
	o, ok := b.ledger.Order(req.OrderID)
	if !ok {
		return srvFail("NF", "no such order")
	}
	rep := b.orderReply(o, true)
	rep.Result, rep.Code, rep.Message = srvApproved, "00", "order found"
	rep.OrderCode = o.Code
	rep.Created = b.stamp(o.Created)
	return rep
}

func (b *Bank) opHistory(req *srvRequest) *srvReply {
	if req.OrderID != "" && !validOrderID(req.OrderID) {
		return srvFail("REQ", "order_id malformed")
	}
	// An order's history may leave the period open.
	from, to := time.Time{}, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	var err1, err2 error
	if req.From != "" || req.OrderID == "" {
		from, err1 = time.Parse(time.RFC3339Nano, req.From)
	}
	if req.To != "" || req.OrderID == "" {
		to, err2 = time.Parse(time.RFC3339Nano, req.To)
	}
	if err1 != nil || err2 != nil || !to.After(from) {
		return srvFail("REQ", "from and to must be RFC 3339 times, to after from")
	}
	rep := &srvReply{Result: srvApproved, Code: "00", Message: "history", Rows: []srvRow{}}
	for _, e := range b.ledger.Between(from, to) {
		if req.OrderID != "" && e.OrderID != req.OrderID {
			continue
		}
		row := srvRow{
			Seq: e.Seq, Time: b.stamp(e.Time), OrderID: e.OrderID, Op: string(e.Op),
			Result: srvApproved, Code: e.Code, Amount: int64(e.Amount), Currency: string(e.Currency), TransID: e.TransID,
		}
		if !e.Approved {
			row.Result = srvDeclined
		}
		if o, ok := b.ledger.Order(e.OrderID); ok {
			row.Installments, row.MaskedPAN = o.Installments, o.MaskedPAN
			if e.Op == vpos.OpSale || e.Op == vpos.OpPreAuth {
				if e.TransID == o.TransID {
					row.AuthCode, row.RRN = o.AuthCode, o.RRN
				}
			}
		}
		rep.Rows = append(rep.Rows, row)
	}
	return rep
}

func (b *Bank) opProvision(req *srvRequest) *srvReply {
	if req.MD == "" {
		return srvFail("REQ", "md missing")
	}
	b.mu.Lock()
	s := b.sessions[req.MD]
	b.mu.Unlock()
	if s == nil {
		return srvFail("NF", "no such 3-D Secure session")
	}
	if s.orderID != req.OrderID || int64(s.amount) != req.Amount || string(s.currency) != req.Currency {
		return srvFail("REQ", "md belongs to another order, amount or currency")
	}
	switch {
	case s.mdStatus == "1":
	case (s.mdStatus == "2" || s.mdStatus == "3" || s.mdStatus == "4") && req.AcceptAttempts:
	default:
		return &srvReply{Result: srvDeclined, Code: "3DS", Message: "3-D Secure authentication does not allow provisioning", OrderID: s.orderID}
	}
	o, err := b.ledger.Authorize(s.kind, s.orderID, s.amount, s.currency, s.installments, s.maskedPAN, s.outcome)
	if err != nil {
		return ledgerFail(err)
	}
	return b.orderReply(o, true)
}

// token returns a fresh opaque id (base32: letters and the digits 2 to 7,
// so no test CVV can appear in it).
func token() string { return rand.Text() }
