package reconcile

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/sanalpos/vpos"
)

//go:embed mappings/*.yaml
var builtinFS embed.FS

// Mapping describes a bank's report file: how to read its columns into
// vpos.BankTransaction fields. It is written in YAML (see the embedded
// mappings/*.yaml for examples).
type Mapping struct {
	// Name of the format.
	Name string `yaml:"name"`
	// Delimiter is the field separator (default ",").
	Delimiter string `yaml:"delimiter"`
	// Decimal is the decimal separator of amounts ("." or ","; default
	// "."); Thousands, if set, is removed from amounts before parsing.
	Decimal   string `yaml:"decimal"`
	Thousands string `yaml:"thousands"`
	// MinorUnits: amounts are integers in minor units (kuruş), not
	// decimals.
	MinorUnits bool `yaml:"minor_units"`
	// DateFormat is a Go time layout (default RFC 3339); Zone the time
	// zone of times without an offset (default Europe/Istanbul).
	DateFormat string `yaml:"date_format"`
	Zone       string `yaml:"zone"`
	// Columns maps field names to header names. Fields: order_id,
	// transaction_id, op, status, amount, currency, installments,
	// auth_code, rrn, masked_pan, bank_code, time. order_id, amount and
	// time are required.
	Columns map[string]string `yaml:"columns"`
	// StatusValues, OpValues and CurrencyValues map the file's words to
	// vpos values (case and surrounding space ignored). Values already
	// spelt as vpos values need no entry; an empty status means approved.
	StatusValues   map[string]string `yaml:"status_values"`
	OpValues       map[string]string `yaml:"op_values"`
	CurrencyValues map[string]string `yaml:"currency_values"`
	// DefaultCurrency is used when there is no currency column or it is
	// empty (default TRY).
	DefaultCurrency string `yaml:"default_currency"`
	// Sheet names the worksheet ReadXLSX reads (default: the first
	// sheet). CSV files ignore it.
	Sheet string `yaml:"sheet"`

	loc *time.Location
}

// fields are the column names a Mapping knows.
var fields = []string{"order_id", "transaction_id", "op", "status", "amount", "currency", "installments",
	"auth_code", "rrn", "masked_pan", "bank_code", "time"}

// Builtin returns an embedded mapping: "generic" or "nestpay".
func Builtin(name string) (*Mapping, error) {
	data, err := builtinFS.ReadFile("mappings/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("reconcile: no built-in mapping %q (have: %s)", name, strings.Join(BuiltinNames(), ", "))
	}
	return ParseMapping(data)
}

// BuiltinNames lists the embedded mappings.
func BuiltinNames() []string {
	ents, _ := builtinFS.ReadDir("mappings")
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return out
}

// LoadMapping returns the built-in mapping name, or reads a YAML file
// when name ends in .yaml or .yml.
func LoadMapping(name string) (*Mapping, error) {
	if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
		return Builtin(name)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reconcile: mapping: %w", err)
	}
	return ParseMapping(data)
}

// ParseMapping decodes and checks a YAML mapping (unknown keys are errors).
func ParseMapping(data []byte) (*Mapping, error) {
	var m Mapping
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("reconcile: mapping: %w", err)
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	return &m, nil
}

func (m *Mapping) check() error {
	var probs []string
	if m.Delimiter == "" {
		m.Delimiter = ","
	}
	if len([]rune(m.Delimiter)) != 1 {
		probs = append(probs, fmt.Sprintf("delimiter %q is not one character", m.Delimiter))
	}
	if m.Decimal == "" {
		m.Decimal = "."
	}
	if m.Decimal != "." && m.Decimal != "," {
		probs = append(probs, fmt.Sprintf("decimal %q: want \".\" or \",\"", m.Decimal))
	}
	if m.DateFormat == "" {
		m.DateFormat = time.RFC3339
	}
	m.loc = vpos.Istanbul()
	if m.Zone != "" && m.Zone != "Europe/Istanbul" {
		loc, err := time.LoadLocation(m.Zone)
		if err != nil {
			probs = append(probs, fmt.Sprintf("zone %q: %v", m.Zone, err))
		} else {
			m.loc = loc
		}
	}
	for k := range m.Columns {
		if !slices.Contains(fields, k) {
			probs = append(probs, fmt.Sprintf("columns: unknown field %q (fields: %s)", k, strings.Join(fields, ", ")))
		}
	}
	for _, k := range []string{"order_id", "amount", "time"} {
		if m.Columns[k] == "" {
			probs = append(probs, "columns: "+k+" is required")
		}
	}
	for k, v := range m.StatusValues {
		if !slices.Contains([]vpos.TxStatus{vpos.StatusApproved, vpos.StatusDeclined, vpos.StatusVoided, vpos.StatusRefunded,
			vpos.StatusPartiallyRefunded, vpos.StatusError, vpos.StatusUnknown, vpos.StatusPending3D}, vpos.TxStatus(v)) {
			probs = append(probs, fmt.Sprintf("status_values: %q maps to unknown status %q", k, v))
		}
	}
	for k, v := range m.OpValues {
		if !relevant(vpos.Op(v)) {
			probs = append(probs, fmt.Sprintf("op_values: %q maps to unknown operation %q", k, v))
		}
	}
	for k, v := range m.CurrencyValues {
		if !vpos.Currency(v).Valid() {
			probs = append(probs, fmt.Sprintf("currency_values: %q maps to unknown currency %q", k, v))
		}
	}
	if m.DefaultCurrency == "" {
		m.DefaultCurrency = string(vpos.TRY)
	}
	if !vpos.Currency(m.DefaultCurrency).Valid() {
		probs = append(probs, fmt.Sprintf("default_currency %q is not a known currency", m.DefaultCurrency))
	}
	if len(probs) > 0 {
		slices.Sort(probs)
		return fmt.Errorf("reconcile: mapping %s: %s", m.Name, strings.Join(probs, "; "))
	}
	return nil
}

// lookup finds s in values ignoring case and surrounding space.
func lookup(values map[string]string, s string) (string, bool) {
	s = strings.TrimSpace(s)
	for k, v := range values {
		if strings.EqualFold(strings.TrimSpace(k), s) {
			return v, true
		}
	}
	return "", false
}

// ReadCSV reads a bank report file with mapping m and hands each row to
// fn, streaming. Errors name the line. A UTF-8 byte order mark is skipped;
// empty lines are ignored.
func ReadCSV(r io.Reader, m *Mapping, fn func(vpos.BankTransaction) error) error {
	if m == nil {
		return errors.New("reconcile: read CSV: no mapping")
	}
	if m.loc == nil {
		if err := m.check(); err != nil {
			return err
		}
	}
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = []rune(m.Delimiter)[0]
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("reconcile: read CSV header: %w", err)
	}
	idx, err := m.header(head)
	if err != nil {
		return fmt.Errorf("reconcile: read CSV: %w", err)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return fmt.Errorf("reconcile: read CSV: %w", err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		b, err := m.record(idx, rec, nil)
		if err != nil {
			return fmt.Errorf("reconcile: read CSV: line %d: %w", line, err)
		}
		if err := fn(b); err != nil {
			return err
		}
	}
}

// ParseCSV reads a whole bank report file (ReadCSV) into a slice.
func ParseCSV(r io.Reader, m *Mapping) ([]vpos.BankTransaction, error) {
	var out []vpos.BankTransaction
	err := ReadCSV(r, m, func(b vpos.BankTransaction) error { out = append(out, b); return nil })
	return out, err
}

// header maps each field of m.Columns to its index in a header record
// (names compared ignoring case and surrounding space). A missing column
// is reported in the order of fields, so the error is deterministic.
func (m *Mapping) header(head []string) (map[string]int, error) {
	idx := make(map[string]int, len(m.Columns))
	for _, f := range fields {
		name, ok := m.Columns[f]
		if !ok {
			continue
		}
		i := slices.IndexFunc(head, func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) })
		if i < 0 {
			return nil, fmt.Errorf("mapping %s: column %q (%s) is not in the header", m.Name, name, f)
		}
		idx[f] = i
	}
	return idx, nil
}

// record builds a BankTransaction from one record, idx from header. fix,
// if not nil, rewrites a field's trimmed value before row parses it (the
// XLSX reader uses it for numeric cells).
func (m *Mapping) record(idx map[string]int, rec []string, fix func(field, v string) string) (vpos.BankTransaction, error) {
	return m.row(func(f string) string {
		i, ok := idx[f]
		if !ok || i >= len(rec) {
			return ""
		}
		v := strings.TrimSpace(rec[i])
		if fix != nil {
			v = fix(f, v)
		}
		return v
	})
}

// row builds a BankTransaction from one record's fields.
func (m *Mapping) row(get func(string) string) (vpos.BankTransaction, error) {
	b := vpos.BankTransaction{OrderID: get("order_id"), TransactionID: get("transaction_id"), AuthCode: get("auth_code"),
		RRN: get("rrn"), MaskedPAN: vpos.MaskPAN(get("masked_pan")), BankCode: get("bank_code")}
	if b.OrderID == "" {
		return b, errors.New("order id is empty")
	}
	cur := get("currency")
	switch {
	case cur == "":
		b.Currency = vpos.Currency(m.DefaultCurrency)
	default:
		if v, ok := lookup(m.CurrencyValues, cur); ok {
			b.Currency = vpos.Currency(v)
		} else if n, err := strconv.Atoi(cur); err == nil {
			c, ok := vpos.CurrencyByNumeric(n)
			if !ok {
				return b, fmt.Errorf("unknown currency %q", cur)
			}
			b.Currency = c
		} else {
			c, err := vpos.ParseCurrency(cur)
			if err != nil {
				return b, fmt.Errorf("unknown currency %q", cur)
			}
			b.Currency = c
		}
	}
	amt := get("amount")
	if m.Thousands != "" {
		amt = strings.ReplaceAll(amt, m.Thousands, "")
	}
	if m.MinorUnits {
		n, err := strconv.ParseInt(amt, 10, 64)
		if err != nil || n < 0 {
			return b, fmt.Errorf("amount %q is not a whole number of minor units", get("amount"))
		}
		b.Amount = vpos.Amount(n)
	} else {
		if m.Decimal == "." && strings.Contains(amt, ",") || m.Decimal == "," && strings.Contains(amt, ".") {
			return b, fmt.Errorf("amount %q: the decimal separator is %q", get("amount"), m.Decimal)
		}
		a, err := vpos.ParseAmount(amt, b.Currency)
		if err != nil {
			return b, fmt.Errorf("amount %q: %w", get("amount"), err)
		}
		b.Amount = a
	}
	t, err := time.ParseInLocation(m.DateFormat, get("time"), m.loc)
	if err != nil {
		return b, fmt.Errorf("time %q does not match %q", get("time"), m.DateFormat)
	}
	b.Time = t
	op := get("op")
	switch v, ok := lookup(m.OpValues, op); {
	case ok:
		b.Op = vpos.Op(v)
	case op == "":
		b.Op = vpos.OpSale
	case relevant(vpos.Op(strings.ToLower(op))):
		b.Op = vpos.Op(strings.ToLower(op))
	default:
		return b, fmt.Errorf("unknown operation %q (add it to op_values)", op)
	}
	st := get("status")
	switch v, ok := lookup(m.StatusValues, st); {
	case ok:
		b.Status = vpos.TxStatus(v)
	case st == "":
		b.Status = vpos.StatusApproved
	default:
		s := vpos.TxStatus(strings.ToLower(st))
		if classOf(s) == classFailed && s != vpos.StatusDeclined && s != vpos.StatusError {
			return b, fmt.Errorf("unknown status %q (add it to status_values)", st)
		}
		b.Status = s
	}
	if n := get("installments"); n != "" {
		k, err := strconv.Atoi(n)
		if err != nil {
			return b, fmt.Errorf("installments %q is not a number", n)
		}
		b.Installments = k
	}
	return b, nil
}

// GenericHeader is the header of the generic format (WriteGenericCSV,
// `vpos tx export`; read back with Builtin("generic")).
var GenericHeader = []string{"id", "company", "pos", "bank", "op", "seq", "order_id", "bank_transaction_id", "auth_code", "rrn",
	"amount", "currency", "installments", "refunded_amount", "status", "return", "bank_code", "masked_pan", "source", "created_at"}

// GenericWriter writes transactions in the generic format.
type GenericWriter struct {
	cw     *csv.Writer
	header bool
}

// NewGenericWriter returns a GenericWriter on w.
func NewGenericWriter(w io.Writer) *GenericWriter { return &GenericWriter{cw: csv.NewWriter(w)} }

// Write writes one transaction (the header first, once). The card number
// is written masked only.
func (g *GenericWriter) Write(t *vpos.Transaction) error {
	if !g.header {
		g.header = true
		if err := g.cw.Write(GenericHeader); err != nil {
			return fmt.Errorf("reconcile: write CSV: %w", err)
		}
	}
	row := []string{t.ID, t.Company, t.POS, t.Bank, string(t.Op), itoa(t.Seq), t.OrderID, t.BankTransactionID, t.AuthCode, t.RRN,
		t.Amount.Decimal(t.Currency), string(t.Currency), itoa(t.Installments), t.RefundedAmount.Decimal(t.Currency),
		string(t.Status), string(t.Return), t.BankCode, vpos.MaskPAN(t.MaskedPAN), string(t.Source), fmtTime(t.CreatedAt)}
	if err := g.cw.Write(row); err != nil {
		return fmt.Errorf("reconcile: write CSV: %w", err)
	}
	return nil
}

// Flush writes the header if nothing was written, and flushes.
func (g *GenericWriter) Flush() error {
	if !g.header {
		g.header = true
		_ = g.cw.Write(GenericHeader)
	}
	g.cw.Flush()
	if err := g.cw.Error(); err != nil {
		return fmt.Errorf("reconcile: write CSV: %w", err)
	}
	return nil
}
