package payfortest

// The 3-D Secure gates (Default.aspx for 3DModel and 3DPay, 3DHost.aspx),
// the 3DHost card page, the fake issuer ACS and the signed callback
// (payfor.md §5, §6, §12.2, §12.3, §12.6).

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// gateSession is a 3-D Secure payment between the bank's pages. It holds
// the masked card number (in rec), the card-book outcome and the fields to
// echo, never the card itself.
type gateSession struct {
	model   string // 3DModel, 3DPay or 3DHost
	kind    vpostest.Kind
	rec     *record
	okURL   string
	failURL string
	echo    url.Values // the posted record fields, without card data
	outcome vpostest.Outcome
	carded  bool
}

// modelSession is a 3DModel authentication (a V033 callback) awaiting its
// 3DModelPayment, keyed by RequestGuid.
type modelSession struct {
	rec     *record
	kind    vpostest.Kind
	outcome vpostest.Outcome
}

// echoedFields are the posted form fields the callback repeats as posted
// (payfor.md §12.3, §12.6: the record holds the posted values).
var echoedFields = []string{
	"MbrId", "MerchantID", "OrderId", "OrgOrderId", "SecureType", "TxnType", "PurchAmount", "Currency",
	"InstallmentCount", "OkUrl", "FailUrl", "Lang", "Rnd", "Hash",
}

// canonicalModel returns the SecureType of a 3-D Secure model in the
// bank's spelling, or "".
func canonicalModel(s string) string {
	for _, m := range []string{"3DModel", "3DPay", "3DHost"} {
		if strings.EqualFold(s, m) {
			return m
		}
	}
	return ""
}

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// serveHostedGate answers 3DHost.aspx.
func (s *Server) serveHostedGate(w http.ResponseWriter, r *http.Request) {
	s.Count(KindGate)
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		plainError(w, http.StatusBadRequest, "Geçersiz istek.")
		return
	}
	s.serveGate(w, r, HostedGatePath)
}

// serveGate takes the merchant's 3-D Secure form posted to path (§5.1).
// Refusals are auto-submitting forms to FailUrl (§12.6): signed like a
// callback once the merchant is known (M030 bad hash, 101310 duplicate
// order, ...), unsigned for an unknown merchant (M013, V001). For 3DModel
// and 3DPay it answers the ACS page; for 3DHost the bank's card page.
func (s *Server) serveGate(w http.ResponseWriter, r *http.Request, path string) {
	f := r.PostForm
	okURL, failURL := lookup(f, "OkUrl"), lookup(f, "FailUrl")
	errTarget := failURL
	if !absoluteHTTP(errTarget) {
		errTarget = okURL
	}
	if !absoluteHTTP(errTarget) {
		plainError(w, http.StatusBadRequest, "Geçersiz istek: "+codeFailURL+" "+msgFailURL)
		return
	}
	echo := url.Values{}
	for _, n := range echoedFields {
		if has(f, n) {
			echo.Set(n, lookup(f, n))
		}
	}
	fail := func(code, msg string, signed bool) {
		s.mu.Lock()
		cb := s.errorCallback(echo, errTarget, code, msg, signed)
		s.mu.Unlock()
		writeAutoPost(w, errTarget, cb)
	}
	model := canonicalModel(lookup(f, "SecureType"))
	switch {
	case lookup(f, "MbrId") != s.creds.MbrID:
		fail(codeMbrID, msgMbrID, false)
		return
	case !equal(lookup(f, "MerchantID"), s.creds.MerchantID):
		fail(codeMerchant, msgMerchant, false)
		return
	case !equal(lookup(f, "UserCode"), s.creds.UserCode):
		fail(codeUser, msgUser, true)
		return
	case !equal(lookup(f, "Hash"), RequestHash(f, s.creds.MerchantPass)):
		fail(codeHash, msgHash, true)
		return
	case model == "" || (model == "3DHost") != (path == HostedGatePath):
		fail(codeSecureType, msgSecureType, true)
		return
	}
	sess := &gateSession{model: model, okURL: okURL, failURL: failURL, echo: echo}
	switch strings.ToLower(lookup(f, "TxnType")) {
	case "auth":
		sess.kind = vpostest.KindSale
	case "preauth":
		sess.kind = vpostest.KindPreAuth
	default:
		fail(codeTxnType, msgTxnType, true)
		return
	}
	orderID := lookup(f, "OrderId")
	cur, curOK := parseCurrency(lookup(f, "Currency"))
	var amount vpos.Amount
	amountCode := codeCurrency
	if curOK {
		amount, amountCode = parseAmount(lookup(f, "PurchAmount"), cur)
	}
	inst, instOK := parseInstallments(lookup(f, "InstallmentCount"))
	switch {
	case orderID == "" || len(orderID) > 50:
		fail(codeLength, msgLength("OrderId"), true)
		return
	case !absoluteHTTP(okURL):
		fail(codeOkURL, msgOkURL, true)
		return
	case !absoluteHTTP(failURL):
		fail(codeFailURL, msgFailURL, true)
		return
	case !curOK:
		fail(codeCurrency, msgCurrency, true)
		return
	case amountCode != "":
		fail(amountCode, amountText(amountCode), true)
		return
	case !instOK:
		fail(codeLength, msgLength("InstallmentCount"), true)
		return
	}
	if o, ok := s.Ledger().Order(orderID); ok && o.Status != vpos.StatusDeclined {
		fail(codeDuplicate, msgDuplicate, true)
		return
	}
	sess.rec = &record{
		orderID: orderID, txnType: txnName(sess.kind), secureType: model, requestStat: "1,3",
		amount: amount, currency: cur, installments: inst, txnStatus: "N", procCode: codeInProgress,
		errMsg: msgInProgress, lang: lookup(f, "Lang"), userCode: lookup(f, "UserCode"), clientIP: clientIP(r),
		holder: lookup(f, "CardHolderName"),
	}
	if model != "3DHost" {
		if code := s.takeCard(sess, lookup(f, "Pan"), lookup(f, "Expiry"), lookup(f, "Cvv2"), ""); code != "" {
			fail(code, cardFieldText(code), true)
			return
		}
	}
	s.mu.Lock()
	ref := s.newRefs()
	sess.rec.guid, sess.rec.reqID, sess.rec.at, sess.rec.batch = ref.guid, ref.reqID, s.Now(), s.batch
	s.addRecord(sess.rec)
	s.mu.Unlock()
	if model == "3DHost" {
		s.writeCardPage(w, sess)
		return
	}
	s.writeACS(w, sess)
}

// cardFieldText is the ErrMsg of a card refusal code.
func cardFieldText(code string) string {
	switch code {
	case codeExpiry:
		return msgExpiry
	case codeCVVEmpty:
		return msgCVVEmpty
	}
	return cardText(code)
}

// takeCard validates the card of a 3DModel / 3DPay form or of the 3DHost
// page (M008, M041, M006, M005) and keeps its masked number, token and
// outcome. It returns "" or the refusal code. Once sess.rec is listed, the
// caller holds s.mu.
func (s *Server) takeCard(sess *gateSession, pan, expiry, cvv, holder string) string {
	if code := cardCheck(pan); code != "" {
		return code
	}
	month, year, ok := parseExpiry(expiry)
	if !ok {
		return codeExpiry
	}
	if cvv == "" {
		return codeCVVEmpty
	}
	sess.outcome = s.book.Outcome(pan)
	switch {
	case expired(month, year, s.Now()):
		sess.outcome = vpostest.OutcomeExpired
	case !digits(cvv) || len(cvv) < 3 || len(cvv) > 4:
		sess.outcome = vpostest.OutcomeInvalidCVV
	}
	sess.rec.maskedPAN, sess.rec.token, sess.carded = vpos.MaskPAN(pan), panToken(pan), true
	if holder != "" {
		sess.rec.holder = holder
	}
	return ""
}

// pageSessionField names the hidden input that carries the page session.
const pageSessionField = "sid"

// newPage registers a payment between pages and returns its id.
func (s *Server) newPage(sess *gateSession) string {
	id := rand.Text()
	s.mu.Lock()
	s.pages[id] = sess
	s.mu.Unlock()
	return id
}

// takePage removes and returns the session of a page, if it is in the
// state want (carded or not).
func (s *Server) takePage(id string, carded bool) *gateSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.pages[id]
	if sess == nil || sess.carded != carded {
		return nil
	}
	delete(s.pages, id)
	return sess
}

// serveHostedPay receives the card typed on the 3DHost page.
func (s *Server) serveHostedPay(w http.ResponseWriter, r *http.Request) {
	s.Count(KindHostedPay)
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		plainError(w, http.StatusBadRequest, "Geçersiz istek.")
		return
	}
	f := r.PostForm
	sess := s.takePage(f.Get(pageSessionField), false)
	if sess == nil {
		plainError(w, http.StatusNotFound, "Ödeme oturumu bulunamadı ya da süresi doldu.")
		return
	}
	// The record is listed already (history, inquiry): change it under s.mu.
	s.mu.Lock()
	code := s.takeCard(sess, f.Get("Pan"), f.Get("Expiry"), f.Get("Cvv2"), f.Get("CardHolderName"))
	if code != "" {
		sess.rec.procCode, sess.rec.errMsg = code, cardFieldText(code)
		cb := s.errorCallback(sess.echo, sess.failURL, code, cardFieldText(code), true)
		s.mu.Unlock()
		writeAutoPost(w, sess.failURL, cb)
		return
	}
	s.mu.Unlock()
	s.writeACS(w, sess)
}

// writeACS registers sess for the ACS answer and shows the issuer's page.
func (s *Server) writeACS(w http.ResponseWriter, sess *gateSession) {
	summary := fmt.Sprintf("%s: sipariş %s, %s %s, kart %s", merchantName, sess.rec.orderID,
		formatAmount(sess.rec.amount, sess.rec.currency), sess.rec.currency, sess.rec.maskedPAN)
	id := s.newPage(sess)
	if err := vpostest.WriteACSPage(w, s.URL()+acsPath, url.Values{pageSessionField: {id}}, summary); err != nil {
		plainError(w, http.StatusInternalServerError, "ACS sayfası oluşturulamadı.")
	}
}

// serveACS takes the shopper's answer on the ACS page, books 3DPay and
// 3DHost payments after a full authentication, registers 3DModel
// authentications for 3DModelPayment, and posts the signed callback to the
// merchant (§5.2, §12.3).
func (s *Server) serveACS(w http.ResponseWriter, r *http.Request) {
	s.Count(KindACS)
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		plainError(w, http.StatusBadRequest, "Geçersiz istek.")
		return
	}
	outcome, err := vpostest.ParseACSOutcome(r.PostForm.Get(vpostest.ACSOutcomeField))
	if err != nil {
		plainError(w, http.StatusBadRequest, "Geçersiz doğrulama sonucu.")
		return
	}
	sess := s.takePage(r.PostForm.Get(pageSessionField), true)
	if sess == nil {
		plainError(w, http.StatusNotFound, "Doğrulama oturumu bulunamadı ya da süresi doldu.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := sess.rec
	rec.tds = s.authentication(rec.maskedPAN, outcome)
	target := sess.failURL
	full := rec.tds.status == "1"
	switch {
	case sess.model == "3DModel" && rec.tds.status != "-1":
		// Authenticated (fully or half): the merchant may provision with
		// 3DModelPayment; whether it accepts half-secure is its choice.
		rec.procCode, rec.errMsg, rec.requestStat = code3DOK, msg3DOK, "1,3,5"
		s.sessions[rec.guid] = &modelSession{rec: rec, kind: sess.kind, outcome: sess.outcome}
		target = sess.okURL
	case sess.model == "3DModel":
		rec.procCode, rec.errMsg, rec.requestStat = code3DFailed, msg3DFailed, "1,3,5"
	case full:
		rec.requestStat = "1,3,10,5"
		if p := s.authorize(rec, sess.kind, sess.outcome); p.code == codeApproved {
			target = sess.okURL
		}
	default:
		// 3DPay and 3DHost provision after a full authentication only.
		rec.procCode, rec.errMsg, rec.requestStat = codeAuthorize3D, msgAuthorize3D, "1,3,5"
	}
	rec.at = s.Now()
	writeAutoPost(w, target, s.callback(sess, target))
}

// authentication returns the 3-D Secure data of an ACS answer: 3DStatus 1
// (success), -1 (failure, as in the captures of §12.3), 4 (attempt) or 2
// (not enrolled), with ECI and CAVV where the schemes give them.
func (s *Server) authentication(maskedPAN string, outcome vpostest.ACSOutcome) threeDS {
	status := outcome.MDStatus()
	if outcome == vpostest.ACSFailure {
		status = "-1"
	}
	tds := threeDS{status: status, xid: randomB64()}
	mc := cardType(maskedPAN) == "M"
	switch status {
	case "1":
		tds.eci, tds.cavv = "05", randomB64()
		if mc {
			tds.eci = "02"
		}
	case "4":
		tds.eci, tds.cavv = "06", randomB64()
		if mc {
			tds.eci = "01"
		}
	case "2":
		tds.eci = "06"
		if mc {
			tds.eci = "01"
		}
	}
	return tds
}

// callback builds the signed callback of a 3-D Secure payment: the record
// (§12.3) with the posted fields echoed, ReturnUrl, ResponseRnd,
// ResponseHash and HashType. The caller holds s.mu.
func (s *Server) callback(sess *gateSession, target string) []kv {
	v := s.values(sess.rec)
	for k, vs := range sess.echo {
		v[k] = vs[0]
	}
	v["ReturnUrl"] = target
	return s.signPairs(v, true)
}

// errorCallback builds the callback of a refused gate request: RequestGuid
// 0, 3DStatus -1, ProcReturnCode code, ErrMsg msg, the echoed fields and
// everything else empty (§12.3 "duplicate order on the 3D gate", §12.6),
// signed when the merchant is known. The caller holds s.mu.
func (s *Server) errorCallback(echo url.Values, target, code, msg string, signed bool) []kv {
	v := map[string]string{
		"RequestGuid": "0", "3DStatus": "-1", "D3Stat": "N", "TxnStatus": "N", "TxnResult": "Failed",
		"ProcReturnCode": code, "ErrMsg": msg, "ReturnUrl": target,
	}
	for k, vs := range echo {
		v[k] = vs[0]
	}
	return s.signPairs(v, signed)
}

// signPairs orders the callback values v by the record's field order and,
// when signed, adds ResponseRnd, ResponseHash and HashType. An armed
// vpostest.FaultBadCallbackSignature makes the hash wrong. The caller
// holds s.mu.
func (s *Server) signPairs(v map[string]string, signed bool) []kv {
	if signed {
		key := s.creds.MerchantPass
		if s.Faults().Take(vpostest.FaultBadCallbackSignature) {
			key += "-corrupted"
		}
		cb := url.Values{}
		for k, x := range v {
			cb.Set(k, x)
		}
		// A ResponseRnd whose hash holds no run of test-CVV digits, so
		// that no test CVV can appear in a callback by accident.
		for {
			cb.Set("ResponseRnd", s.newResponseRndLocked())
			s.sign(cb, key)
			if !cvvLike(cb.Get("ResponseHash")) {
				break
			}
		}
		for _, n := range []string{"ResponseRnd", "ResponseHash", "HashType"} {
			v[n] = cb.Get(n)
		}
	}
	out := make([]kv, 0, len(callbackFieldNames))
	for _, n := range callbackFieldNames {
		if n == "HashType" && (!signed || s.sha256) {
			continue
		}
		out = append(out, kv{n, v[n]})
	}
	return out
}

// randomB64 returns 20 random bytes in Base64 (28 characters), the shape
// of PayerTxnId and PayerAuthenticationCode, without a run of test-CVV
// digits.
func randomB64() string {
	for {
		b := make([]byte, 20)
		_, _ = rand.Read(b)
		v := base64.StdEncoding.EncodeToString(b)
		if !cvvLike(v) {
			return v
		}
	}
}

func plainError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = pageTemplates.ExecuteTemplate(w, "error", msg)
}

type hiddenField struct{ Name, Value string }

// writeAutoPost answers with a page that posts the callback fields to
// action as soon as it loads (plain hidden inputs, readable without
// JavaScript), in the record's field order.
func writeAutoPost(w http.ResponseWriter, action string, fields []kv) {
	list := make([]hiddenField, len(fields))
	for i, f := range fields {
		list[i] = hiddenField{f.k, f.v}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = pageTemplates.ExecuteTemplate(w, "autopost", struct {
		Action string
		Fields []hiddenField
	}{action, list})
}

// writeCardPage registers sess for the card and shows the 3DHost page
// that asks for it.
func (s *Server) writeCardPage(w http.ResponseWriter, sess *gateSession) {
	order, amount := sess.rec.orderID, formatAmount(sess.rec.amount, sess.rec.currency)+" "+string(sess.rec.currency)
	id := s.newPage(sess)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = pageTemplates.ExecuteTemplate(w, "card", struct {
		Action, Session, Merchant, Order, Amount string
	}{s.URL() + hostedPayPath, id, merchantName, order, amount})
}

var pageTemplates = template.Must(template.New("pages").Parse(`
{{define "autopost"}}<!DOCTYPE html>
<html lang="tr">
<head><meta charset="utf-8"><title>Yönlendiriliyorsunuz</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="{{.Action}}">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<noscript><button type="submit">Devam / Continue</button></noscript>
</form>
</body>
</html>
{{end}}
{{define "card"}}<!DOCTYPE html>
<html lang="tr">
<head><meta charset="utf-8"><title>QNB Finansbank Ortak Ödeme Sayfası</title></head>
<body>
<h1>{{.Merchant}}</h1>
<p>Sipariş {{.Order}}: {{.Amount}}</p>
<form method="post" action="{{.Action}}">
<input type="hidden" name="` + pageSessionField + `" value="{{.Session}}">
<label>Kart sahibi <input type="text" name="CardHolderName" autocomplete="cc-name"></label>
<label>Kart numarası <input type="text" name="Pan" autocomplete="cc-number" inputmode="numeric"></label>
<label>Son kullanma (AAYY) <input type="text" name="Expiry" autocomplete="cc-exp" size="4"></label>
<label>CVV2 <input type="password" name="Cvv2" autocomplete="cc-csc" size="4"></label>
<button type="submit">Öde / Pay</button>
</form>
</body>
</html>
{{end}}
{{define "error"}}<!DOCTYPE html>
<html lang="tr">
<head><meta charset="utf-8"><title>Hata</title></head>
<body><p>{{.}}</p></body>
</html>
{{end}}`))
