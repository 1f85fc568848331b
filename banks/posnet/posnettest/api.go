package posnettest

// The XML service (posnet.md §4, §11): sale, auth, capt, reverse, return
// and agreement; the 3-D Secure operations are in threeds.go.

import (
	"errors"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// orderInfo is the POSNET view of a ledger order.
type orderInfo struct {
	ref    string  // the 24-character reference: padded orderID, or TDSC + XID
	threeD bool    // booked by oosTranData
	auth   *txInfo // the authorisation (sale or auth)
}

// txInfo is one transaction of an order, with its POSNET references.
type txInfo struct {
	key        string // ledger order key
	op         vpos.Op
	hostlogkey string
	authCode   string
}

// request is one parsed posnetRequest: the root, the operation element and
// whether tranDate was asked for.
type request struct {
	root, op *node
	tranDate bool
	now      time.Time
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	root, why := readRequest(w, r)
	if root == nil {
		writeReply(w, fail(codeFormat, ": "+why))
		return
	}
	if root.get("mid") != s.creds.MerchantID || root.get("tid") != s.creds.TerminalID {
		ip, _, _ := net.SplitHostPort(r.RemoteAddr)
		writeReply(w, fail(codeInvalidMID, ip))
		return
	}
	var op *node
	for _, k := range root.kids {
		switch strings.ToLower(k.name) {
		case "mid", "tid", "trandaterequired", "username", "password":
		default:
			if op == nil {
				op = k
			}
		}
	}
	if op == nil {
		writeReply(w, fail(codeFormat, ": no operation"))
		return
	}
	req := &request{root: root, op: op, tranDate: root.get("tranDateRequired") == "1", now: s.Now()}
	s.opMu.Lock()
	defer s.opMu.Unlock()
	var rep []elem
	switch strings.ToLower(op.name) {
	case "sale":
		rep = s.doAuthorize(req, vpostest.KindSale)
	case "auth":
		rep = s.doAuthorize(req, vpostest.KindPreAuth)
	case "capt":
		rep = s.doCapture(req)
	case "reverse":
		rep = s.doReverse(req)
	case "return":
		rep = s.doReturn(req)
	case "agreement":
		rep = s.doAgreement(req)
	case "oosrequestdata":
		rep = s.doOOSRequestData(req)
	case "oosresolvemerchantdata":
		rep = s.doOOSResolve(req)
	case "oostrandata":
		rep = s.doOOSTranData(req)
	default:
		rep = fail(codeFormat, ": operation "+clip(op.name)+" is not emulated")
	}
	writeReply(w, rep)
}

// fail is an error reply: approved 0, respCode, respText (+ extra).
func fail(code, extra string) []elem {
	return []elem{leaf("approved", "0"), leaf("respCode", code), leaf("respText", texts[code]+extra)}
}

// approved is the frame of an approved financial reply (§11.2).
func (req *request) approved(tx *txInfo, inst int, amount vpos.Amount) []elem {
	rep := []elem{leaf("approved", "1"), leaf("respCode", ""), leaf("respText", ""),
		leaf("hostlogkey", tx.hostlogkey), leaf("authCode", tx.authCode)}
	if req.tranDate {
		rep = append(rep, leaf("tranDate", req.now.In(vpos.Istanbul()).Format("060102150405")))
	}
	per := vpos.Amount(0)
	if inst > 1 {
		per = amount / vpos.Amount(inst)
	}
	return append(rep,
		parent("instInfo", leaf("inst1", pad2(inst)), leaf("amnt1", pad(int64(per), 12))),
		parent("pointInfo", leaf("point", "00000000"), leaf("pointAmount", "000000000000"),
			leaf("totalPoint", "00000000"), leaf("totalPointAmount", "000000000000")))
}

// duplicate is the reply to a reused order id: approved 2, 0127 and the
// first transaction's references (§11.1, §11.2).
func (req *request) duplicate(info *orderInfo) []elem {
	rep := []elem{leaf("approved", "2"), leaf("respCode", codeDuplicate), leaf("respText", texts[codeDuplicate])}
	if info != nil && info.auth != nil {
		rep = append(rep, leaf("hostlogkey", info.auth.hostlogkey), leaf("authCode", info.auth.authCode))
	}
	if req.tranDate {
		rep = append(rep, leaf("tranDate", req.now.In(vpos.Istanbul()).Format("060102150405")))
	}
	return rep
}

func pad(n int64, width int) string {
	s := strconv.FormatInt(n, 10)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

func pad2(n int) string {
	if n <= 1 {
		return "00"
	}
	return pad(int64(n), 2)
}

// newTx gives the latest ledger entry of o POSNET references: a
// hostlogkey of 18 digits and, for operations after the authorisation, a
// 6-digit auth code. Digits come from a base-6 counter so that no
// reference holds a test CVV. The caller holds opMu.
func (s *Server) newTx(key string, o *vpostest.Order, authCode string) *txInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	e := o.Entries[len(o.Entries)-1]
	if authCode == "" {
		authCode = base6(s.seq*7919+2333, 6)
	}
	tx := &txInfo{key: key, op: e.Op, hostlogkey: "02" + base6(s.seq, 10) + "000191", authCode: authCode}
	s.keys[tx.hostlogkey] = tx
	s.byTrans[e.TransID] = tx
	return tx
}

func base6(n, width int) string {
	s := strconv.FormatInt(int64(n)%pow6(width), 6)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

func pow6(n int) int64 {
	p := int64(1)
	for range n {
		p *= 6
	}
	return p
}

// payment is the amount, currency and installments of an operation.
type payment struct {
	amount vpos.Amount
	code   string // TL, US, ...
	cur    vpos.Currency
	inst   int
}

// parsePayment reads amount (kuruş), currencyCode and installment from n;
// it returns a format error reply when one is malformed.
func parsePayment(n *node, currencyField string, needInst bool) (payment, []elem) {
	var p payment
	a := n.get("amount")
	v, err := strconv.ParseInt(a, 10, 64)
	if a == "" || len(a) > 12 || err != nil || v <= 0 || strings.TrimLeft(a, "0123456789") != "" {
		return p, fail(codeFormat, ": amount")
	}
	p.amount = vpos.Amount(v)
	p.code = n.get(currencyField)
	cur, ok := currencies[p.code]
	if !ok {
		return p, fail(codeFormat, ": "+currencyField)
	}
	p.cur = cur
	inst := n.get("installment")
	if inst == "" && !needInst {
		return p, nil
	}
	switch i, err := strconv.Atoi(inst); {
	case len(inst) != 2 || err != nil || i == 1 || i > 12 || i < 0:
		return p, fail(codeFormat, ": installment")
	case i > 1 && cur != vpos.TRY:
		return p, fail(codeFormat, ": installment is for TL only")
	default:
		p.inst = i
	}
	return p, nil
}

// cardCheck reads ccno, expDate (YYMM) and cvc and returns the card's
// outcome; a reply when the card is refused before the host.
func (s *Server) cardCheck(n *node, now time.Time) (pan string, outcome vpostest.Outcome, rep []elem) {
	pan, exp, cvc := n.get("ccno"), n.get("expDate"), n.get("cvc")
	switch {
	case !digits(pan) || len(pan) < 12 || len(pan) > 19:
		return "", "", fail(codeFormat, ": ccno")
	case !vpos.Luhn(pan):
		return "", "", fail(codeInvalidCard, "")
	case !digits(exp) || len(exp) != 4 || exp[2:] < "01" || exp[2:] > "12":
		return "", "", fail(codeFormat, ": expDate")
	case !digits(cvc) || len(cvc) < 3 || len(cvc) > 4:
		return "", "", fail(codeFormat, ": cvc")
	}
	outcome = s.book.Outcome(pan)
	yy, _ := strconv.Atoi(exp[:2])
	mm, _ := strconv.Atoi(exp[2:])
	t := now.In(vpos.Istanbul())
	if 2000+yy < t.Year() || 2000+yy == t.Year() && mm < int(t.Month()) {
		outcome = vpostest.OutcomeExpired
	}
	return pan, outcome, nil
}

func digits(s string) bool {
	return s != "" && strings.TrimLeft(s, "0123456789") == ""
}

// orderChars reports whether s holds only the characters order ids are
// made of: letters, digits, '_' and '-'.
func orderChars(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-') {
			return false
		}
	}
	return s != ""
}

// ledgerKey is the ledger's key of a padded order id: the id without its
// leading zeros.
func ledgerKey(padded string) string { return strings.TrimLeft(padded, "0") }

func (s *Server) doAuthorize(req *request, kind vpostest.Kind) []elem {
	n := req.op
	orderID := n.get("orderID")
	if len(orderID) != 24 || !orderChars(orderID) || ledgerKey(orderID) == "" {
		return fail(codeFormat, ": orderID must be 24 characters, left-padded with 0")
	}
	p, rep := parsePayment(n, "currencyCode", true)
	if rep != nil {
		return rep
	}
	pan, outcome, rep := s.cardCheck(n, req.now)
	if rep != nil {
		return rep
	}
	key := ledgerKey(orderID)
	o, err := s.Ledger().Authorize(kind, key, p.amount, p.cur, p.inst, pan, outcome)
	if err != nil {
		return s.ledgerError(req, key, err)
	}
	tx := s.newTx(key, o, o.AuthCode)
	s.mu.Lock()
	s.orders[key] = &orderInfo{ref: orderID, auth: tx}
	s.mu.Unlock()
	if o.Status == vpos.StatusDeclined {
		return fail(declineCode(o.Code), "")
	}
	return req.approved(tx, p.inst, p.amount)
}

// ledgerError maps a ledger refusal to a reply.
func (s *Server) ledgerError(req *request, key string, err error) []elem {
	switch {
	case errors.Is(err, vpostest.ErrDuplicateOrder):
		s.mu.Lock()
		info := s.orders[key]
		s.mu.Unlock()
		return req.duplicate(info)
	case errors.Is(err, vpostest.ErrOrderNotFound):
		return fail(codeNotFound, "")
	case errors.Is(err, vpostest.ErrInvalidState):
		return fail(codeState, "")
	case errors.Is(err, vpostest.ErrAmountExceeded):
		return fail(codeAmount, "")
	}
	return fail(codeFormat, "")
}

// findRef finds the transaction a follow-up refers to: by hostLogKey
// (either spelling, §11.1), else by the 24-character orderID (TDSC or TDS_
// + XID for a 3-D Secure order, the zero-padded id otherwise, §3.1). tx is
// nil when the reference is an order id.
func (s *Server) findRef(n *node) (key string, tx *txInfo, rep []elem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if hlk := n.get("hostLogKey"); hlk != "" {
		tx := s.keys[hlk]
		if tx == nil {
			return "", nil, fail(codeNotFound, "")
		}
		return tx.key, tx, nil
	}
	ref := n.get("orderID")
	if ref == "" {
		return "", nil, fail(codeFormat, ": hostLogKey or orderID")
	}
	if len(ref) != 24 {
		return "", nil, fail(codeNotFound, "")
	}
	threeD := strings.HasPrefix(ref, "TDSC") || strings.HasPrefix(ref, "TDS_")
	key = ledgerKey(ref)
	if threeD {
		key = ledgerKey(ref[4:])
	}
	info := s.orders[key]
	if info == nil || info.threeD != threeD {
		return "", nil, fail(codeNotFound, "")
	}
	return key, nil, nil
}

func (s *Server) doCapture(req *request) []elem {
	n := req.op
	if n.get("hostLogKey") == "" {
		return fail(codeFormat, ": hostLogKey")
	}
	key, tx, rep := s.findRef(n)
	if rep != nil {
		return rep
	}
	p, rep := parsePayment(n, "currencyCode", false)
	if rep != nil {
		return rep
	}
	o, ok := s.Ledger().Order(key)
	switch {
	case !ok:
		return fail(codeNotFound, "")
	case tx.op != vpos.OpPreAuth:
		return fail(codeState, "")
	case o.Currency != p.cur:
		return fail(codeFormat, ": currencyCode")
	}
	o, err := s.Ledger().Capture(key, p.amount)
	if err != nil {
		return s.ledgerError(req, key, err)
	}
	return req.approved(s.newTx(key, o, ""), o.Installments, p.amount)
}

func (s *Server) doReverse(req *request) []elem {
	n := req.op
	want := map[string]vpos.Op{"sale": vpos.OpSale, "auth": vpos.OpPreAuth, "capt": vpos.OpCapture}[strings.ToLower(n.get("transaction"))]
	if want == "" {
		return fail(codeFormat, ": transaction")
	}
	key, tx, rep := s.findRef(n)
	if rep != nil {
		return rep
	}
	o, ok := s.Ledger().Order(key)
	if !ok {
		return fail(codeNotFound, "")
	}
	last := o.Entries[len(o.Entries)-1].Op
	switch {
	case tx != nil && tx.op != want:
		return fail(codeState, "")
	case want == vpos.OpSale && o.Kind != vpostest.KindSale,
		want != vpos.OpSale && o.Kind != vpostest.KindPreAuth:
		return fail(codeState, "")
	case want == vpos.OpPreAuth && o.Captured > 0 && o.Status == vpos.StatusApproved:
		return fail(codeState, ": capt must be reversed")
	case want == vpos.OpCapture && (o.Captured == 0 || last == vpos.OpPreAuth):
		return fail(codeState, "")
	}
	if ac := n.get("authCode"); ac != "" && tx != nil && ac != tx.authCode {
		return fail(codeNotFound, "")
	}
	o, err := s.Ledger().Void(key)
	if err != nil {
		return s.ledgerError(req, key, err)
	}
	return req.approved(s.newTx(key, o, ""), 0, 0)
}

func (s *Server) doReturn(req *request) []elem {
	n := req.op
	p, rep := parsePayment(n, "currencyCode", false)
	if rep != nil {
		return rep
	}
	key, _, rep := s.findRef(n)
	if rep != nil {
		return rep
	}
	o, ok := s.Ledger().Order(key)
	switch {
	case !ok:
		return fail(codeNotFound, "")
	case o.Currency != p.cur:
		return fail(codeFormat, ": currencyCode")
	}
	o, err := s.Ledger().Refund(key, p.amount)
	if err != nil {
		return s.ledgerError(req, key, err)
	}
	return req.approved(s.newTx(key, o, ""), 0, p.amount)
}

// states names the ledger operations as agreement replies do (§11.4).
var states = map[vpos.Op]string{
	vpos.OpSale: "Sale", vpos.OpPreAuth: "Auth", vpos.OpCapture: "Capt", vpos.OpVoid: "Reverse", vpos.OpRefund: "Return",
}

func (s *Server) doAgreement(req *request) []elem {
	key, _, rep := s.findRef(req.op)
	if rep != nil {
		return rep
	}
	o, ok := s.Ledger().Order(key)
	if !ok {
		return fail(codeNotFound, "")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	info := s.orders[key]
	var rows []elem
	for _, e := range slices.Backward(o.Entries) {
		tx := s.byTrans[e.TransID]
		if tx == nil {
			continue // an earlier declined attempt's entry of a retried order
		}
		status, auth := "0", ""
		if e.Approved {
			status, auth = "1", tx.authCode
		}
		rows = append(rows, parent("transaction",
			leaf("orderID", info.ref), leaf("ccno", spacedMask(o.MaskedPAN)), leaf("amount", trAmount(e.Amount, e.Currency)),
			leaf("currencyCode", posnetCurrency(e.Currency)), leaf("authCode", auth),
			leaf("tranDate", e.Time.In(vpos.Istanbul()).Format("2006-01-02 15:04:05.000")),
			leaf("state", states[e.Op]), leaf("txnStatus", status), leaf("hostlogkey", tx.hostlogkey)))
	}
	return []elem{leaf("approved", "1"), leaf("respCode", ""), leaf("respText", ""), parent("transactions", rows...)}
}

// spacedMask writes a masked PAN in groups of four ("4506 34** **** 4637").
func spacedMask(m string) string {
	var parts []string
	for len(m) > 4 {
		parts = append(parts, m[:4])
		m = m[4:]
	}
	return strings.Join(append(parts, m), " ")
}

// trAmount writes an amount the Turkish way: "1.234,56" (§3).
func trAmount(a vpos.Amount, c vpos.Currency) string {
	s := a.DecimalSep(c, ',')
	whole, frac, hasFrac := strings.Cut(s, ",")
	var b strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		b.WriteString("," + frac)
	}
	return b.String()
}
