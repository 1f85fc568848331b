package reconcile_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/reconcile"
	"github.com/sanalpos/vpos/vpostest"
)

// nestpayHeader is the NestPay portal export's header, in the order the
// fake's PortalExport writes it.
var nestpayHeader = []string{"İşlem Tarihi", "Sipariş No", "İşlem No", "İşlem Tipi", "Durum", "Tutar", "Para Birimi", "Taksit",
	"Onay Kodu", "Referans No", "Kart No", "Yanıt Kodu"}

// xlsxSheet is one worksheet to build: rows[i] goes to sheet row i+1 (nil
// rows stay empty); styles sets a cell's number format ("B3": 22).
type xlsxSheet struct {
	name   string
	rows   [][]any
	styles map[string]int
}

// buildXLSX writes a workbook with the given sheets, in order.
func buildXLSX(t *testing.T, sheets ...xlsxSheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			if row == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		for cell, numFmt := range s.styles {
			st, err := f.NewStyle(&excelize.Style{NumFmt: numFmt})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(s.name, cell, cell, st); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// excelSerial is t's wall clock as an Excel (1900 system) date serial.
func excelSerial(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	return wall.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

// The same NestPay export as an .xlsx and as a CSV file reads into the same
// BankTransactions: text cells in the portal's notation, numeric amount
// cells (one a float sum), an Excel date serial with a date format, columns
// in another order, an empty first row and an empty row in between.
func TestReadXLSXMatchesCSV(t *testing.T) {
	m, err := reconcile.Builtin("nestpay")
	if err != nil {
		t.Fatal(err)
	}
	csvFile := strings.Join(nestpayHeader, ";") + "\n" +
		"24.11.2026 00:00:01;O1;T1;Satış;Onaylandı;1.250,50;TL;1;111111;R1;454671******1234;00\n" +
		"24.11.2026 10:15:00;O2;T2;Satış;İptal Edildi;1.250,50;TL;3;222222;R2;454671******1234;00\n" +
		"24.11.2026 10:20:00;O2;T3;İptal;Onaylandı;1.250,50;TL;3;222222;R3;454671******1234;00\n" +
		"24.11.2026 11:00:00;O3;T4;Satış;Kısmi İade;99,90;USD;1;333333;R4;540061******0003;00\n" +
		"24.11.2026 23:59:59;O3;T5;İade;Onaylandı;0,50;USD;1;333333;R5;540061******0003;00\n" +
		"24.11.2026 12:00:00;O4;T6;Satış;Reddedildi;0,30;TL;1;;R6;454671******1234;05\n"
	want, err := reconcile.ParseCSV(strings.NewReader(csvFile), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 6 {
		t.Fatalf("CSV: got %d rows, want 6", len(want))
	}
	// The workbook: another column order, a title-less empty row 1, the
	// header on row 2, an empty row 5.
	serial := excelSerial(time.Date(2026, 11, 24, 23, 59, 59, 0, time.UTC))
	data := buildXLSX(t, xlsxSheet{name: "İşlem Raporu", rows: [][]any{
		nil,
		{"Sipariş No", "İşlem No", "İşlem Tipi", "Durum", "Tutar", "Para Birimi", "Taksit", "Onay Kodu", "Referans No", "Kart No", "Yanıt Kodu", "İşlem Tarihi"},
		{"O1", "T1", "Satış", "Onaylandı", "1.250,50", "TL", 1, "111111", "R1", "454671******1234", "00", "24.11.2026 00:00:01"},
		{"O2", "T2", "Satış", "İptal Edildi", 1250.5, "TL", 3, "222222", "R2", "454671******1234", "00", "24.11.2026 10:15:00"},
		nil,
		{"O2", "T3", "İptal", "Onaylandı", "1.250,50", "TL", "3", "222222", "R3", "454671******1234", "00", "24.11.2026 10:20:00"},
		{"O3", "T4", "Satış", "Kısmi İade", 99.9, "USD", 1, "333333", "R4", "540061******0003", "00", "24.11.2026 11:00:00"},
		{"O3", "T5", "İade", "Onaylandı", "0,50", "USD", 1, "333333", "R5", "540061******0003", "00", serial},
		{"O4", "T6", "Satış", "Reddedildi", 0.1 + 0.2, "TL", 1, "", "R6", "454671******1234", "05", "24.11.2026 12:00:00"},
	}, styles: map[string]int{"L8": 22, "E4": 4}}) // L8: "m/d/yy h:mm"; E4: "#,##0.00"
	got, err := reconcile.ParseXLSX(bytes.NewReader(data), m)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("XLSX and CSV differ:\n got %+v\nwant %+v", got, want)
	}
	// Spot checks, in case both readers went wrong the same way.
	if len(got) == 6 {
		if got[1].Status != vpos.StatusVoided || got[2].Op != vpos.OpVoid || got[4].Op != vpos.OpRefund ||
			got[1].Amount != 125050 || got[3].Amount != 9990 || got[5].Amount != 30 {
			t.Errorf("unexpected rows %+v", got)
		}
		if ts := got[4].Time.In(vpos.Istanbul()).Format(time.RFC3339); ts != "2026-11-24T23:59:59+03:00" {
			t.Errorf("the date serial read as %s", ts)
		}
	}
}

// The fake bank's portal export, copied cell by cell (as text) into a
// workbook, reads back as the CSV does.
func TestReadXLSXPortalExport(t *testing.T) {
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
	export := np.PortalExport(from, to)
	m, _ := reconcile.Builtin("nestpay")
	want, err := reconcile.ParseCSV(bytes.NewReader(export), m)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(export, []byte("\ufeff"))))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]any
	for _, rec := range recs {
		row := make([]any, len(rec))
		for i, c := range rec {
			row[i] = c
		}
		rows = append(rows, row)
	}
	got, err := reconcile.ParseXLSX(bytes.NewReader(buildXLSX(t, xlsxSheet{name: "Rapor", rows: rows})), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v (5 rows)", got, want)
	}
}

func TestReadXLSXSheet(t *testing.T) {
	m, err := reconcile.ParseMapping([]byte("name: x\nsheet: rapor\ncolumns: {order_id: Order, amount: Amount, time: Time}\ndate_format: '2006-01-02 15:04'\n"))
	if err != nil {
		t.Fatal(err)
	}
	data := buildXLSX(t,
		xlsxSheet{name: "Özet", rows: [][]any{{"Toplam", 12.5}}},
		xlsxSheet{name: "Rapor", rows: [][]any{{"Order", "Amount", "Time"}, {"O1", 12.5, "2026-11-24 10:00"}}})
	got, err := reconcile.ParseXLSX(bytes.NewReader(data), m)
	if err != nil || len(got) != 1 || got[0].OrderID != "O1" || got[0].Amount != 1250 || got[0].Currency != vpos.TRY {
		t.Fatalf("got %+v, %v", got, err)
	}
	m.Sheet = "Yok"
	if _, err := reconcile.ParseXLSX(bytes.NewReader(data), m); err == nil || !strings.Contains(err.Error(), `no sheet "Yok" (have: Özet, Rapor)`) {
		t.Errorf("got %v, want a missing-sheet error", err)
	}
}

func TestReadXLSXErrors(t *testing.T) {
	m, _ := reconcile.Builtin("nestpay")
	header := make([]any, len(nestpayHeader))
	for i, h := range nestpayHeader {
		header[i] = h
	}
	ok := []any{"24.11.2026 10:00:00", "O1", "T1", "Satış", "Onaylandı", "1,00", "TL", 1, "", "", "", "00"}
	bad := []any{"24.11.2026 10:00:00", "O2", "T2", "Satış", "Onaylandı", "abc", "TL", 1, "", "", "", "00"}
	badTime := []any{"2026-11-24", "O3", "T3", "Satış", "Onaylandı", "1,00", "TL", 1, "", "", "", "00"}
	tests := []struct {
		name    string
		data    []byte
		wantErr string
	}{
		{"not a workbook", []byte("İşlem Tarihi;Sipariş No\n24.11.2026;O1\n"), "reconcile: read XLSX: not a readable .xlsx workbook"},
		{"truncated workbook", buildXLSX(t, xlsxSheet{name: "R", rows: [][]any{header, ok}})[:200], "not a readable .xlsx workbook"},
		{"empty sheet", buildXLSX(t, xlsxSheet{name: "R"}), `sheet "R" is empty (no header row)`},
		{"missing column", buildXLSX(t, xlsxSheet{name: "R", rows: [][]any{nil, {"Sipariş No", "Tutar"}, {"O1", "1,00"}}}),
			`sheet "R" row 2 (header): mapping nestpay: column "İşlem No" (transaction_id) is not in the header`},
		{"bad amount names the row", buildXLSX(t, xlsxSheet{name: "R", rows: [][]any{header, ok, nil, bad}}),
			`reconcile: read XLSX: sheet "R" row 4: amount "abc"`},
		{"bad time names the row", buildXLSX(t, xlsxSheet{name: "R", rows: [][]any{header, badTime}}),
			`sheet "R" row 2: time "2026-11-24" does not match "02.01.2006 15:04:05"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := reconcile.ParseXLSX(bytes.NewReader(tc.data), m)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
	if err := reconcile.ReadXLSX(bytes.NewReader(nil), nil, nil); err == nil || !strings.Contains(err.Error(), "no mapping") {
		t.Errorf("nil mapping: got %v", err)
	}
}

func TestReadFile(t *testing.T) {
	m, _ := reconcile.Builtin("nestpay")
	dir := t.TempDir()
	csvData := strings.Join(nestpayHeader, ";") + "\n24.11.2026 10:00:00;O1;T1;Satış;Onaylandı;1.250,50;TL;1;;;;00\n"
	rec := strings.Split(strings.TrimSuffix(strings.Split(csvData, "\n")[1], "\n"), ";")
	row := make([]any, len(rec))
	for i, c := range rec {
		row[i] = c
	}
	header := make([]any, len(nestpayHeader))
	for i, h := range nestpayHeader {
		header[i] = h
	}
	xlsxData := buildXLSX(t, xlsxSheet{name: "R", rows: [][]any{header, row}})
	files := map[string][]byte{"a.csv": []byte(csvData), "a.TXT": []byte(csvData), "a.XLSX": xlsxData, "b.xlsx": xlsxData,
		"csv.xlsx": []byte(csvData), "a.xls": xlsxData, "a.pdf": []byte(csvData)}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var want []vpos.BankTransaction
	for _, name := range []string{"a.csv", "a.TXT", "a.XLSX", "b.xlsx"} {
		var got []vpos.BankTransaction
		err := reconcile.ReadFile(filepath.Join(dir, name), m, func(b vpos.BankTransaction) error { got = append(got, b); return nil })
		if err != nil || len(got) != 1 || got[0].Amount != 125050 {
			t.Fatalf("%s: got %+v, %v", name, got, err)
		}
		if want == nil {
			want = got
		} else if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}
	for name, wantErr := range map[string]string{"csv.xlsx": "csv.xlsx", "a.xls": ".xls (Excel 97-2003) is not supported",
		"a.pdf": `unknown bank file type ".pdf"`, "missing.csv": "no such file"} {
		err := reconcile.ReadFile(filepath.Join(dir, name), m, func(vpos.BankTransaction) error { return nil })
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s: got %v, want an error containing %q", name, err, wantErr)
		}
	}
}
