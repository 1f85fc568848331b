package reconcile

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
)

var day0, day1 = vpos.IstanbulDay(time.Date(2026, 11, 24, 12, 0, 0, 0, vpos.Istanbul()))

func at(h, m int) time.Time {
	return day0.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

func loc(id, order string, op vpos.Op, amount vpos.Amount, st vpos.TxStatus, when time.Time) *vpos.Transaction {
	return &vpos.Transaction{ID: "L-" + id, OrderID: order, Op: op, BankTransactionID: "T-" + id, AuthCode: "A" + id, RRN: "R" + id,
		Amount: amount, Currency: vpos.TRY, Status: st, CreatedAt: when}
}

func bank(id, order string, op vpos.Op, amount vpos.Amount, st vpos.TxStatus, when time.Time) vpos.BankTransaction {
	return vpos.BankTransaction{OrderID: order, TransactionID: "T-" + id, Op: op, Status: st, Amount: amount, Currency: vpos.TRY,
		AuthCode: "A" + id, RRN: "R" + id, Time: when}
}

// summary renders a report's discrepancies (and keys of matches) compactly.
func summary(r *Report) string {
	var parts []string
	for _, it := range r.Items {
		s := string(it.Category) + ":" + it.OrderID() + "/" + string(it.Op())
		if it.Key != "" {
			s += "@" + string(it.Key)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestCategoriesAndKeys(t *testing.T) {
	ap, vo := vpos.StatusApproved, vpos.StatusVoided
	tests := []struct {
		name  string
		local []*vpos.Transaction
		bank  []vpos.BankTransaction
		edit  func(l []*vpos.Transaction, b []vpos.BankTransaction)
		want  string
	}{
		{name: "matched by transaction id",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			want:  "matched:O1/sale@transaction_id"},
		{name: "matched by order and op",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			edit:  func(l []*vpos.Transaction, b []vpos.BankTransaction) { l[0].BankTransactionID = "" },
			want:  "matched:O1/sale@order_op"},
		{name: "matched by rrn",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "X1", vpos.OpSale, 1000, ap, at(10, 0))},
			edit:  func(l []*vpos.Transaction, b []vpos.BankTransaction) { l[0].BankTransactionID = "" },
			want:  "matched:O1/sale@rrn"},
		{name: "matched by auth code",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "X1", vpos.OpSale, 1000, ap, at(10, 0))},
			edit: func(l []*vpos.Transaction, b []vpos.BankTransaction) {
				l[0].BankTransactionID, l[0].RRN = "", ""
			},
			want: "matched:O1/sale@auth_code"},
		{name: "missing at the bank",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			want:  "missing_at_bank:O1/sale"},
		{name: "missing locally",
			bank: []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			want: "missing_locally:O1/sale"},
		{name: "amount mismatch",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1001, ap, at(10, 0))},
			want:  "amount_mismatch:O1/sale@transaction_id"},
		{name: "currency mismatch",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			edit:  func(l []*vpos.Transaction, b []vpos.BankTransaction) { b[0].Currency = vpos.USD },
			want:  "currency_mismatch:O1/sale@transaction_id"},
		{name: "voided at the bank only (sale row says so, no void row)",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, vo, at(10, 0))},
			want:  "status_mismatch:O1/sale@transaction_id"},
		{name: "voided at the bank only, with its void row: reported once",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, vo, at(10, 0)), bank("2", "O1", vpos.OpVoid, 1000, ap, at(11, 0))},
			want:  "matched:O1/sale@transaction_id missing_locally:O1/void"},
		{name: "voided locally only",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, vo, at(10, 0)), loc("2", "O1", vpos.OpVoid, 1000, ap, at(11, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			want:  "matched:O1/sale@transaction_id missing_at_bank:O1/void"},
		{name: "refunded at the bank only",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, vpos.StatusPartiallyRefunded, at(10, 0)), bank("2", "O1", vpos.OpRefund, 300, ap, at(11, 0))},
			want:  "matched:O1/sale@transaction_id missing_locally:O1/refund"},
		{name: "refund state differs without a refund row",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, vpos.StatusRefunded, at(10, 0))},
			want:  "status_mismatch:O1/sale@transaction_id"},
		{name: "partial refunds differ in amount",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, vpos.StatusPartiallyRefunded, at(10, 0)), loc("2", "O1", vpos.OpRefund, 300, ap, at(11, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, ap, at(10, 0)), bank("2", "O1", vpos.OpRefund, 400, ap, at(11, 0))},
			want:  "matched:O1/sale@transaction_id status_mismatch:O1/refund@transaction_id"},
		{name: "two partial refunds pair by amount",
			local: []*vpos.Transaction{loc("2", "O1", vpos.OpRefund, 300, ap, at(11, 0)), loc("3", "O1", vpos.OpRefund, 200, ap, at(12, 0))},
			bank:  []vpos.BankTransaction{bank("3", "O1", vpos.OpRefund, 200, ap, at(12, 0)), bank("2", "O1", vpos.OpRefund, 300, ap, at(11, 0))},
			edit: func(l []*vpos.Transaction, b []vpos.BankTransaction) {
				l[0].BankTransactionID, l[1].BankTransactionID, l[0].RRN, l[1].RRN = "", "", "", ""
			},
			want: "matched:O1/refund@order_op matched:O1/refund@order_op"},
		{name: "pending locally, booked at the bank",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, vpos.StatusPending3D, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			edit: func(l []*vpos.Transaction, b []vpos.BankTransaction) {
				l[0].BankTransactionID, l[0].RRN, l[0].AuthCode = "", "", ""
			},
			want: "status_mismatch:O1/sale@order_op"},
		{name: "duplicate row at the bank",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, ap, at(10, 0)), bank("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			want:  "matched:O1/sale@transaction_id duplicate_bank:O1/sale@transaction_id"},
		{name: "second sale of one order at the bank",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, ap, at(10, 0)), bank("2", "O1", vpos.OpSale, 1000, ap, at(10, 5))},
			want:  "matched:O1/sale@transaction_id duplicate_bank:O1/sale@order_op"},
		{name: "two local records with one bank id",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0)), loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 1))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))},
			edit:  func(l []*vpos.Transaction, b []vpos.BankTransaction) { l[1].ID = "L-dup" },
			want:  "matched:O1/sale@transaction_id duplicate_local:O1/sale@transaction_id"},
		{name: "declined on both sides",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, vpos.StatusDeclined, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, vpos.StatusDeclined, at(10, 0))},
			want:  "matched:O1/sale@transaction_id"},
		{name: "unpaired declines are not discrepancies",
			local: []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, vpos.StatusDeclined, at(10, 0))},
			bank:  []vpos.BankTransaction{bank("2", "O2", vpos.OpSale, 1000, vpos.StatusDeclined, at(10, 0))},
			want:  ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.edit != nil {
				tc.edit(tc.local, tc.bank)
			}
			rep, err := Reconcile(context.Background(), tc.local, tc.bank, Options{From: day0, To: day1, KeepMatched: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(rep); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMidnight(t *testing.T) {
	ap := vpos.StatusApproved
	tests := []struct {
		name       string
		localAt    time.Time
		bankAt     time.Time
		tolerance  time.Duration
		want       string
		wantLocals int
	}{
		{"stored before midnight, booked after, in tolerance: next day's", day1.Add(-2 * time.Second), day1.Add(time.Second), 5 * time.Minute, "", 1},
		{"stored after midnight, booked before: this day's", day1.Add(2 * time.Second), day1.Add(-time.Second), 5 * time.Minute, "matched:O1/sale@transaction_id", 1},
		{"no tolerance: the local is missing at the bank", day1.Add(-2 * time.Second), day1.Add(time.Second), 0, "missing_at_bank:O1/sale", 1},
		{"start of the day, booked the evening before", day0.Add(time.Second), day0.Add(-time.Second), 5 * time.Minute, "", 1},
		{"first second of the day", day0, day0, 0, "matched:O1/sale@transaction_id", 1},
		{"first second of the next day is out", day1, day1, 0, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Reconcile(context.Background(),
				[]*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, tc.localAt)},
				[]vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 1000, ap, tc.bankAt)},
				Options{From: day0, To: day1, Tolerance: tc.tolerance, KeepMatched: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(rep); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if got := rep.LocalRows; got != tc.wantLocals {
				t.Errorf("got %d local rows, want %d", got, tc.wantLocals)
			}
		})
	}
}

func TestChecker(t *testing.T) {
	ap := vpos.StatusApproved
	tests := []struct {
		name string
		res  *vpos.Result
		err  error
		want string
	}{
		{"the bank does not know it", nil, &vpos.Error{Code: vpos.NotFound}, "missing_at_bank:O1/sale"},
		{"the bank has it", &vpos.Result{Status: ap, Amount: 1000, Currency: vpos.TRY}, nil, "matched:O1/sale@status_query"},
		{"the bank voided it", &vpos.Result{Status: vpos.StatusVoided, Amount: 1000, Currency: vpos.TRY}, nil, "status_mismatch:O1/sale@status_query"},
		{"the inquiry fails", nil, fmt.Errorf("boom"), "missing_at_bank:O1/sale"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			check := func(ctx context.Context, l *Local) (*vpos.Result, error) { calls++; return tc.res, tc.err }
			rep, err := Reconcile(context.Background(), []*vpos.Transaction{loc("1", "O1", vpos.OpSale, 1000, ap, at(9, 0))}, nil,
				Options{From: day0, To: day1, KeepMatched: true, Checker: check})
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(rep); got != tc.want || calls != 1 {
				t.Errorf("got %q after %d calls, want %q after 1", got, calls, tc.want)
			}
		})
	}
}

func TestOutputs(t *testing.T) {
	ap := vpos.StatusApproved
	rep, err := Reconcile(context.Background(),
		[]*vpos.Transaction{loc("1", "O1", vpos.OpSale, 125050, ap, at(10, 0)), loc("2", "O2", vpos.OpSale, 999, ap, at(10, 0))},
		[]vpos.BankTransaction{bank("1", "O1", vpos.OpSale, 125050, ap, at(10, 0)), bank("3", "O3", vpos.OpSale, 1050, ap, at(10, 0))},
		Options{Company: "C", POS: "P", Bank: "isbank", From: day0, To: day1, KeepMatched: true})
	if err != nil {
		t.Fatal(err)
	}
	var text, js, cs bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1250.50", "9.99", "10.50", "missing at the bank", "missing locally", "2 discrepancies"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text summary lacks %q:\n%s", want, text.String())
		}
	}
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Counts map[string]int `json:"counts"`
		Items  []struct {
			Category string `json:"category"`
			Bank     *struct {
				Amount string `json:"amount"`
			} `json:"bank"`
		} `json:"items"`
	}
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(back.Counts), "map[matched:1 missing_at_bank:1 missing_locally:1]"; got != want {
		t.Errorf("got counts %s, want %s", got, want)
	}
	if got := back.Items[0].Bank.Amount; got != "1250.50" {
		t.Errorf("got JSON amount %q, want 1250.50", got)
	}
	if err := rep.WriteCSV(&cs); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(cs.String(), "\n"); got != 4 {
		t.Errorf("got %d CSV lines, want 4:\n%s", got, cs.String())
	}
}
