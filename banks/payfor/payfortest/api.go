package payfortest

// The API (payfor.md §1, §3, §4, §12.1, §12.2, §12.4-§12.6): XMLGate.aspx
// and the form encoding on Default.aspx.

import (
	"crypto/subtle"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// serveXMLAPI answers XMLGate.aspx.
func (s *Server) serveXMLAPI(w http.ResponseWriter, r *http.Request) {
	s.Count(KindAPI)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	var req *request
	if err == nil {
		req, err = parseXMLRequest(body)
	}
	if err != nil {
		s.mu.Lock()
		p := s.errorPay(&request{xml: true, fields: map[string]string{}}, codePlugin, msgPlugin)
		s.mu.Unlock()
		writeReply(w, true, p.pairs(true))
		return
	}
	s.answer(w, r, req)
}

// serveDefault answers Default.aspx: the 3-D Secure gate for SecureType
// 3DModel, 3DPay and 3DHost, the form encoding of the API otherwise.
func (s *Server) serveDefault(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.Count(KindForm)
		http.Error(w, "payfortest: malformed form", http.StatusBadRequest)
		return
	}
	switch strings.ToLower(lookup(r.PostForm, "SecureType")) {
	case "3dmodel", "3dpay", "3dhost":
		s.Count(KindGate)
		s.serveGate(w, r, GatePath)
		return
	}
	s.Count(KindForm)
	s.answer(w, r, formRequest(r.PostForm))
}

// answer checks the API user and dispatches the request.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, req *request) {
	ip := clientIP(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	if code, msg := s.checkUser(req); code != "" {
		writeReply(w, req.xml, s.errorPay(req, code, msg).pairs(req.xml))
		return
	}
	secure, txn := strings.ToLower(req.get("SecureType")), strings.ToLower(req.get("TxnType"))
	var p *pay
	switch secure {
	case "nonsecure":
		switch txn {
		case "auth":
			p = s.opAuthorize(req, vpostest.KindSale, ip)
		case "preauth":
			p = s.opAuthorize(req, vpostest.KindPreAuth, ip)
		case "postauth":
			p = s.opPostAuth(req, ip)
		case "void":
			p = s.opVoid(req, ip)
		case "refund":
			p = s.opRefund(req, ip)
		default:
			p = s.errorPay(req, codeTxnType, msgTxnType)
		}
	case "inquiry":
		if txn != "orderinquiry" {
			p = s.errorPay(req, codeTxnType, msgTxnType)
			break
		}
		orderID := req.get("OrgOrderId")
		if orderID == "" {
			orderID = req.get("OrderId")
		}
		if rec := s.inquiryRecord(orderID); rec != nil {
			writeReply(w, req.xml, s.inquiryPairs(rec, req.xml))
		} else {
			writeReply(w, req.xml, s.unknownInquiry(orderID, req.xml))
		}
		return
	case "report":
		if txn != "txnhistory" {
			p = s.errorPay(req, codeTxnType, msgTxnType)
			break
		}
		writeDoc(w, s.history(req))
		return
	case "3dmodelpayment":
		p = s.op3DModelPayment(req)
	default:
		p = s.errorPay(req, codeSecureType, msgSecureType)
	}
	writeReply(w, req.xml, p.pairs(req.xml))
}

// writeDoc sends an XML document (TxnHistoryReport), 200 OK.
func writeDoc(w http.ResponseWriter, doc []byte) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(doc)
}

// clientIP is the request's remote address without the port.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil || host == "" {
		return fakeIP
	}
	return host
}

// equal compares two secrets in constant time.
func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// checkUser checks the institution, merchant and API user of a request
// (§2, §3): MbrId (M013), MerchantId (V001), UserCode (M016 when empty),
// UserPass (M017 when empty), and V004 when the user or the password is
// wrong. 3DModelPayment carries no MbrId and MerchantId (§3); when sent
// non-empty they are checked. It returns the refusal code and text, or "".
// The caller holds s.mu.
func (s *Server) checkUser(req *request) (code, msg string) {
	payment := strings.EqualFold(req.get("SecureType"), "3DModelPayment")
	if mbr := req.get("MbrId"); (!payment || mbr != "") && mbr != s.creds.MbrID {
		return codeMbrID, msgMbrID
	}
	if m := req.get("MerchantId"); (!payment || m != "") && !equal(m, s.creds.MerchantID) {
		return codeMerchant, msgMerchant
	}
	user, pass := req.get("UserCode"), req.get("UserPass")
	switch {
	case user == "":
		return codeUserEmpty, msgUserEmpty
	case pass == "":
		return codePassEmpty, msgPassEmpty
	}
	u, p := equal(user, s.creds.UserCode), equal(pass, s.creds.UserPass)
	if !u || !p {
		return codeUser, msgUser
	}
	return "", ""
}

// pay is the payment, post-auth, void, refund and 3DModelPayment reply
// (§12.1, §12.2).
type pay struct {
	authCode, hostRef, code, transID, errMsg, holder string
}

// pairs returns the reply's elements in the captured order.
func (p *pay) pairs(fromXML bool) []kv {
	return []kv{
		{"AuthCode", p.authCode}, {"HostRefNum", p.hostRef}, {"ProcReturnCode", p.code}, {"TransId", p.transID},
		{"ErrMsg", p.errMsg}, {"CardHolderName", p.holder}, {"ArtiTaksit", "0"}, {"BankInternalResponseMessage", ""},
		{"PAYFORFROMXMLREQUEST", xmlFlag(fromXML)}, {"SESSION_SYSTEM_USER", "0"},
	}
}

// errorPay is a refusal: the request's order id as TransId (OrgOrderId for
// follow-ups), a fresh HostRefNum (filled even on declines, §12.1), no
// AuthCode. The caller holds s.mu.
func (s *Server) errorPay(req *request, code, msg string) *pay {
	orderID := req.get("OrgOrderId")
	if orderID == "" {
		orderID = req.get("OrderId")
	}
	return &pay{hostRef: s.newRefs().hostRef, code: code, transID: orderID, errMsg: msg}
}

// opAuthorize is a non-3D Auth or PreAuth (§3). The caller holds s.mu.
func (s *Server) opAuthorize(req *request, kind vpostest.Kind, ip string) *pay {
	orderID := req.get("OrderId")
	if orderID == "" || len(orderID) > 50 {
		return s.errorPay(req, codeLength, msgLength("OrderId"))
	}
	cur, ok := parseCurrency(req.get("Currency"))
	if !ok {
		return s.errorPay(req, codeCurrency, msgCurrency)
	}
	amount, code := parseAmount(req.get("PurchAmount"), cur)
	if code != "" {
		return s.errorPay(req, code, amountText(code))
	}
	inst, ok := parseInstallments(req.get("InstallmentCount"))
	if !ok {
		return s.errorPay(req, codeLength, msgLength("InstallmentCount"))
	}
	pan := req.get("Pan")
	if code := cardCheck(pan); code != "" {
		return s.errorPay(req, code, cardText(code))
	}
	month, year, ok := parseExpiry(req.get("Expiry"))
	if !ok {
		return s.errorPay(req, codeExpiry, msgExpiry)
	}
	cvv, moto := req.get("Cvv2"), req.get("MOTO") == "1"
	if cvv == "" && !moto {
		return s.errorPay(req, codeCVVEmpty, msgCVVEmpty)
	}
	outcome := s.book.Outcome(pan)
	switch {
	case expired(month, year, s.Now()):
		outcome = vpostest.OutcomeExpired
	case cvv != "" && (!digits(cvv) || len(cvv) < 3 || len(cvv) > 4):
		outcome = vpostest.OutcomeInvalidCVV
	}
	rec := &record{
		orderID: orderID, txnType: txnName(kind), secureType: "NonSecure", requestStat: "1,10",
		currency: cur, amount: amount, installments: inst, maskedPAN: vpos.MaskPAN(pan), token: panToken(pan),
		holder: req.get("CardHolderName"), lang: req.get("Lang"), userCode: req.get("UserCode"), clientIP: ip,
	}
	p := s.authorize(rec, kind, outcome)
	s.addRecord(rec)
	return p
}

// authorize books rec's authorisation in the ledger with outcome and
// fills in the record's result and references; it returns the reply. It
// serves non-3D authorisations, 3DPay, 3DHost and 3DModelPayment alike; the
// caller adds a new record to the lists. The caller holds s.mu.
func (s *Server) authorize(rec *record, kind vpostest.Kind, outcome vpostest.Outcome) *pay {
	o, err := s.Ledger().Authorize(kind, rec.orderID, rec.amount, rec.currency, rec.installments, rec.maskedPAN, outcome)
	ref := s.newRefs()
	if rec.guid == "" {
		rec.guid, rec.reqID = ref.guid, ref.reqID
	}
	rec.at, rec.batch = s.Now(), s.batch
	p := &pay{hostRef: ref.hostRef, transID: rec.orderID, holder: rec.holder}
	switch {
	case err != nil:
		p.code, p.errMsg = ledgerAuthError(err)
		rec.procCode, rec.errMsg, rec.txnStatus = p.code, p.errMsg, "N"
	case o.Status == vpos.StatusDeclined:
		p.code, p.errMsg = o.Code, declineText(o.Code)
		rec.hostRef, rec.stan = ref.hostRef, ref.stan
		rec.procCode, rec.errMsg, rec.txnStatus = o.Code, p.errMsg, "N"
	default:
		p.authCode, p.code, p.errMsg = ref.authCode, codeApproved, msgApproved
		rec.hostRef, rec.stan = ref.hostRef, ref.stan
		rec.authCode, rec.procCode, rec.errMsg, rec.txnStatus = ref.authCode, codeApproved, msgApproved, "Y"
	}
	return p
}

// ledgerAuthError maps a ledger refusal of an authorisation.
func ledgerAuthError(err error) (code, msg string) {
	switch {
	case errors.Is(err, vpostest.ErrDuplicateOrder):
		return codeDuplicate, msgDuplicate
	case errors.Is(err, vpostest.ErrCurrency):
		return codeCurrency, msgCurrency
	case errors.Is(err, vpostest.ErrInvalidAmount):
		return codeAmountZero, msgAmountZero
	}
	return codeLength, msgLength("OrderId") // ErrInvalidRequest: an empty order id
}

// txnName is the TxnType of an authorisation kind.
func txnName(kind vpostest.Kind) string {
	if kind == vpostest.KindPreAuth {
		return "PreAuth"
	}
	return "Auth"
}

// amountText is the ErrMsg of an amount refusal code.
func amountText(code string) string {
	switch code {
	case codeAmountZero:
		return msgAmountZero
	case codeAmountRange:
		return msgAmountRange
	}
	return msgAmount
}

// cardText is the ErrMsg of a card number refusal code.
func cardText(code string) string {
	if code == codeBadCard {
		return msgBadCard
	}
	return msgPANLength
}

// followUp reads what PostAuth, Void and Refund have in common: the
// order (V013 when unknown or not given) and, when sent, the currency
// (M002 when unknown or not the order's) and the amount in the order's
// currency. It returns the order, the amount (0 when not sent) and a
// refusal or nil. The caller holds s.mu.
func (s *Server) followUp(req *request, withAmount bool) (*vpostest.Order, vpos.Amount, *pay) {
	orderID := req.get("OrgOrderId")
	o, ok := s.Ledger().Order(orderID)
	if orderID == "" || !ok {
		return nil, 0, s.errorPay(req, codeNotFound, msgNotFound)
	}
	if c := req.get("Currency"); c != "" {
		if cur, ok := parseCurrency(c); !ok || cur != o.Currency {
			return nil, 0, s.errorPay(req, codeCurrency, msgCurrency)
		}
	}
	var amount vpos.Amount
	if a := req.get("PurchAmount"); withAmount && a != "" {
		var code string
		if amount, code = parseAmount(a, o.Currency); code != "" {
			return nil, 0, s.errorPay(req, code, amountText(code))
		}
	}
	return o, amount, nil
}

// follow returns an approved follow-up's record and reply: new AuthCode
// and HostRefNum, TransId the original order (§12.1, §12.2). The caller
// holds s.mu.
func (s *Server) follow(req *request, orig *record, txnType string, amount vpos.Amount, ip, holder string) (*record, *pay) {
	ref := s.newRefs()
	rec := &record{
		guid: ref.guid, reqID: ref.reqID, authCode: ref.authCode, hostRef: ref.hostRef, stan: ref.stan,
		orderID: orig.orderID, orgOrderID: orig.orderID, txnType: txnType, orgTxnType: orig.txnType,
		secureType: "NonSecure", requestStat: "1,10", amount: amount, currency: orig.currency,
		installments: orig.installments, txnStatus: "Y", procCode: codeApproved, errMsg: msgApproved,
		at: s.Now(), batch: s.batch, maskedPAN: orig.maskedPAN, token: orig.token, holder: holder,
		lang: req.get("Lang"), userCode: req.get("UserCode"), clientIP: ip, orgStan: orig.stan,
	}
	s.addRecord(rec)
	return rec, &pay{authCode: ref.authCode, hostRef: ref.hostRef, code: codeApproved, transID: orig.orderID,
		errMsg: msgApproved, holder: holder}
}

// opPostAuth captures an open pre-authorisation (§3, §12.6), fully when
// PurchAmount is not sent, else up to the pre-authorised amount. The
// caller holds s.mu.
func (s *Server) opPostAuth(req *request, ip string) *pay {
	o, amount, refusal := s.followUp(req, true)
	if refusal != nil {
		return refusal
	}
	switch {
	case o.Kind != vpostest.KindPreAuth, o.Status == vpos.StatusDeclined:
		return s.errorPay(req, codeNotFound, msgNotFound)
	case o.Status == vpos.StatusVoided:
		return s.errorPay(req, codeVoided, msgVoided)
	case o.Captured > 0:
		return s.errorPay(req, codeClosed, msgClosed)
	case amount > o.Amount:
		return s.errorPay(req, codeCaptureRange, msgCaptureRange)
	}
	orig := s.target(o.OrderID)
	o, err := s.Ledger().Capture(o.OrderID, amount)
	if err != nil || orig == nil {
		return s.errorPay(req, codeNotFound, msgNotFound)
	}
	_, p := s.follow(req, orig, "PostAuth", o.Captured, ip, orig.holder)
	return p
}

// opVoid cancels the latest successful authorisation or capture of an
// order the same day, before the batch closes (§12.6). The caller holds
// s.mu.
func (s *Server) opVoid(req *request, ip string) *pay {
	o, _, refusal := s.followUp(req, false)
	if refusal != nil {
		return refusal
	}
	orig := s.target(o.OrderID)
	switch {
	case o.Status == vpos.StatusVoided:
		return s.errorPay(req, codeVoided, msgVoided)
	case o.Status == vpos.StatusDeclined || orig == nil:
		return s.errorPay(req, codeNotFound, msgNotFound)
	case o.Status != vpos.StatusApproved:
		return s.errorPay(req, codeRefunded, msgRefunded)
	case orig.batch < s.batch:
		return s.errorPay(req, codeNotVoidable, msgNotVoidable)
	}
	if _, err := s.Ledger().Void(o.OrderID); err != nil {
		return s.errorPay(req, codeNotVoidable, msgNotVoidable) // a later day: the batch is closed
	}
	now := s.Now()
	orig.txnStatus, orig.voidAt, orig.voidUser = "V", now, req.get("UserCode")
	_, p := s.follow(req, orig, "Void", orig.amount, ip, "")
	return p
}

// opRefund refunds a sale or a captured pre-authorisation, fully when
// PurchAmount is not sent, else partly; several partial refunds may follow
// each other (§3, §12.6). The caller holds s.mu.
func (s *Server) opRefund(req *request, ip string) *pay {
	o, amount, refusal := s.followUp(req, true)
	if refusal != nil {
		return refusal
	}
	orig := s.target(o.OrderID)
	left := o.Captured - o.Refunded
	switch {
	case o.Status == vpos.StatusVoided:
		return s.errorPay(req, codeVoided, msgVoided)
	case o.Status == vpos.StatusDeclined || o.Captured == 0 || orig == nil:
		return s.errorPay(req, codeNotFound, msgNotFound)
	case left <= 0:
		return s.errorPay(req, codeRefunded, msgRefunded)
	case amount > left:
		return s.errorPay(req, codeRefundExceeds, msgRefundExceeds)
	}
	if amount == 0 {
		amount = left
	}
	if s.batchRules && orig.batch >= s.batch {
		p := s.errorPay(req, codeBeforeEOD, msgBeforeEOD)
		p.authCode = orig.authCode
		s.failedRefund(req, orig, amount, p, ip)
		return p
	}
	if _, err := s.Ledger().Refund(o.OrderID, amount); err != nil {
		return s.errorPay(req, codeRefundExceeds, msgRefundExceeds)
	}
	rec, p := s.follow(req, orig, "Refund", amount, ip, "")
	rec.refundAmount = amount
	return p
}

// failedRefund lists a refused refund in the order's history (§12.5:
// Refund / N / V014, IrcCode 99962, RefundedAmount the amount asked for).
// The caller holds s.mu.
func (s *Server) failedRefund(req *request, orig *record, amount vpos.Amount, p *pay, ip string) {
	ref := s.newRefs()
	seq := 0
	for _, r := range s.byOrder[orig.orderID] {
		if r.txnType == "Refund" {
			seq++
		}
	}
	s.addRecord(&record{
		guid: ref.guid, reqID: ref.reqID, orderID: orig.orderID, orgOrderID: orig.orderID, txnType: "Refund",
		orgTxnType: orig.txnType, secureType: "NonSecure", requestStat: "1,10", amount: amount, currency: orig.currency,
		txnStatus: "N", procCode: p.code, errMsg: p.errMsg, ircCode: "99962", ircDet: p.errMsg, at: s.Now(),
		batch: s.batch, refundAmount: amount, maskedPAN: orig.maskedPAN, token: orig.token, lang: req.get("Lang"),
		userCode: req.get("UserCode"), clientIP: ip, orgStan: orig.stan, paymentSeq: seq + 1,
	})
}

// op3DModelPayment provisions a 3DModel authentication (§3, §5.2,
// §12.6): RequestGuid must be that of a V033 callback of this order
// (OrderId, when sent, must match) and is used once; amount, currency,
// installments and card come from the authentication. The caller holds
// s.mu.
func (s *Server) op3DModelPayment(req *request) *pay {
	guid := req.get("RequestGuid")
	sess := s.sessions[guid]
	if sess == nil || (req.get("OrderId") != "" && req.get("OrderId") != sess.rec.orderID) {
		return s.errorPay(req, codeNotFound, msgNotFound)
	}
	delete(s.sessions, guid)
	rec := sess.rec
	rec.requestStat = "1,3,5,10"
	return s.authorize(rec, sess.kind, sess.outcome)
}

// history answers TxnHistory (§12.5): by OrderId, every record of the
// order oldest first; by ReqDate (yyyyMMdd), every record of that
// Istanbul day. The caller holds s.mu.
func (s *Server) history(req *request) []byte {
	if orderID := req.get("OrderId"); orderID != "" {
		recs := s.byOrder[orderID]
		if len(recs) == 0 {
			return s.unknownHistory(req, codeNotFound, msgNotFound)
		}
		return s.historyDoc(recs)
	}
	day := req.get("ReqDate")
	if day == "" {
		return s.unknownHistory(req, codeNotFound, msgNotFound)
	}
	t, err := parseDay(day)
	if err != nil {
		return s.unknownHistory(req, codeLength, msgLength("ReqDate"))
	}
	from, to := vpos.IstanbulDay(t)
	var recs []*record
	for _, r := range s.records {
		if !r.at.Before(from) && r.at.Before(to) {
			recs = append(recs, r)
		}
	}
	return s.historyDoc(recs)
}

// parseDay reads a ReqDate (yyyyMMdd) as a day in Istanbul.
func parseDay(s string) (time.Time, error) {
	return time.ParseInLocation(layoutDate, s, vpos.Istanbul())
}
