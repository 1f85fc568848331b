package posnettest

// 3-D Secure (posnet.md §5, §6, §11.3): oosRequestData, the gate, the fake
// ACS and its callback, oosResolveMerchantData and oosTranData.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// session is one 3-D Secure payment, from oosRequestData to oosTranData.
// It keeps the card masked and its outcome; never the number or the CVV.
type session struct {
	data1, data2, sign string
	xid                string // the 20-character XID
	pay                payment
	kind               vpostest.Kind
	tranType           string // Sale or Auth
	masked, prefix     string
	outcome            vpostest.Outcome
	returnURL          string

	answered                   bool   // the ACS was answered
	mdStatus                   string // after the ACS
	merchantPacket, bankPacket string
	callbackSign               string // the Sign the bank expects
	provisioned                bool
}

// mdAuthenticated reports whether the fake provisions after mdStatus md:
// full (1) and half-secure (2, 3, 4) authentication, the set mewebstudio
// proceeds with (§5.4).
func mdAuthenticated(md string) bool { return md == "1" || md == "2" || md == "3" || md == "4" }

func (s *Server) doOOSRequestData(req *request) []elem {
	n := req.op
	if n.get("posnetid") != s.creds.PosnetID {
		return fail(codeInvalidMID, "posnetid")
	}
	xid := n.get("XID")
	if len(xid) != 20 || !orderChars(xid) || ledgerKey(xid) == "" {
		return fail(codeFormat, ": XID must be 20 characters, left-padded with 0")
	}
	p, rep := parsePayment(n, "currencyCode", true)
	if rep != nil {
		return rep
	}
	kind := map[string]vpostest.Kind{"sale": vpostest.KindSale, "auth": vpostest.KindPreAuth}[strings.ToLower(n.get("tranType"))]
	if kind == "" {
		return fail(codeFormat, ": tranType")
	}
	pan, outcome, rep := s.cardCheck(n, req.now)
	if rep != nil {
		return rep
	}
	sess := &session{
		data1: token(64), data2: token(48), xid: xid, pay: p, kind: kind,
		tranType: map[vpostest.Kind]string{vpostest.KindSale: "Sale", vpostest.KindPreAuth: "Auth"}[kind],
		masked:   vpos.MaskPAN(pan), prefix: pan[:6], outcome: outcome,
	}
	sess.sign = packetSign(FirstHash(s.creds.EncKey, s.creds.TerminalID), sess.data1, sess.data2)
	s.mu.Lock()
	s.data1[sess.data1] = sess
	s.mu.Unlock()
	return []elem{leaf("approved", "1"), leaf("respCode", ""), leaf("respText", ""),
		parent("oosRequestDataResponse", leaf("data1", sess.data1), leaf("data2", sess.data2), leaf("sign", sess.sign))}
}

// gatePlainError answers a gate request the gate cannot post back.
func gatePlainError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "posnettest: %s\n", msg)
}

func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func (s *Server) serveGate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		gatePlainError(w, http.StatusBadRequest, "unreadable form")
		return
	}
	f := r.PostForm
	ret := f.Get("merchantReturnURL")
	if !absoluteHTTP(ret) {
		gatePlainError(w, http.StatusBadRequest, "merchantReturnURL must be an absolute http(s) URL")
		return
	}
	s.mu.Lock()
	sess := s.data1[f.Get("posnetData")]
	ok := sess != nil && !sess.answered && f.Get("posnetData2") == sess.data2 && equalMAC(f.Get("digest"), sess.sign) &&
		f.Get("mid") == s.creds.MerchantID && f.Get("posnetID") == s.creds.PosnetID
	if ok {
		sess.returnURL = ret
	}
	s.mu.Unlock()
	if !ok {
		// The real gate posts back with empty Sign, Xid and MerchantId
		// when the terminal's 3D data is wrong (§5.3).
		cb := url.Values{"MerchantPacket": {""}, "BankPacket": {""}, "Sign": {""}, "Xid": {""}, "MerchantId": {""},
			"CCPrefix": {""}, "TranType": {""}, "Amount": {""}}
		(&threed.Form{Action: ret, Method: http.MethodPost, Fields: cb}).ServeHTTP(w, r)
		return
	}
	id := token(24)
	s.mu.Lock()
	s.pages[id] = sess
	s.mu.Unlock()
	summary := fmt.Sprintf("Yapı Kredi POSNET test ACS: XID %s, %s %s, kart %s",
		sess.xid, trAmount(sess.pay.amount, sess.pay.cur), sess.pay.code, sess.masked)
	if err := vpostest.WriteACSPage(w, s.URL()+acsPath, url.Values{"session": {id}}, summary); err != nil {
		gatePlainError(w, http.StatusInternalServerError, "cannot render the ACS page")
	}
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
	sess.mdStatus = outcome.MDStatus()
	sess.merchantPacket, sess.bankPacket = token(96), token(128)
	sess.callbackSign = packetSign(FirstHash(s.creds.EncKey, s.creds.TerminalID), sess.merchantPacket, sess.bankPacket)
	s.packets[sess.bankPacket] = sess
	s.mu.Unlock()
	sign := sess.callbackSign
	if s.Faults().Take(vpostest.FaultBadCallbackSignature) {
		sign = packetSign("corrupted", sess.merchantPacket, sess.bankPacket)
	}
	cb := url.Values{
		"MerchantPacket": {sess.merchantPacket}, "BankPacket": {sess.bankPacket}, "Sign": {sign},
		"CCPrefix": {sess.prefix}, "TranType": {sess.tranType}, "Amount": {sess.pay.amount.DecimalSep(sess.pay.cur, ',')},
		"Xid": {sess.xid}, "MerchantId": {s.creds.MerchantID},
	}
	(&threed.Form{Action: sess.returnURL, Method: http.MethodPost, Fields: cb}).ServeHTTP(w, r)
}

// packetSession finds the session of bankData and checks merchantData and
// sign when given (posnet.go and CP.VPOS leave them out of oosTranData,
// §11.1) and the request MAC (§6.2).
func (s *Server) packetSession(n *node, needAll bool) (*session, []elem) {
	bank, merchant, sign := n.get("bankData"), n.get("merchantData"), n.get("sign")
	s.mu.Lock()
	sess := s.packets[bank]
	s.mu.Unlock()
	switch {
	case bank == "" || needAll && (merchant == "" || sign == ""):
		return nil, fail(codeFormat, ": bankData, merchantData and sign")
	case sess == nil:
		return nil, fail(codePacket, "")
	case merchant != "" && merchant != sess.merchantPacket,
		(sign != "" || merchant != "") && !equalMAC(sign, sess.callbackSign):
		return nil, fail(codePacket, "")
	}
	fh := FirstHash(s.creds.EncKey, s.creds.TerminalID)
	want := RequestMAC(sess.xid, fmt.Sprint(int64(sess.pay.amount)), sess.pay.code, s.creds.MerchantID, fh)
	if !equalMAC(n.get("mac"), want) {
		return nil, fail(codeMAC, "")
	}
	return sess, nil
}

// resolveBlock is the oosResolveMerchantDataResponse of a session (§11.3).
func (s *Server) resolveBlock(sess *session) elem {
	amount := fmt.Sprint(int64(sess.pay.amount))
	txStatus, msg := "N", "Authentication failed"
	switch sess.mdStatus {
	case "1":
		txStatus, msg = "Y", ""
	case "2", "3", "4":
		txStatus, msg = "A", "Half 3D - Secure Transaction"
	}
	mac := ResponseMAC(sess.mdStatus, sess.xid, amount, sess.pay.code, s.creds.MerchantID,
		FirstHash(s.creds.EncKey, s.creds.TerminalID))
	return parent("oosResolveMerchantDataResponse",
		leaf("xid", sess.xid), leaf("amount", amount), leaf("currency", sess.pay.code),
		leaf("installment", pad2(sess.pay.inst)), leaf("point", "0"), leaf("pointAmount", "0"),
		leaf("txStatus", txStatus), leaf("mdStatus", sess.mdStatus), leaf("mdErrorMessage", msg), leaf("mac", mac))
}

func (s *Server) doOOSResolve(req *request) []elem {
	sess, rep := s.packetSession(req.op, true)
	if rep != nil {
		return rep
	}
	return []elem{leaf("approved", "1"), leaf("respCode", ""), leaf("respText", ""), s.resolveBlock(sess)}
}

func (s *Server) doOOSTranData(req *request) []elem {
	sess, rep := s.packetSession(req.op, false)
	if rep != nil {
		return rep
	}
	if wp := req.op.get("wpAmount"); wp != "" && strings.TrimLeft(wp, "0") != "" {
		return fail(codeFormat, ": wpAmount (World points are not emulated)")
	}
	if !mdAuthenticated(sess.mdStatus) {
		return fail(code3DFailed, "")
	}
	key := ledgerKey(sess.xid)
	s.mu.Lock()
	used := sess.provisioned
	sess.provisioned = true
	s.mu.Unlock()
	if used {
		s.mu.Lock()
		info := s.orders[key]
		s.mu.Unlock()
		return req.duplicate(info)
	}
	o, err := s.Ledger().Authorize(sess.kind, key, sess.pay.amount, sess.pay.cur, sess.pay.inst, sess.masked, sess.outcome)
	if err != nil {
		return s.ledgerError(req, key, err)
	}
	tx := s.newTx(key, o, o.AuthCode)
	s.mu.Lock()
	s.orders[key] = &orderInfo{ref: "TDSC" + sess.xid, threeD: true, auth: tx}
	s.mu.Unlock()
	if o.Status == vpos.StatusDeclined {
		return fail(declineCode(o.Code), "")
	}
	return append(req.approved(tx, sess.pay.inst, sess.pay.amount), s.resolveBlock(sess))
}
