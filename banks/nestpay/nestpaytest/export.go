package nestpaytest

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// PortalExportHeader is the header row of PortalExport.
var PortalExportHeader = []string{"İşlem Tarihi", "Sipariş No", "İşlem No", "İşlem Tipi", "Durum", "Tutar", "Para Birimi",
	"Taksit", "Onay Kodu", "Referans No", "Kart No", "Yanıt Kodu"}

// PortalExport returns the merchant portal's transaction export for the
// journal entries of the period [from, to): one row per operation
// (authorisation, capture, void, refund), oldest first, as a ';'-separated
// UTF-8 CSV with Turkish headers, decimal-comma amounts and Istanbul times.
//
// The real portal's layout is not published (nestpay.md §8); this one is
// the design the reconcile package's built-in "nestpay" mapping reads. The
// row of a voided authorisation says "İptal Edildi"; its void is a row of
// its own, as are refunds. Orders booked directly through Ledger() are
// exported too: the portal shows what the bank booked, whoever asked.
func (s *Server) PortalExport(from, to time.Time) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	_ = w.Write(PortalExportHeader)
	for _, e := range s.Ledger().Between(from, to) {
		o, ok := s.Ledger().Order(e.OrderID)
		if !ok {
			continue
		}
		op, status := portalOps[e.Op], "Onaylandı"
		authCode, rrn := "", ""
		if e.TransID == o.TransID {
			authCode, rrn = o.AuthCode, o.RRN
		}
		s.mu.Lock()
		if r, ok := s.refs[e.TransID]; ok {
			authCode, rrn = r.authCode, r.hostRef
		}
		s.mu.Unlock()
		switch {
		case !e.Approved:
			status, authCode = "Reddedildi", ""
		case (e.Op == vpos.OpSale || e.Op == vpos.OpPreAuth || e.Op == vpos.OpCapture) && e.TransID != "" && o.Status == vpos.StatusVoided && isOrderEntry(o.Entries, e):
			status = "İptal Edildi"
		}
		cur := string(e.Currency)
		if e.Currency == vpos.TRY {
			cur = "TL"
		}
		inst := ""
		if e.Op == vpos.OpSale || e.Op == vpos.OpPreAuth {
			inst = strconv.Itoa(max(o.Installments, 1))
		}
		_ = w.Write([]string{
			e.Time.In(vpos.Istanbul()).Format("02.01.2006 15:04:05"), e.OrderID, e.TransID, op, status,
			portalAmount(e.Amount, e.Currency), cur, inst, authCode, rrn, o.MaskedPAN, e.Code,
		})
	}
	w.Flush()
	return buf.Bytes()
}

// isOrderEntry reports whether e is one of the current record's entries
// (not a declined earlier attempt of the same order id).
func isOrderEntry(entries []vpostest.Entry, e vpostest.Entry) bool {
	for _, x := range entries {
		if x.Seq == e.Seq {
			return true
		}
	}
	return false
}

// portalOps are the portal's words for the operations.
var portalOps = map[vpos.Op]string{
	vpos.OpSale:    "Satış",
	vpos.OpPreAuth: "Ön Provizyon",
	vpos.OpCapture: "Provizyon Kapama",
	vpos.OpVoid:    "İptal",
	vpos.OpRefund:  "İade",
}

// portalAmount formats a as the portal does: "1.250,50".
func portalAmount(a vpos.Amount, c vpos.Currency) string {
	s := a.DecimalSep(c, ',')
	whole, frac, _ := strings.Cut(s, ",")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("," + frac)
	}
	return b.String()
}
