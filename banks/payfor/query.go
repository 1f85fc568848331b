package payfor

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// The queries (payfor.md §3, §12.4, §12.5): OrderInquiry describes the
// order's original payment record (the PostAuth record once a
// pre-authorisation is captured) with TxnStatus (Y done, V voided, N
// failed, P pending), IsVoided, IsRefunded and RefundedAmount; TxnHistory
// lists every transaction of an order (OrderId) or of a day (ReqDate),
// oldest first.

// MaxHistoryDays bounds a date-range History: PayFor reports one day per
// request (ReqDate), so a longer period is refused before any request.
const MaxHistoryDays = 93

// The layouts of the report times (payfor.md §10, §12.4, §12.5).
const (
	insertLayout  = "2.01.2006 15:04:05" // OrderInquiry InsertDatetime, callback TransactionDate
	trxDateLayout = "02.01.2006 15:04"   // OrderInquiry TrxDate
	isoLayout     = "2006-01-02T15:04:05"
)

// bankTime parses the first readable value of a report time in
// Europe/Istanbul (the zero time when none is; year-one placeholders such
// as "1.01.0001 00:00:00" count as none).
func bankTime(layout string, values ...string) time.Time {
	for _, v := range values {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if t, err := time.ParseInLocation(layout, v, vpos.Istanbul()); err == nil && t.Year() > 1 {
			return t
		}
	}
	return time.Time{}
}

// recordTime is the time of an OrderInquiry record.
func recordTime(f fields) time.Time {
	if t := bankTime(insertLayout, f.get("InsertDatetime")); !t.IsZero() {
		return t
	}
	return bankTime(trxDateLayout, f.get("TrxDate"))
}

// paymentTxn reports whether an OrderInquiry's TxnType names a payment
// record (the order's original transaction), as opposed to the query
// itself (TxnType OrderInquiry on an unknown order, or a refusal).
func paymentTxn(typ string) bool {
	switch typ {
	case txnAuth, txnPreAuth, txnPostAuth:
		return true
	}
	return false
}

// inquire sends an OrderInquiry and describes the order (statusResult).
// Transport errors are returned unchanged; a reply that cannot be read
// wraps vpos.ErrUnknownOutcome.
func (p *Provider) inquire(ctx context.Context, orderID string, want vpos.Currency) (*vpos.Result, error) {
	body, err := buildInquiry(&p.cfg, orderID)
	if err != nil {
		return nil, err
	}
	resp, err := p.post(ctx, vpos.OpStatus, orderID, body)
	if err != nil {
		return nil, err
	}
	f, err := parseReply(resp.Body)
	var res *vpos.Result
	if err == nil {
		res, err = p.statusResult(orderID, want, f)
	}
	if err != nil {
		return nil, fmt.Errorf("payfor: unusable order inquiry reply (HTTP %d): %v: %w", resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	return res, nil
}

// statusResult describes an order from its OrderInquiry reply (payfor.md
// §12.4). A reply without a payment record is the bank's answer about the
// query: Return NotFound for V013 (an unknown order), the refusal's code
// otherwise, with an empty Status.
//
// For a record, Amount is its PurchAmount (what a PostAuth record took
// once a pre-authorisation is captured), CapturedAmount what it took (0
// for an open pre-authorisation), and Status: declined for a failed record
// (ProcReturnCode not 00, TxnStatus N), voided for TxnStatus V or IsVoided,
// refunded or partially refunded for IsRefunded (RefundedAmount against
// the captured amount), approved otherwise; unknown for a pending record
// (TxnStatus P, V000) or one whose TxnStatus contradicts its code.
func (p *Provider) statusResult(orderID string, want vpos.Currency, f fields) (*vpos.Result, error) {
	prc := f.get("ProcReturnCode")
	if prc == "" {
		return nil, malformed("no ProcReturnCode")
	}
	typ := f.get("TxnType")
	msg := firstOf(strings.TrimPrefix(f.get("ErrMsg"), "IrcDet="), f.get("ReturnMessage"))
	if !paymentTxn(typ) {
		if prc == approvedCode {
			return nil, malformed("an approved inquiry reply without a payment record (TxnType %q)", clip(typ))
		}
		rc, _ := Normalize(prc)
		return &vpos.Result{Op: vpos.OpStatus, OrderID: orderID, Return: rc, BankCode: prc, BankMessage: msg,
			Time: p.tr.Now(), Extra: extraOf("irc_code", f.get("IrcCode"))}, nil
	}
	if id, org := f.get("OrderId"), f.get("OrgOrderId"); (id != "" || org != "") && id != orderID && org != orderID {
		return nil, malformed("the inquiry reply is for another order")
	}
	cur, ok := currencyOf(f.get("Currency"))
	if !ok {
		cur = want
		if cur == "" {
			cur = vpos.TRY
		}
	}
	amount, _ := parseAmount(f.get("PurchAmount"), cur)
	rrn := firstOf(f.get("HostRefNum"), f.get("F37"), f.get("RRN"))
	n, _ := strconv.Atoi(f.get("InstallmentCount"))
	res := &vpos.Result{
		Op: vpos.OpStatus, OrderID: orderID, TransactionID: rrn, AuthCode: f.get("AuthCode"), RRN: rrn,
		Amount: amount, Currency: cur, Installments: n, BankCode: prc, MaskedPAN: f.get("CardMask"),
		Time: recordTime(f),
		Extra: extraOf("txn_type", typ, "txn_status", f.get("TxnStatus"), "secure_type", f.get("SecureType"),
			"irc_code", f.get("IrcCode")),
	}
	if res.Time.IsZero() {
		res.Time = p.tr.Now()
	}
	status := strings.ToUpper(f.get("TxnStatus"))
	if prc != approvedCode {
		res.Return, _ = Normalize(prc)
		res.AuthCode, res.BankMessage = "", msg
		switch {
		case res.Return == returncodes.TimeoutUnknown || status == "P":
			res.Status = vpos.StatusUnknown
		case status == "N" || status == "":
			res.Status = vpos.StatusDeclined
		default:
			res.Status = vpos.StatusUnknown // done or voided with a failure code
		}
		return res, nil
	}
	res.Return = returncodes.Approved
	switch {
	case status == "V" || isTrue(f.get("IsVoided")):
		res.Approved, res.Status = true, vpos.StatusVoided
	case status == "Y" || status == "":
		res.Approved, res.Status = true, vpos.StatusApproved
		if typ != txnPreAuth {
			res.CapturedAmount = amount
		}
		refunded, _ := parseAmount(f.get("RefundedAmount"), cur)
		flag := f.get("IsRefunded")
		if isTrue(flag) || flag == "" && refunded > 0 {
			res.RefundedAmount = refunded
			res.Status = refundState(refunded, res.CapturedAmount)
		}
	default:
		res.Status = vpos.StatusUnknown // 00 on a failed or pending record
	}
	return res, nil
}

// refundState is the state of an order of which refunded was refunded out
// of taken: refunded, or partially refunded when less than taken (an
// unknown refunded amount, 0, counts as refunded).
func refundState(refunded, taken vpos.Amount) vpos.TxStatus {
	if refunded > 0 && refunded < taken {
		return vpos.StatusPartiallyRefunded
	}
	return vpos.StatusRefunded
}

// extraOf builds an Extra map from key, value pairs, leaving out empty
// values; nil when none is left.
func extraOf(kv ...string) map[string]string {
	var m map[string]string
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			if m == nil {
				m = make(map[string]string, len(kv)/2)
			}
			m[kv[i]] = kv[i+1]
		}
	}
	return m
}

// Status asks the bank about an order (OrderInquiry, payfor.md §12.4) and
// reports it as statusResult describes. When the bank flags the order as
// refunded without a RefundedAmount, Status adds up the approved refunds
// of the order's history (TxnHistory); if that fails the answer stays
// refunded with RefundedAmount 0 and Extra "refunded_amount" "unknown". An
// order the bank does not know is Return NotFound.
func (p *Provider) Status(ctx context.Context, req *vpos.StatusRequest) (*vpos.Result, error) {
	if req.RequestID != "" {
		return nil, &vpos.Error{Code: vpos.Unsupported, Op: vpos.OpStatus, OrderID: req.OrderID, Field: "RequestID",
			Msg: "payfor: a single refund cannot be looked up"}
	}
	res, err := p.inquire(ctx, req.OrderID, req.Currency)
	if err != nil {
		return nil, err
	}
	if res.RefundedAmount == 0 && (res.Status == vpos.StatusRefunded || res.Status == vpos.StatusPartiallyRefunded) {
		if sum, err := p.refundedSum(ctx, req.OrderID, res.Currency); err == nil && sum > 0 {
			res.RefundedAmount = sum
			res.Status = refundState(sum, res.CapturedAmount)
		} else {
			if res.Extra == nil {
				res.Extra = map[string]string{}
			}
			res.Extra["refunded_amount"] = "unknown"
		}
	}
	return res, nil
}

// refundedSum adds up the approved refunds of an order's history.
func (p *Provider) refundedSum(ctx context.Context, orderID string, cur vpos.Currency) (vpos.Amount, error) {
	recs, err := p.history(ctx, vpos.OpStatus, orderID, "")
	if err != nil {
		return 0, err
	}
	var sum vpos.Amount
	for _, r := range rows(recs, orderID, cur) {
		if r.Op == vpos.OpRefund && r.Status == vpos.StatusApproved && (r.Currency == "" || r.Currency == cur) {
			sum += r.Amount
		}
	}
	return sum, nil
}

// History returns the bank's records (TxnHistory, payfor.md §12.5), oldest
// first: of one order when req.OrderID is set (its sale or
// pre-authorisation, captures, voids, refunds and failed attempts; rows of
// [From, To) only when those are set), else of every Europe/Istanbul day
// that meets [From, To), one request per day (at most MaxHistoryDays),
// keeping the rows of [From, To). Every page is returned at once: a Page
// above 1 is empty. An order the bank does not know is a NotFound error.
func (p *Provider) History(ctx context.Context, req *vpos.HistoryRequest) ([]vpos.BankTransaction, error) {
	if req.Page > 1 {
		return nil, nil
	}
	inRange := func(t time.Time) bool {
		return t.IsZero() || (req.From.IsZero() || !t.Before(req.From)) && (req.To.IsZero() || t.Before(req.To))
	}
	var out []vpos.BankTransaction
	if req.OrderID != "" {
		recs, err := p.history(ctx, vpos.OpHistory, req.OrderID, "")
		if err != nil {
			return nil, err
		}
		for _, r := range rows(recs, req.OrderID, "") {
			if inRange(r.Time) {
				out = append(out, r)
			}
		}
		return out, nil
	}
	switch {
	case req.From.IsZero():
		return nil, vpos.InvalidField("From", "is zero")
	case !req.To.After(req.From):
		return nil, vpos.InvalidField("To", "must be after From")
	}
	day, _ := vpos.IstanbulDay(req.From)
	var days []time.Time
	for ; day.Before(req.To); day = day.AddDate(0, 0, 1) {
		if len(days) == MaxHistoryDays {
			return nil, vpos.InvalidField("To", fmt.Sprintf("the period spans more than %d days; ask for shorter periods", MaxHistoryDays))
		}
		days = append(days, day)
	}
	for _, d := range days {
		recs, err := p.history(ctx, vpos.OpHistory, "", d.Format(reqDateLayout))
		var e *vpos.Error
		if errors.As(err, &e) && e.Code == vpos.NotFound {
			continue // nothing on that day
		}
		if err != nil {
			return nil, err
		}
		for _, r := range rows(recs, "", "") {
			if inRange(r.Time) {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// history sends a TxnHistory of an order (orderID) or a day (day,
// yyyyMMdd) and returns its payment records. The record the bank answers
// for an order it does not know (TxnType TxnHistory, V013, payfor.md
// §12.5) is a NotFound *vpos.Error; a refused query is a *vpos.Error of the
// refusal's kind; an unreadable reply wraps vpos.ErrUnknownOutcome.
func (p *Provider) history(ctx context.Context, op vpos.Op, orderID, day string) ([]fields, error) {
	body, err := buildHistory(&p.cfg, orderID, day)
	if err != nil {
		return nil, err
	}
	resp, err := p.post(ctx, op, orderID, body)
	if err != nil {
		return nil, err
	}
	rep, err := parseHistory(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("payfor: unusable history reply (HTTP %d): %v: %w", resp.StatusCode, err, vpos.ErrUnknownOutcome)
	}
	refusal := rep.refusal
	var recs []fields
	for _, r := range rep.records {
		if r.get("TxnType") == txnHistory || r.get("SecureType") == secureReport {
			if refusal == nil {
				refusal = r
			}
			continue
		}
		recs = append(recs, r)
	}
	if len(recs) == 0 && refusal != nil && refusal.get("ProcReturnCode") != approvedCode {
		prc := refusal.get("ProcReturnCode")
		rc, _ := Normalize(prc)
		e := &vpos.Error{Code: vpos.ErrorCodeFor(rc), Op: op, OrderID: orderID, Return: rc, BankCode: prc,
			BankMessage: firstOf(strings.TrimPrefix(refusal.get("ErrMsg"), "IrcDet="), refusal.get("IrcDet")),
			Msg:         "payfor: the bank refused the history query"}
		if rc == returncodes.NotFound {
			e.Msg = "payfor: the bank holds no transaction for the query"
		}
		return nil, e
	}
	return recs, nil
}

// historyOps maps a record's TxnType to the operation it records.
var historyOps = map[string]vpos.Op{
	txnAuth: vpos.OpSale, txnPreAuth: vpos.OpPreAuth, txnPostAuth: vpos.OpCapture,
	txnVoid: vpos.OpVoid, txnRefund: vpos.OpRefund,
}

// rows turns TxnHistory records into BankTransactions, leaving out records
// of other transaction types (loyalty points, ...) and, when orderID is
// set, of other orders. A record's order is its OrgOrderId (the order a
// capture, void or refund refers to), else its OrderId. A refund's amount
// is its RefundedAmount (the amount asked for, payfor.md §12.5), else its
// PurchAmount. want is the currency of records that state none ("" leaves
// it empty).
func rows(recs []fields, orderID string, want vpos.Currency) []vpos.BankTransaction {
	out := make([]vpos.BankTransaction, 0, len(recs))
	for _, f := range recs {
		op, ok := historyOps[f.get("TxnType")]
		if !ok {
			continue
		}
		order := firstOf(f.get("OrgOrderId"), f.get("OrderId"))
		if orderID != "" {
			if f.get("OrgOrderId") != orderID && f.get("OrderId") != orderID {
				continue
			}
			order = orderID
		}
		cur, ok := currencyOf(f.get("Currency"))
		if !ok {
			cur = want
		}
		amountIn := cur
		if amountIn == "" {
			amountIn = vpos.TRY
		}
		amount, _ := parseAmount(firstOf(f.get("PurchAmount"), f.get("TxnAmount")), amountIn)
		if op == vpos.OpRefund {
			if a, ok := parseAmount(f.get("RefundedAmount"), amountIn); ok && a > 0 {
				amount = a
			}
		}
		prc := f.get("ProcReturnCode")
		n, _ := strconv.Atoi(f.get("InstallmentCount"))
		r := vpos.BankTransaction{
			OrderID: order, TransactionID: firstOf(f.get("HostRefNum"), f.get("F37"), f.get("RRN")),
			Op: op, Amount: amount, Currency: cur, Installments: n, RRN: firstOf(f.get("HostRefNum"), f.get("F37"), f.get("RRN")),
			MaskedPAN: f.get("CardMask"), BankCode: prc,
			Time: bankTime(isoLayout, f.get("InsertDatetime")),
		}
		status := strings.ToUpper(f.get("TxnStatus"))
		switch {
		case prc != approvedCode:
			r.Return, _ = Normalize(prc)
			r.Status = vpos.StatusDeclined
			if r.Return == returncodes.TimeoutUnknown || status == "P" || status == "Y" || status == "V" {
				r.Status = vpos.StatusUnknown
			}
		case status == "V":
			r.Return, r.Status, r.AuthCode = returncodes.Approved, vpos.StatusVoided, f.get("AuthCode")
		case status == "Y" || status == "":
			r.Return, r.Status, r.AuthCode = returncodes.Approved, vpos.StatusApproved, f.get("AuthCode")
		default:
			r.Return, r.Status = returncodes.Approved, vpos.StatusUnknown
		}
		out = append(out, r)
	}
	return out
}
