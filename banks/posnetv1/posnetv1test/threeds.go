package posnetv1test

// 3-D Secure (posnet.md §10, §12): the gate, the fake ACS and its signed
// callback, and the provision (Sale or Auth with ThreeDSecureData).

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// session is one 3-D Secure payment, from the gate to the provision. It
// keeps the card masked and its outcome; never the number or the CVV.
type session struct {
	orderID        string // the 20-character OrderId of the form
	pay            payment
	kind           vpostest.Kind
	tranType       string // Sale or Auth
	masked, prefix string
	mastercard     bool
	outcome        vpostest.Outcome
	returnURL      string

	answered                 bool // the ACS was answered
	mdStatus, mdErrorMessage string
	eci, cavv, md, secureID  string
	provisioned              bool
}

// callbackMacParams is the MacParams of the callback (§12).
const callbackMacParams = "ECI:CAVV:MdStatus:MdErrorMessage:MD:SecureTransactionId"

// gateAliases are the form fields the gate's MacParams names stand for:
// the MacParams says Cvc2 and ExpireDate, the form posts Cvv and
// ExpiredDate (the quirk of §10).
var gateAliases = map[string]string{"Cvc2": "Cvv", "ExpireDate": "ExpiredDate"}

// gatePlainError answers a gate request the gate cannot serve.
func gatePlainError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "posnetv1test: %s\n", msg)
}

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// gateSession validates the gate form and returns its session, or why it
// is refused.
func (s *Server) gateSession(f url.Values) (*session, string) {
	switch {
	case f.Get("MerchantNo") != s.creds.MerchantNo || f.Get("TerminalNo") != s.creds.TerminalNo ||
		f.Get("PosnetID") != s.creds.PosnetID:
		return nil, "INVALID MID TID POSNETID"
	case f.Get("UseOOS") == "1":
		return nil, "UseOOS=1 (card entry on the bank's page) is not emulated"
	case f.Get("TxnState") != "INITIAL":
		return nil, "TxnState must be INITIAL"
	}
	params := f.Get("MacParams")
	names := strings.Split(params, ":")
	for _, need := range []string{"MerchantNo", "TerminalNo", "CardNo", "Amount"} {
		if !slices.Contains(names, need) {
			return nil, "MacParams must name MerchantNo, TerminalNo, CardNo and Amount"
		}
	}
	vals := make([]string, len(names))
	for i, n := range names {
		if alias, ok := gateAliases[n]; ok && !f.Has(n) {
			n = alias
		}
		vals[i] = f.Get(n)
	}
	if !equalMAC(f.Get("Mac"), MAC(s.creds.EncKey, vals...)) {
		return nil, codeMAC + " " + texts[codeMAC]
	}
	orderID := f.Get("OrderId")
	if !validOrderID(orderID) {
		return nil, "OrderId must be 20 characters, left-padded with 0"
	}
	pf := fields{}
	for _, k := range []string{"Amount", "CurrencyCode", "InstallmentCount"} {
		pf[k] = f.Get(k)
	}
	p, bad := parsePayment(pf, true)
	if bad != "" {
		return nil, "malformed " + bad
	}
	kind := map[string]vpostest.Kind{"Sale": vpostest.KindSale, "Auth": vpostest.KindPreAuth}[f.Get("TransactionType")]
	if kind == "" {
		return nil, "TransactionType must be Sale or Auth"
	}
	pan := f.Get("CardNo")
	outcome, rep := s.cardCheck(pan, f.Get("ExpiredDate"), f.Get("Cvv"), s.Now())
	if rep != nil {
		return nil, rep.ServiceResponseData.ResponseCode + " " + rep.ServiceResponseData.ResponseDescription
	}
	return &session{
		orderID: orderID, pay: p, kind: kind, tranType: f.Get("TransactionType"),
		masked: vpos.MaskPAN(pan), prefix: pan[:6], mastercard: pan[0] == '5' || pan[0] == '2', outcome: outcome,
		returnURL: f.Get("MerchantReturnURL"),
	}, ""
}

func (s *Server) serveGate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		gatePlainError(w, http.StatusBadRequest, "unreadable form")
		return
	}
	if !absoluteHTTP(r.PostForm.Get("MerchantReturnURL")) {
		gatePlainError(w, http.StatusBadRequest, "MerchantReturnURL must be an absolute http(s) URL")
		return
	}
	sess, why := s.gateSession(r.PostForm)
	if sess == nil {
		gatePlainError(w, http.StatusBadRequest, why)
		return
	}
	id := token(24)
	s.mu.Lock()
	s.pages[id] = sess
	s.mu.Unlock()
	summary := fmt.Sprintf("Albaraka POSNET V1 test ACS: OrderId %s, %s %s, kart %s",
		sess.orderID, trAmount(sess.pay.amount, sess.pay.cur), sess.pay.code, sess.masked)
	if err := vpostest.WriteACSPage(w, s.URL()+acsPath, url.Values{"session": {id}}, summary); err != nil {
		gatePlainError(w, http.StatusInternalServerError, "cannot render the ACS page")
	}
}

// cavv returns a random 28-character Base64 CAVV (20 bytes) without three
// digits in a row, so that it cannot hold a test CVV.
func cavv() string {
	for {
		b := make([]byte, 20)
		_, _ = rand.Read(b)
		c := base64.StdEncoding.EncodeToString(b)
		run := 0
		ok := true
		for _, ch := range c {
			if ch >= '0' && ch <= '9' {
				run++
			} else {
				run = 0
			}
			if run >= 3 {
				ok = false
				break
			}
		}
		if ok {
			return c
		}
	}
}

// authentication fills the ACS answer of sess for mdStatus md: ECI by
// brand (Visa 05/06/07, Mastercard 02/01/00), CAVV for 1 and 4 only,
// MdErrorMessage, MD and SecureTransactionId.
func (sess *session) authentication(md string) {
	eci := map[string][2]string{"1": {"05", "02"}, "4": {"06", "01"}}[md]
	if eci[0] == "" {
		eci = [2]string{"07", "00"}
	}
	sess.eci = eci[0]
	if sess.mastercard {
		sess.eci = eci[1]
	}
	if md == "1" || md == "4" {
		sess.cavv = cavv()
	}
	sess.mdStatus = md
	sess.mdErrorMessage = map[string]string{
		"1": "Authenticated", "4": "Attempt", "2": "Card not enrolled", "0": "Not authenticated",
	}[md]
	sess.secureID = digits6(16)
	sess.md = "0" + digits6(18)
}

func (s *Server) serveACS(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		gatePlainError(w, http.StatusBadRequest, "unreadable form")
		return
	}
	outcome, err := vpostest.ParseACSOutcome(r.PostForm.Get(vpostest.ACSOutcomeField))
	if err != nil {
		gatePlainError(w, http.StatusBadRequest, "unknown ACS outcome")
		return
	}
	id := r.PostForm.Get("session")
	s.mu.Lock()
	sess := s.pages[id]
	delete(s.pages, id)
	if sess == nil || sess.answered {
		s.mu.Unlock()
		gatePlainError(w, http.StatusNotFound, "no such ACS session")
		return
	}
	sess.answered = true
	sess.authentication(outcome.MDStatus())
	s.secure[sess.secureID] = sess
	s.mu.Unlock()
	enc := s.creds.EncKey
	if s.Faults().Take(vpostest.FaultBadCallbackSignature) {
		enc = "corrupted" + enc
	}
	mac := MAC(enc, sess.eci, sess.cavv, sess.mdStatus, sess.mdErrorMessage, sess.md, sess.secureID)
	cb := url.Values{
		"CCPrefix": {sess.prefix}, "TranType": {sess.tranType}, "Amount": {fmt.Sprint(int64(sess.pay.amount))},
		"OrderId": {sess.orderID}, "MerchantId": {s.creds.MerchantNo}, "CAVV": {sess.cavv}, "CAVVAlgorithm": {"3"},
		"ECI": {sess.eci}, "MD": {sess.md}, "MdErrorMessage": {sess.mdErrorMessage}, "MdStatus": {sess.mdStatus},
		"SecureTransactionId": {sess.secureID}, "CurrencyCode": {numericCurrency[sess.pay.cur]},
		"InstalmentCode": {fmt.Sprint(sess.pay.inst)}, "VtfCode": {""}, "PointAmount": {"0"},
		"Mac": {mac}, "MacParams": {callbackMacParams},
	}
	(&threed.Form{Action: sess.returnURL, Method: http.MethodPost, Fields: cb}).ServeHTTP(w, r)
}

// doProvision books a 3-D Secure payment (§10): a Sale or Auth whose
// ThreeDSecureData carries the callback's SecureTransactionId, CAVV
// (CavvData), ECI (Eci), MdStatus and MD. Once per authentication, after
// MdStatus 1 only. OrderId, Amount and CurrencyCode, when sent, must be
// the form's.
func (s *Server) doProvision(req *request, kind vpostest.Kind, tds fields) *finReply {
	s.mu.Lock()
	sess := s.secure[tds.get("SecureTransactionId")]
	s.mu.Unlock()
	if sess == nil {
		return fail(code3DData, ": SecureTransactionId")
	}
	f := req.f
	if tds.get("CavvData") != sess.cavv || tds.get("Eci") != sess.eci || tds.get("MD") != sess.md ||
		tds.get("MdStatus") != sess.mdStatus {
		return fail(code3DData, "")
	}
	if id := f.get("OrderId"); id != "" && id != sess.orderID && id != "TDS_"+sess.orderID {
		return fail(code3DData, ": OrderId")
	}
	if a := f.get("Amount"); a != "" && a != fmt.Sprint(int64(sess.pay.amount)) {
		return fail(code3DData, ": Amount")
	}
	if c := f.get("CurrencyCode"); c != "" && c != sess.pay.code {
		return fail(code3DData, ": CurrencyCode")
	}
	if kind != sess.kind {
		return fail(codeState, ": the form's TransactionType was "+sess.tranType)
	}
	if sess.mdStatus != "1" {
		return fail(code3DFailed, "")
	}
	s.mu.Lock()
	used := sess.provisioned
	sess.provisioned = true
	s.mu.Unlock()
	if used {
		return fail(codeDuplicate, "")
	}
	key := ledgerKey(sess.orderID)
	o, err := s.Ledger().Authorize(sess.kind, key, sess.pay.amount, sess.pay.cur, sess.pay.inst, sess.masked, sess.outcome)
	if err != nil {
		return s.ledgerError(err)
	}
	tx := s.newTx(key, o, o.AuthCode)
	s.mu.Lock()
	s.orders[key] = &orderInfo{ref: "TDS_" + sess.orderID, threeD: true, auth: tx}
	s.mu.Unlock()
	if o.Status == vpos.StatusDeclined {
		return fail(declineCode(o.Code), "")
	}
	return approved(tx)
}
