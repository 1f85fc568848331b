package nestpaytest

// The 3-D Secure gate (/fim/est3Dgate), the hosted payment page, the fake
// issuer ACS and the signed callback (nestpay.md §6, §7, §13.6).

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// gateSession is a 3D payment between the gate and the ACS answer. It holds
// the card's masked number and outcome, never the card itself.
type gateSession struct {
	model        threed.Model
	kind         vpostest.Kind
	orderID      string
	amount       vpos.Amount
	currency     vpos.Currency
	installments int
	okURL        string
	failURL      string
	echo         url.Values // the merchant's fields, without card data and hash
	carded       bool       // the card is known (always for 3d and 3d_pay)
	maskedPAN    string
	expMonth     string
	expYear      string
	outcome      vpostest.Outcome
	clientIP     string
}

// mdSession is a 3d or 3d_host authentication the merchant may provision
// through the API with Number=md.
type mdSession struct {
	orderID      string
	amount       vpos.Amount
	currency     vpos.Currency
	installments int
	maskedPAN    string
	outcome      vpostest.Outcome
	mdStatus     string
	tds          threeDSInfo
}

// matches reports whether a provisioning request agrees with the session
// in every field it carries (absent fields are taken from the session).
func (m *mdSession) matches(req *cc5Request) bool {
	if req.Total != "" {
		if a, err := parseTotal(req.Total, m.currency); err != nil || a != m.amount {
			return false
		}
	}
	if req.Currency != "" {
		if c, ok := parseCurrency(req.Currency); !ok || c != m.currency {
			return false
		}
	}
	if t := req.installments(); t != "" {
		if n, ok := parseTaksit(t, m.currency); !ok || n != m.installments {
			return false
		}
	}
	switch {
	case req.PayerTxnID != "" && req.PayerTxnID != m.tds.xid,
		req.PayerSecurityLevel != "" && req.PayerSecurityLevel != m.tds.eci,
		req.PayerAuthenticationCode != "" && req.PayerAuthenticationCode != m.tds.cavv:
		return false
	}
	return true
}

// Gate error codes and texts (§5, §13.6). Only HPP-1001 is documented; the
// others are the fake's own choice in the same family.
const (
	hppBadCard     = "HPP-1001"
	hppBadHash     = "HPP-1005"
	hppBadMerchant = "HPP-1006"
	hppBadRequest  = "HPP-1007"
	msgHPPBadCard  = "Girilen kart numarası doğru formatta değildir. Lütfen kontrol ediniz."
	msgHPPBadHash  = "Güvenlik doğrulaması başarısız: hash değeri hatalı."
	msgHPPMerchant = "Üye işyeri bulunamadı."
)

// acsURLText is the ACS address the fake quotes in mdErrorMsg. It is not
// the server's own address: a port number could hold a test CVV.
const acsURLText = "https://acs.vpostest.invalid/mdpayacs/creq"

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// isCardField reports whether a gate field carries card data the callback
// must not echo.
func isCardField(name string) bool {
	for _, n := range []string{"pan", "cv2", "cvv", "Ecom_Payment_Card_Number"} {
		if strings.EqualFold(name, n) {
			return true
		}
	}
	return false
}

func (s *Server) serveGate(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		plainError(w, http.StatusBadRequest, "Geçersiz istek.")
		return
	}
	f := r.PostForm
	okURL, failURL := lookup(f, "okUrl"), lookup(f, "failUrl")
	if !absoluteHTTP(failURL) {
		failURL = okURL
	}
	if !absoluteHTTP(failURL) {
		plainError(w, http.StatusBadRequest, "Geçersiz istek: okUrl / failUrl eksik.")
		return
	}
	echo := url.Values{}
	for k, vs := range f {
		if !isCardField(k) && !strings.EqualFold(k, "hash") {
			echo[k] = append([]string(nil), vs...)
		}
	}
	fail := func(code, msg string) { s.writeGateError(w, failURL, echo, code, msg) }
	for _, vs := range f {
		if len(vs) != 1 {
			fail(hppBadRequest, "Aynı alan birden fazla gönderilmiş.")
			return
		}
	}
	if !absoluteHTTP(okURL) {
		fail(hppBadRequest, "okUrl eksik ya da hatalı.")
		return
	}
	if !hmac.Equal([]byte(lookup(f, "clientid")), []byte(s.creds.ClientID)) {
		fail(hppBadMerchant, msgHPPMerchant)
		return
	}
	if !s.gateHashOK(f) {
		fail(hppBadHash, msgHPPBadHash)
		return
	}
	sess := &gateSession{okURL: okURL, failURL: failURL, echo: echo, orderID: lookup(f, "oid"), clientIP: remoteIP(r)}
	var err error
	if sess.model, err = threed.ParseModel(lookup(f, "storetype")); err != nil {
		fail(hppBadRequest, "Geçersiz storetype.")
		return
	}
	if sess.orderID == "" || len(sess.orderID) > 64 {
		fail(hppBadRequest, "Sipariş numarası eksik ya da hatalı.")
		return
	}
	var ok bool
	if sess.currency, ok = parseCurrency(lookup(f, "currency")); !ok {
		fail(hppBadRequest, "Geçersiz para birimi.")
		return
	}
	if sess.amount, err = parseTotal(lookup(f, "amount"), sess.currency); err != nil || sess.amount <= 0 {
		fail(hppBadRequest, "Geçersiz tutar.")
		return
	}
	taksit := lookup(f, "taksit")
	if taksit == "" {
		taksit = lookup(f, "Instalment")
	}
	if sess.installments, ok = parseTaksit(taksit, sess.currency); !ok {
		fail(hppBadRequest, "Taksit tablosu için geçersiz değer.")
		return
	}
	tranType := lookup(f, "islemtipi")
	if tranType == "" {
		tranType = lookup(f, "TranType")
	}
	switch strings.ToLower(tranType) {
	case "", "auth":
		sess.kind = vpostest.KindSale
	case "preauth":
		sess.kind = vpostest.KindPreAuth
	default:
		fail(hppBadRequest, "Geçersiz işlem tipi.")
		return
	}
	if sess.model.CardOnBankPage() {
		id := s.newPage(sess)
		s.writeCardPage(w, id, sess)
		return
	}
	if !s.takeCard(sess, lookup(f, "pan"), lookup(f, "Ecom_Payment_Card_ExpDate_Month"), lookup(f, "Ecom_Payment_Card_ExpDate_Year"), lookup(f, "cv2")) {
		fail(hppBadCard, msgHPPBadCard)
		return
	}
	s.writeACS(w, s.newPage(sess), sess)
}

// gateHashOK verifies the merchant's hash: ver3 when hashAlgorithm is ver3;
// with WithLegacyHash also the legacy SHA-1, with or without islemtipi and
// taksit (the original 3d sample leaves them out, §7.2).
func (s *Server) gateHashOK(f url.Values) bool {
	got := lookup(f, "hash")
	if got == "" {
		return false
	}
	key := s.creds.StoreKey
	if strings.EqualFold(lookup(f, "hashAlgorithm"), "ver3") {
		return hmac.Equal([]byte(got), []byte(HashVer3(f, key)))
	}
	if !s.legacy {
		return false
	}
	c, oid, amount, ok, fail, rnd := lookup(f, "clientid"), lookup(f, "oid"), lookup(f, "amount"), lookup(f, "okUrl"), lookup(f, "failUrl"), lookup(f, "rnd")
	tranType := lookup(f, "islemtipi")
	full := HashLegacyRequest(c, oid, amount, ok, fail, tranType, lookup(f, "taksit"), rnd, key)
	short := HashLegacyRequest(c, oid, amount, ok, fail, "", "", rnd, key)
	return hmac.Equal([]byte(got), []byte(full)) || hmac.Equal([]byte(got), []byte(short))
}

// takeCard validates the card of a 3d / 3d_pay form or of the hosted page
// and keeps its masked number, expiry and outcome in sess. It reports false
// for malformed card data.
func (s *Server) takeCard(sess *gateSession, pan, month, year, cvv string) bool {
	pan = strings.NewReplacer(" ", "", "-", "").Replace(pan)
	if !digits(pan) || len(pan) < 12 || len(pan) > 19 || !vpos.Luhn(pan) {
		return false
	}
	if len(month) == 1 {
		month = "0" + month
	}
	if len(year) == 4 {
		year = year[2:]
	}
	m, err1 := strconv.Atoi(month)
	y, err2 := strconv.Atoi(year)
	if err1 != nil || err2 != nil || len(month) != 2 || len(year) != 2 || m < 1 || m > 12 {
		return false
	}
	if cvv != "" && (!digits(cvv) || len(cvv) < 3 || len(cvv) > 4) {
		return false
	}
	sess.outcome = s.book.Outcome(pan)
	if expired(m, 2000+y, s.Now()) {
		sess.outcome = vpostest.OutcomeExpired
	}
	sess.maskedPAN, sess.expMonth, sess.expYear, sess.carded = vpos.MaskPAN(pan), month, year, true
	return true
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// newPage registers a payment between pages and returns its id.
func (s *Server) newPage(sess *gateSession) string {
	id := rand.Text()
	s.mu.Lock()
	s.pages[id] = sess
	s.mu.Unlock()
	return id
}

// pageSessionField names the hidden input that carries the page session.
const pageSessionField = "sid"

// serveHosted receives the card typed on the hosted payment page.
func (s *Server) serveHosted(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		plainError(w, http.StatusBadRequest, "Geçersiz istek.")
		return
	}
	f := r.PostForm
	id := f.Get(pageSessionField)
	s.mu.Lock()
	sess := s.pages[id]
	if sess == nil || sess.carded {
		s.mu.Unlock()
		plainError(w, http.StatusNotFound, "Ödeme oturumu bulunamadı ya da süresi doldu.")
		return
	}
	delete(s.pages, id)
	s.mu.Unlock()
	if !s.takeCard(sess, f.Get("pan"), f.Get("Ecom_Payment_Card_ExpDate_Month"), f.Get("Ecom_Payment_Card_ExpDate_Year"), f.Get("cv2")) {
		s.writeGateError(w, sess.failURL, sess.echo, hppBadCard, msgHPPBadCard)
		return
	}
	s.writeACS(w, s.newPage(sess), sess)
}

func (s *Server) writeACS(w http.ResponseWriter, id string, sess *gateSession) {
	summary := fmt.Sprintf("%s: sipariş %s, %s %s, kart %s", merchantName, sess.orderID,
		sess.amount.Decimal(sess.currency), sess.currency, spacedMask(sess.maskedPAN))
	if err := vpostest.WriteACSPage(w, s.URL()+acsPath, url.Values{pageSessionField: {id}}, summary); err != nil {
		plainError(w, http.StatusInternalServerError, "ACS sayfası oluşturulamadı.")
	}
}

func (s *Server) serveACS(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
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
	id := r.PostForm.Get(pageSessionField)
	s.mu.Lock()
	sess := s.pages[id]
	if sess == nil || !sess.carded {
		s.mu.Unlock()
		plainError(w, http.StatusNotFound, "Doğrulama oturumu bulunamadı ya da süresi doldu.")
		return
	}
	delete(s.pages, id) // one answer per ACS page
	s.mu.Unlock()

	cb, target := s.callback(sess, outcome.MDStatus())
	key := s.creds.StoreKey
	if s.Faults().Take(vpostest.FaultBadCallbackSignature) {
		key += "-corrupted"
	}
	s.sign(cb, key)
	writeAutoPost(w, target, cb)
}

// callback builds the fields the bank posts to the merchant after the ACS
// answered with mdStatus, books 3d_pay / 3d_pay_hosting payments, and
// registers the md of 3d / 3d_host authentications. It returns the
// unsigned fields and the merchant URL to post them to.
func (s *Server) callback(sess *gateSession, mdStatus string) (url.Values, string) {
	cb := url.Values{}
	for k, vs := range sess.echo {
		cb[k] = append([]string(nil), vs...)
	}
	setDefault := func(name, value string) {
		if !has(cb, name) {
			cb.Set(name, value)
		}
	}
	brand := cardBrand(sess.maskedPAN)
	tds := threeDSInfo{mdStatus: mdStatus, xid: randomB64()}
	switch mdStatus {
	case "1", "4":
		tds.cavv = randomB64()
		tds.eci = eciFor(brand, mdStatus)
	case "2", "3":
		tds.eci = eciFor(brand, mdStatus)
	}
	md := s.newMD(sess.maskedPAN)

	setDefault("oid", sess.orderID)
	setDefault("amount", formatTotal(sess.amount, sess.currency))
	setDefault("currency", strconv.Itoa(sess.currency.Numeric()))
	if sess.installments > 0 {
		setDefault("taksit", strconv.Itoa(sess.installments))
	} else {
		setDefault("taksit", "")
	}
	cb.Set("ReturnOid", sess.orderID)
	cb.Set("mdStatus", mdStatus)
	cb.Set("mdErrorMsg", mdErrorMsg(mdStatus))
	cb.Set("txstatus", txStatus(mdStatus))
	cb.Set("md", md)
	cb.Set("xid", tds.xid)
	if tds.eci != "" {
		cb.Set("eci", tds.eci)
	}
	if tds.cavv != "" {
		cb.Set("cavv", tds.cavv)
		cb.Set("cavvAlgorithm", "3")
	}
	cb.Set("PAResSyntaxOK", "true")
	cb.Set("PAResVerified", "true")
	cb.Set("version", "2.0")
	cb.Set("sID", "1")
	cb.Set("dsId", "1")
	cb.Set("maskedCreditCard", spacedMask(sess.maskedPAN))
	cb.Set("MaskedPan", shortMask(sess.maskedPAN))
	setDefault("Ecom_Payment_Card_ExpDate_Month", sess.expMonth)
	setDefault("Ecom_Payment_Card_ExpDate_Year", sess.expYear)
	cb.Set("merchantID", s.creds.ClientID)
	cb.Set("merchantName", merchantName)
	cb.Set("clientIp", sess.clientIP)
	cb.Set("ACQBIN", "454672")
	cb.Set("iReqCode", "")
	cb.Set("iReqDetail", "")
	cb.Set("vendorCode", "")
	cb.Set("digest", "digest")
	cb.Set("callbackCall", "true")
	if sess.model == threed.Model3DHost {
		cb.Set("panFirst6", sess.maskedPAN[:6])
		cb.Set("panLast4", sess.maskedPAN[len(sess.maskedPAN)-4:])
	}

	if sess.model == threed.Model3D || sess.model == threed.Model3DHost {
		// 3d and 3d_host: authentication only; the merchant provisions
		// with the md through the API.
		s.mu.Lock()
		s.mds[md] = &mdSession{
			orderID: sess.orderID, amount: sess.amount, currency: sess.currency, installments: sess.installments,
			maskedPAN: sess.maskedPAN, outcome: sess.outcome, mdStatus: mdStatus, tds: tds,
		}
		s.mu.Unlock()
		if halfOrFull(mdStatus) {
			return cb, sess.okURL
		}
		return cb, sess.failURL
	}

	// 3d_pay and 3d_pay_hosting: the bank provisions after a full
	// authentication only (mdStatus 1, the only success NestPay clients
	// accept, §6.2-§6.3); half-secure and failed authentications are not
	// charged.
	var p *payReply
	if mdStatus == "1" {
		o, err := s.Ledger().Authorize(sess.kind, sess.orderID, sess.amount, sess.currency, sess.installments, sess.maskedPAN, sess.outcome)
		if err != nil {
			p = s.ledgerError(sess.kind.Op(), sess.orderID, err)
		} else {
			s.noteAuthorization(o, "", &tds)
			p = s.authReply(o)
		}
	} else {
		p = &payReply{Response: "Declined", ProcReturnCode: "99", ErrMsg: "3D Secure doğrulaması başarısız; işlem yapılmadı.",
			Extra: []kv{{"ERRORCODE", ""}, {"TRXDATE", istanbul(s.Now()).Format(trxDateLayout)}}}
	}
	extra := map[string]string{}
	for _, e := range p.Extra {
		extra[e.k] = e.v
	}
	cb.Set("Response", p.Response)
	cb.Set("ProcReturnCode", p.ProcReturnCode)
	cb.Set("AuthCode", p.AuthCode)
	cb.Set("HostRefNum", p.HostRefNum)
	cb.Set("TransId", p.TransID)
	cb.Set("TRANID", "")
	cb.Set("ErrMsg", p.ErrMsg)
	cb.Set("ErrCode", extra["ERRORCODE"])
	cb.Set("SettleId", extra["SETTLEID"])
	cb.Set("EXTRA_TRXDATE", extra["TRXDATE"])
	cb.Set("EXTRA_HOSTDATE", extra["HOSTDATE"])
	cb.Set("EXTRA_CARDBRAND", brand)
	cb.Set("EXTRA_CARDISSUER", cardIssuer)
	cb.Set("EXTRA_TERMINALID", terminalID)
	cb.Set("EXTRA_MERCHANTID", s.merchantID())
	cb.Set("acqStan", base6(len(s.Ledger().Entries()), 6))
	cb.Set("payResults_dsId", "1")
	if p.Response == "Approved" {
		return cb, sess.okURL
	}
	return cb, sess.failURL
}

// eciFor is the ECI of an authentication (iso8583-and-3ds.md §1.3).
func eciFor(brand, mdStatus string) string {
	full := mdStatus == "1"
	if brand == "MASTERCARD" {
		if full {
			return "02"
		}
		return "01"
	}
	if full {
		return "05"
	}
	return "06"
}

func txStatus(mdStatus string) string {
	switch mdStatus {
	case "1":
		return "Y"
	case "4":
		return "A"
	}
	return "N"
}

func mdErrorMsg(mdStatus string) string {
	switch mdStatus {
	case "1":
		return "Y-status/Challenge authentication via ACS: " + acsURLText
	case "4":
		return "A-status/Attempts processing performed"
	case "2", "3":
		return "N-status/Card or issuer not enrolled"
	}
	return "N-status/Challenge authentication via ACS: " + acsURLText
}

// newMD returns a fresh md in the shape the banks send:
// <BIN6>:<64 hex>:<4 digits>:##<clientid> (§13.6).
func (s *Server) newMD(maskedPAN string) string {
	s.mu.Lock()
	s.sessions++
	n := s.sessions
	s.mu.Unlock()
	bin := maskedPAN
	if len(bin) > 6 {
		bin = bin[:6]
	}
	return fmt.Sprintf("%s:%s:%s:##%s", bin, safeRandom(func() string {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		return fmt.Sprintf("%X", b)
	}), base6(n, 4), s.creds.ClientID)
}

// randomB64 returns 20 random bytes in Base64 (28 characters), the shape
// of xid and cavv.
func randomB64() string {
	return safeRandom(func() string {
		b := make([]byte, 20)
		_, _ = rand.Read(b)
		return base64.StdEncoding.EncodeToString(b)
	})
}

// safeRandom draws from gen until the value holds no three digits from 6
// to 9 in a row, so that no test CVV (vpostest.DefaultCards) can appear in
// a callback by accident.
func safeRandom(gen func() string) string {
	for {
		v := gen()
		if !cvvLike(v) {
			return v
		}
	}
}

func cvvLike(v string) bool {
	run := 0
	for i := 0; i < len(v); i++ {
		if '6' <= v[i] && v[i] <= '9' {
			run++
			if run >= 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// writeGateError answers a gate request the bank refuses (§13.6): an
// auto-submitting form to failUrl with the echoed fields plus
// Response=Error, ErrMsg and ErrorCode, and no mdStatus. It is not signed:
// the bank could not trust the request.
func (s *Server) writeGateError(w http.ResponseWriter, failURL string, echo url.Values, code, msg string) {
	cb := url.Values{}
	for k, vs := range echo {
		cb[k] = append([]string(nil), vs...)
	}
	cb.Set("Response", "Error")
	cb.Set("ProcReturnCode", "99")
	cb.Set("ErrMsg", msg)
	cb.Set("ErrorCode", code)
	writeAutoPost(w, failURL, cb)
}

func plainError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = pageTemplates.ExecuteTemplate(w, "error", msg)
}

type hiddenField struct{ Name, Value string }

// writeAutoPost answers with a page that posts fields to action as soon as
// it loads (plain hidden inputs, readable without JavaScript).
func writeAutoPost(w http.ResponseWriter, action string, fields url.Values) {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	var list []hiddenField
	for _, name := range names {
		for _, v := range fields[name] {
			list = append(list, hiddenField{name, v})
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = pageTemplates.ExecuteTemplate(w, "autopost", struct {
		Action string
		Fields []hiddenField
	}{action, list})
}

// writeCardPage shows the hosted payment page that asks for the card.
func (s *Server) writeCardPage(w http.ResponseWriter, id string, sess *gateSession) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = pageTemplates.ExecuteTemplate(w, "card", struct {
		Action, Session, Merchant, Order, Amount string
	}{s.URL() + hostedPath, id, merchantName, sess.orderID, sess.amount.Decimal(sess.currency) + " " + string(sess.currency)})
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
<head><meta charset="utf-8"><title>Ortak Ödeme Sayfası</title></head>
<body>
<h1>{{.Merchant}}</h1>
<p>Sipariş {{.Order}}: {{.Amount}}</p>
<form method="post" action="{{.Action}}">
<input type="hidden" name="` + pageSessionField + `" value="{{.Session}}">
<label>Kart numarası <input type="text" name="pan" autocomplete="cc-number" inputmode="numeric"></label>
<label>Ay <input type="text" name="Ecom_Payment_Card_ExpDate_Month" autocomplete="cc-exp-month" size="2"></label>
<label>Yıl <input type="text" name="Ecom_Payment_Card_ExpDate_Year" autocomplete="cc-exp-year" size="2"></label>
<label>CVV <input type="password" name="cv2" autocomplete="cc-csc" size="4"></label>
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
