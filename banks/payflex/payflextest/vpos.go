package payflextest

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// vposRequest is a VposRequest (payflex.md §4.4, §5).
type vposRequest struct {
	XMLName                 xml.Name `xml:"VposRequest"`
	MerchantID              string   `xml:"MerchantId"`
	Password                string   `xml:"Password"`
	TerminalNo              string   `xml:"TerminalNo"`
	TransactionType         string   `xml:"TransactionType"`
	TransactionID           string   `xml:"TransactionId"`
	ReferenceTransactionID  string   `xml:"ReferenceTransactionId"`
	CurrencyAmount          string   `xml:"CurrencyAmount"`
	CurrencyCode            string   `xml:"CurrencyCode"`
	ECI                     string   `xml:"ECI"`
	CAVV                    string   `xml:"CAVV"`
	MpiTransactionID        string   `xml:"MpiTransactionId"`
	OrderID                 string   `xml:"OrderId"`
	ClientIP                string   `xml:"ClientIp"`
	TransactionDeviceSource string   `xml:"TransactionDeviceSource"`
	CardHoldersName         string   `xml:"CardHoldersName"`
	Cvv                     string   `xml:"Cvv"`
	Pan                     string   `xml:"Pan"`
	Expiry                  string   `xml:"Expiry"`
	NumberOfInstallments    string   `xml:"NumberOfInstallments"`
}

// vposResponse is a VposResponse (payflex.md §10.2). Empty elements are left
// out, so a refusal is the three-element frame.
type vposResponse struct {
	XMLName                 xml.Name     `xml:"VposResponse"`
	MerchantID              string       `xml:"MerchantId,omitempty"`
	TransactionType         string       `xml:"TransactionType,omitempty"`
	TransactionID           string       `xml:"TransactionId,omitempty"`
	ReferenceTransactionID  string       `xml:"ReferenceTransactionId,omitempty"`
	ResultCode              string       `xml:"ResultCode"`
	ResultDetail            string       `xml:"ResultDetail"`
	CustomItems             *customItems `xml:"CustomItems,omitempty"`
	InstallmentTable        struct{}     `xml:"InstallmentTable"`
	CampaignResult          *struct{}    `xml:"CampaignResult,omitempty"`
	AuthCode                string       `xml:"AuthCode,omitempty"`
	HostDate                string       `xml:"HostDate,omitempty"`
	Rrn                     string       `xml:"Rrn,omitempty"`
	TerminalNo              string       `xml:"TerminalNo,omitempty"`
	CurrencyAmount          string       `xml:"CurrencyAmount,omitempty"`
	CurrencyCode            string       `xml:"CurrencyCode,omitempty"`
	OrderID                 string       `xml:"OrderId,omitempty"`
	ECI                     string       `xml:"ECI,omitempty"`
	ThreeDSecureType        string       `xml:"ThreeDSecureType,omitempty"`
	TransactionDeviceSource string       `xml:"TransactionDeviceSource,omitempty"`
	BatchNo                 string       `xml:"BatchNo,omitempty"`
	TLAmount                string       `xml:"TLAmount,omitempty"`
}

type customItems struct {
	Items []customItem `xml:"Item"`
}

type customItem struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// batchNo is the open batch the fake reports.
const batchNo = "300"

// txRecord is the bank's record of one VPOS transaction.
type txRecord struct {
	ID, Type, OrderID, Ref    string
	Merchant, Terminal        string
	Amount                    vpos.Amount
	Currency                  vpos.Currency
	ResultCode, AuthCode, Rrn string
	HostDate                  string
	ThreeDType, ECI           string
	Approved                  bool
	Created                   time.Time
}

// refusal is a reply without a transaction.
func refusal(code string) *vposResponse {
	return &vposResponse{ResultCode: code, ResultDetail: text(code)}
}

// serveVPOS answers a prmstr request.
func (s *Server) serveVPOS(w http.ResponseWriter, r *http.Request) {
	req, ok := readPrmstr[vposRequest](r)
	if !ok {
		writeXML(w, refusal(rcFormatError))
		return
	}
	writeXML(w, s.vpos(req))
}

// readPrmstr reads the prmstr form field (or, leniently, a raw XML body)
// into a T.
func readPrmstr[T any](r *http.Request) (*T, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, false
	}
	raw := strings.TrimSpace(string(body))
	if !strings.HasPrefix(raw, "<") {
		r.Body = io.NopCloser(strings.NewReader(raw))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			return nil, false
		}
		raw = r.PostForm.Get("prmstr")
	}
	var v T
	if raw == "" || xml.Unmarshal([]byte(raw), &v) != nil {
		return nil, false
	}
	return &v, true
}

// vpos checks the credentials and runs one VposRequest.
func (s *Server) vpos(req *vposRequest) *vposResponse {
	switch {
	case req.MerchantID != s.creds.MerchantID:
		return refusal(rcMerchantNotFound)
	case req.Password != s.creds.Password:
		return refusal(rcAuthFailed)
	}
	typ := req.TransactionType
	switch typ {
	case "Sale", "Auth", "Capture":
		if req.TerminalNo != s.creds.TerminalNo {
			return refusal(rcTerminalUndefined)
		}
	case "Cancel", "Refund":
		if req.TerminalNo != "" && req.TerminalNo != s.creds.TerminalNo {
			return refusal(rcTerminalUndefined)
		}
	default:
		return refusal(rcInvalidTxType)
	}
	if strings.TrimSpace(req.ClientIP) == "" {
		return refusal(rcClientIPRequired)
	}
	if req.TransactionID != "" {
		if len(req.TransactionID) > 64 {
			return refusal(rcInvalidTxID)
		}
	}
	s.opMu.Lock()
	defer s.opMu.Unlock()
	if req.TransactionID != "" && s.tx(req.TransactionID) != nil {
		return refusal(rcTxIDUsed)
	}
	switch typ {
	case "Sale", "Auth":
		if req.MpiTransactionID != "" || req.ECI != "" || req.CAVV != "" {
			return s.provision3D(req)
		}
		return s.authorize(req)
	case "Capture":
		return s.capture(req)
	case "Cancel":
		return s.cancel(req)
	default:
		return s.refund(req)
	}
}

// tx returns the record of a TransactionId, or nil.
func (s *Server) tx(id string) *txRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.txs[id]
}

// authorize runs a non-3D Sale or Auth.
func (s *Server) authorize(req *vposRequest) *vposResponse {
	if req.TransactionDeviceSource == "" {
		return refusal(rcDeviceSource)
	}
	cur, ok := parseCurrency(req.CurrencyCode)
	if !ok {
		return refusal(rcInvalidCurrency)
	}
	amount, ok := parseAmount(req.CurrencyAmount, cur)
	if !ok {
		return refusal(rcInvalidAmount)
	}
	inst, ok := parseInstallments(req.NumberOfInstallments)
	if !ok {
		return refusal(rcBadInstallments)
	}
	if inst > 0 && cur != vpos.TRY {
		return refusal(rcNoInstallments)
	}
	if strings.TrimSpace(req.OrderID) == "" || len(req.OrderID) > 64 {
		return refusal(rcInvalidOrderID)
	}
	if !validPAN(req.Pan) {
		return refusal(rcInvalidPAN)
	}
	y, m, ok := parseYYYYMM(req.Expiry)
	if !ok {
		return refusal(rcInvalidExpiry)
	}
	if len(req.Cvv) < 3 || len(req.Cvv) > 4 || !digits(req.Cvv) {
		return refusal(rcInvalidCVV)
	}
	outcome := s.book.Outcome(req.Pan)
	if expired(y, m, s.Now()) {
		outcome = vpostest.OutcomeExpired
	}
	return s.book1(req, cur, amount, inst, req.Pan, req.CardHoldersName, outcome, "1", "")
}

// book1 books a Sale or Auth in the ledger and answers it.
func (s *Server) book1(req *vposRequest, cur vpos.Currency, amount vpos.Amount, inst int, pan, holder string,
	outcome vpostest.Outcome, threeDType, eci string) *vposResponse {
	kind := vpostest.KindSale
	if req.TransactionType == "Auth" {
		kind = vpostest.KindPreAuth
	}
	o, err := s.Ledger().Authorize(kind, req.OrderID, amount, cur, inst, pan, outcome)
	if err != nil {
		if errors.Is(err, vpostest.ErrDuplicateOrder) {
			return refusal(rcOrderUsed)
		}
		return refusal(rcInvalidAmount)
	}
	id := req.TransactionID
	if id == "" {
		id = s.newID("tx")
	}
	rec := &txRecord{
		ID: id, Type: req.TransactionType, OrderID: o.OrderID, Merchant: s.creds.MerchantID, Terminal: s.creds.TerminalNo,
		Amount: amount, Currency: cur, Rrn: o.RRN, HostDate: hostDate(o.Created),
		ThreeDType: threeDType, ECI: eci, Approved: o.Status == vpos.StatusApproved, Created: o.Created,
	}
	if rec.Approved {
		rec.ResultCode, rec.AuthCode = rcApproved, o.AuthCode
	} else {
		rec.ResultCode, rec.AuthCode = declineCode(outcome), "000000"
	}
	s.mu.Lock()
	s.txs[id] = rec
	s.orders[o.OrderID] = append(s.orders[o.OrderID], id)
	s.mu.Unlock()
	resp := s.reply(rec)
	resp.OrderID = rec.OrderID
	resp.TransactionDeviceSource = req.TransactionDeviceSource
	if resp.TransactionDeviceSource == "" {
		resp.TransactionDeviceSource = "0"
	}
	resp.ThreeDSecureType = threeDType
	resp.ECI = eci
	if holder != "" && rec.Approved {
		resp.CustomItems = &customItems{Items: []customItem{{Name: "CardHolderName", Value: maskName(holder)}}}
	}
	return resp
}

// reply is the full reply frame of a record.
func (s *Server) reply(rec *txRecord) *vposResponse {
	return &vposResponse{
		MerchantID:             rec.Merchant,
		TransactionType:        rec.Type,
		TransactionID:          rec.ID,
		ReferenceTransactionID: rec.Ref,
		ResultCode:             rec.ResultCode,
		ResultDetail:           text(rec.ResultCode),
		CampaignResult:         &struct{}{},
		AuthCode:               rec.AuthCode,
		HostDate:               rec.HostDate,
		Rrn:                    rec.Rrn,
		TerminalNo:             rec.Terminal,
		CurrencyAmount:         formatAmount(rec.Amount, rec.Currency),
		CurrencyCode:           numeric(rec.Currency),
		BatchNo:                batchNo,
		TLAmount:               formatAmount(rec.Amount, rec.Currency),
	}
}

// numeric returns the ISO numeric code of cur as three digits.
func numeric(cur vpos.Currency) string {
	for k, v := range currencies {
		if v == cur {
			return k
		}
	}
	return ""
}

// original finds the sale, pre-authorisation or capture a follow-up
// references; code is the refusal when there is none.
func (s *Server) original(req *vposRequest) (rec *txRecord, code string) {
	if strings.TrimSpace(req.ReferenceTransactionID) == "" {
		return nil, rcInvalidTxID
	}
	rec = s.tx(req.ReferenceTransactionID)
	if rec == nil || rec.Merchant != req.MerchantID {
		return nil, rcOriginalNotFound
	}
	switch rec.Type {
	case "Sale", "Auth", "Capture":
	default:
		return nil, rcRefNotSuitable
	}
	if !rec.Approved {
		return nil, rcRefNotSuitable
	}
	return rec, ""
}

// followUp records an approved capture, cancel or refund and answers it.
func (s *Server) followUp(req *vposRequest, orig *txRecord, amount vpos.Amount) *vposResponse {
	id := req.TransactionID
	if id == "" {
		id = s.newID("tx")
	}
	now := s.Now()
	rec := &txRecord{
		ID: id, Type: req.TransactionType, OrderID: orig.OrderID, Ref: orig.ID, Merchant: orig.Merchant, Terminal: orig.Terminal,
		Amount: amount, Currency: orig.Currency, ResultCode: rcApproved, AuthCode: s.newCode(), Rrn: orig.Rrn[:4] + s.newCode()[:2] + s.newCode(),
		HostDate: hostDate(now), ThreeDType: orig.ThreeDType, Approved: true, Created: now,
	}
	s.mu.Lock()
	s.txs[id] = rec
	s.mu.Unlock()
	return s.reply(rec)
}

// capture closes a pre-authorisation, fully or partly.
func (s *Server) capture(req *vposRequest) *vposResponse {
	orig, code := s.original(req)
	if code != "" {
		return refusal(code)
	}
	if orig.Type != "Auth" {
		return refusal(rcNoPreAuth)
	}
	if c, ok := parseCurrency(req.CurrencyCode); req.CurrencyCode != "" && (!ok || c != orig.Currency) {
		return refusal(rcInvalidCurrency)
	}
	amount, ok := parseAmount(req.CurrencyAmount, orig.Currency)
	if !ok {
		return refusal(rcInvalidAmount)
	}
	o, _ := s.Ledger().Order(orig.OrderID)
	switch {
	case o == nil:
		return refusal(rcOriginalNotFound)
	case o.Status == vpos.StatusVoided:
		return refusal(rcPreAuthCancelled)
	case o.Captured > 0:
		return refusal(rcPreAuthClosed)
	case amount > o.Amount:
		return refusal(rcCaptureMismatch)
	}
	if _, err := s.Ledger().Capture(orig.OrderID, amount); err != nil {
		return refusal(rcRefNotSuitable)
	}
	return s.followUp(req, orig, amount)
}

// cancel voids a sale, pre-authorisation or capture on its day.
func (s *Server) cancel(req *vposRequest) *vposResponse {
	orig, code := s.original(req)
	if code != "" {
		return refusal(code)
	}
	o, _ := s.Ledger().Order(orig.OrderID)
	switch {
	case o == nil:
		return refusal(rcOriginalNotFound)
	case o.Status == vpos.StatusVoided:
		return refusal(rcAlreadyCancelled)
	case o.Status != vpos.StatusApproved:
		return refusal(rcRefNotSuitable)
	case !sameDay(o.Created, s.Now()):
		return refusal(rcBatchClosed)
	}
	if _, err := s.Ledger().Void(orig.OrderID); err != nil {
		return refusal(rcRefNotSuitable)
	}
	amount := o.Amount
	if o.Captured > 0 {
		amount = o.Captured
	}
	return s.followUp(req, orig, amount)
}

// refund returns money of a sale or a captured pre-authorisation.
func (s *Server) refund(req *vposRequest) *vposResponse {
	orig, code := s.original(req)
	if code != "" {
		return refusal(code)
	}
	amount, ok := parseAmount(req.CurrencyAmount, orig.Currency)
	if !ok {
		return refusal(rcInvalidAmount)
	}
	o, _ := s.Ledger().Order(orig.OrderID)
	switch {
	case o == nil:
		return refusal(rcOriginalNotFound)
	case o.Status == vpos.StatusVoided:
		return refusal(rcRefundCancelled)
	case o.Captured == 0:
		return refusal(rcRefNotSuitable)
	case o.Captured == o.Refunded:
		return refusal(rcFullyRefunded)
	case amount > o.Captured:
		return refusal(rcRefundOverSale)
	case amount > o.Captured-o.Refunded:
		return refusal(rcRefundOverTotal)
	}
	if _, err := s.Ledger().Refund(orig.OrderID, amount); err != nil {
		return refusal(rcRefNotSuitable)
	}
	return s.followUp(req, orig, amount)
}

// sameDay reports whether a and b fall on one Istanbul calendar day.
func sameDay(a, b time.Time) bool {
	ay, am, ad := a.In(vpos.Istanbul()).Date()
	by, bm, bd := b.In(vpos.Istanbul()).Date()
	return ay == by && am == bm && ad == bd
}
