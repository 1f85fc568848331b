package garantitest

// The 3-D Secure gate (gt3dengine), the fake issuer ACS, the callback and
// the 3D-model provisioning (garanti.md §4, §5, §6.2, §12.6).

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// callbackHashParams is the hashparams the bank sends (§5.2, §12.6).
const callbackHashParams = "clientid:oid:authcode:procreturncode:response:mdstatus:cavv:eci:md:rnd:"

// signedCallbackFields returns the fields the bank's hash covers: those in
// callbackHashParams, and hashparams and hash themselves.
func signedCallbackFields() map[string]bool {
	set := map[string]bool{"hash": true, "hashparams": true}
	for _, f := range strings.Split(callbackHashParams, ":") {
		if f != "" {
			set[f] = true
		}
	}
	return set
}

// unsignedBankFields are the fields the bank adds to a callback that its
// hash does not cover (§5.2, §12.6).
var unsignedBankFields = []string{
	"mderrormessage", "xid", "cavvalgorithm", "txnstatus", "paressyntaxok", "paresverified", "version",
	"ireqcode", "ireqdetail", "vendorcode", "terminalid", "orderid", "errmsg", "hostmsg", "transid",
	"hostrefnum", "hashparamsval", "MaskedPan", "garanticardind",
}

// documentedFormFields are the merchant form fields of §5.1 the gate echoes
// (never the card fields).
var documentedFormFields = []string{
	"mode", "apiversion", "terminalprovuserid", "terminaluserid", "terminalmerchantid", "terminalid",
	"txntype", "txnamount", "txncurrencycode", "txninstallmentcount", "orderid", "successurl", "errorurl",
	"customeripaddress", "customeremailaddress", "secure3dsecuritylevel", "secure3dhash", "lang",
}

// cardFields are the form fields the gate reads the card from and never
// echoes or keeps.
var cardFields = []string{"cardnumber", "cardexpiredatemonth", "cardexpiredateyear", "cardcvv2"}

// The secure3dsecuritylevel values the fake emulates (§5.1): 3D (the
// merchant provisions) and the bank-provisioning 3D_PAY; 3D_FULL and
// 3D_HALF are 3D_PAY that provision on full authentication only, and on
// full or half-secure authentication.
const (
	level3D     = "3D"
	level3DPay  = "3D_PAY"
	level3DFull = "3D_FULL"
	level3DHalf = "3D_HALF"
)

// gateSession is a 3-D Secure payment waiting for the cardholder at the
// ACS. It keeps the card masked, its expiry, whether a well-formed CVV was
// given and the card book's outcome; never the number or the CVV.
type gateSession struct {
	level                                         string
	echo                                          url.Values
	orderID, txnType, amount, currency, instCount string
	successURL, errorURL                          string
	mask8, mask6, bin8, expiry                    string
	cvvOK                                         bool
	visa                                          bool // ECI 05/06 (Visa, Amex, Troy) or 02/01 (Mastercard)
	outcome                                       vpostest.Outcome
	email                                         string
}

// mdSession is a 3d-model authentication the merchant may provision once,
// for its order, amount and currency, with its cavv, eci and xid.
type mdSession struct {
	gateSession
	mdStatus, cavv, eci, xid string
	used                     bool
}

// gatePlainError answers a form the gate cannot post back (no usable
// errorurl) or a model it does not emulate.
func gatePlainError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "garantitest: %s\n", msg)
}

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// echoFields returns the merchant's form without the card fields.
func echoFields(f url.Values) url.Values {
	out := url.Values{}
	for k, vs := range f {
		if !slices.Contains(cardFields, strings.ToLower(k)) {
			out[k] = slices.Clone(vs)
		}
	}
	return out
}

// gateError posts the gate's refusal to errorurl as the real gate does for
// a system error before the ACS (§12.6): mdstatus 7, response Error,
// procreturncode 99, and no hash, hashparams, md, cavv or eci.
func (s *Server) gateError(w http.ResponseWriter, r *http.Request, f url.Values, mdErr, errMsg string) {
	cb := echoFields(f)
	cb.Set("mdstatus", "7")
	cb.Set("mderrormessage", mdErr)
	cb.Set("errmsg", errMsg)
	cb.Set("hostmsg", "")
	cb.Set("response", "Error")
	cb.Set("procreturncode", "99")
	cb.Set("authcode", "")
	cb.Set("oid", f.Get("orderid"))
	cb.Set("clientid", f.Get("terminalid"))
	form := &threed.Form{Action: f.Get("errorurl"), Method: http.MethodPost, Fields: cb}
	form.ServeHTTP(w, r)
}

func (s *Server) serveGate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		gatePlainError(w, http.StatusBadRequest, "unreadable form")
		return
	}
	f := r.PostForm
	for name, vs := range f {
		if len(vs) != 1 {
			gatePlainError(w, http.StatusBadRequest, "field "+clip(name)+" repeated")
			return
		}
	}
	if !absoluteHTTP(f.Get("errorurl")) {
		gatePlainError(w, http.StatusBadRequest, "errorurl must be an absolute http(s) URL")
		return
	}
	level := strings.ToUpper(f.Get("secure3dsecuritylevel"))
	switch level {
	case level3D, level3DPay, level3DFull, level3DHalf:
	case "OOS_PAY", "3D_OOS_PAY", "3D_OOS_FULL", "3D_OOS_HALF":
		gatePlainError(w, http.StatusNotImplemented, "secure3dsecuritylevel "+level+
			" (common payment page) is not emulated: garanti.md does not document it")
		return
	default:
		s.gateError(w, r, f, "0002", "secure3dsecuritylevel must be 3D, 3D_PAY, 3D_FULL or 3D_HALF")
		return
	}
	if !absoluteHTTP(f.Get("successurl")) {
		s.gateError(w, r, f, "0002", "successurl must be an absolute http(s) URL")
		return
	}
	if f.Get("terminalid") != s.creds.TerminalID || f.Get("terminalmerchantid") != s.creds.MerchantID {
		s.gateError(w, r, f, "0752", msgTerminal)
		return
	}
	if f.Get("terminalprovuserid") != s.creds.ProvUser {
		s.gateError(w, r, f, "0651", msgPassword)
		return
	}
	if !s.versionOK(f.Get("apiversion")) {
		s.gateError(w, r, f, "0122", "apiversion "+clip(f.Get("apiversion"))+" does not match this terminal's hash scheme")
		return
	}
	if !equalHash(f.Get("secure3dhash"), s.secure3DHash(f)) {
		s.gateError(w, r, f, "0122", "Güvenlik Kodu hatalı (secure3dhash)")
		return
	}
	pan := f.Get("cardnumber")
	mm, yy, cvv := f.Get("cardexpiredatemonth"), f.Get("cardexpiredateyear"), f.Get("cardcvv2")
	if len(mm) == 1 {
		mm = "0" + mm
	}
	if len(yy) == 4 {
		yy = yy[2:]
	}
	switch {
	case !allDigits(pan) || len(pan) < 12 || len(pan) > 19 || !vpos.Luhn(pan):
		s.gateError(w, r, f, "0002", "CardNumber field is not a valid card number")
		return
	case !validExpiry(mm + yy):
		s.gateError(w, r, f, "0002", "CardExpireDate field must be MM and YY")
		return
	}
	sess := &gateSession{
		level: level, echo: echoFields(f),
		orderID: f.Get("orderid"), txnType: f.Get("txntype"), amount: f.Get("txnamount"),
		currency: f.Get("txncurrencycode"), instCount: f.Get("txninstallmentcount"),
		successURL: f.Get("successurl"), errorURL: f.Get("errorurl"),
		mask8: mask8(pan), mask6: vpos.MaskPAN(pan), bin8: pan[:8], expiry: mm + yy,
		cvvOK:   allDigits(cvv) && len(cvv) >= 3 && len(cvv) <= 4,
		visa:    pan[0] != '5' && pan[0] != '2',
		outcome: s.cardOutcome(pan, mm+yy),
		email:   f.Get("customeremailaddress"),
	}
	id := token()
	s.mu.Lock()
	s.pages[id] = sess
	for k := range sess.echo {
		s.echoed[k] = true
	}
	s.mu.Unlock()
	summary := fmt.Sprintf("Garanti BBVA test ACS: sipariş %s, %s, kart %s", clip(sess.orderID), sess.amountText(), sess.mask8)
	if err := vpostest.WriteACSPage(w, s.URL()+acsPath, url.Values{"session": {id}}, summary); err != nil {
		gatePlainError(w, http.StatusInternalServerError, "cannot render the ACS page")
	}
}

// amountText shows the session's amount for the ACS page.
func (g *gateSession) amountText() string {
	a, err1 := parseAmount(g.amount)
	c, err2 := parseCurrency(g.currency)
	if err1 != nil || err2 != nil {
		return g.amount + " (" + g.currency + ")"
	}
	return a.DecimalSep(c, ',') + " " + listCurrency(c)
}

// secure3DHash computes the secure3dhash the gate expects for form f in
// the server's scheme, with the PROVAUT password (§6.2, §6.3).
func (s *Server) secure3DHash(f url.Values) string {
	sd := securityData(s.creds.ProvPassword, f.Get("terminalid"))
	if s.legacy {
		return secure3DHashLegacy(f.Get("terminalid"), f.Get("orderid"), f.Get("txnamount"), f.Get("successurl"),
			f.Get("errorurl"), f.Get("txntype"), f.Get("txninstallmentcount"), s.creds.StoreKey, sd)
	}
	return secure3DHash512(f.Get("terminalid"), f.Get("orderid"), f.Get("txnamount"), f.Get("txncurrencycode"),
		f.Get("successurl"), f.Get("errorurl"), f.Get("txntype"), f.Get("txninstallmentcount"), s.creds.StoreKey, sd)
}

// mdAuthenticated reports whether an mdstatus is a full (1) or half-secure
// (2, 3, 4) authentication.
func mdAuthenticated(md string) bool { return md == "1" || md == "2" || md == "3" || md == "4" }

// levelProvisions reports whether the bank provisions a 3D_PAY-style
// payment after an authentication ending in md: 3D_PAY and 3D_HALF on full
// and half-secure authentication (mdstatus 1 to 4, the set MEWS accepts,
// §5.3), 3D_FULL on full authentication only.
func levelProvisions(level, md string) bool {
	if level == level3DFull {
		return md == "1"
	}
	return mdAuthenticated(md)
}

// eciFor returns the ECI of an authentication (iso8583-and-3ds.md §1.3).
func eciFor(md string, visa bool) string {
	switch {
	case md == "1" && visa:
		return "05"
	case md == "1":
		return "02"
	case mdAuthenticated(md) && visa:
		return "06"
	case mdAuthenticated(md):
		return "01"
	}
	return ""
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
	delete(s.pages, id) // one answer per ACS page
	s.mu.Unlock()
	if sess == nil {
		gatePlainError(w, http.StatusNotFound, "no such ACS session")
		return
	}
	md := outcome.MDStatus()
	auth := mdAuthenticated(md)
	cb := url.Values{}
	for k, vs := range sess.echo {
		cb[k] = slices.Clone(vs)
	}
	mdToken := safeToken(base64.StdEncoding.EncodeToString(append([]byte("index:02"), randomBytes(96)...)))
	set := map[string]string{
		"mdstatus": md, "mderrormessage": "", "txnstatus": "", "eci": "", "cavv": "", "cavvalgorithm": "",
		"paressyntaxok": "", "paresverified": "", "version": "", "ireqcode": "", "ireqdetail": "", "vendorcode": "",
		"xid": uuid(), "md": mdToken, "oid": sess.orderID, "orderid": sess.orderID, "transid": sess.orderID,
		"clientid": s.creds.TerminalID, "terminalid": s.creds.TerminalID,
		"authcode": "", "response": "", "procreturncode": "", "errmsg": "", "hostmsg": "", "hostrefnum": "",
		"rnd": rnd(), "MaskedPan": sess.mask8, "garanticardind": "N",
	}
	if auth {
		set["eci"] = eciFor(md, sess.visa)
		set["cavv"] = safeToken(base64.StdEncoding.EncodeToString(randomBytes(20)))
		set["cavvalgorithm"], set["paressyntaxok"], set["paresverified"], set["version"] = "3", "true", "true", "2.0"
		set["txnstatus"] = "A"
		set["mderrormessage"] = "A-status/Attempt: the cardholder or the issuer is not enrolled"
		if md == "1" {
			set["txnstatus"] = "Y"
			set["mderrormessage"] = "Y-status/Challenge authentication via ACS: " + s.URL() + acsPath
		}
	} else {
		set["txnstatus"] = "N"
	}
	for k, v := range set {
		cb.Set(k, v)
	}
	target := sess.errorURL
	if sess.level == level3D {
		s.mu.Lock()
		s.mds[mdToken] = &mdSession{gateSession: *sess, mdStatus: md, cavv: set["cavv"], eci: set["eci"], xid: set["xid"]}
		s.mu.Unlock()
		if auth {
			target = sess.successURL
		}
	} else if levelProvisions(sess.level, md) {
		if s.pay3D(sess, cb) {
			target = sess.successURL
		}
	}
	key := s.creds.StoreKey
	if s.Faults().Take(vpostest.FaultBadCallbackSignature) {
		key += "-corrupted"
	}
	cb.Set("hashparams", callbackHashParams)
	val := hashParamsValue(cb, callbackHashParams)
	cb.Set("hashparamsval", val)
	cb.Set("hash", s.callbackHash(val, key))
	form := &threed.Form{Action: target, Method: http.MethodPost, Fields: cb}
	form.ServeHTTP(w, r)
}

// check3D validates the payment fields of a 3-D Secure session as the
// provisioning does: the order id, txntype, amount, currency and
// installments (92/0002 answers otherwise).
func check3D(g *gateSession) (kind vpostest.Kind, amount vpos.Amount, cur vpos.Currency, inst int, e *gvpsError) {
	if e = checkOrderID(g.orderID); e != nil {
		return
	}
	switch strings.ToLower(g.txnType) {
	case "sales":
		kind = vpostest.KindSale
	case "preauth":
		kind = vpostest.KindPreAuth
	default:
		e = errMandatory("TxnType must be sales or preauth")
		return
	}
	if amount, e = parseAmount(g.amount); e != nil {
		return
	}
	if cur, e = parseCurrency(g.currency); e != nil {
		return
	}
	if inst, e = parseInstallments(g.instCount); e != nil {
		return
	}
	if !g.cvvOK {
		e = errMandatory("CVV2 field must be 3 or 4 digits")
	}
	return
}

// pay3D provisions a 3D_PAY payment after a successful authentication and
// writes the result into the callback (§12.6); it reports approval.
func (s *Server) pay3D(g *gateSession, cb url.Values) bool {
	s.opMu.Lock()
	defer s.opMu.Unlock()
	rep := &gvpsResponse{}
	kind, amount, cur, inst, e := check3D(g)
	if e == nil {
		info := &orderInfo{mask8: g.mask8, mask6: g.mask6, bin8: g.bin8, expiry: g.expiry, email: g.email, secure: true}
		_, e = s.book1(rep, kind, g.orderID, amount, cur, inst, g.mask6, g.outcome, info, s.creds.ProvUser, g.mask8)
	} else {
		s.refuse(rep, e)
	}
	t := rep.Transaction
	cb.Set("procreturncode", t.Response.Code)
	if e != nil {
		cb.Set("response", "Declined")
		cb.Set("authcode", " ") // a single space, as captured
		cb.Set("errmsg", t.Response.SysErrMsg)
		cb.Set("hostmsg", t.Response.ErrorMsg)
		cb.Set("hostrefnum", t.RetrefNum)
		return false
	}
	cb.Set("response", "Approved")
	cb.Set("authcode", t.AuthCode)
	cb.Set("hostrefnum", t.RetrefNum)
	return true
}

// provision3D runs a 3d-model provisioning (§4: Type sales or preauth,
// CardholderPresentCode 13, Secure3D with the callback's cavv, eci, xid
// and md, no Card). The authentication must be a successful one of this
// order, txntype, amount, currency and installments, with the same cavv,
// eci and xid, and is good for one provisioning.
func (s *Server) provision3D(req *gvpsRequest, rep *gvpsResponse, kind vpostest.Kind) {
	tx := &req.Transaction
	sec := tx.Secure3D
	switch {
	case sec == nil:
		s.refuse(rep, errMandatory("Secure3D fields must contain value for CardholderPresentCode 13"))
		return
	case tx.CardholderPresentCode != "13":
		s.refuse(rep, errMandatory("CardholderPresentCode must be 13 with a Secure3D block"))
		return
	case sec.Md == "":
		s.refuse(rep, errMandatory("Secure3D Md field must contain value because of the Mandatory Rule:null"))
		return
	}
	if e := checkOrderID(req.Order.OrderID); e != nil {
		s.refuse(rep, e)
		return
	}
	if e := checkCustomerIP(req.Customer.IPAddress); e != nil {
		s.refuse(rep, e)
		return
	}
	amount, e := parseAmount(tx.Amount)
	if e != nil {
		s.refuse(rep, e)
		return
	}
	cur, e := parseCurrency(tx.CurrencyCode)
	if e != nil {
		s.refuse(rep, e)
		return
	}
	inst, e := parseInstallments(tx.InstallmentCnt)
	if e != nil {
		s.refuse(rep, e)
		return
	}
	s.mu.Lock()
	m := s.mds[sec.Md]
	var sess mdSession
	if m != nil {
		sess = *m
	}
	s.mu.Unlock()
	if m == nil {
		s.refuse(rep, errMD("(md unknown)"))
		return
	}
	skind, samount, scur, sinst, se := check3D(&sess.gateSession)
	switch {
	case se != nil:
		s.refuse(rep, se)
		return
	case sess.orderID != req.Order.OrderID || skind != kind || samount != amount || scur != cur || sinst != inst:
		s.refuse(rep, errMD("(the authentication was for another order, type, amount, currency or installment count)"))
		return
	case sec.AuthenticationCode != sess.cavv || sec.SecurityLevel != sess.eci || sec.TxnID != sess.xid:
		s.refuse(rep, errMD("(AuthenticationCode, SecurityLevel or TxnID differ from the authentication's cavv, eci, xid)"))
		return
	case sess.used:
		s.refuse(rep, errMD("(md already used)"))
		return
	case !mdAuthenticated(sess.mdStatus):
		s.refuse(rep, errMD("(the cardholder was not authenticated: mdstatus "+sess.mdStatus+")"))
		return
	}
	s.mu.Lock()
	m.used = true
	s.mu.Unlock()
	info := &orderInfo{mask8: sess.mask8, mask6: sess.mask6, bin8: sess.bin8, expiry: sess.expiry, groupID: req.Order.GroupID, email: req.Customer.EmailAddress, secure: true}
	s.book1(rep, kind, sess.orderID, amount, cur, inst, sess.mask6, sess.outcome, info, req.Terminal.ProvUserID, sess.mask8)
}

// randomBytes returns n random bytes.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails
	return b
}

// safeToken replaces the digits 6 to 9 of a Base64 or hex token by
// letters of the same alphabet, so that no generated value can contain a
// test card's CVV (vpostest.DefaultCards uses only those digits).
func safeToken(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '6' && r <= '9' {
			return 'a' + (r - '6')
		}
		return r
	}, s)
}

// uuid returns a random version-4 UUID, as the xid of 3DS2 callbacks
// (§12.6), with safeToken applied (still hex).
func uuid() string {
	b := randomBytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return safeToken(h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:])
}

// rnd returns the callback's 20-character random value.
func rnd() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz012345"
	b := randomBytes(20)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// token returns an opaque id for an ACS page.
func token() string { return safeToken(rand.Text()) }
