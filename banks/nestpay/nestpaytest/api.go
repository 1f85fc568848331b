package nestpaytest

// The XML API (/fim/api): CC5Request in, CC5Response out (nestpay.md §3-§5,
// §13.1, §13.2, §13.5).

import (
	"bytes"
	"crypto/subtle"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// cc5Request is a CC5Request as the bank reads it. Unknown elements
// (BillTo, ShipTo, OrderItemList, PbOrder, ...) are ignored; an empty
// element counts as absent.
type cc5Request struct {
	XMLName                 xml.Name
	Name                    string `xml:"Name"`
	Password                string `xml:"Password"`
	ClientID                string `xml:"ClientId"`
	Type                    string `xml:"Type"`
	OrderID                 string `xml:"OrderId"`
	TransID                 string `xml:"TransId"`
	GroupID                 string `xml:"GroupId"`
	IPAddress               string `xml:"IPAddress"`
	Total                   string `xml:"Total"`
	Currency                string `xml:"Currency"`
	Taksit                  string `xml:"Taksit"`
	Instalment              string `xml:"Instalment"`
	Number                  string `xml:"Number"`
	Expires                 string `xml:"Expires"`
	Cvv2Val                 string `xml:"Cvv2Val"`
	Mode                    string `xml:"Mode"`
	PayerTxnID              string `xml:"PayerTxnId"`
	PayerSecurityLevel      string `xml:"PayerSecurityLevel"`
	PayerAuthenticationCode string `xml:"PayerAuthenticationCode"`
	Extra                   struct {
		OrderStatus  string `xml:"ORDERSTATUS"`
		OrderHistory string `xml:"ORDERHISTORY"`
		PreAmt       string `xml:"PREAMT"`
	} `xml:"Extra"`
}

// trim removes surrounding white space from every field.
func (r *cc5Request) trim() {
	for _, p := range []*string{&r.Name, &r.Password, &r.ClientID, &r.Type, &r.OrderID, &r.TransID, &r.GroupID,
		&r.IPAddress, &r.Total, &r.Currency, &r.Taksit, &r.Instalment, &r.Number, &r.Expires, &r.Cvv2Val, &r.Mode,
		&r.PayerTxnID, &r.PayerSecurityLevel, &r.PayerAuthenticationCode,
		&r.Extra.OrderStatus, &r.Extra.OrderHistory, &r.Extra.PreAmt} {
		*p = strings.TrimSpace(*p)
	}
}

// installments returns the Taksit (or OYGO's Instalment) field.
func (r *cc5Request) installments() string {
	if r.Taksit != "" {
		return r.Taksit
	}
	return r.Instalment
}

// requestXML extracts the XML document from an API request body (§13.1):
// the raw body whatever the Content-Type says, or DATA=<xml>, URL-encoded
// (it starts with %3C) or verbatim.
func requestXML(body []byte) []byte {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(b) >= 5 && strings.EqualFold(string(b[:5]), "DATA=") {
		rest := b[5:]
		if len(rest) >= 3 && strings.EqualFold(string(rest[:3]), "%3C") {
			if i := bytes.IndexByte(rest, '&'); i >= 0 {
				rest = rest[:i]
			}
			if s, err := url.QueryUnescape(string(rest)); err == nil {
				return []byte(strings.TrimSpace(s))
			}
		}
		return bytes.TrimSpace(rest)
	}
	return b
}

// charsetReader decodes the request charsets clients declare (UTF-8,
// ISO-8859-1, ISO-8859-9, windows-1254, ...).
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "iso-8859-9", "iso8859-9", "latin5":
		return charmap.ISO8859_9.NewDecoder().Reader(input), nil
	case "iso-8859-1", "iso8859-1", "latin1":
		return charmap.ISO8859_1.NewDecoder().Reader(input), nil
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("unsupported charset %q", label)
	}
	return enc.NewDecoder().Reader(input), nil
}

func parseRequest(body []byte) (*cc5Request, error) {
	dec := xml.NewDecoder(bytes.NewReader(requestXML(body)))
	dec.CharsetReader = charsetReader
	var req cc5Request
	if err := dec.Decode(&req); err != nil {
		return nil, err
	}
	if req.XMLName.Local != "CC5Request" {
		return nil, errors.New("root element is not CC5Request")
	}
	req.trim()
	return &req, nil
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		writeXML(w, s.coreError("", "CORE-1001", msgBadXML).reply())
		return
	}
	req, err := parseRequest(body)
	if err != nil {
		writeXML(w, s.coreError("", "CORE-1001", msgBadXML).reply())
		return
	}
	if !s.credentialsOK(req) {
		writeXML(w, s.credentialsError(req).reply())
		return
	}
	writeXML(w, s.dispatch(req))
}

func (s *Server) credentialsOK(req *cc5Request) bool {
	c := subtle.ConstantTimeCompare([]byte(req.ClientID), []byte(s.creds.ClientID))
	n := subtle.ConstantTimeCompare([]byte(req.Name), []byte(s.creds.User))
	p := subtle.ConstantTimeCompare([]byte(req.Password), []byte(s.creds.Password))
	return c&n&p == 1
}

// credentialsError is the EST reply to a wrong Name, Password or ClientId
// (§13.2), with the empty ERRORCODE and the TRXDATE MEWS reads.
func (s *Server) credentialsError(req *cc5Request) *payReply {
	return &payReply{
		OrderID: req.OrderID, Response: "Error", ProcReturnCode: "99", ErrMsg: msgBadCredentials,
		Extra: []kv{
			{"TRXDATE", istanbul(s.Now()).Format(trxDateLayout)},
			{"ERRORCODE", ""},
			{"HOSTMSG", hostMsgCredentials},
			{"NUMCODE", "00009900641096"},
		},
	}
}

func (s *Server) dispatch(req *cc5Request) *reply {
	if req.Mode != "" && req.Mode != "P" && req.Mode != "T" {
		return s.coreError(req.OrderID, "CORE-1006", msgBadMode).reply()
	}
	if len(req.OrderID) > 64 {
		return s.coreError("", "CORE-1015", msgBadOrderID).reply()
	}
	switch strings.ToLower(req.Type) {
	case "":
		switch {
		case strings.EqualFold(req.Extra.OrderStatus, "QUERY"):
			return s.opStatus(req)
		case strings.EqualFold(req.Extra.OrderHistory, "QUERY"):
			return s.opHistory(req)
		}
		return s.coreError(req.OrderID, "CORE-2001", msgBadType).reply()
	case "auth":
		return s.opAuthorize(req, vpostest.KindSale).reply()
	case "preauth":
		return s.opAuthorize(req, vpostest.KindPreAuth).reply()
	case "postauth":
		return s.opPostAuth(req).reply()
	case "void":
		return s.opVoid(req).reply()
	case "credit":
		return s.opCredit(req).reply()
	}
	return s.coreError(req.OrderID, "CORE-2001", msgBadType).reply()
}

// coreError is a platform error (§13.2): Response Error, ProcReturnCode 99,
// ERRORCODE code, NUMCODE 99nnnn, a fresh TransId.
func (s *Server) coreError(orderID, code, msg string) *payReply {
	transID, _, _ := s.newRefs()
	return &payReply{
		OrderID: orderID, GroupID: orderID, Response: "Error", ProcReturnCode: "99", TransID: transID, ErrMsg: msg,
		Extra: []kv{
			{"SETTLEID", ""},
			{"TRXDATE", istanbul(s.Now()).Format(trxDateLayout)},
			{"ERRORCODE", code},
			{"NUMCODE", numCode(code)},
		},
	}
}

// netAmountError is the "Net Tutar" refusal of a credit (§13.2, code
// 215021): Response Declined; the fake sends ProcReturnCode 99 so that no
// client reads an empty code as success.
func (s *Server) netAmountError(orderID, msg string) *payReply {
	p := s.coreError(orderID, "215021", msg)
	p.Response = "Declined"
	return p
}

// numCode is the NUMCODE of an error code: "99" + the digits of a CORE
// code ("CORE-2008" -> "992008"), "99" otherwise.
func numCode(code string) string {
	if d, ok := strings.CutPrefix(code, "CORE-"); ok {
		return "99" + d
	}
	return "99"
}

// ledgerError maps a ledger refusal of op to the platform's reply.
func (s *Server) ledgerError(op vpos.Op, orderID string, err error) *payReply {
	switch {
	case errors.Is(err, vpostest.ErrDuplicateOrder):
		return s.coreError(orderID, "CORE-2507", msgDuplicate)
	case errors.Is(err, vpostest.ErrCurrency):
		return s.coreError(orderID, "CORE-1010", msgBadCurrency)
	case errors.Is(err, vpostest.ErrInvalidAmount):
		if op == vpos.OpSale || op == vpos.OpPreAuth {
			return s.coreError(orderID, "CORE-2009", msgZeroAmount)
		}
		return s.coreError(orderID, "CORE-1024", msgNegativeAmount)
	case errors.Is(err, vpostest.ErrOrderNotFound), errors.Is(err, vpostest.ErrInvalidState):
		switch op {
		case vpos.OpCapture:
			return s.coreError(orderID, "CORE-2008", msgNoPreAuth)
		case vpos.OpRefund:
			return s.coreError(orderID, "CORE-2008", msgNoRefund)
		}
		return s.coreError(orderID, "CORE-2008", msgNoVoid)
	case errors.Is(err, vpostest.ErrAmountExceeded):
		if op == vpos.OpCapture {
			return s.coreError(orderID, "CORE-2506", msgOverCapture)
		}
		return s.netAmountError(orderID, msgRefundExceeds)
	}
	return s.coreError(orderID, "CORE-1001", msgSystem)
}

// parseCurrency reads the numeric currency of a request; the bank accepts
// TRY, USD, EUR, GBP, JPY and RUB.
func parseCurrency(s string) (vpos.Currency, bool) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return "", false
	}
	c, ok := vpos.CurrencyByNumeric(n)
	if !ok {
		return "", false
	}
	switch c {
	case vpos.TRY, vpos.USD, vpos.EUR, vpos.GBP, vpos.JPY, vpos.RUB:
		return c, true
	}
	return "", false
}

// errNegative marks a negative Total.
var errNegative = errors.New("negative amount")

// parseTotal reads a Total ("100.25", "1.1", "1") in cur's minor units.
// Clients send one or two decimals or none (§13.1); a currency without minor
// units (JPY) takes "100.00" but not "100.50".
func parseTotal(s string, cur vpos.Currency) (vpos.Amount, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || len(frac) > 2 || !digits(whole) || (frac != "" && !digits(frac)) {
		return 0, errors.New("malformed amount")
	}
	frac += strings.Repeat("0", 2-len(frac))
	v, _ := strconv.ParseInt(whole+frac, 10, 64)
	if cur.Exponent() == 0 {
		if v%100 != 0 {
			return 0, errors.New("malformed amount")
		}
		v /= 100
	}
	if neg && v != 0 {
		return 0, errNegative
	}
	return vpos.Amount(v), nil
}

// formatTotal formats a minor-unit amount as the bank writes amounts
// ("100.25").
func formatTotal(a vpos.Amount, cur vpos.Currency) string {
	if cur.Exponent() == 0 {
		return strconv.FormatInt(int64(a), 10) + ".00"
	}
	return a.Decimal(cur)
}

// parseTaksit reads the installment count: empty for a single payment,
// 2..12 otherwise, and only in TRY (iso8583-and-3ds.md §6).
func parseTaksit(s string, cur vpos.Currency) (int, bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 2 || n > 12 || cur != vpos.TRY {
		return 0, false
	}
	return n, true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// parseExpires reads MM/YY; ok is false for a malformed value.
func parseExpires(s string) (month, year int, ok bool) {
	mm, yy, found := strings.Cut(s, "/")
	if !found || len(mm) != 2 || len(yy) != 2 || !digits(mm) || !digits(yy) {
		return 0, 0, false
	}
	month, _ = strconv.Atoi(mm)
	year, _ = strconv.Atoi(yy)
	if month < 1 || month > 12 {
		return 0, 0, false
	}
	return month, 2000 + year, true
}

// expired reports whether a card valid through month/year has expired by
// now (Istanbul calendar).
func expired(month, year int, now time.Time) bool {
	y, m, _ := istanbul(now).Date()
	return year < y || (year == y && month < int(m))
}

// isMD reports whether a Number is a 3-D Secure md rather than a PAN.
func isMD(number string) bool { return strings.Contains(number, ":") }

func (s *Server) opAuthorize(req *cc5Request, kind vpostest.Kind) *payReply {
	if isMD(req.Number) || req.PayerAuthenticationCode != "" || req.PayerTxnID != "" {
		return s.opProvision(req, kind)
	}
	orderID := req.OrderID
	if orderID == "" {
		orderID = s.newOrderID() // the platform numbers orders it is not given
	}
	cur, ok := parseCurrency(req.Currency)
	if !ok {
		return s.coreError(orderID, "CORE-1010", msgBadCurrency)
	}
	amount, err := parseTotal(req.Total, cur)
	switch {
	case req.Total == "":
		return s.coreError(orderID, "CORE-2009", msgZeroAmount)
	case errors.Is(err, errNegative):
		return s.coreError(orderID, "CORE-1024", msgNegativeAmount)
	case err != nil:
		return s.coreError(orderID, "CORE-1018", msgBadAmount)
	case amount == 0:
		return s.coreError(orderID, "CORE-2009", msgZeroAmount)
	}
	inst, ok := parseTaksit(req.installments(), cur)
	if !ok {
		return s.coreError(orderID, "CORE-2603", msgBadTaksit)
	}
	pan := req.Number
	switch {
	case pan == "":
		return s.coreError(orderID, "CORE-2015", msgCardMissing)
	case !digits(pan) || len(pan) < 12 || len(pan) > 19 || !vpos.Luhn(pan):
		return s.coreError(orderID, "CORE-2012", msgBadPAN)
	}
	month, year, ok := parseExpires(req.Expires)
	if !ok {
		return s.coreError(orderID, "CORE-2011", msgBadExpiry)
	}
	outcome := s.book.Outcome(pan)
	switch {
	case expired(month, year, s.Now()):
		outcome = vpostest.OutcomeExpired
	case req.Cvv2Val != "" && (!digits(req.Cvv2Val) || len(req.Cvv2Val) < 3 || len(req.Cvv2Val) > 4):
		outcome = vpostest.OutcomeInvalidCVV
	}
	o, err := s.Ledger().Authorize(kind, orderID, amount, cur, inst, pan, outcome)
	if err != nil {
		return s.ledgerError(kind.Op(), orderID, err)
	}
	s.noteAuthorization(o, req.GroupID, nil)
	return s.authReply(o)
}

// noteAuthorization remembers what the ledger does not keep: the
// authorisation's references, the GroupId and the 3-D Secure data.
func (s *Server) noteAuthorization(o *vpostest.Order, groupID string, tds *threeDSInfo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refs[o.TransID] = refs{authCode: o.AuthCode, hostRef: o.RRN}
	if groupID != "" {
		s.groups[o.OrderID] = groupID
	} else {
		delete(s.groups, o.OrderID)
	}
	if tds != nil {
		s.threeDS[o.OrderID] = *tds
	} else {
		delete(s.threeDS, o.OrderID)
	}
}

func (s *Server) groupID(orderID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.groups[orderID]; g != "" {
		return g
	}
	return orderID
}

func (s *Server) merchantID() string {
	id := s.creds.ClientID
	if len(id) > 9 {
		id = id[len(id)-9:]
	}
	return id
}

func (s *Server) currentBatch() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strconv.Itoa(s.batch)
}

// authReply answers an authorisation (sale, pre-auth, 3D provisioning).
func (s *Server) authReply(o *vpostest.Order) *payReply {
	now := istanbul(s.Now())
	p := &payReply{
		OrderID: o.OrderID, GroupID: s.groupID(o.OrderID), HostRefNum: o.RRN, TransID: o.TransID,
	}
	brand := cardBrand(o.MaskedPAN)
	if o.Status == vpos.StatusDeclined {
		p.Response, p.ProcReturnCode, p.ErrMsg = "Declined", o.Code, declineText(o.Code)
		p.Extra = []kv{
			{"SETTLEID", ""},
			{"TRXDATE", now.Format(trxDateLayout)},
			{"ERRORCODE", "ISO8583-" + o.Code},
			{"CARDBRAND", brand},
			{"CARDISSUER", cardIssuer},
			{"HOSTDATE", now.Format(hostDateLayout)},
			{"NUMCODE", o.Code},
		}
		return p
	}
	p.Response, p.ProcReturnCode, p.AuthCode = "Approved", "00", o.AuthCode
	p.Extra = s.approvedExtra(brand, now)
	return p
}

func (s *Server) approvedExtra(brand string, now time.Time) []kv {
	return []kv{
		{"SETTLEID", s.currentBatch()},
		{"TRXDATE", now.Format(trxDateLayout)},
		{"ERRORCODE", ""},
		{"TERMINALID", terminalID},
		{"MERCHANTID", s.merchantID()},
		{"CARDBRAND", brand},
		{"CARDISSUER", cardIssuer},
		{"AVSAPPROVE", "Y"},
		{"HOSTDATE", now.Format(hostDateLayout)},
		{"NUMCODE", "00"},
	}
}

// opReply answers an approved post-auth, void or credit: the order's
// authorisation code (void, post-auth) or a new one (credit), a new host
// reference and the operation's own TransId.
func (s *Server) opReply(o *vpostest.Order, newAuthCode bool) *payReply {
	last := o.Entries[len(o.Entries)-1]
	_, authCode, hostRef := s.newRefs()
	if !newAuthCode {
		authCode = o.AuthCode
	}
	s.mu.Lock()
	s.refs[last.TransID] = refs{authCode: authCode, hostRef: hostRef}
	s.mu.Unlock()
	return &payReply{
		OrderID: o.OrderID, GroupID: s.groupID(o.OrderID), Response: "Approved", AuthCode: authCode,
		HostRefNum: hostRef, ProcReturnCode: "00", TransID: last.TransID,
		Extra: s.approvedExtra(cardBrand(o.MaskedPAN), istanbul(s.Now())),
	}
}

// resolveOrder finds the order a follow-up refers to: OrderId, or the
// TransId of its authorisation or capture (CPV style).
func (s *Server) resolveOrder(req *cc5Request) string {
	if req.OrderID != "" || req.TransID == "" {
		return req.OrderID
	}
	for _, o := range s.Ledger().Orders() {
		if o.TransID == req.TransID {
			return o.OrderID
		}
		for _, e := range o.Entries {
			if e.TransID == req.TransID && e.Op == vpos.OpCapture {
				return o.OrderID
			}
		}
	}
	return ""
}

func (s *Server) opPostAuth(req *cc5Request) *payReply {
	orderID := s.resolveOrder(req)
	o, ok := s.Ledger().Order(orderID)
	if !ok {
		return s.coreError(orderID, "CORE-2008", msgNoPreAuth)
	}
	var amount vpos.Amount
	if req.Total != "" {
		a, err := parseTotal(req.Total, o.Currency)
		switch {
		case errors.Is(err, errNegative):
			return s.coreError(orderID, "CORE-1024", msgNegativeAmount)
		case err != nil:
			return s.coreError(orderID, "CORE-1018", msgBadAmount)
		case a == 0:
			return s.coreError(orderID, "CORE-2506", "Sifir tutarli kapama yapilamaz.")
		}
		amount = a
	}
	o, err := s.Ledger().Capture(orderID, amount)
	if err != nil {
		return s.ledgerError(vpos.OpCapture, orderID, err)
	}
	return s.opReply(o, false)
}

// isSettled reports whether the order's authorisation or capture went
// through an end of day.
func (s *Server) isSettled(o *vpostest.Order) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range o.Entries {
		if (e.Op == vpos.OpSale || e.Op == vpos.OpCapture) && s.settled[e.TransID] {
			return true
		}
	}
	return false
}

func (s *Server) opVoid(req *cc5Request) *payReply {
	orderID := s.resolveOrder(req)
	if o, ok := s.Ledger().Order(orderID); ok && s.isSettled(o) {
		return s.coreError(orderID, "CORE-2008", msgNoVoid)
	}
	o, err := s.Ledger().Void(orderID)
	if err != nil {
		return s.ledgerError(vpos.OpVoid, orderID, err)
	}
	return s.opReply(o, false)
}

func (s *Server) opCredit(req *cc5Request) *payReply {
	orderID := s.resolveOrder(req)
	o, ok := s.Ledger().Order(orderID)
	if !ok {
		return s.coreError(orderID, "CORE-2008", msgNoRefund)
	}
	if req.Currency != "" {
		if cur, ok := parseCurrency(req.Currency); !ok || cur != o.Currency {
			return s.coreError(orderID, "CORE-1010", msgBadCurrency)
		}
	}
	var amount vpos.Amount
	if req.Total != "" {
		a, err := parseTotal(req.Total, o.Currency)
		switch {
		case errors.Is(err, errNegative):
			return s.coreError(orderID, "CORE-1024", msgNegativeAmount)
		case err != nil:
			return s.coreError(orderID, "CORE-1018", msgBadAmount)
		case a == 0:
			return s.coreError(orderID, "CORE-2504", msgZeroRefund)
		}
		amount = a
	}
	if s.batchRules && o.Captured > 0 && !s.isSettled(o) {
		return s.coreError(orderID, "CORE-2508", msgRefundBeforeEOD)
	}
	left := o.Outstanding()
	refunded, err := s.Ledger().Refund(orderID, amount)
	if err != nil {
		var p *payReply
		if errors.Is(err, vpostest.ErrAmountExceeded) && left == 0 {
			p = s.netAmountError(orderID, msgNetZero)
		} else {
			p = s.ledgerError(vpos.OpRefund, orderID, err)
		}
		if amount == 0 {
			amount = left
		}
		s.noteFailedCredit(orderID, amount, p.TransID)
		return p
	}
	return s.opReply(refunded, true)
}

// noteFailedCredit keeps a refused refund for the order's history
// (§13.4: failed attempts are listed, TRANS_STAT D).
func (s *Server) noteFailedCredit(orderID string, amount vpos.Amount, transID string) {
	pos := len(s.Ledger().Entries())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed[orderID] = append(s.failed[orderID], failedTrx{
		after: pos, at: s.Now(), amount: amount, transID: transID,
	})
}

// opProvision is the 3D model provisioning (§4, §13.5): Number is the md
// of an authentication the gate did for this order; amount, currency and
// installments come from that session when absent and must match when
// present. An md is used once.
func (s *Server) opProvision(req *cc5Request, kind vpostest.Kind) *payReply {
	s.mu.Lock()
	sess := s.mds[req.Number]
	s.mu.Unlock()
	orderID := req.OrderID
	if sess == nil {
		if o, ok := s.Ledger().Order(orderID); ok && o.Status != vpos.StatusDeclined {
			return s.coreError(orderID, "CORE-2507", msgDuplicate)
		}
		return s.coreError(orderID, "CORE-2012", msgBadMD)
	}
	if orderID == "" {
		orderID = sess.orderID
	}
	if orderID != sess.orderID || !sess.matches(req) {
		return s.coreError(orderID, "CORE-2012", msgBadMD)
	}
	if !halfOrFull(sess.mdStatus) {
		return s.coreError(orderID, "CORE-2012", msgMDNotAuth)
	}
	s.mu.Lock()
	if s.mds[req.Number] != sess { // used concurrently
		s.mu.Unlock()
		return s.coreError(orderID, "CORE-2507", msgDuplicate)
	}
	delete(s.mds, req.Number)
	s.mu.Unlock()
	o, err := s.Ledger().Authorize(kind, orderID, sess.amount, sess.currency, sess.installments, sess.maskedPAN, sess.outcome)
	if err != nil {
		return s.ledgerError(kind.Op(), orderID, err)
	}
	s.noteAuthorization(o, req.GroupID, &sess.tds)
	return s.authReply(o)
}

// halfOrFull reports whether an mdStatus allows provisioning: 1 (full) and
// the half-secure 2, 3 and 4, whose acceptance is the merchant's choice
// (nestpay.md §6.3).
func halfOrFull(mdStatus string) bool {
	switch mdStatus {
	case "1", "2", "3", "4":
		return true
	}
	return false
}
