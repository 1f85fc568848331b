package payflextest

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// CPHashConstant is the constant suffix of the Common Payment v4 HashedData
// (payflex.md §9; hard-coded in mewebstudio).
const CPHashConstant = "VBank3DPay2014"

// CPHash returns the HashedData of a RegisterTransaction (payflex.md §9):
// Base64(SHA1(HostMerchantId + AmountCode + Amount + MerchantPassword + "" +
// "VBank3DPay2014")), every part as sent.
func CPHash(hostMerchantID, amountCode, amount, merchantPassword string) string {
	sum := sha1.Sum([]byte(hostMerchantID + amountCode + amount + merchantPassword + "" + CPHashConstant))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// cpSession is one registered Common Payment transaction.
type cpSession struct {
	Token, Merchant, Terminal, Type, OrderID string
	Amount                                   vpos.Amount
	Currency                                 vpos.Currency
	Installments                             int
	SuccessURL, FailURL                      string
	HasCard                                  bool
	MaskedPAN, Brand                         string
	Outcome                                  vpostest.Outcome
	MD                                       string
	Done                                     bool
	Result                                   url.Values
	TxID                                     string
	Created                                  time.Time
}

// cpResultFields are the fields the hosted page sends back (payflex.md §9;
// OrderID, AuthCode and Rrn are the fake's additions).
var cpResultFields = []string{"Rc", "Message", "TransactionId", "PaymentToken", "ErrorCode", "HostRc", "OrderID", "AuthCode", "Rrn"}

// cpRegisterResponse is the RegisterTransaction reply. The root name is the
// fake's choice (payflex.md gives the field names only).
type cpRegisterResponse struct {
	XMLName          xml.Name `xml:"CommonPaymentResponse"`
	CommonPaymentURL string   `xml:"CommonPaymentUrl"`
	PaymentToken     string   `xml:"PaymentToken"`
	ErrorCode        string   `xml:"ErrorCode"`
	ResponseMessage  string   `xml:"ResponseMessage"`
}

const rcNonSecure = "1111"

func init() { resultText[rcNonSecure] = "Üye işyeri 3D'siz işlem yapamaz." }

// serveCPRegister answers a RegisterTransaction.
func (s *Server) serveCPRegister(w http.ResponseWriter, r *http.Request) {
	fail := func(code string) {
		writeXML(w, &cpRegisterResponse{ErrorCode: code, ResponseMessage: text(code)})
	}
	if err := r.ParseForm(); err != nil {
		fail(rcFormatError)
		return
	}
	f := r.PostForm
	switch {
	case f.Get("HostMerchantId") != s.creds.MerchantID:
		fail(rcCPMerchant)
		return
	case f.Get("MerchantPassword") != s.creds.Password:
		fail(rcCPLogin)
		return
	case f.Get("HostTerminalId") != s.creds.TerminalNo:
		fail(rcTerminalUndefined)
		return
	case f.Get("HashedData") != CPHash(f.Get("HostMerchantId"), f.Get("AmountCode"), f.Get("Amount"), f.Get("MerchantPassword")):
		fail(rcCPHash)
		return
	}
	typ := f.Get("TransactionType")
	if typ != "Sale" && typ != "Auth" {
		fail(rcInvalidTxType)
		return
	}
	cur, ok := parseCurrency(f.Get("AmountCode"))
	if !ok {
		fail(rcInvalidCurrency)
		return
	}
	amount, ok := parseAmount(f.Get("Amount"), cur)
	if !ok {
		fail(rcInvalidAmount)
		return
	}
	inst, ok := parseInstallments(f.Get("InstallmentCount"))
	if !ok {
		fail(rcBadInstallments)
		return
	}
	if inst > 0 && cur != vpos.TRY {
		fail(rcNoInstallments)
		return
	}
	order := f.Get("OrderID")
	if strings.TrimSpace(order) == "" || len(order) > 64 {
		fail(rcInvalidOrderID)
		return
	}
	if !strings.EqualFold(f.Get("IsSecure"), "true") {
		fail(rcNonSecure)
		return
	}
	if !absURL(f.Get("SuccessUrl")) || !absURL(f.Get("FailUrl")) {
		fail(rcFormatError)
		return
	}
	if o, ok := s.Ledger().Order(order); ok && o.Status != vpos.StatusDeclined {
		fail(rcOrderUsed)
		return
	}
	sess := &cpSession{
		Token: s.newID("ptkn"), Merchant: s.creds.MerchantID, Terminal: s.creds.TerminalNo, Type: typ, OrderID: order,
		Amount: amount, Currency: cur, Installments: inst, SuccessURL: f.Get("SuccessUrl"), FailURL: f.Get("FailUrl"),
		Created: s.Now(),
	}
	if pan := f.Get("PAN"); pan != "" { // 3D Pay: the merchant sent the card
		if code := s.cpCard(sess, pan, f.Get("ExpireMonth"), f.Get("ExpireYear"), f.Get("CVV")); code != "" {
			fail(code)
			return
		}
	}
	s.mu.Lock()
	s.cp[sess.Token] = sess
	s.mu.Unlock()
	writeXML(w, &cpRegisterResponse{CommonPaymentURL: s.CPGateURL(), PaymentToken: sess.Token})
}

// cpCard checks a card and notes its outcome in sess; it returns a refusal
// code or "".
func (s *Server) cpCard(sess *cpSession, pan, month, year, cvv string) string {
	if !validPAN(pan) {
		return rcInvalidPAN
	}
	m, err1 := strconv.Atoi(month)
	y, err2 := strconv.Atoi(year)
	if err1 != nil || err2 != nil || m < 1 || m > 12 {
		return rcInvalidExpiry
	}
	if y < 100 {
		y += 2000
	}
	if len(cvv) < 3 || len(cvv) > 4 || !digits(cvv) {
		return rcInvalidCVV
	}
	sess.HasCard, sess.MaskedPAN, sess.Brand = true, vpos.MaskPAN(pan), brandOf(pan)
	sess.Outcome = s.book.Outcome(pan)
	if expired(y, m, s.Now()) {
		sess.Outcome = vpostest.OutcomeExpired
	}
	return ""
}

// cpSessionFor returns the session of a token, or nil.
func (s *Server) cpSessionFor(token string) *cpSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cp[token]
}

var cardPage = template.Must(template.New("card").Parse(`<!DOCTYPE html>
<html lang="tr"><head><meta charset="utf-8"><title>Ortak Ödeme Sayfası</title></head>
<body><h1>Ortak Ödeme Sayfası</h1><p>{{.Summary}}</p>
<form method="post" action="{{.Action}}">
<input type="hidden" name="Ptkn" value="{{.Token}}">
<label>Kart numarası <input name="Pan" value="{{.Pan}}"></label>
<label>Ay <input name="ExpireMonth" value="{{.Month}}"></label>
<label>Yıl <input name="ExpireYear" value="{{.Year}}"></label>
<label>CVV <input name="Cvv" value="{{.CVV}}"></label>
<button type="submit">Öde</button>
</form></body></html>
`))

// serveCPGate is the hosted page: GET ?Ptkn=token. With the card already
// registered (3D Pay) it goes straight to the ACS; otherwise it shows a card
// form, prefilled with Cards().ThreeD for the programmatic shopper.
func (s *Server) serveCPGate(w http.ResponseWriter, r *http.Request) {
	sess := s.cpSessionFor(r.FormValue("Ptkn"))
	var done, hasCard bool
	if sess != nil {
		s.mu.Lock()
		done, hasCard = sess.Done, sess.HasCard
		s.mu.Unlock()
	}
	if sess == nil || done {
		http.Error(w, "payflextest: unknown or used payment token", http.StatusBadRequest)
		return
	}
	if hasCard {
		s.cpToACS(w, sess)
		return
	}
	c := s.Cards().ThreeD
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = cardPage.Execute(w, map[string]string{
		"Action": s.URL() + cpPayPath, "Token": sess.Token,
		"Summary": fmt.Sprintf("Sipariş %s, tutar %s %s", sess.OrderID, formatAmount(sess.Amount, sess.Currency), sess.Currency),
		"Pan":     c.Number, "Month": fmt.Sprintf("%02d", c.ExpMonth), "Year": strconv.Itoa(c.ExpYear), "CVV": c.CVV,
	})
}

// serveCPPay takes the card typed on the hosted page.
func (s *Server) serveCPPay(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "payflextest: bad card form", http.StatusBadRequest)
		return
	}
	f := r.PostForm
	sess := s.cpSessionFor(f.Get("Ptkn"))
	if sess == nil {
		http.Error(w, "payflextest: unknown payment token", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	done := sess.Done
	var code string
	if !done {
		code = s.cpCard(sess, f.Get("Pan"), f.Get("ExpireMonth"), f.Get("ExpireYear"), f.Get("Cvv"))
	}
	s.mu.Unlock()
	if done || code != "" {
		http.Error(w, "payflextest: "+text(code), http.StatusBadRequest)
		return
	}
	s.cpToACS(w, sess)
}

// cpToACS sends the shopper to the ACS with PaReq, TermUrl and MD.
func (s *Server) cpToACS(w http.ResponseWriter, sess *cpSession) {
	md := s.newID("cpmd")
	s.mu.Lock()
	sess.MD = md
	s.cpMDs[md] = sess.Token
	s.mu.Unlock()
	writeAutoPost(w, s.URL()+acsPath, url.Values{
		"PaReq":   {base64.StdEncoding.EncodeToString([]byte("PaReq:" + md))},
		"TermUrl": {s.URL() + cpTermPath},
		"MD":      {md},
	})
}

// serveCPTerm ends the hosted page's 3-D Secure: on Y or A the bank books
// the sale or pre-authorisation (ThreeDSecureType 3) and sends the result
// to SuccessUrl, otherwise to FailUrl, as a GET form (query string).
func (s *Server) serveCPTerm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "payflextest: bad PaRes form", http.StatusBadRequest)
		return
	}
	outcome, err := vpostest.ParseACSOutcome(r.PostForm.Get(vpostest.ACSOutcomeField))
	if err != nil {
		http.Error(w, "payflextest: bad PaRes", http.StatusBadRequest)
		return
	}
	s.opMu.Lock()
	defer s.opMu.Unlock()
	s.mu.Lock()
	sess := s.cp[s.cpMDs[r.PostForm.Get("MD")]]
	if sess == nil || sess.Done {
		s.mu.Unlock()
		http.Error(w, "payflextest: unknown or used MD", http.StatusBadRequest)
		return
	}
	sess.Done = true
	s.mu.Unlock()
	status, eci, _ := acsResult(outcome, sess.Brand, sess.MD)
	res := url.Values{}
	for _, f := range cpResultFields {
		res.Set(f, "")
	}
	res.Set("PaymentToken", sess.Token)
	res.Set("OrderID", sess.OrderID)
	target := sess.FailURL
	if status != "Y" && status != "A" {
		res.Set("Rc", rc3DFailed)
		res.Set("ErrorCode", rc3DFailed)
		res.Set("Message", text(rc3DFailed))
	} else {
		req := &vposRequest{TransactionType: sess.Type, OrderID: sess.OrderID, TransactionDeviceSource: "0"}
		resp := s.book1(req, sess.Currency, sess.Amount, sess.Installments, sess.MaskedPAN, "", sess.Outcome, "3", eci)
		res.Set("Rc", resp.ResultCode)
		res.Set("Message", resp.ResultDetail)
		res.Set("TransactionId", resp.TransactionID)
		res.Set("AuthCode", resp.AuthCode)
		res.Set("Rrn", resp.Rrn)
		if resp.TransactionID != "" {
			res.Set("HostRc", resp.ResultCode[2:])
		}
		if resp.ResultCode == rcApproved {
			target = sess.SuccessURL
		} else {
			res.Set("ErrorCode", resp.ResultCode)
		}
		s.mu.Lock()
		sess.TxID = resp.TransactionID
		s.mu.Unlock()
	}
	s.mu.Lock()
	sess.Result = res
	s.mu.Unlock()
	writeAutoGet(w, target, res)
}

var autoGet = template.Must(template.New("get").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Yönlendiriliyor</title></head>
<body onload="document.forms[0].submit()">
<form method="get" action="{{.Action}}">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<noscript><button type="submit">Devam</button></noscript>
</form></body></html>
`))

// writeAutoGet writes an auto-submitting GET form: the browser lands on
// action with the fields as its query string.
func writeAutoGet(w http.ResponseWriter, action string, fields url.Values) {
	type field struct{ Name, Value string }
	var fs []field
	for _, k := range cpResultFields {
		fs = append(fs, field{k, fields.Get(k)})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = autoGet.Execute(w, struct {
		Action string
		Fields []field
	}{action, fs})
}

// cpQueryResponse is the VposTransaction reply. Root and layout are the
// fake's choice (payflex.md §9 gives only the request); the fields reuse the
// result's names plus the amount.
type cpQueryResponse struct {
	XMLName          xml.Name `xml:"VposTransactionResponse"`
	Rc               string   `xml:"Rc"`
	Message          string   `xml:"Message"`
	ErrorCode        string   `xml:"ErrorCode"`
	TransactionID    string   `xml:"TransactionId,omitempty"`
	PaymentToken     string   `xml:"PaymentToken,omitempty"`
	OrderID          string   `xml:"OrderID,omitempty"`
	TransactionType  string   `xml:"TransactionType,omitempty"`
	AuthCode         string   `xml:"AuthCode,omitempty"`
	Rrn              string   `xml:"Rrn,omitempty"`
	Amount           string   `xml:"Amount,omitempty"`
	AmountCode       string   `xml:"AmountCode,omitempty"`
	ThreeDSecureType string   `xml:"ThreeDSecureType,omitempty"`
	HostDate         string   `xml:"HostDate,omitempty"`
}

// serveCPQuery answers VposTransaction: the booked result of a payment
// token (and TransactionId, when sent, must be its transaction). A token
// whose page has not finished answers 9601.
func (s *Server) serveCPQuery(w http.ResponseWriter, r *http.Request) {
	fail := func(code string) {
		writeXML(w, &cpQueryResponse{Rc: code, ErrorCode: code, Message: text(code)})
	}
	if err := r.ParseForm(); err != nil {
		fail(rcFormatError)
		return
	}
	f := r.PostForm
	switch {
	case f.Get("HostMerchantId") != s.creds.MerchantID:
		fail(rcCPMerchant)
		return
	case f.Get("MerchantPassword") != s.creds.Password:
		fail(rcCPLogin)
		return
	case f.Get("HostTerminalId") != s.creds.TerminalNo:
		fail(rcTerminalUndefined)
		return
	}
	s.opMu.Lock()
	defer s.opMu.Unlock()
	s.mu.Lock()
	sess := s.cp[f.Get("PaymentToken")]
	var txID, typ string
	var res url.Values
	if sess != nil {
		txID, typ, res = sess.TxID, sess.Type, sess.Result
	}
	rec := s.txs[txID]
	s.mu.Unlock()
	if sess == nil || res == nil || (f.Get("TransactionId") != "" && f.Get("TransactionId") != txID) {
		fail(rcRecordNotFound)
		return
	}
	rep := &cpQueryResponse{
		Rc: res.Get("Rc"), Message: res.Get("Message"), ErrorCode: res.Get("ErrorCode"), TransactionID: txID,
		PaymentToken: sess.Token, OrderID: sess.OrderID, TransactionType: typ,
		Amount: formatAmount(sess.Amount, sess.Currency), AmountCode: numeric(sess.Currency),
	}
	if rec != nil {
		rep.AuthCode, rep.Rrn, rep.ThreeDSecureType, rep.HostDate = rec.AuthCode, rec.Rrn, rec.ThreeDType, rec.HostDate
	}
	writeXML(w, rep)
}
