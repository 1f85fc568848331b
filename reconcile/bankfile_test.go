package reconcile_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/reconcile"
	"github.com/sanalpos/vpos/vpostest"
)

func TestParseMappingErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", "name: x\ncolumnz: {}\n", "field columnz not found"},
		{"required columns", "name: x\ncolumns: {order_id: a}\n", "columns: amount is required"},
		{"unknown field", "name: x\ncolumns: {order_id: a, amount: b, time: c, colour: d}\n", `unknown field "colour"`},
		{"bad status", "name: x\ncolumns: {order_id: a, amount: b, time: c}\nstatus_values: {OK: fine}\n", `unknown status "fine"`},
		{"bad decimal", "name: x\ndecimal: ';'\ncolumns: {order_id: a, amount: b, time: c}\n", `decimal ";"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := reconcile.ParseMapping([]byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "reconcile: ") {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name, mapping, file, want, wantErr string
	}{
		{name: "nestpay decimal comma and Turkish words", mapping: "nestpay",
			file: "\ufeffİşlem Tarihi;Sipariş No;İşlem No;İşlem Tipi;Durum;Tutar;Para Birimi;Taksit;Onay Kodu;Referans No;Kart No;Yanıt Kodu\n" +
				"24.11.2026 23:59:59;O1;T1;Satış;İptal Edildi;1.250,50;TL;3;123456;R1;454671******1234;00\n",
			want: "O1 T1 sale voided 125050 TRY 3 2026-11-24T23:59:59+03:00"},
		{name: "generic", mapping: "generic",
			file: strings.Join(reconcile.GenericHeader, ",") + "\nid1,C,P,isbank,refund,1,O2,T2,,,12.00,USD,0,0.00,approved,,,,api,2026-11-24T10:00:00Z\n",
			want: "O2 T2 refund approved 1200 USD 0 2026-11-24T13:00:00+03:00"},
		{name: "missing column", mapping: "nestpay", file: "Sipariş No;Tutar\nO1;1,00\n", wantErr: "is not in the header"},
		{name: "bad amount names the line", mapping: "nestpay",
			file: "İşlem Tarihi;Sipariş No;İşlem No;İşlem Tipi;Durum;Tutar;Para Birimi;Taksit;Onay Kodu;Referans No;Kart No;Yanıt Kodu\n" +
				"24.11.2026 10:00:00;O1;T1;Satış;Onaylandı;1,00;TL;1;;;;00\n24.11.2026 10:00:00;O2;T2;Satış;Onaylandı;abc;TL;1;;;;00\n",
			wantErr: "line 3: amount"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := reconcile.Builtin(tc.mapping)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := reconcile.ParseCSV(strings.NewReader(tc.file), m)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || len(rows) != 1 {
				t.Fatalf("got %d rows, %v; want 1 row", len(rows), err)
			}
			b := rows[0]
			got := strings.Join([]string{b.OrderID, b.TransactionID, string(b.Op), string(b.Status), b.Amount.String(), string(b.Currency),
				strconv.Itoa(b.Installments), b.Time.In(vpos.Istanbul()).Format(time.RFC3339)}, " ")
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// The fake bank's portal export reads back, with the built-in mapping,
// into the bank's journal: every entry once, with its status.
func TestNestPayPortalExport(t *testing.T) {
	np := nestpaytest.NewServer()
	defer np.Close()
	l := np.Ledger()
	for _, o := range []string{"P1", "P2", "P3"} {
		if _, err := l.Authorize(vpostest.KindSale, o, 125050, vpos.TRY, 1, "4546711234567894", ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Void("P2"); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Refund("P3", 50); err != nil {
		t.Fatal(err)
	}
	from, to := vpos.IstanbulDay(time.Now())
	m, _ := reconcile.Builtin("nestpay")
	rows, err := reconcile.ParseCSV(bytes.NewReader(np.PortalExport(from, to)), m)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.OrderID+" "+string(r.Op)+" "+string(r.Status)+" "+r.Amount.Decimal(r.Currency))
	}
	want := "P1 sale approved 1250.50,P2 sale voided 1250.50,P3 sale approved 1250.50,P2 void approved 1250.50,P3 refund approved 0.50"
	if strings.Join(got, ",") != want {
		t.Errorf("got %q, want %q", strings.Join(got, ","), want)
	}
	for _, r := range rows {
		if strings.Contains(r.MaskedPAN, "1234567") {
			t.Errorf("the export shows %q", r.MaskedPAN)
		}
	}
	rep, err := reconcile.Reconcile(context.Background(), nil, rows, reconcile.Options{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Counts[reconcile.MissingLocally]; got != 5 {
		t.Errorf("got %d missing locally, want 5", got)
	}
}
