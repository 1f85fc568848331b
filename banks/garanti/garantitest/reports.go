package garantitest

// The queries: orderinq (status), orderhistoryinq (one order's
// transactions) and orderlistinq (a date range), garanti.md §12.3-§12.5.

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// The formats of the queries' dates.
const (
	inqDateLayout  = "2006-01-02 15:04:05.000" // OrderInqResult dates
	histDateLayout = "20060102"                // OrderHistInqResult dates
	listDateLayout = "2006-01-02 15:04:05"     // OrderListInqResult LastTrxDate
	listReqLayout  = "02/01/2006 15:04"        // orderlistinq StartDate, EndDate
)

// The orderinq Status values. APPROVED and WAITINGPOSTAUTH are captured
// (garanti.md §12.3); VOID, REFUNDED and DECLINED are the third-party list
// the reference quotes (inferred). A partly refunded order is REFUNDED too:
// AuthAmount stays the original amount, and orderhistoryinq tells how much
// was refunded (§12.3, "rely on orderhistoryinq for refunds").
const (
	statusApproved = "APPROVED"
	statusWaiting  = "WAITINGPOSTAUTH"
	statusVoid     = "VOID"
	statusRefunded = "REFUNDED"
	statusDeclined = "DECLINED"
)

// querySuccess sets the GVPS answer to a query that found something.
func querySuccess(rep *gvpsResponse) {
	rep.Transaction.Response = respResponse{Source: sourceGVPS, Code: "00", Message: "Approved"}
}

func amountText(a vpos.Amount) string { return strconv.FormatInt(int64(a), 10) }

func fmtTime(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vpos.Istanbul()).Format(layout)
}

// orderInq answers the status of an order (§12.3).
func (s *Server) orderInq(req *gvpsRequest, rep *gvpsResponse) {
	if e := checkOrderID(req.Order.OrderID); e != nil {
		s.refuse(rep, e)
		return
	}
	o, ok := s.Ledger().Order(req.Order.OrderID)
	if !ok {
		rep.Order.OrderInqResult = &orderInqResult{
			PreAuthAmount: "0", AuthAmount: "0", RemainingBNSAmount: "0", UsedFBBAmount: "0",
			UsedChequeCount: "0", UsedChequeAmount: "0", UsedBnsAmount: "0", InstallmentCnt: "0",
			CardNumberMasked: "null", BatchNum: "0", SequenceNum: "0",
		}
		s.refuse(rep, errInqNotFound())
		return
	}
	info := s.info(o.OrderID)
	auth := s.op(o.TransID)
	if auth == nil {
		auth = &opInfo{}
	}
	res := &orderInqResult{
		ChargeType: "S", PreAuthAmount: "0", AuthAmount: "0", RecurringInfo: "N",
		RemainingBNSAmount: "0", UsedFBBAmount: "0", UsedChequeCount: "0", UsedChequeAmount: "0", UsedBnsAmount: "0",
		InstallmentCnt: strconv.Itoa(o.Installments), CardNumberMasked: info.mask8,
		Code: hostCode(o.Code), ReasonCode: hostCode(o.Code), RetrefNum: o.RRN, AuthCode: o.AuthCode,
		BatchNum: strconv.Itoa(auth.batch), SequenceNum: strconv.Itoa(auth.seq), ProvDate: fmtTime(o.Created, inqDateLayout),
	}
	if o.Status == vpos.StatusDeclined {
		res.SysErrMsg = hostDecline(o.Code).sysErrMsg
	}
	var captured time.Time
	for _, e := range o.Entries {
		if e.Op == vpos.OpCapture {
			captured = e.Time
		}
	}
	switch {
	case o.Status == vpos.StatusDeclined:
	case o.Kind == vpostest.KindPreAuth:
		res.PreAuthAmount, res.PreAuthDate = amountText(o.Amount), fmtTime(o.Created, inqDateLayout)
		if o.Captured > 0 {
			res.AuthAmount, res.AuthDate = amountText(o.Captured), fmtTime(captured, inqDateLayout)
		}
	default:
		res.AuthAmount, res.AuthDate = amountText(o.Amount), fmtTime(o.Created, inqDateLayout)
	}
	switch o.Status {
	case vpos.StatusDeclined:
		res.Status = statusDeclined
	case vpos.StatusVoided:
		res.Status = statusVoid
	case vpos.StatusRefunded, vpos.StatusPartiallyRefunded:
		res.Status = statusRefunded
	default:
		res.Status = statusApproved
		if o.Kind == vpostest.KindPreAuth && o.Captured == 0 {
			res.Status = statusWaiting
		}
	}
	rep.Order.OrderInqResult = res
	querySuccess(rep)
}

// row is one transaction of the reports: a ledger journal entry or a
// refused follow-up.
type row struct {
	orderID  string
	op       vpos.Op
	time     time.Time
	amount   vpos.Amount
	currency vpos.Currency
	approved bool
	code     string // Response Code: "00", the host code, or 92
	status   string // orderhistoryinq Status: "00", the host code, "01" for a GVPS refusal
	sysErr   string
	rrn      string
	authCode string
	origRRN  string
	batch    int
	seq      int
	user     string
	failed   bool // a refused follow-up (not in the ledger)
	voided   bool // an authorisation or capture of a voided order
	voidTime time.Time
	order    *vpostest.Order
}

// rows returns the report rows of the journal entries and refused
// follow-ups that keep, oldest first (by SequenceNum).
func (s *Server) rows(entries []vpostest.Entry, keepFailed func(orderID string, f failedOp) bool) []row {
	var out []row
	orders := map[string]*vpostest.Order{}
	order := func(id string) *vpostest.Order {
		if o, ok := orders[id]; ok {
			return o
		}
		o, _ := s.Ledger().Order(id)
		orders[id] = o
		return o
	}
	for _, e := range entries {
		op := s.op(e.TransID)
		if op == nil {
			continue
		}
		r := row{
			orderID: e.OrderID, op: e.Op, time: e.Time, amount: e.Amount, currency: e.Currency,
			approved: e.Approved, code: hostCode(e.Code), status: hostCode(e.Code),
			rrn: op.rrn, authCode: op.authCode, origRRN: op.origRRN, batch: op.batch, seq: op.seq, user: op.user,
			order: order(e.OrderID),
		}
		if !e.Approved {
			r.sysErr = hostDecline(e.Code).sysErrMsg
		}
		if o := r.order; o != nil && o.Status == vpos.StatusVoided && e.Op != vpos.OpVoid && s.authTransID(op) == o.TransID {
			r.voided = true
			r.voidTime = o.Entries[len(o.Entries)-1].Time
		}
		out = append(out, r)
	}
	s.mu.Lock()
	for id, fs := range s.failed {
		for _, f := range fs {
			if !keepFailed(id, f) {
				continue
			}
			r := row{
				orderID: id, op: f.op, time: f.time, amount: f.amount, code: f.err.code,
				status: "01", sysErr: f.err.sysErrMsg, origRRN: f.origRRN, batch: f.batch, seq: f.seq, user: f.user, failed: true,
			}
			if f.err.source == sourceHost {
				r.status, r.rrn = f.err.code, f.rrn
			}
			out = append(out, r)
		}
	}
	s.mu.Unlock()
	for i := range out {
		if out[i].failed {
			out[i].order = order(out[i].orderID)
		}
	}
	slices.SortFunc(out, func(a, b row) int { return a.seq - b.seq })
	return out
}

// histType is orderhistoryinq's Type of an operation.
func histType(op vpos.Op) string {
	switch op {
	case vpos.OpSale:
		return "sales"
	case vpos.OpPreAuth:
		return "preauth"
	case vpos.OpCapture:
		return "postauth"
	}
	return string(op) // void, refund
}

// orderHistory answers every transaction of one order, oldest first, one
// OrderTxn each (§12.4).
func (s *Server) orderHistory(req *gvpsRequest, rep *gvpsResponse) {
	id := req.Order.OrderID
	res := &orderHistInq{}
	rep.Order.OrderHistInqResult = res
	if e := checkOrderID(id); e != nil {
		s.refuse(rep, e)
		return
	}
	var mine []vpostest.Entry
	for _, e := range s.Ledger().Entries() {
		if e.OrderID == id {
			mine = append(mine, e)
		}
	}
	rows := s.rows(mine, func(orderID string, _ failedOp) bool { return orderID == id })
	if len(rows) == 0 {
		s.refuse(rep, errHistNotFound())
		return
	}
	s.mu.Lock()
	batch := s.batch
	s.mu.Unlock()
	for _, r := range rows {
		t := histTxn{
			Type: histType(r.op), Status: r.status, PreAuthAmount: "0", AuthAmount: "0",
			RetrefNum: r.rrn, AuthCode: r.authCode, ReturnCode: r.code, BatchNum: strconv.Itoa(r.batch),
			RemainingBNSAmount: "0", UsedFBBAmount: "0", UsedChequeCount: "0", UsedChequeAmount: "0",
			InstallmentCnt: "0", CurrencyCode: "0", Settlement: "N",
		}
		if r.order != nil {
			t.InstallmentCnt = strconv.Itoa(r.order.Installments)
		}
		if r.batch < batch {
			t.Settlement = "Y"
		}
		day := fmtTime(r.time, histDateLayout)
		switch {
		case r.failed:
			t.AuthAmount = amountText(r.amount)
		case r.op == vpos.OpPreAuth:
			t.PreAuthAmount, t.PreAuthDate = amountText(r.amount), day
		case r.op == vpos.OpVoid:
			t.AuthAmount, t.VoidDate = amountText(r.amount), day
		default:
			t.AuthAmount, t.AuthDate = amountText(r.amount), day
		}
		if !r.failed {
			t.CurrencyCode = strconv.Itoa(r.currency.Numeric())
		}
		if !r.approved && !r.failed { // a declined authorisation
			t.AuthAmount, t.PreAuthAmount, t.AuthDate, t.PreAuthDate = "0", "0", "", ""
		}
		if r.voided {
			t.VoidDate = fmtTime(r.voidTime, histDateLayout)
		}
		res.OrderTxnList.OrderTxn = append(res.OrderTxnList.OrderTxn, t)
	}
	querySuccess(rep)
}

// listPageSize is orderlistinq's page size (§4).
const listPageSize = 500

// maxListDays is the longest orderlistinq range (§4).
const maxListDays = 30

// listType is orderlistinq's TrxType of an operation (§12.5).
func listType(op vpos.Op) string {
	switch op {
	case vpos.OpSale:
		return "Satis"
	case vpos.OpPreAuth:
		return "On Otorizasyon"
	case vpos.OpCapture:
		return "On Otorizasyon Kapama"
	case vpos.OpRefund:
		return "Iade"
	}
	return "Iptal"
}

// listCurrency is orderlistinq's CurrencyCode: TL for TRY, else the ISO
// letters.
func listCurrency(c vpos.Currency) string {
	if c == vpos.TRY {
		return "TL"
	}
	return string(c)
}

// parseListDate reads a StartDate or EndDate: dd/MM/yyyy HH:mm,
// Europe/Istanbul.
func parseListDate(field, v string) (time.Time, *gvpsError) {
	if v == "" {
		return time.Time{}, errMandatory(field + " field must contain value because of the Mandatory Rule:null")
	}
	t, err := time.ParseInLocation(listReqLayout, v, vpos.Istanbul())
	if err != nil {
		return time.Time{}, errMandatory(field + " field must be dd/MM/yyyy HH:mm")
	}
	return t, nil
}

// orderList answers the transactions of a date range, 500 a page (§4,
// §12.5). StartDate and EndDate are Istanbul minutes, both inclusive: a
// transaction at StartDate 00:00:00 up to EndDate HH:mm:59 is listed. The
// range may not exceed 30 days.
func (s *Server) orderList(req *gvpsRequest, rep *gvpsResponse) {
	res := &orderListInq{}
	rep.Order.OrderListInqResult = res
	from, e := parseListDate("StartDate", req.Order.StartDate)
	if e != nil {
		s.refuse(rep, e)
		return
	}
	to, e := parseListDate("EndDate", req.Order.EndDate)
	if e != nil {
		s.refuse(rep, e)
		return
	}
	switch {
	case to.Before(from):
		s.refuse(rep, errMandatory("EndDate field must not be before StartDate"))
		return
	case to.Sub(from) > maxListDays*24*time.Hour:
		s.refuse(rep, errMandatory(fmt.Sprintf("StartDate and EndDate must be at most %d days apart", maxListDays)))
		return
	}
	page := 1
	if p := req.Order.ListPageNum; p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			s.refuse(rep, errMandatory("ListPageNum field must be a page number from 1"))
			return
		}
		page = n
	}
	end := to.Add(time.Minute)
	rows := s.rows(s.Ledger().Between(from, end), func(_ string, f failedOp) bool {
		return !f.time.Before(from) && f.time.Before(end)
	})
	s.mu.Lock()
	batch := s.batch
	s.mu.Unlock()
	pages := (len(rows) + listPageSize - 1) / listPageSize
	if pages == 0 {
		pages = 1
	}
	l := &res.OrderTxnList
	l.TotalTxnCount, l.TotalPageCount, l.ActPageNum = strconv.Itoa(len(rows)), strconv.Itoa(pages), strconv.Itoa(page)
	first := (page - 1) * listPageSize
	for i := first; i < len(rows) && i < first+listPageSize; i++ {
		r := rows[i]
		info := s.info(r.orderID)
		t := listTxn{
			ID: strconv.Itoa(i + 1), LastTrxDate: fmtTime(r.time, listDateLayout), TrxType: listType(r.op),
			OrderID: r.orderID, CardNumberMasked: info.mask8, ExpireDate: info.expiry, BankBin: info.bin8,
			BatchNum: strconv.Itoa(r.batch), AuthCode: r.authCode, RetrefNum: r.rrn, OrigRetrefNum: r.origRRN,
			InstallmentCnt: "Pesin", Status: "Basarili", AuthAmount: amountText(r.amount),
			RemainingBNSAmount: "0", UsedFBBAmount: "0", UsedChequeCount: "0", UsedChequeAmount: "0",
			UserID: r.user, Settlement: "N", EmailAddress: info.email,
			RecurringTotalPaymentNum: "0", RecurringLastPaymentNum: "0", RecurringTxnAmount: "0",
			ResponseCode: r.code, SysErrMsg: r.sysErr,
		}
		if r.order != nil {
			if r.order.Installments > 1 {
				t.InstallmentCnt = strconv.Itoa(r.order.Installments)
			}
			t.CurrencyCode = listCurrency(r.order.Currency)
		}
		if info.secure {
			t.SafeType = "3D"
		}
		if r.batch < batch {
			t.Settlement = "Y"
		}
		switch {
		case r.failed:
			t.Status, t.Settlement = "Basarisiz", "E"
		case !r.approved:
			t.Status = "Basarisiz"
		case r.voided || r.op == vpos.OpVoid:
			t.Status = "Iptal"
		}
		l.OrderTxn = append(l.OrderTxn, t)
	}
	querySuccess(rep)
}
