package garanti

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// Status asks the bank about an order with an orderinq and, for an order it
// knows, an orderhistoryinq (garanti.md §12.3, §12.4: the order's own
// status values after voids and refunds are not documented, and refunds are
// only itemised in the order history).
//
// For an order the bank knows, Status is its state (approved, declined,
// voided, refunded, partially_refunded), Amount the sale or pre-authorised
// amount, CapturedAmount what was taken (a pre-authorisation: the
// captures; a sale: its amount), RefundedAmount the sum of the approved
// refunds, and the references those of the authorisation; Approved,
// Return and BankCode describe the authorisation. For an order it does not
// know, Return is returncodes.NotFound and Status is empty.
func (p *Provider) Status(ctx context.Context, req *vpos.StatusRequest) (*vpos.Result, error) {
	cur := req.Currency
	if cur == "" {
		cur = vpos.TRY
	}
	rep, err := p.call(ctx, vpos.OpStatus, inquiryRequest("orderinq", req.OrderID, cur))
	if err != nil {
		return nil, err
	}
	res := p.result(vpos.OpStatus, req.OrderID, rep)
	res.Currency = cur
	if rep.Code != "00" || rep.Inq == nil || !known(rep.Inq) {
		// The query was refused, or the order is unknown.
		res.Approved, res.Status = false, ""
		if rep.Code == "00" {
			res.Return, res.BankCode, res.BankMessage = returncodes.NotFound, "00", "garanti: the bank reports no transaction for the order"
		}
		return res, nil
	}
	q := rep.Inq
	res.TransactionID, res.RRN, res.AuthCode = q.RetrefNum, q.RetrefNum, q.AuthCode
	res.Installments = q.InstallmentCnt
	res.MaskedPAN = q.CardNumberMasked
	if strings.EqualFold(res.MaskedPAN, "null") {
		res.MaskedPAN = ""
	}
	if t, ok := bankTime(q.ProvDate, inqDateLayout, inqDateLayoutNS, provDateLayout); ok {
		res.Time = t
	}
	res.Extra = extra(map[string]string{"order_status": q.Status, "charge_type": q.ChargeType})

	hist, err := p.call(ctx, vpos.OpStatus, inquiryRequest("orderhistoryinq", req.OrderID, cur))
	if err != nil {
		return nil, err
	}
	var rows []histTxn
	if hist.Code == "00" {
		rows = hist.Hist
	}
	s := summarise(q, rows)
	res.Amount, res.CapturedAmount, res.RefundedAmount = s.amount, s.captured, s.refunded
	res.Status = s.status
	res.Approved = s.status != vpos.StatusDeclined
	code := q.Code
	if code == "" {
		code = "00"
	}
	if res.Approved {
		res.Return, res.BankCode = returncodes.Approved, "00"
	} else {
		if code == "00" {
			code = "05" // declined without a code of its own
		}
		res.Return, _ = normalise(code, q.ReasonCode, q.SysErrMsg)
		res.BankCode = bankCode(code, q.ReasonCode)
		if q.SysErrMsg != "" {
			res.BankMessage = q.SysErrMsg
		}
	}
	return res, nil
}

// known reports whether an OrderInqResult describes a transaction: the
// "not found" answer carries one with empty and zero fields (garanti.md
// §12.3).
func known(q *orderInq) bool {
	return q.RetrefNum != "" || q.Status != "" || q.PreAuthAmount > 0 || q.AuthAmount > 0
}

// orderSummary is an order's state as Status reports it.
type orderSummary struct {
	status                     vpos.TxStatus
	amount, captured, refunded vpos.Amount
}

// inqStatus maps OrderInqResult/Status values (garanti.md §12.3; the ones
// after void and refund are third-party observations) to order states.
var inqStatus = map[string]vpos.TxStatus{
	"APPROVED":        vpos.StatusApproved,
	"WAITINGPOSTAUTH": vpos.StatusApproved,
	"VOID":            vpos.StatusVoided,
	"VOIDED":          vpos.StatusVoided,
	"CANCELLED":       vpos.StatusVoided,
	"CANCELED":        vpos.StatusVoided,
	"REFUNDED":        vpos.StatusRefunded,
	"DECLINED":        vpos.StatusDeclined,
	"ERROR":           vpos.StatusDeclined,
}

// summarise combines the orderinq answer with the order's history rows.
func summarise(q *orderInq, rows []histTxn) orderSummary {
	s := orderSummary{status: vpos.StatusApproved}
	preauth := q.PreAuthAmount > 0
	if preauth {
		s.amount = vpos.Amount(q.PreAuthAmount)
		s.captured = vpos.Amount(q.AuthAmount)
	} else {
		s.amount = vpos.Amount(q.AuthAmount)
		s.captured = s.amount
	}
	if st, ok := inqStatus[strings.ToUpper(strings.TrimSpace(q.Status))]; ok {
		s.status = st
	}
	if q.Code != "" && q.Code != "00" {
		s.status = vpos.StatusDeclined
	}
	var captures vpos.Amount
	voided := false
	for _, r := range rows {
		ok := r.Status == "00"
		switch strings.ToLower(r.Type) {
		case "refund":
			if ok {
				s.refunded += vpos.Amount(r.AuthAmount)
			}
		case "void":
			voided = voided || ok
		case "postauth":
			if ok {
				captures += vpos.Amount(r.AuthAmount)
			}
		case "sales", "preauth":
			voided = voided || (ok && r.VoidDate != "")
			if s.amount == 0 && ok {
				s.amount = vpos.Amount(max(r.AuthAmount, r.PreAuthAmount))
			}
		}
	}
	if preauth && captures > 0 {
		s.captured = captures
	}
	switch {
	case s.status == vpos.StatusDeclined:
	case voided || s.status == vpos.StatusVoided:
		s.status = vpos.StatusVoided
	case s.refunded > 0 && s.refunded >= s.captured:
		s.status = vpos.StatusRefunded
	case s.refunded > 0:
		s.status = vpos.StatusPartiallyRefunded
	}
	return s
}

// History returns the bank's records of [From, To) (Features.History:
// orderlistinq, garanti.md §12.5), or of one order when OrderID is set
// (Features.OrderHistory: orderhistoryinq, §12.4).
//
// orderlistinq takes minutes in Europe/Istanbul and at most 30 days per
// query, and pages by 500 rows: a longer period is split into windows of
// 30 days, Page 0 fetches every page, Page n > 0 fetches page n (only for a
// period of at most 30 days). Rows outside [From, To) are dropped. An
// unknown order is ErrNotFound.
func (p *Provider) History(ctx context.Context, req *vpos.HistoryRequest) ([]vpos.BankTransaction, error) {
	if req.OrderID != "" {
		return p.orderHistory(ctx, req.OrderID)
	}
	if req.Page > 0 && req.To.Sub(req.From) > maxListSpan {
		return nil, &vpos.Error{Code: vpos.InvalidRequest, Op: vpos.OpHistory, Field: "Page", Return: returncodes.InvalidRequest,
			Msg: "garanti: pages are per 30-day query; ask for a period of at most 30 days"}
	}
	var out []vpos.BankTransaction
	for from := req.From.Truncate(time.Minute); from.Before(req.To); from = from.Add(maxListSpan) {
		to := from.Add(maxListSpan)
		if to.After(req.To) {
			to = req.To
		}
		// The bank takes whole minutes: round the end up so that the last
		// minute's rows come back; the filter below drops what is past To.
		if t := to.Truncate(time.Minute); t.Before(to) {
			to = t.Add(time.Minute)
		}
		rows, err := p.listWindow(ctx, from, to, req.Page)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if !r.Time.Before(req.From) && r.Time.Before(req.To) {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// maxListSpan is the longest period one orderlistinq may cover
// (garanti.md §4: "max 30 days apart").
const maxListSpan = 30 * 24 * time.Hour

// maxPages bounds the pages fetched for one window (500 rows each).
const maxPages = 1000

// listWindow fetches page (0: all pages) of one orderlistinq window.
func (p *Provider) listWindow(ctx context.Context, from, to time.Time, page int) ([]vpos.BankTransaction, error) {
	var out []vpos.BankTransaction
	first, last := page, page
	if page == 0 {
		first, last = 1, maxPages
	}
	for n := first; n <= last; n++ {
		rep, err := p.call(ctx, vpos.OpHistory, listRequest(from, to, n))
		if err != nil {
			return nil, err
		}
		if rep.Code != "00" {
			return nil, queryError(rep, "")
		}
		if rep.List == nil {
			return out, nil
		}
		for _, t := range rep.List.Txns {
			bt, err := listRow(t)
			if err != nil {
				return nil, err
			}
			out = append(out, bt)
		}
		if rep.List.TotalPageCount <= n || len(rep.List.Txns) == 0 {
			break
		}
	}
	return out, nil
}

// queryError is the error of a query the bank refused.
func queryError(rep *reply, orderID string) error {
	rc, _ := normalise(rep.Code, rep.ReasonCode, rep.SysErrMsg)
	code := vpos.ErrorCodeFor(rc)
	if code == vpos.UnknownOutcome || code == vpos.Declined {
		code = vpos.Unavailable
	}
	return &vpos.Error{Code: code, Op: vpos.OpHistory, OrderID: orderID, Return: rc,
		BankCode: bankCode(rep.Code, rep.ReasonCode), BankMessage: bankMessage(rep.Message, rep.ErrorMsg, rep.SysErrMsg)}
}

// listTypes maps orderlistinq TrxType values (garanti.md §12.5).
var listTypes = map[string]vpos.Op{
	"satis":                 vpos.OpSale,
	"iade":                  vpos.OpRefund,
	"iptal":                 vpos.OpVoid,
	"on otorizasyon":        vpos.OpPreAuth,
	"on otorizasyon kapama": vpos.OpCapture,
}

// listStatuses maps orderlistinq Status values (garanti.md §12.5).
var listStatuses = map[string]vpos.TxStatus{
	"basarili":  vpos.StatusApproved,
	"onaylandi": vpos.StatusApproved,
	"basarisiz": vpos.StatusDeclined,
	"iptal":     vpos.StatusVoided,
}

// fold lower-cases s and drops Turkish diacritics ("Satış" -> "satis").
func fold(s string) string {
	return strings.NewReplacer("ş", "s", "ı", "i", "ğ", "g", "ü", "u", "ö", "o", "ç", "c").
		Replace(strings.ToLower(strings.Join(strings.Fields(s), " ")))
}

// listRow turns an orderlistinq row into a BankTransaction.
func listRow(t listTxn) (vpos.BankTransaction, error) {
	when, ok := bankTime(t.LastTrxDate, listTimeLayout, inqDateLayout)
	if !ok {
		return vpos.BankTransaction{}, fmt.Errorf("garanti: a history row has an unreadable LastTrxDate: %w", vpos.ErrUnknownOutcome)
	}
	op, ok := listTypes[fold(t.TrxType)]
	if !ok {
		op = vpos.Op(strings.ToLower(t.TrxType))
	}
	status, ok := listStatuses[fold(t.Status)]
	if !ok {
		status = vpos.StatusDeclined
	}
	code := t.ResponseCode
	if code == "" && status == vpos.StatusApproved {
		code = "00"
	}
	rc, _ := normalise(code, "", t.SysErrMsg)
	if status == vpos.StatusApproved || status == vpos.StatusVoided {
		rc = returncodes.Approved
	}
	cur, _ := vpos.ParseCurrency(t.CurrencyCode)
	n := 0
	if t.InstallmentCnt != "" && !strings.EqualFold(fold(t.InstallmentCnt), "pesin") {
		n = atoi(t.InstallmentCnt)
	}
	return vpos.BankTransaction{
		OrderID: t.OrderID, TransactionID: t.RetrefNum, Op: op, Status: status,
		Amount: vpos.Amount(t.AuthAmount), Currency: cur, Installments: n,
		AuthCode: t.AuthCode, RRN: t.RetrefNum, MaskedPAN: t.CardNumberMasked,
		BankCode: code, Return: rc, Time: when,
	}, nil
}

// histTypes maps orderhistoryinq Type values (garanti.md §12.4).
var histTypes = map[string]vpos.Op{
	"sales":    vpos.OpSale,
	"preauth":  vpos.OpPreAuth,
	"postauth": vpos.OpCapture,
	"void":     vpos.OpVoid,
	"refund":   vpos.OpRefund,
}

// orderHistory lists the transactions of one order with orderhistoryinq.
func (p *Provider) orderHistory(ctx context.Context, orderID string) ([]vpos.BankTransaction, error) {
	rep, err := p.call(ctx, vpos.OpHistory, inquiryRequest("orderhistoryinq", orderID, vpos.TRY))
	if err != nil {
		return nil, err
	}
	if rep.Code != "00" {
		return nil, queryError(rep, orderID)
	}
	out := make([]vpos.BankTransaction, 0, len(rep.Hist))
	for _, t := range rep.Hist {
		op, ok := histTypes[strings.ToLower(t.Type)]
		if !ok {
			op = vpos.Op(strings.ToLower(t.Type))
		}
		bt := vpos.BankTransaction{
			OrderID: orderID, TransactionID: t.RetrefNum, Op: op, Status: vpos.StatusDeclined,
			Amount: vpos.Amount(t.AuthAmount), Installments: t.InstallmentCnt,
			AuthCode: t.AuthCode, RRN: t.RetrefNum, BankCode: t.Status,
		}
		if op == vpos.OpPreAuth && t.PreAuthAmount > 0 {
			bt.Amount = vpos.Amount(t.PreAuthAmount)
		}
		if c, ok := vpos.CurrencyByNumeric(atoi(t.CurrencyCode)); ok {
			bt.Currency = c
		}
		bt.Return, _ = normalise(t.Status, "", "")
		if t.Status == "00" {
			bt.Status = vpos.StatusApproved
			if t.VoidDate != "" && (op == vpos.OpSale || op == vpos.OpPreAuth) {
				bt.Status = vpos.StatusVoided
			}
		} else if t.ReturnCode != "" && t.ReturnCode != t.Status {
			bt.BankCode = t.Status + "/" + t.ReturnCode
		}
		for _, d := range []string{t.AuthDate, t.PreAuthDate, t.VoidDate} {
			if when, ok := bankTime(d, histDateLayout, inqDateLayout, provDateLayout); ok {
				bt.Time = when
				break
			}
		}
		out = append(out, bt)
	}
	return out, nil
}

// atoi reads a non-negative decimal number; anything else is 0.
func atoi(s string) int {
	n := 0
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 9 {
		return 0
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}
