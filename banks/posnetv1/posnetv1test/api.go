package posnetv1test

// The JSON service (posnet.md §10, §12): Sale, Auth, Capture, Reverse,
// Return and TransactionInquiry; the 3-D Secure provision (Sale or Auth
// with ThreeDSecureData) is in threeds.go.

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

// orderInfo is the V1 view of a ledger order.
type orderInfo struct {
	ref    string  // the OrderId follow-ups use: the padded id, or TDS_ + it
	threeD bool    // booked by a 3-D Secure provision
	auth   *txInfo // the authorisation (sale or auth)
}

// txInfo is one transaction of an order, with its V1 references.
type txInfo struct {
	key       string // ledger order key
	op        vpos.Op
	reference string // ReferenceCode (the HostLogKey of inquiries)
	authCode  string
}

// request is one parsed JSON request.
type request struct {
	f   fields
	now time.Time
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, op string) {
	var do func(*request) any
	switch strings.ToLower(op) {
	case "sale":
		do = func(req *request) any { return s.doAuthorize(req, vpostest.KindSale) }
	case "auth":
		do = func(req *request) any { return s.doAuthorize(req, vpostest.KindPreAuth) }
	case "capture":
		do = func(req *request) any { return s.doCapture(req) }
	case "reverse":
		do = func(req *request) any { return s.doReverse(req) }
	case "return":
		do = func(req *request) any { return s.doReturn(req) }
	case "transactioninquiry":
		do = func(req *request) any { return s.doInquiry(req) }
	default:
		http.NotFound(w, r)
		return
	}
	inquiry := strings.EqualFold(op, "TransactionInquiry")
	failWith := func(code, extra string) {
		if inquiry {
			writeJSON(w, inquiryFail(code, extra))
		} else {
			writeJSON(w, fail(code, extra))
		}
	}
	f, why := readRequest(w, r)
	if f == nil {
		failWith(codeFormat, ": "+why)
		return
	}
	if f.get("MerchantNo") != s.creds.MerchantNo || f.get("TerminalNo") != s.creds.TerminalNo {
		ip, _, _ := net.SplitHostPort(r.RemoteAddr)
		failWith(codeInvalidMID, ip)
		return
	}
	if f.get("ApiType") != "JSON" || f.get("ApiVersion") != "V100" {
		failWith(codeFormat, ": ApiType must be JSON and ApiVersion V100")
		return
	}
	if code, extra := s.checkMAC(f); code != "" {
		failWith(code, extra)
		return
	}
	req := &request{f: f, now: s.Now()}
	s.opMu.Lock()
	defer s.opMu.Unlock()
	writeJSON(w, do(req))
}

// checkMAC checks MAC against MACParams (§10): the values of the named
// fields (looked up at any depth) concatenated, then the ENCKEY. MACParams
// must name MerchantNo and TerminalNo.
func (s *Server) checkMAC(f fields) (code, extra string) {
	params := f.get("MACParams")
	names := strings.Split(params, ":")
	if params == "" || !slices.Contains(names, "MerchantNo") || !slices.Contains(names, "TerminalNo") {
		return codeFormat, ": MACParams must name MerchantNo and TerminalNo"
	}
	vals := make([]string, len(names))
	for i, n := range names {
		vals[i] = f.get(n)
	}
	if !equalMAC(f.get("MAC"), MAC(s.creds.EncKey, vals...)) {
		return codeMAC, ""
	}
	return "", ""
}

// inquiryFail is an error reply of TransactionInquiry.
func inquiryFail(code, extra string) *inquiryReply {
	return &inquiryReply{ServiceResponseData: status{code, texts[code] + extra}}
}

func pad(s string, width int) string {
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// newTx gives the latest ledger entry of o V1 references: an 18-digit
// ReferenceCode and, for operations after the authorisation, a 6-digit
// auth code. Digits come from a base-6 counter so that no reference holds
// a test CVV. The caller holds opMu.
func (s *Server) newTx(key string, o *vpostest.Order, authCode string) *txInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	e := o.Entries[len(o.Entries)-1]
	if authCode == "" {
		authCode = base6(s.seq*7919+2333, 6)
	}
	tx := &txInfo{key: key, op: e.Op, reference: "02" + base6(s.seq, 10) + "000231", authCode: authCode}
	s.refs[tx.reference] = tx
	s.byTrans[e.TransID] = tx
	return tx
}

func base6(n, width int) string {
	p := int64(1)
	for range width {
		p *= 6
	}
	return pad(strconv.FormatInt(int64(n)%p, 6), width)
}

// payment is the amount, currency and installments of an operation.
type payment struct {
	amount vpos.Amount
	code   string // TL, US, ...
	cur    vpos.Currency
	inst   int
}

// parsePayment reads Amount (kuruş, a JSON number or string of digits),
// CurrencyCode and, when needInst, InstallmentCount ("0" single, "2" to
// "12", TL only); it returns a format error reply when one is malformed.
func parsePayment(f fields, needInst bool) (payment, string) {
	var p payment
	a := f.get("Amount")
	v, err := strconv.ParseInt(a, 10, 64)
	if !digits(a) || len(a) > 12 || err != nil || v <= 0 {
		return p, "Amount"
	}
	p.amount = vpos.Amount(v)
	p.code = f.get("CurrencyCode")
	cur, ok := currencies[p.code]
	if !ok {
		return p, "CurrencyCode"
	}
	p.cur = cur
	if !needInst {
		return p, ""
	}
	inst := f.get("InstallmentCount")
	switch i, err := strconv.Atoi(inst); {
	case !digits(inst) || len(inst) > 2 || err != nil || i > 12:
		return p, "InstallmentCount"
	case i > 1 && cur != vpos.TRY:
		return p, "InstallmentCount is for TL only"
	case i > 1:
		p.inst = i
	}
	return p, ""
}

// cardCheck checks a card (PAN, YYMM expiry, CVV) and returns its outcome,
// or a reply when the card is refused before the host.
func (s *Server) cardCheck(pan, exp, cvc string, now time.Time) (vpostest.Outcome, *finReply) {
	switch {
	case !digits(pan) || len(pan) < 12 || len(pan) > 19:
		return "", fail(codeFormat, ": CardNo")
	case !vpos.Luhn(pan):
		return "", fail(codeInvalidCard, "")
	case !digits(exp) || len(exp) != 4 || exp[2:] < "01" || exp[2:] > "12":
		return "", fail(codeFormat, ": ExpireDate")
	case !digits(cvc) || len(cvc) < 3 || len(cvc) > 4:
		return "", fail(codeFormat, ": Cvc2")
	}
	outcome := s.book.Outcome(pan)
	yy, _ := strconv.Atoi(exp[:2])
	mm, _ := strconv.Atoi(exp[2:])
	t := now.In(vpos.Istanbul())
	if 2000+yy < t.Year() || 2000+yy == t.Year() && mm < int(t.Month()) {
		outcome = vpostest.OutcomeExpired
	}
	return outcome, nil
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

// validOrderID reports whether id is a 20-character, zero-left-padded
// OrderId (§10).
func validOrderID(id string) bool {
	return len(id) == 20 && orderChars(id) && ledgerKey(id) != ""
}

// ledgerKey is the ledger's key of a padded order id: the id without its
// leading zeros.
func ledgerKey(padded string) string { return strings.TrimLeft(padded, "0") }

func (s *Server) doAuthorize(req *request, kind vpostest.Kind) *finReply {
	f := req.f
	if tds := f.object("ThreeDSecureData"); tds != nil && tds.get("SecureTransactionId") != "" {
		return s.doProvision(req, kind, tds)
	}
	orderID := f.get("OrderId")
	if !validOrderID(orderID) {
		return fail(codeFormat, ": OrderId must be 20 characters, left-padded with 0")
	}
	p, bad := parsePayment(f, true)
	if bad != "" {
		return fail(codeFormat, ": "+bad)
	}
	pan := f.get("CardNo")
	outcome, rep := s.cardCheck(pan, f.get("ExpireDate"), f.get("Cvc2"), req.now)
	if rep != nil {
		return rep
	}
	key := ledgerKey(orderID)
	o, err := s.Ledger().Authorize(kind, key, p.amount, p.cur, p.inst, pan, outcome)
	if err != nil {
		return s.ledgerError(err)
	}
	tx := s.newTx(key, o, o.AuthCode)
	s.mu.Lock()
	s.orders[key] = &orderInfo{ref: orderID, auth: tx}
	s.mu.Unlock()
	if o.Status == vpos.StatusDeclined {
		return fail(declineCode(o.Code), "")
	}
	return approved(tx)
}

// ledgerError maps a ledger refusal to a reply.
func (s *Server) ledgerError(err error) *finReply {
	switch {
	case errors.Is(err, vpostest.ErrDuplicateOrder):
		return fail(codeDuplicate, "")
	case errors.Is(err, vpostest.ErrOrderNotFound):
		return fail(codeNotFound, "")
	case errors.Is(err, vpostest.ErrInvalidState):
		return fail(codeState, "")
	case errors.Is(err, vpostest.ErrAmountExceeded):
		return fail(codeAmount, "")
	}
	return fail(codeFormat, "")
}

// findRef finds the order a follow-up refers to: by ReferenceCode (any
// transaction's), else by OrderId (the 20-character padded id of a
// non-3D order, "TDS_" + it for a 3-D Secure order). tx is nil when the
// reference is an order id.
func (s *Server) findRef(f fields) (key string, tx *txInfo, rep string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ref := f.get("ReferenceCode"); ref != "" {
		tx := s.refs[ref]
		if tx == nil {
			return "", nil, codeNotFound
		}
		return tx.key, tx, ""
	}
	ref := f.get("OrderId")
	if ref == "" {
		return "", nil, codeFormat
	}
	threeD := strings.HasPrefix(ref, "TDS_")
	id := strings.TrimPrefix(ref, "TDS_")
	if !validOrderID(id) {
		return "", nil, codeNotFound
	}
	key = ledgerKey(id)
	info := s.orders[key]
	if info == nil || info.threeD != threeD {
		return "", nil, codeNotFound
	}
	return key, nil, ""
}

func refFail(code string) *finReply {
	if code == codeFormat {
		return fail(codeFormat, ": ReferenceCode or OrderId")
	}
	return fail(code, "")
}

func (s *Server) doCapture(req *request) *finReply {
	key, tx, code := s.findRef(req.f)
	if code != "" {
		return refFail(code)
	}
	p, bad := parsePayment(req.f, false)
	if bad != "" {
		return fail(codeFormat, ": "+bad)
	}
	o, ok := s.Ledger().Order(key)
	switch {
	case !ok:
		return fail(codeNotFound, "")
	case tx != nil && tx.op != vpos.OpPreAuth, o.Kind != vpostest.KindPreAuth:
		return fail(codeState, "")
	case o.Currency != p.cur:
		return fail(codeFormat, ": CurrencyCode")
	}
	o, err := s.Ledger().Capture(key, p.amount)
	if err != nil {
		return s.ledgerError(err)
	}
	return approved(s.newTx(key, o, ""))
}

// reverseTypes maps a Reverse's TransactionType to the operation reversed.
var reverseTypes = map[string]vpos.Op{"sale": vpos.OpSale, "auth": vpos.OpPreAuth, "capture": vpos.OpCapture}

func (s *Server) doReverse(req *request) *finReply {
	f := req.f
	key, tx, code := s.findRef(f)
	if code != "" {
		return refFail(code)
	}
	o, ok := s.Ledger().Order(key)
	if !ok {
		return fail(codeNotFound, "")
	}
	want := vpos.Op("")
	if t := f.get("TransactionType"); t != "" {
		if want = reverseTypes[strings.ToLower(t)]; want == "" {
			return fail(codeFormat, ": TransactionType")
		}
	} else if tx != nil {
		want = tx.op
	}
	last := o.Entries[len(o.Entries)-1].Op
	switch {
	case tx != nil && want != "" && tx.op != want:
		return fail(codeState, "")
	case want == vpos.OpSale && o.Kind != vpostest.KindSale,
		(want == vpos.OpPreAuth || want == vpos.OpCapture) && o.Kind != vpostest.KindPreAuth:
		return fail(codeState, "")
	case want == vpos.OpPreAuth && o.Captured > 0 && o.Status == vpos.StatusApproved:
		return fail(codeState, ": the Capture must be reversed first")
	case want == vpos.OpCapture && (o.Captured == 0 || last == vpos.OpPreAuth):
		return fail(codeState, "")
	case want != vpos.OpSale && want != vpos.OpPreAuth && want != vpos.OpCapture && want != "":
		return fail(codeState, "")
	}
	o, err := s.Ledger().Void(key)
	if err != nil {
		return s.ledgerError(err)
	}
	return approved(s.newTx(key, o, ""))
}

func (s *Server) doReturn(req *request) *finReply {
	key, _, code := s.findRef(req.f)
	if code != "" {
		return refFail(code)
	}
	p, bad := parsePayment(req.f, false)
	if bad != "" {
		return fail(codeFormat, ": "+bad)
	}
	o, ok := s.Ledger().Order(key)
	switch {
	case !ok:
		return fail(codeNotFound, "")
	case o.Currency != p.cur:
		return fail(codeFormat, ": CurrencyCode")
	}
	o, err := s.Ledger().Refund(key, p.amount)
	if err != nil {
		return s.ledgerError(err)
	}
	return approved(s.newTx(key, o, ""))
}

// types names the ledger operations as inquiries do (§12).
var types = map[vpos.Op]string{
	vpos.OpSale: "Sale", vpos.OpPreAuth: "Auth", vpos.OpCapture: "Capture", vpos.OpVoid: "Reverse", vpos.OpRefund: "Return",
}

func (s *Server) doInquiry(req *request) *inquiryReply {
	key, _, code := s.findRef(req.f)
	if code != "" {
		if code == codeFormat {
			return inquiryFail(codeFormat, ": OrderId")
		}
		return inquiryFail(code, "")
	}
	o, ok := s.Ledger().Order(key)
	if !ok {
		return inquiryFail(codeNotFound, "")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	info := s.orders[key]
	rows := []row{}
	for _, e := range slices.Backward(o.Entries) {
		tx := s.byTrans[e.TransID]
		if tx == nil {
			continue
		}
		st, auth := "0", ""
		if e.Approved {
			st, auth = "1", tx.authCode
		}
		rows = append(rows, row{
			Amount: trAmount(e.Amount, e.Currency), AuthCode: auth, CardNo: o.MaskedPAN,
			CurrencyCode: posnetCurrency(e.Currency), HostLogKey: tx.reference, OrderId: info.ref,
			TransactionDate:   e.Time.In(vpos.Istanbul()).Format("2006-01-0215:04:05.000"),
			TransactionStatus: st, TransactionType: types[e.Op],
		})
	}
	return &inquiryReply{ServiceResponseData: status{codeInquiryOK, texts[codeInquiryOK]}, TransactionData: rows}
}

// trAmount writes an amount the Turkish way: "1.234,56" (§12).
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
