package reconcile

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/sanalpos/vpos"
)

// jsonReport is the JSON form of a Report: amounts as decimal strings.
type jsonReport struct {
	Company   string         `json:"company,omitempty"`
	POS       string         `json:"pos,omitempty"`
	Bank      string         `json:"bank,omitempty"`
	From      string         `json:"from,omitempty"`
	To        string         `json:"to,omitempty"`
	LocalRows int            `json:"local_rows"`
	BankRows  int            `json:"bank_rows"`
	Skipped   int            `json:"skipped"`
	Counts    map[string]int `json:"counts"`
	Totals    []jsonTotal    `json:"totals"`
	Items     []jsonItem     `json:"items"`
}

type jsonTotal struct {
	Category string `json:"category"`
	Currency string `json:"currency"`
	Count    int    `json:"count"`
	Local    string `json:"local_amount"`
	Bank     string `json:"bank_amount"`
}

type jsonItem struct {
	Category string    `json:"category"`
	Key      string    `json:"key,omitempty"`
	Detail   string    `json:"detail,omitempty"`
	Local    *jsonSide `json:"local,omitempty"`
	Bank     *jsonSide `json:"bank,omitempty"`
}

type jsonSide struct {
	ID            string `json:"id,omitempty"`
	OrderID       string `json:"order_id"`
	Op            string `json:"op"`
	TransactionID string `json:"transaction_id,omitempty"`
	AuthCode      string `json:"auth_code,omitempty"`
	RRN           string `json:"rrn,omitempty"`
	Amount        string `json:"amount"`
	Refunded      string `json:"refunded_amount,omitempty"`
	Currency      string `json:"currency"`
	Status        string `json:"status"`
	MaskedPAN     string `json:"masked_pan,omitempty"`
	Time          string `json:"time"`
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vpos.Istanbul()).Format(time.RFC3339)
}

func localSide(l *Local) *jsonSide {
	if l == nil {
		return nil
	}
	s := &jsonSide{ID: l.ID, OrderID: l.OrderID, Op: string(l.Op), TransactionID: l.BankTransactionID, AuthCode: l.AuthCode,
		RRN: l.RRN, Amount: l.Amount.Decimal(l.Currency), Currency: string(l.Currency), Status: string(l.Status),
		MaskedPAN: l.MaskedPAN, Time: fmtTime(l.Time)}
	if l.RefundedAmount != 0 {
		s.Refunded = l.RefundedAmount.Decimal(l.Currency)
	}
	return s
}

func bankSide(b *vpos.BankTransaction) *jsonSide {
	if b == nil {
		return nil
	}
	return &jsonSide{OrderID: b.OrderID, Op: string(b.Op), TransactionID: b.TransactionID, AuthCode: b.AuthCode, RRN: b.RRN,
		Amount: b.Amount.Decimal(b.Currency), Currency: string(b.Currency), Status: string(b.Status),
		MaskedPAN: b.MaskedPAN, Time: fmtTime(b.Time)}
}

// WriteJSON writes the report as one indented JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	j := jsonReport{Company: r.Company, POS: r.POS, Bank: r.Bank, From: fmtTime(r.From), To: fmtTime(r.To),
		LocalRows: r.LocalRows, BankRows: r.BankRows, Skipped: r.Skipped, Counts: map[string]int{},
		Totals: []jsonTotal{}, Items: []jsonItem{}}
	for c, n := range r.Counts {
		j.Counts[string(c)] = n
	}
	for _, t := range r.Totals {
		j.Totals = append(j.Totals, jsonTotal{Category: string(t.Category), Currency: string(t.Currency), Count: t.Count,
			Local: t.Local.Decimal(t.Currency), Bank: t.Bank.Decimal(t.Currency)})
	}
	for i := range r.Items {
		it := &r.Items[i]
		j.Items = append(j.Items, jsonItem{Category: string(it.Category), Key: string(it.Key), Detail: it.Detail,
			Local: localSide(it.Local), Bank: bankSide(it.Bank)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(j); err != nil {
		return fmt.Errorf("reconcile: write JSON: %w", err)
	}
	return nil
}

// CSVHeader is the header row WriteCSV writes.
var CSVHeader = []string{"category", "key", "order_id", "op", "currency",
	"local_id", "local_transaction_id", "local_amount", "local_status", "local_time",
	"bank_transaction_id", "bank_amount", "bank_status", "bank_time", "rrn", "auth_code", "detail"}

// WriteCSV writes one row per item, with CSVHeader first.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("reconcile: write CSV: %w", err)
	}
	for i := range r.Items {
		it := &r.Items[i]
		row := make([]string, len(CSVHeader))
		row[0], row[1], row[2], row[3], row[4] = string(it.Category), string(it.Key), it.OrderID(), string(it.Op()), string(it.Currency())
		if l := it.Local; l != nil {
			row[5], row[6], row[7], row[8], row[9] = l.ID, l.BankTransactionID, l.Amount.Decimal(l.Currency), string(l.Status), fmtTime(l.Time)
			row[14], row[15] = l.RRN, l.AuthCode
		}
		if b := it.Bank; b != nil {
			row[10], row[11], row[12], row[13] = b.TransactionID, b.Amount.Decimal(b.Currency), string(b.Status), fmtTime(b.Time)
			if row[14] == "" {
				row[14] = b.RRN
			}
			if row[15] == "" {
				row[15] = b.AuthCode
			}
		}
		row[16] = it.Detail
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("reconcile: write CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("reconcile: write CSV: %w", err)
	}
	return nil
}

// labels are the category names of the text summary.
var labels = map[Category]string{
	Matched:          "matched",
	MissingAtBank:    "missing at the bank",
	MissingLocally:   "missing locally",
	AmountMismatch:   "amount mismatch",
	CurrencyMismatch: "currency mismatch",
	StatusMismatch:   "status mismatch",
	DuplicateLocal:   "duplicate (local)",
	DuplicateBank:    "duplicate (bank)",
}

// WriteText writes a readable summary: the period, counts and totals per
// category and currency, then every discrepancy on one line.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	period := "all input"
	if !r.From.IsZero() || !r.To.IsZero() {
		period = fmtTime(r.From) + " - " + fmtTime(r.To)
	}
	fmt.Fprintf(ew, "reconciliation %s/%s (%s), %s\n", r.Company, r.POS, r.Bank, period)
	fmt.Fprintf(ew, "local records: %d, bank rows: %d, skipped (declined, failed, pending): %d\n\n", r.LocalRows, r.BankRows, r.Skipped)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "CATEGORY\tCOUNT\tCURRENCY\tLOCAL TOTAL\tBANK TOTAL\t")
	for _, c := range Categories {
		n := 0
		for _, t := range r.Totals {
			if t.Category == c {
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t\n", labels[c], t.Count, t.Currency, t.Local.Decimal(t.Currency), t.Bank.Decimal(t.Currency))
				n++
			}
		}
		if n == 0 {
			fmt.Fprintf(tw, "%s\t0\t\t\t\t\n", labels[c])
		}
	}
	tw.Flush()
	if d := r.Discrepancies(); d == 0 {
		fmt.Fprintln(ew, "\nall matched")
	} else {
		fmt.Fprintf(ew, "\n%d discrepancies:\n", d)
		for i := range r.Items {
			it := &r.Items[i]
			if it.Category == Matched {
				continue
			}
			amount, status, id := "", "", ""
			switch {
			case it.Local != nil:
				amount, status, id = it.Local.Amount.Decimal(it.Local.Currency), string(it.Local.Status), it.Local.BankTransactionID
			case it.Bank != nil:
				amount, status, id = it.Bank.Amount.Decimal(it.Bank.Currency), string(it.Bank.Status), it.Bank.TransactionID
			}
			line := fmt.Sprintf("  %-18s %s %-8s %s %s %s %s", labels[it.Category], it.OrderID(), it.Op(), amount, it.Currency(), status, id)
			if it.Key != "" {
				line += " [" + string(it.Key) + "]"
			}
			if it.Detail != "" {
				line += ": " + it.Detail
			}
			fmt.Fprintln(ew, line)
		}
	}
	if ew.err != nil {
		return fmt.Errorf("reconcile: write text: %w", ew.err)
	}
	return nil
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// itoa is strconv.Itoa, for the CSV writers.
func itoa(n int) string { return strconv.Itoa(n) }
