package garantitest

// The GVPSRequest API (garanti.md §3, §4, §12): authentication of every
// request, sales, pre-authorisations, captures (postauth), voids and
// refunds. The queries are in reports.go, the 3D provisioning in gate.go.

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// orderInfo is what the bank knows of an order beyond the ledger: never the
// full card number, never the CVV.
type orderInfo struct {
	mask8   string // first 8 and last 4 digits: 40000099****0006
	mask6   string // first 6 and last 4 digits: 400000******0006
	bin8    string // BankBin of orderlistinq
	expiry  string // MMYY, as orderlistinq reports it
	groupID string
	email   string
	secure  bool // paid through 3-D Secure (SafeType "3D")
}

// opInfo is the Garanti view of one ledger journal entry: its RetrefNum,
// AuthCode, SequenceNum, batch and provision user.
type opInfo struct {
	orderID  string
	op       vpos.Op
	transID  string
	rrn      string
	authCode string
	seq      int
	batch    int
	user     string
	origRRN  string // for postauth, void, refund: the RetrefNum it refers to
	time     time.Time
	amount   vpos.Amount
	approved bool
	code     string // ISO code of the entry ("00" approved)
}

// failedOp is a refused follow-up (postauth, void, refund) of a known
// order: the reports list it as a failed row (§12.4, §12.5).
type failedOp struct {
	op      vpos.Op
	time    time.Time
	amount  vpos.Amount
	rrn     string
	seq     int
	batch   int
	user    string
	origRRN string
	err     *gvpsError
}

// maxAmountDigits bounds Transaction/Amount: at most 12 digits of minor
// units (garanti.md gives no limit; 9 999 999 999.99 TRY is plenty).
const maxAmountDigits = 12

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	req, err := readRequest(w, r)
	rep := s.newReply(req)
	if err != nil {
		s.refuse(rep, errMandatory(err.Error()))
		s.finish(rep)
		writeResponse(w, rep)
		return
	}
	s.opMu.Lock()
	s.handle(req, rep)
	s.opMu.Unlock()
	s.finish(rep)
	writeResponse(w, rep)
}

// handle authenticates req and runs its transaction. The caller holds opMu.
func (s *Server) handle(req *gvpsRequest, rep *gvpsResponse) {
	if e := s.authenticate(req); e != nil {
		s.refuse(rep, e)
		return
	}
	user := req.Terminal.ProvUserID
	typ := strings.ToLower(req.Transaction.Type)
	switch typ {
	case "sales", "preauth", "postauth":
		if user != s.creds.ProvUser {
			s.refuse(rep, errNotAllowed(typ+" is for "+s.creds.ProvUser))
			return
		}
	case "void", "refund":
		if user != s.creds.RefundUser {
			s.refuse(rep, errNotAllowed(typ+" is for "+s.creds.RefundUser))
			return
		}
	}
	kind := vpostest.KindSale
	switch typ {
	case "preauth":
		kind = vpostest.KindPreAuth
		fallthrough
	case "sales":
		if req.Transaction.Secure3D != nil || req.Transaction.CardholderPresentCode == "13" {
			s.provision3D(req, rep, kind)
		} else {
			s.authorize(req, rep, kind)
		}
	case "postauth":
		s.postAuth(req, rep)
	case "void":
		s.void(req, rep)
	case "refund":
		s.refund(req, rep)
	case "orderinq":
		s.orderInq(req, rep)
	case "orderhistoryinq":
		s.orderHistory(req, rep)
	case "orderlistinq":
		s.orderList(req, rep)
	case "":
		s.refuse(rep, errMandatory("TxnType field must contain value because of the Mandatory Rule:null"))
	default:
		s.refuse(rep, errMandatory(fmt.Sprintf("TxnType %q is not supported by this terminal (garantitest emulates sales, preauth, postauth, void, refund, orderinq, orderhistoryinq, orderlistinq)", clip(req.Transaction.Type))))
	}
}

// authenticate checks Mode, Version, the terminal and the HashData of req
// (garanti.md §3, §6, §7).
func (s *Server) authenticate(req *gvpsRequest) *gvpsError {
	switch mode := strings.ToUpper(req.Mode); {
	case mode == "":
		return errMandatory("Mode field must contain value because of the Mandatory Rule:null")
	case mode != "TEST" && mode != "PROD":
		return errMandatory("Mode field must be TEST or PROD")
	}
	if req.Version == "" {
		return errMandatory("Version field must contain value because of the Mandatory Rule:null")
	}
	if !s.versionOK(req.Version) {
		return errPassword(fmt.Sprintf(" (garantitest: Version %q does not match this terminal's hash scheme, %s)", clip(req.Version), s.scheme()))
	}
	if req.Terminal.ID != s.creds.TerminalID || req.Terminal.MerchantID != s.creds.MerchantID {
		return errTerminal()
	}
	password, ok := s.password(req.Terminal.ProvUserID)
	if !ok {
		return errPassword(" (garantitest: unknown provision user)")
	}
	sd := securityData(password, req.Terminal.ID)
	var want string
	if s.legacy {
		want = hashDataLegacy(req.Order.OrderID, req.Terminal.ID, req.cardNumber(), req.Transaction.Amount, sd)
	} else {
		want = hashData512(req.Order.OrderID, req.Terminal.ID, req.cardNumber(), req.Transaction.Amount, req.Transaction.CurrencyCode, sd)
	}
	if !equalHash(req.Terminal.HashData, want) {
		return errPassword("")
	}
	return nil
}

// versionOK reports whether v is a Version (apiversion) this terminal
// accepts: "512", or "v0.00"/"v0.01" for a legacy terminal.
func (s *Server) versionOK(v string) bool {
	if s.legacy {
		return v == "v0.00" || v == "v0.01"
	}
	return v == "512"
}

func (s *Server) scheme() string {
	if s.legacy {
		return "legacy SHA-1, v0.00/v0.01"
	}
	return "SHA-512, 512"
}

// password returns the password of a provision user.
func (s *Server) password(user string) (string, bool) {
	switch user {
	case s.creds.ProvUser:
		return s.creds.ProvPassword, true
	case s.creds.RefundUser:
		return s.creds.RefundPassword, true
	}
	return "", false
}

// newReply starts the reply to req: every block present, the request's
// Terminal, Customer and Order echoed (§12.1).
func (s *Server) newReply(req *gvpsRequest) *gvpsResponse {
	rep := &gvpsResponse{}
	if req != nil {
		rep.Terminal = respTerminal{
			ProvUserID: req.Terminal.ProvUserID, UserID: req.Terminal.UserID,
			ID: req.Terminal.ID, MerchantID: req.Terminal.MerchantID,
		}
		rep.Customer = respCustomer{IPAddress: req.Customer.IPAddress, EmailAddress: req.Customer.EmailAddress}
		rep.Order.OrderID, rep.Order.GroupID = req.Order.OrderID, req.Order.GroupID
	}
	rep.Transaction.ProvDate = provDate(s.Now())
	return rep
}

// finish fills the reply's HashData: the bank's own formula is not public
// and no client checks it (§12.1), so the fake puts a hash of its reply of
// the right shape there.
func (s *Server) finish(rep *gvpsResponse) {
	t := &rep.Transaction
	in := rep.Order.OrderID + rep.Terminal.ID + t.RetrefNum + t.Response.Code + t.Response.ReasonCode + t.ProvDate
	if s.legacy {
		t.HashData = upperSHA1(in)
	} else {
		t.HashData = upperSHA512(in)
	}
}

// refuse sets the reply's Response to e.
func (s *Server) refuse(rep *gvpsResponse, e *gvpsError) {
	rep.Transaction.Response = respResponse{
		Source: e.source, Code: e.code, ReasonCode: e.reason, Message: "Declined",
		ErrorMsg: e.errMsg, SysErrMsg: e.sysErrMsg,
	}
}

// approveOp answers an approved money operation (§12.2).
func (s *Server) approveOp(rep *gvpsResponse, op *opInfo, masked string) {
	rep.Transaction.Response = respResponse{Source: sourceHost, Code: "00", ReasonCode: "00", Message: "Approved"}
	s.fillOp(rep, op, masked)
}

// fillOp copies an operation's references into the reply.
func (s *Server) fillOp(rep *gvpsResponse, op *opInfo, masked string) {
	t := &rep.Transaction
	t.RetrefNum, t.AuthCode = op.rrn, op.authCode
	t.BatchNum, t.SequenceNum = fmt.Sprintf("%06d", op.batch), fmt.Sprintf("%06d", op.seq)
	t.ProvDate = provDate(op.time)
	t.CardNumberMasked = masked
	t.GarantiCardInd = "N"
}

// provDate formats a time as Transaction/ProvDate: yyyyMMdd HH:mm:ss,
// Europe/Istanbul.
func provDate(t time.Time) string { return t.In(vpos.Istanbul()).Format("20060102 15:04:05") }

// --- references -------------------------------------------------------------

// rrnFromTransID derives the RetrefNum of a ledger journal entry from its
// TransID. The ledger builds both from the same counter (TransID YYDDD +
// 4 letters + base-6 counter, RRN Y + DDD + 8-digit base-6 counter), so an
// authorisation's RetrefNum is the ledger's RRN and captures, voids and
// refunds get theirs in the same style.
func rrnFromTransID(transID string) (string, bool) {
	if len(transID) < 10 || !allDigits(transID[:5]) || !allDigits(transID[9:]) {
		return "", false
	}
	return transID[1:5] + leftPad(transID[9:], 8), true
}

// nextSeq returns the next SequenceNum. The caller holds s.mu.
func (s *Server) nextSeq() int {
	s.seq++
	return s.seq
}

// ownRRN returns a RetrefNum the ledger never makes (its 5th digit is 9,
// the ledger's counters use digits 0 to 5 only), for refused follow-ups.
// The caller holds s.mu.
func (s *Server) ownRRN(now time.Time) string {
	t := now.In(vpos.Istanbul())
	return fmt.Sprintf("%d%03d9%s", t.Year()%10, t.YearDay(), base6(s.nextSeq(), 7))
}

// newAuthCode returns a fresh 6-digit AuthCode (for refunds). The caller
// holds s.mu.
func (s *Server) newAuthCode() string {
	s.codes++
	return base6((s.codes*7919+3331)%46656, 6)
}

func base6(n, width int) string {
	return leftPad(strconv.FormatInt(int64(n), 6), width)
}

// noteOp records the Garanti references of o's last journal entry.
// authCode "" keeps the entry's own (an authorisation's); rrn "" derives it
// from the TransID.
func (s *Server) noteOp(o *vpostest.Order, user, authCode, origRRN string) *opInfo {
	e := o.Entries[len(o.Entries)-1]
	s.mu.Lock()
	defer s.mu.Unlock()
	op := &opInfo{
		orderID: o.OrderID, op: e.Op, transID: e.TransID, authCode: authCode,
		seq: s.nextSeq(), batch: s.batch, user: user, origRRN: origRRN,
		time: e.Time, amount: e.Amount, approved: e.Approved, code: e.Code,
	}
	if e.TransID == o.TransID {
		op.rrn = o.RRN
		if op.authCode == "" {
			op.authCode = o.AuthCode
		}
	} else if rrn, ok := rrnFromTransID(e.TransID); ok {
		op.rrn = rrn
	} else {
		op.rrn = s.ownRRN(e.Time)
	}
	s.ops[e.TransID] = op
	s.rrns[op.rrn] = e.TransID
	return op
}

// noteFailed records a refused follow-up of a known order and returns it.
func (s *Server) noteFailed(orderID string, op vpos.Op, amount vpos.Amount, user, origRRN string, e *gvpsError) *failedOp {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.Now()
	rrn := s.ownRRN(now) // takes the next SequenceNum
	f := failedOp{op: op, time: now, amount: amount, rrn: rrn, seq: s.seq, batch: s.batch, user: user, origRRN: origRRN, err: e}
	s.failed[orderID] = append(s.failed[orderID], f)
	return &f
}

// refuseFollowUp answers a refused follow-up of a known order: recorded
// for the reports; a host refusal carries references (§12.2).
func (s *Server) refuseFollowUp(rep *gvpsResponse, orderID string, op vpos.Op, amount vpos.Amount, user string, orig *opInfo, e *gvpsError) {
	f := s.noteFailed(orderID, op, amount, user, orig.rrn, e)
	s.refuse(rep, e)
	if e.source == sourceHost {
		t := &rep.Transaction
		t.RetrefNum, t.BatchNum, t.SequenceNum = f.rrn, fmt.Sprintf("%06d", f.batch), fmt.Sprintf("%06d", f.seq)
		if op == vpos.OpVoid {
			t.AuthCode = orig.authCode
		}
		t.CardNumberMasked = s.masked6(orderID)
	}
}

// op returns the references of a ledger entry.
func (s *Server) op(transID string) *opInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ops[transID]
}

// info returns what the server keeps of an order (a zero value when
// nothing).
func (s *Server) info(orderID string) orderInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := s.orders[orderID]; i != nil {
		return *i
	}
	return orderInfo{}
}

func (s *Server) setInfo(orderID string, i *orderInfo) {
	s.mu.Lock()
	s.orders[orderID] = i
	s.mu.Unlock()
}

func (s *Server) masked6(orderID string) string { return s.info(orderID).mask6 }

// settled reports whether the batch of op has been closed.
func (s *Server) settled(op *opInfo) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return op != nil && op.batch < s.batch
}

// --- sales and pre-authorisations --------------------------------------------

// authorize runs a non-3D sale or pre-authorisation (§4).
func (s *Server) authorize(req *gvpsRequest, rep *gvpsResponse, kind vpostest.Kind) {
	tx := &req.Transaction
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
	if tx.CardholderPresentCode != "" && tx.CardholderPresentCode != "0" {
		s.refuse(rep, errMandatory("CardholderPresentCode must be 0 without a Secure3D block (13 with one)"))
		return
	}
	moto := strings.EqualFold(tx.MotoInd, "Y")
	c := req.Card
	switch {
	case c == nil || c.Number == "":
		s.refuse(rep, errMandatory("CardNumber field must contain value because of the Mandatory Rule:null"))
		return
	case !allDigits(c.Number) || len(c.Number) < 12 || len(c.Number) > 19:
		s.refuse(rep, errMandatory("CardNumber field must be 12 to 19 digits"))
		return
	case !validExpiry(c.ExpireDate):
		s.refuse(rep, errMandatory("CardExpireDate field must be between 4 and 4 char. (MMYY)"))
		return
	case c.CVV2 == "" && !moto:
		s.refuse(rep, errMandatory("CVV2 field must contain value because of the Mandatory Rule:null"))
		return
	case c.CVV2 != "" && (!allDigits(c.CVV2) || len(c.CVV2) < 3 || len(c.CVV2) > 4):
		s.refuse(rep, errMandatory("CVV2 field must be 3 or 4 digits"))
		return
	}
	masked := vpos.MaskPAN(c.Number)
	if !vpos.Luhn(c.Number) {
		s.refuse(rep, hostDecline("14"))
		rep.Transaction.CardNumberMasked = masked
		return
	}
	outcome := s.cardOutcome(c.Number, c.ExpireDate)
	info := &orderInfo{
		mask8: mask8(c.Number), mask6: masked, bin8: c.Number[:8], expiry: c.ExpireDate,
		groupID: req.Order.GroupID, email: req.Customer.EmailAddress,
	}
	s.book1(rep, kind, req.Order.OrderID, amount, cur, inst, c.Number, outcome, info, req.Terminal.ProvUserID, masked)
}

// book1 books one authorisation in the ledger and answers it.
func (s *Server) book1(rep *gvpsResponse, kind vpostest.Kind, orderID string, amount vpos.Amount, cur vpos.Currency,
	inst int, pan string, outcome vpostest.Outcome, info *orderInfo, user, masked string) (*vpostest.Order, *gvpsError) {
	o, err := s.Ledger().Authorize(kind, orderID, amount, cur, inst, pan, outcome)
	if err != nil {
		e := ledgerError(err)
		s.refuse(rep, e)
		return nil, e
	}
	s.setInfo(orderID, info)
	op := s.noteOp(o, user, "", "")
	if o.Status == vpos.StatusDeclined {
		e := hostDecline(o.Code)
		s.refuse(rep, e)
		s.fillOp(rep, op, masked)
		return o, e
	}
	s.approveOp(rep, op, masked)
	return o, nil
}

// ledgerError maps an error of Ledger.Authorize.
func ledgerError(err error) *gvpsError {
	switch {
	case errors.Is(err, vpostest.ErrDuplicateOrder):
		return errDuplicate()
	case errors.Is(err, vpostest.ErrInvalidAmount):
		return errMandatory("TxnAmount field must not be zero DOUBLE value because of the Mandatory Rule:zero")
	case errors.Is(err, vpostest.ErrCurrency):
		return errMandatory("CurrencyCode field is not valid")
	}
	return errMandatory("request not valid")
}

// --- postauth, void, refund ----------------------------------------------------

// lookup finds the order a follow-up refers to: by OriginalRetrefNum (which
// must belong to Order/OrderID when both are sent), else by Order/OrderID.
// ref is the referenced operation (the authorisation when found by order
// id).
func (s *Server) lookup(req *gvpsRequest) (orderID string, ref *opInfo, found bool) {
	if rrn := req.Transaction.OriginalRetrefNum; rrn != "" {
		s.mu.Lock()
		tid, ok := s.rrns[rrn]
		op := s.ops[tid]
		s.mu.Unlock()
		if !ok || op == nil || (req.Order.OrderID != "" && req.Order.OrderID != op.orderID) {
			return "", nil, false
		}
		if o, ok := s.Ledger().Order(op.orderID); !ok || o.TransID != s.authTransID(op) {
			return "", nil, false // an attempt replaced by a later one
		}
		return op.orderID, op, true
	}
	o, ok := s.Ledger().Order(req.Order.OrderID)
	if req.Order.OrderID == "" || !ok {
		return "", nil, false
	}
	op := s.op(o.TransID)
	if op == nil {
		return "", nil, false
	}
	return o.OrderID, op, true
}

// authTransID returns the TransID of the authorisation of op's order
// record: op's own for an authorisation, the one it refers to otherwise.
func (s *Server) authTransID(op *opInfo) string {
	if op.op == vpos.OpSale || op.op == vpos.OpPreAuth {
		return op.transID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for op.origRRN != "" {
		next := s.ops[s.rrns[op.origRRN]]
		if next == nil {
			return ""
		}
		op = next
	}
	return op.transID
}

// checkFollowUpCurrency refuses a CurrencyCode that is not the order's.
func checkFollowUpCurrency(code string, o *vpostest.Order) *gvpsError {
	if code == "" {
		return nil
	}
	if c, ok := terminalCurrencies[code]; !ok || c != o.Currency {
		return errMandatory("CurrencyCode field must be the original transaction's currency")
	}
	return nil
}

// postAuth captures a pre-authorisation, fully or partly, once (§4, §12.7).
func (s *Server) postAuth(req *gvpsRequest, rep *gvpsResponse) {
	user := req.Terminal.ProvUserID
	id, ref, found := s.lookup(req)
	if !found {
		s.refuse(rep, errPostNotFound())
		return
	}
	amount, e := parseAmount(req.Transaction.Amount)
	if e != nil {
		s.refuse(rep, e)
		return
	}
	o, _ := s.Ledger().Order(id)
	if e := checkFollowUpCurrency(req.Transaction.CurrencyCode, o); e != nil {
		s.refuse(rep, e)
		return
	}
	if ref.op != vpos.OpPreAuth {
		s.refuseFollowUp(rep, id, vpos.OpCapture, amount, user, ref, errPostInvalid(": the original is not a pre-authorisation"))
		return
	}
	o, err := s.Ledger().Capture(id, amount)
	if err != nil {
		sys := ": the pre-authorisation is captured, voided or declined"
		if errors.Is(err, vpostest.ErrAmountExceeded) {
			sys = ": the amount exceeds the pre-authorisation"
		}
		s.refuseFollowUp(rep, id, vpos.OpCapture, amount, user, ref, errPostInvalid(sys))
		return
	}
	op := s.noteOp(o, user, o.AuthCode, ref.rrn)
	s.approveOp(rep, op, s.masked6(id))
}

// void cancels a sale, pre-authorisation or capture of the open batch
// (§4, §12.7); the amount is ignored.
func (s *Server) void(req *gvpsRequest, rep *gvpsResponse) {
	user := req.Terminal.ProvUserID
	id, ref, found := s.lookup(req)
	if !found {
		s.refuse(rep, errVoidNotFound())
		return
	}
	o, _ := s.Ledger().Order(id)
	if ref.op == vpos.OpRefund || ref.op == vpos.OpVoid {
		s.refuseFollowUp(rep, id, vpos.OpVoid, 0, user, ref, errVoidInvalid(": a refund or void cannot be voided"))
		return
	}
	last := s.op(o.Entries[len(o.Entries)-1].TransID)
	if o.Status == vpos.StatusApproved && (s.settled(last) || !sameIstanbulDay(o.Created, s.Now())) {
		s.refuseFollowUp(rep, id, vpos.OpVoid, 0, user, ref, errVoidSettled())
		return
	}
	v, err := s.Ledger().Void(id)
	if err != nil {
		s.refuseFollowUp(rep, id, vpos.OpVoid, 0, user, ref, errVoidInvalid(fmt.Sprintf(": the order is %s", o.Status)))
		return
	}
	op := s.noteOp(v, user, o.AuthCode, ref.rrn)
	s.approveOp(rep, op, s.masked6(id))
}

// refund returns money of a sale or a captured pre-authorisation, fully
// or in parts (§4, §12.7).
func (s *Server) refund(req *gvpsRequest, rep *gvpsResponse) {
	user := req.Terminal.ProvUserID
	id, ref, found := s.lookup(req)
	if !found {
		s.refuse(rep, errRefund(""))
		return
	}
	amount, e := parseAmount(req.Transaction.Amount)
	if e != nil {
		s.refuse(rep, e)
		return
	}
	o, _ := s.Ledger().Order(id)
	if e := checkFollowUpCurrency(req.Transaction.CurrencyCode, o); e != nil {
		s.refuse(rep, e)
		return
	}
	if ref.op == vpos.OpRefund || ref.op == vpos.OpVoid {
		s.refuseFollowUp(rep, id, vpos.OpRefund, amount, user, ref, errRefund(" (the original is a refund or void)"))
		return
	}
	if s.batchRules {
		if last := s.lastMoneyOp(o); !s.settled(last) {
			s.refuseFollowUp(rep, id, vpos.OpRefund, amount, user, ref, errRefund(" (not settled yet: void it, or refund after the batch is closed)"))
			return
		}
	}
	r, err := s.Ledger().Refund(id, amount)
	if err != nil {
		e := errRefund("")
		if errors.Is(err, vpostest.ErrAmountExceeded) {
			e = errOverRefund()
		}
		s.refuseFollowUp(rep, id, vpos.OpRefund, amount, user, ref, e)
		return
	}
	s.mu.Lock()
	code := s.newAuthCode()
	s.mu.Unlock()
	orig := ref.rrn
	if ref.op == vpos.OpPreAuth { // refund of a captured pre-authorisation: the capture is the original
		if c := s.lastMoneyOp(o); c != nil {
			orig = c.rrn
		}
	}
	op := s.noteOp(r, user, code, orig)
	s.approveOp(rep, op, s.masked6(id))
}

// lastMoneyOp returns the references of the order's authorisation or, when
// captured, its capture.
func (s *Server) lastMoneyOp(o *vpostest.Order) *opInfo {
	var last *opInfo
	for _, e := range o.Entries {
		if e.Op == vpos.OpSale || e.Op == vpos.OpPreAuth || e.Op == vpos.OpCapture {
			if op := s.op(e.TransID); op != nil {
				last = op
			}
		}
	}
	return last
}

// sameIstanbulDay reports whether a and b are on the same Istanbul day.
func sameIstanbulDay(a, b time.Time) bool {
	ay, am, ad := a.In(vpos.Istanbul()).Date()
	by, bm, bd := b.In(vpos.Istanbul()).Date()
	return ay == by && am == bm && ad == bd
}
