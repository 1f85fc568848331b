package reconcile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/sanalpos/vpos"
)

// ReadXLSX reads a bank report workbook (.xlsx) with mapping m and hands
// each row to fn, streaming the rows of one worksheet: m.Sheet if set
// (matched ignoring case), else the first sheet. The first non-empty row is
// the header; later empty rows are ignored. Fields are read exactly as for
// ReadCSV (the same header matching, the same Mapping rules); errors name
// the sheet and its 1-based row number, as Excel shows it.
//
// Cells are read as excelize stores them (excelize.Options.RawCellValue),
// not through their number formats, which excelize renders in its own
// en-US style ("1,234.50", "11-24-26 23:59") whatever the bank's locale:
//
//   - Text cells are taken as they are, so text amounts and dates follow
//     the mapping ("1.234,50" with decimal ","; "24.11.2026 23:59:59" with
//     the mapping's date_format), as in a CSV file.
//   - A numeric amount cell comes as a plain number with a decimal point
//     ("1234.5", or "1250.4999999999998" for a computed value). Such a
//     value is rounded to 15 significant digits, as Excel displays it, and
//     read whatever the mapping's decimal separator. One case is ambiguous:
//     with decimal "," and thousands ".", a value such as "1.234" (digits
//     grouped by three) is read per the mapping, that is 1234, as the text
//     cell it most likely is; a numeric cell would hold a three-decimal
//     amount, which no supported currency has.
//   - A time cell that does not match the mapping's date_format but is a
//     number is an Excel date serial (days since 1899-12-30, or since
//     1904-01-01 in a workbook using the 1904 date system; the fraction is
//     the time of day, rounded to the second). Excel serials carry no time
//     zone: the serial's wall-clock time is taken in the mapping's zone
//     (default Europe/Istanbul), then formatted with date_format, so a
//     date_format without seconds drops them, as it would in a CSV file.
//
// The workbook is a zip archive, so r is read to its end first (excelize
// keeps it in memory; worksheets over excelize's unzip size limit are
// unpacked to a temporary file, removed before ReadXLSX returns), then the
// rows stream through excelize's Rows iterator.
func ReadXLSX(r io.Reader, m *Mapping, fn func(vpos.BankTransaction) error) (err error) {
	if m == nil {
		return errors.New("reconcile: read XLSX: no mapping")
	}
	if m.loc == nil {
		if err := m.check(); err != nil {
			return err
		}
	}
	f, err := excelize.OpenReader(r)
	if err != nil {
		return fmt.Errorf("reconcile: read XLSX: not a readable .xlsx workbook: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("reconcile: read XLSX: %w", cerr)
		}
	}()
	sheet, err := pickSheet(f.GetSheetList(), m.Sheet)
	if err != nil {
		return err
	}
	props, err := f.GetWorkbookProps()
	if err != nil {
		return fmt.Errorf("reconcile: read XLSX: %w", err)
	}
	date1904 := props.Date1904 != nil && *props.Date1904
	fix := func(field, v string) string {
		switch field {
		case "amount":
			return m.xlsxAmount(v)
		case "time":
			return m.xlsxTime(v, date1904)
		}
		return v
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("reconcile: read XLSX: sheet %q: %w", sheet, err)
	}
	defer func() { _ = rows.Close() }()
	var idx map[string]int
	// Rows.Next steps through every row number, gaps included (as empty
	// rows), so counting calls gives the sheet's row number.
	for n := 1; rows.Next(); n++ {
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Errorf("reconcile: read XLSX: sheet %q row %d: %w", sheet, n, err)
		}
		if blank(rec) {
			continue
		}
		if idx == nil {
			if idx, err = m.header(rec); err != nil {
				return fmt.Errorf("reconcile: read XLSX: sheet %q row %d (header): %w", sheet, n, err)
			}
			continue
		}
		b, err := m.record(idx, rec, fix)
		if err != nil {
			return fmt.Errorf("reconcile: read XLSX: sheet %q row %d: %w", sheet, n, err)
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return fmt.Errorf("reconcile: read XLSX: sheet %q: %w", sheet, err)
	}
	if idx == nil {
		return fmt.Errorf("reconcile: read XLSX: sheet %q is empty (no header row)", sheet)
	}
	return nil
}

// ParseXLSX reads a whole bank report workbook (ReadXLSX) into a slice.
func ParseXLSX(r io.Reader, m *Mapping) ([]vpos.BankTransaction, error) {
	var out []vpos.BankTransaction
	err := ReadXLSX(r, m, func(b vpos.BankTransaction) error { out = append(out, b); return nil })
	return out, err
}

// ReadFile reads the bank report file at path with mapping m, choosing the
// reader by the file name's extension (ignoring case): ReadCSV for .csv
// and .txt, ReadXLSX for .xlsx. Other extensions, including the old binary
// .xls, are errors.
func ReadFile(path string, m *Mapping, fn func(vpos.BankTransaction) error) error {
	var read func(io.Reader, *Mapping, func(vpos.BankTransaction) error) error
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv", ".txt":
		read = ReadCSV
	case ".xlsx":
		read = ReadXLSX
	case ".xls":
		return fmt.Errorf("reconcile: %s: .xls (Excel 97-2003) is not supported: save it as .xlsx or .csv", path)
	default:
		return fmt.Errorf("reconcile: %s: unknown bank file type %q (want .csv, .txt or .xlsx)", path, ext)
	}
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	defer file.Close()
	if err := read(file, m, fn); err != nil {
		return fmt.Errorf("%w (file %s)", err, path)
	}
	return nil
}

// pickSheet returns the sheet named want (ignoring case), or the first.
func pickSheet(sheets []string, want string) (string, error) {
	if len(sheets) == 0 {
		return "", errors.New("reconcile: read XLSX: the workbook has no sheets")
	}
	if want == "" {
		return sheets[0], nil
	}
	for _, s := range sheets {
		if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(want)) {
			return s, nil
		}
	}
	return "", fmt.Errorf("reconcile: read XLSX: no sheet %q (have: %s)", want, strings.Join(sheets, ", "))
}

// blank reports whether a row has no non-space cell.
func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

var (
	// plainNumber is how a numeric cell's stored value looks.
	plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)
	// dotGrouped is an integer grouped by three with ".", as in "1.234".
	dotGrouped = regexp.MustCompile(`^-?[0-9]{1,3}(\.[0-9]{3})+$`)
)

// xlsxAmount rewrites a numeric cell's amount into the mapping's notation
// (see ReadXLSX); other values are returned unchanged.
func (m *Mapping) xlsxAmount(v string) string {
	if !plainNumber.MatchString(v) || m.Decimal == "," && m.Thousands == "." && dotGrouped.MatchString(v) {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	f, _ = strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if m.Decimal == "," {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// xlsxTime rewrites an Excel date serial into the mapping's date format
// (see ReadXLSX); other values are returned unchanged.
func (m *Mapping) xlsxTime(v string, date1904 bool) string {
	if _, err := time.ParseInLocation(m.DateFormat, v, m.loc); err == nil || !plainNumber.MatchString(v) {
		return v
	}
	serial, err := strconv.ParseFloat(v, 64)
	if err != nil || serial <= 0 {
		return v
	}
	t, err := excelize.ExcelDateToTime(serial, date1904)
	if err != nil {
		return v
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, m.loc).Format(m.DateFormat)
}
