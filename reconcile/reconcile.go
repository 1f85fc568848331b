package reconcile

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// Category is the outcome of one item of a Report.
type Category string

// The categories, in report order.
const (
	Matched          Category = "matched"
	MissingAtBank    Category = "missing_at_bank"
	MissingLocally   Category = "missing_locally"
	AmountMismatch   Category = "amount_mismatch"
	CurrencyMismatch Category = "currency_mismatch"
	StatusMismatch   Category = "status_mismatch"
	DuplicateLocal   Category = "duplicate_local"
	DuplicateBank    Category = "duplicate_bank"
)

// Categories lists every category in report order.
var Categories = []Category{Matched, MissingAtBank, MissingLocally, AmountMismatch, CurrencyMismatch, StatusMismatch, DuplicateLocal, DuplicateBank}

// rank is the position of c in Categories.
func (c Category) rank() int { return slices.Index(Categories, c) }

// Key names the key a local record and a bank row were paired by.
type Key string

// The keys, in the order they are tried.
const (
	KeyTransactionID Key = "transaction_id"
	KeyOrderOp       Key = "order_op"
	KeyRRN           Key = "rrn"
	KeyAuthCode      Key = "auth_code"
	// KeyStatusQuery: the bank's report did not list the order, and a status
	// inquiry (Options.Checker) found it.
	KeyStatusQuery Key = "status_query"
)

// Local is the part of a stored vpos.Transaction that reconciliation
// reads.
type Local struct {
	ID                string
	OrderID           string
	Op                vpos.Op
	Seq               int
	BankTransactionID string
	AuthCode          string
	RRN               string
	Amount            vpos.Amount
	RefundedAmount    vpos.Amount
	Currency          vpos.Currency
	Installments      int
	Status            vpos.TxStatus
	MaskedPAN         string
	Source            vpos.Source
	// Time is when the record was created.
	Time time.Time
}

// LocalOf returns the Local of t.
func LocalOf(t *vpos.Transaction) Local {
	return Local{ID: t.ID, OrderID: t.OrderID, Op: t.Op, Seq: t.Seq, BankTransactionID: t.BankTransactionID,
		AuthCode: t.AuthCode, RRN: t.RRN, Amount: t.Amount, RefundedAmount: t.RefundedAmount, Currency: t.Currency,
		Installments: t.Installments, Status: t.Status, MaskedPAN: t.MaskedPAN, Source: t.Source, Time: t.CreatedAt}
}

// Item is one line of a Report: a pair (Local and Bank set), or a row of
// one side only.
type Item struct {
	Category Category
	// Key is the key the pair matched by ("" for a row of one side).
	Key   Key
	Local *Local
	Bank  *vpos.BankTransaction
	// Detail says what differs, in a short text.
	Detail string
}

// OrderID returns the order id of the item (the local one when both are
// set).
func (it *Item) OrderID() string {
	if it.Local != nil {
		return it.Local.OrderID
	}
	if it.Bank != nil {
		return it.Bank.OrderID
	}
	return ""
}

// Op returns the operation of the item.
func (it *Item) Op() vpos.Op {
	if it.Local != nil {
		return it.Local.Op
	}
	if it.Bank != nil {
		return it.Bank.Op
	}
	return ""
}

// Time returns the bank's time of the item, else the local one.
func (it *Item) Time() time.Time {
	if it.Bank != nil {
		return it.Bank.Time
	}
	if it.Local != nil {
		return it.Local.Time
	}
	return time.Time{}
}

// Currency returns the currency of the item (the local one when both are
// set).
func (it *Item) Currency() vpos.Currency {
	if it.Local != nil && it.Local.Currency != "" {
		return it.Local.Currency
	}
	if it.Bank != nil {
		return it.Bank.Currency
	}
	return ""
}

// Total is the count and the amounts of one category in one currency.
type Total struct {
	Category Category
	Currency vpos.Currency
	Count    int
	// Local and Bank are the sums of the items' amounts on each side.
	Local vpos.Amount
	Bank  vpos.Amount
}

// Report is the outcome of a reconciliation.
type Report struct {
	// Company, POS and Bank the report is about (from Options).
	Company, POS, Bank string
	// From and To are the period (zero: all the input).
	From, To time.Time
	// Items are the discrepancies, and the matched pairs when
	// Options.KeepMatched is set, in a deterministic order.
	Items []Item
	// Counts per category (matched pairs counted even when not kept).
	Counts map[Category]int
	// Totals per category and currency, in category then currency order.
	Totals []Total
	// Skipped counts unpaired declined, failed, pending and unknown rows,
	// which are not discrepancies.
	Skipped int
	// LocalRows and BankRows count the rows read within the window
	// (period plus tolerance).
	LocalRows, BankRows int
}

// Discrepancies returns the number of items that are not matched.
func (r *Report) Discrepancies() int {
	n := 0
	for c, k := range r.Counts {
		if c != Matched {
			n += k
		}
	}
	return n
}

// Checker asks the bank about one local record the bank's report does not
// list. It answers like vpos.Client.Status: a *vpos.Error with Code
// NotFound when the bank does not know the order.
type Checker func(ctx context.Context, l *Local) (*vpos.Result, error)

// StatusChecker returns a Checker that asks c (Client.Status).
func StatusChecker(c *vpos.Client) Checker {
	return func(ctx context.Context, l *Local) (*vpos.Result, error) {
		return c.Status(ctx, &vpos.StatusRequest{OrderID: l.OrderID, Currency: l.Currency, BankTransactionID: l.BankTransactionID})
	}
}

// Options configures a Matcher.
type Options struct {
	// Company, POS and Bank name the POS (copied into the Report; Apply
	// uses them for the records it enters).
	Company, POS, Bank string
	// From (inclusive) and To (exclusive) bound the period; zero values
	// take all the input.
	From, To time.Time
	// Tolerance widens the window rows are read in beyond both ends of the
	// period, for payments near midnight (default 0; the CLI uses 10m).
	Tolerance time.Duration
	// KeepMatched keeps the matched pairs in Report.Items (they are
	// counted either way).
	KeepMatched bool
	// SizeHint is the expected number of bank rows (0: unknown); it
	// saves rehashing on large inputs.
	SizeHint int
	// Checker, when set, settles local charges (sale, pre-auth, capture)
	// the bank's rows do not list: for protocols without a date-range
	// report, whose rows come from a file.
	Checker Checker
}

// Row states of the bank side.
const (
	free uint8 = iota
	paired
	dupRow
)

// Matcher reconciles a stream of rows. Add every bank row first, then the
// local records; then call Finish once. A Matcher is not safe for
// concurrent use.
type Matcher struct {
	o        Options
	bank     rows
	state    []uint8
	byID     map[string]int32
	sealed   bool
	finished bool

	leftLocal []Local
	items     []Item
	deferred  []deferredItem
	totals    map[totalKey]*Total
	rep       *Report
}

// chunkBits sets the size of the chunks bank rows are kept in: appending
// never copies the rows already read.
const chunkBits = 14

// rows keeps bank rows in fixed-size chunks.
type rows struct {
	chunks [][]vpos.BankTransaction
	n      int
}

func (r *rows) add(b vpos.BankTransaction) int32 {
	if r.n>>chunkBits == len(r.chunks) {
		r.chunks = append(r.chunks, make([]vpos.BankTransaction, 0, 1<<chunkBits))
	}
	c := &r.chunks[len(r.chunks)-1]
	*c = append(*c, b)
	r.n++
	return int32(r.n - 1)
}

func (r *rows) at(i int32) *vpos.BankTransaction {
	return &r.chunks[i>>chunkBits][i&(1<<chunkBits-1)]
}

type deferredItem struct {
	item Item
	// kind is the operation whose missing row would explain the difference
	// (void or refund).
	kind vpos.Op
}

type totalKey struct {
	c   Category
	cur vpos.Currency
}

// New returns a Matcher.
func New(o Options) *Matcher {
	return &Matcher{o: o, byID: make(map[string]int32, o.SizeHint), state: make([]uint8, 0, o.SizeHint), totals: map[totalKey]*Total{},
		rep: &Report{Company: o.Company, POS: o.POS, Bank: o.Bank, From: o.From, To: o.To, Counts: map[Category]int{}}}
}

// ErrOrder is returned by AddBank after the first AddLocal.
var ErrOrder = errors.New("reconcile: bank rows must be added before local records")

// inWindow reports whether t is within the period widened by the
// tolerance.
func (m *Matcher) inWindow(t time.Time) bool {
	if !m.o.From.IsZero() && t.Before(m.o.From.Add(-m.o.Tolerance)) {
		return false
	}
	if !m.o.To.IsZero() && !t.Before(m.o.To.Add(m.o.Tolerance)) {
		return false
	}
	return true
}

// inPeriod reports whether t is within the period.
func (m *Matcher) inPeriod(t time.Time) bool {
	return (m.o.From.IsZero() || !t.Before(m.o.From)) && (m.o.To.IsZero() || t.Before(m.o.To))
}

// AddBank adds one bank row. Rows outside the window are ignored. A
// second row with a transaction id already seen is a duplicate. A void row
// whose status says "voided" (as some banks' reports put it) is read as an
// approved void.
func (m *Matcher) AddBank(b vpos.BankTransaction) error {
	if m.sealed {
		return ErrOrder
	}
	if b.Op == vpos.OpVoid && b.Status == vpos.StatusVoided {
		b.Status = vpos.StatusApproved
	}
	if !m.inWindow(b.Time) {
		return nil
	}
	m.rep.BankRows++
	i := m.bank.add(b)
	m.state = append(m.state, free)
	if b.TransactionID == "" {
		return nil
	}
	if first, ok := m.byID[b.TransactionID]; ok {
		m.state[i] = dupRow
		if m.inPeriod(b.Time) {
			f := *m.bank.at(first)
			m.emit(Item{Category: DuplicateBank, Key: KeyTransactionID, Bank: m.bank.at(i),
				Detail: fmt.Sprintf("the bank lists transaction %s twice (first: %s %s)", b.TransactionID, f.Op, f.OrderID)})
		}
		return nil
	}
	m.byID[b.TransactionID] = i
	return nil
}

// AddLocal adds one local record; records outside the window are ignored.
// Records paired by their bank transaction id are settled at once and, unless
// Options.KeepMatched, not kept.
func (m *Matcher) AddLocal(l Local) {
	m.sealed = true
	if !relevant(l.Op) || !m.inWindow(l.Time) {
		return
	}
	m.rep.LocalRows++
	if l.BankTransactionID != "" {
		if j, ok := m.byID[l.BankTransactionID]; ok {
			if m.state[j] == paired {
				if m.inPeriod(l.Time) {
					lc := l
					m.emit(Item{Category: DuplicateLocal, Key: KeyTransactionID, Local: &lc, Bank: m.bank.at(j),
						Detail: "another local record carries the same bank transaction id " + l.BankTransactionID})
				}
				return
			}
			m.pair(l, j, KeyTransactionID)
			return
		}
	}
	m.leftLocal = append(m.leftLocal, l)
}

// SetChecker sets Options.Checker: for callers that learn whether the
// bank's rows need per-order checks only after reading them.
func (m *Matcher) SetChecker(c Checker) { m.o.Checker = c }

// AddTransaction adds a stored transaction (AddLocal of LocalOf(t)).
func (m *Matcher) AddTransaction(t *vpos.Transaction) { m.AddLocal(LocalOf(t)) }

// relevant reports whether records of op take part (not status, history,
// 3d_begin queries).
func relevant(op vpos.Op) bool {
	switch op {
	case vpos.OpSale, vpos.OpPreAuth, vpos.OpCapture, vpos.OpVoid, vpos.OpRefund:
		return true
	}
	return false
}

// class is the coarse state compared between the sides.
type class uint8

const (
	classFailed class = iota
	classPending
	classVoided
	classLive
)

func classOf(s vpos.TxStatus) class {
	switch s {
	case vpos.StatusApproved, vpos.StatusRefunded, vpos.StatusPartiallyRefunded:
		return classLive
	case vpos.StatusVoided:
		return classVoided
	case vpos.StatusPending3D, vpos.StatusUnknown:
		return classPending
	}
	return classFailed
}

func isCharge(op vpos.Op) bool {
	return op == vpos.OpSale || op == vpos.OpPreAuth || op == vpos.OpCapture
}

// booked reports whether a row in status s is one where money moved (or
// was held) at some point: only those are discrepancies when unpaired.
func booked(s vpos.TxStatus) bool { c := classOf(s); return c == classLive || c == classVoided }

// pair settles local l against bank row j.
func (m *Matcher) pair(l Local, j int32, key Key) {
	m.state[j] = paired
	b := m.bank.at(j)
	if !m.inPeriod(b.Time) {
		return
	}
	it := Item{Category: Matched, Key: key, Bank: b}
	var kind vpos.Op
	switch {
	case l.Currency != b.Currency && b.Currency != "":
		it.Category = CurrencyMismatch
		it.Detail = fmt.Sprintf("local %s %s, bank %s %s", l.Amount.Decimal(l.Currency), l.Currency, b.Amount.Decimal(b.Currency), b.Currency)
	case l.Amount != b.Amount && l.Op == vpos.OpRefund:
		it.Category = StatusMismatch
		it.Detail = fmt.Sprintf("refunded amounts differ: local %s, bank %s %s", l.Amount.Decimal(l.Currency), b.Amount.Decimal(b.Currency), b.Currency)
	case l.Amount != b.Amount:
		it.Category = AmountMismatch
		it.Detail = fmt.Sprintf("local %s, bank %s %s", l.Amount.Decimal(l.Currency), b.Amount.Decimal(b.Currency), b.Currency)
	default:
		lc, bc := classOf(l.Status), classOf(b.Status)
		switch {
		case lc != bc:
			it.Category = StatusMismatch
			it.Detail = fmt.Sprintf("local %s, bank %s", l.Status, b.Status)
			if isCharge(l.Op) && (lc == classVoided && bc == classLive || lc == classLive && bc == classVoided) {
				kind = vpos.OpVoid
			}
		case lc == classLive && (b.Status == vpos.StatusRefunded || b.Status == vpos.StatusPartiallyRefunded) && l.Status != b.Status:
			it.Category = StatusMismatch
			it.Detail = fmt.Sprintf("refund state differs: local %s (refunded %s), bank %s", l.Status, l.RefundedAmount.Decimal(l.Currency), b.Status)
			kind = vpos.OpRefund
		}
	}
	if it.Category == Matched && !m.o.KeepMatched {
		m.count(Matched, l.Currency, l.Amount, b.Amount)
		return
	}
	lc := l
	it.Local = &lc
	if kind != "" {
		m.deferred = append(m.deferred, deferredItem{item: it, kind: kind})
		return
	}
	m.emit(it)
}

// emit records an item: counted and totalled always, kept unless it is a
// matched pair and KeepMatched is off.
func (m *Matcher) emit(it Item) {
	var la, ba vpos.Amount
	if it.Local != nil {
		la = it.Local.Amount
	}
	if it.Bank != nil {
		ba = it.Bank.Amount
	}
	m.count(it.Category, it.Currency(), la, ba)
	if it.Category != Matched || m.o.KeepMatched {
		m.items = append(m.items, it)
	}
}

// count adds one item to the counts and totals.
func (m *Matcher) count(c Category, cur vpos.Currency, local, bank vpos.Amount) {
	m.rep.Counts[c]++
	k := totalKey{c, cur}
	t := m.totals[k]
	if t == nil {
		t = &Total{Category: c, Currency: cur}
		m.totals[k] = t
	}
	t.Count++
	t.Local += local
	t.Bank += bank
}

type orderOp struct {
	order string
	op    vpos.Op
}

// Finish pairs what the bank transaction ids did not, classifies the rest,
// runs the Checker and returns the Report. It is called once.
func (m *Matcher) Finish(ctx context.Context) (*Report, error) {
	if m.finished {
		return nil, errors.New("reconcile: Finish called twice")
	}
	m.finished = true
	m.sealed = true
	left := m.leftLocal
	m.leftLocal = nil
	// Free bank rows, for the secondary keys.
	var freeRows []int32
	for j, s := range m.state {
		if s == free {
			freeRows = append(freeRows, int32(j))
		}
	}
	// 2. Order id + operation.
	byOO := map[orderOp][]int32{}
	for _, j := range freeRows {
		b := m.bank.at(j)
		if b.OrderID != "" {
			k := orderOp{b.OrderID, b.Op}
			byOO[k] = append(byOO[k], j)
		}
	}
	left = m.secondary(left, func(l *Local) []int32 { return byOO[orderOp{l.OrderID, l.Op}] }, KeyOrderOp)
	// 3. RRN, 4. auth code with amount and currency.
	byRRN := map[string][]int32{}
	byAuth := map[string][]int32{}
	authKey := func(code string, a vpos.Amount, c vpos.Currency) string {
		return code + "\x00" + a.String() + "\x00" + string(c)
	}
	for _, j := range freeRows {
		if b := m.bank.at(j); m.state[j] == free {
			if b.RRN != "" {
				byRRN[b.RRN] = append(byRRN[b.RRN], j)
			}
			if b.AuthCode != "" {
				k := authKey(b.AuthCode, b.Amount, b.Currency)
				byAuth[k] = append(byAuth[k], j)
			}
		}
	}
	left = m.secondary(left, func(l *Local) []int32 {
		if l.RRN == "" {
			return nil
		}
		return byRRN[l.RRN]
	}, KeyRRN)
	left = m.secondary(left, func(l *Local) []int32 {
		if l.AuthCode == "" {
			return nil
		}
		return byAuth[authKey(l.AuthCode, l.Amount, l.Currency)]
	}, KeyAuthCode)

	// Duplicates: a second booked sale, pre-auth, capture or void of an
	// order whose first one is paired (or, among unpaired rows, seen first).
	pairedOO := map[orderOp]bool{}
	leftBankOO := map[orderOp]bool{}
	for _, j := range freeRows {
		if b := m.bank.at(j); m.state[j] == free && b.Op != vpos.OpRefund && booked(b.Status) {
			leftBankOO[orderOp{b.OrderID, b.Op}] = true
		}
	}
	leftLocalOO := map[orderOp]bool{}
	for i := range left {
		if l := &left[i]; l.Op != vpos.OpRefund && booked(l.Status) {
			leftLocalOO[orderOp{l.OrderID, l.Op}] = true
		}
	}
	if len(leftBankOO)+len(leftLocalOO) > 0 {
		for j, s := range m.state {
			if s == paired {
				b := m.bank.at(int32(j))
				if booked(b.Status) {
					k := orderOp{b.OrderID, b.Op}
					if leftBankOO[k] || leftLocalOO[k] {
						pairedOO[k] = true
					}
				}
			}
		}
	}
	// Explanations for deferred status differences.
	missingOps := map[orderOp]bool{}
	seen := map[orderOp]bool{}
	for _, j := range freeRows {
		if m.state[j] != free {
			continue
		}
		b := m.bank.at(j)
		if !m.inPeriod(b.Time) {
			continue
		}
		if !booked(b.Status) {
			m.rep.Skipped++
			continue
		}
		k := orderOp{b.OrderID, b.Op}
		if b.Op != vpos.OpRefund && (pairedOO[k] || seen[k]) {
			m.emit(Item{Category: DuplicateBank, Key: KeyOrderOp, Bank: b, Detail: fmt.Sprintf("a second %s of order %s at the bank", b.Op, b.OrderID)})
			continue
		}
		seen[k] = true
		missingOps[k] = true
		m.emit(Item{Category: MissingLocally, Bank: b})
	}
	clear(seen)
	var check []Local
	for i := range left {
		l := left[i]
		if !m.inPeriod(l.Time) {
			continue
		}
		if !booked(l.Status) {
			m.rep.Skipped++
			continue
		}
		k := orderOp{l.OrderID, l.Op}
		if l.Op != vpos.OpRefund && (pairedOO[k] || seen[k]) {
			m.emit(Item{Category: DuplicateLocal, Key: KeyOrderOp, Local: &l, Detail: fmt.Sprintf("a second %s of order %s in the store", l.Op, l.OrderID)})
			continue
		}
		seen[k] = true
		if m.o.Checker != nil && isCharge(l.Op) {
			check = append(check, l)
			continue
		}
		missingOps[k] = true
		m.emit(Item{Category: MissingAtBank, Local: &l})
	}
	for i := range check {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("reconcile: %w", err)
		}
		m.checkOne(ctx, &check[i], missingOps)
	}
	for _, d := range m.deferred {
		it := d.item
		if missingOps[orderOp{it.Local.OrderID, d.kind}] || missingOps[orderOp{it.Bank.OrderID, d.kind}] {
			it.Category = Matched
			it.Detail = it.Detail + "; follows from the " + string(d.kind) + " reported missing"
		}
		m.emit(it)
	}
	m.deferred = nil
	return m.finishReport(), nil
}

// secondary pairs each record of left with a free bank row that cands
// offers, and returns the records left over.
func (m *Matcher) secondary(left []Local, cands func(*Local) []int32, key Key) []Local {
	out := left[:0]
	for i := range left {
		l := &left[i]
		best := int32(-1)
		for _, j := range cands(l) {
			if m.state[j] != free {
				continue
			}
			b := m.bank.at(j)
			if best < 0 {
				best = j
			}
			if b.Amount == l.Amount && classOf(b.Status) == classOf(l.Status) {
				best = j
				break
			}
		}
		if best < 0 {
			out = append(out, *l)
			continue
		}
		m.pair(*l, best, key)
	}
	return out
}

// checkOne settles a local charge the bank's rows do not list with the
// Checker.
func (m *Matcher) checkOne(ctx context.Context, l *Local, missing map[orderOp]bool) {
	res, err := m.o.Checker(ctx, l)
	var ve *vpos.Error
	notFound := errors.As(err, &ve) && ve.Code == vpos.NotFound || err == nil && res != nil && res.Return == returncodes.NotFound
	switch {
	case notFound:
		missing[orderOp{l.OrderID, l.Op}] = true
		m.emit(Item{Category: MissingAtBank, Local: l, Detail: "confirmed by a status inquiry: the bank does not know the order"})
	case err != nil || res == nil:
		missing[orderOp{l.OrderID, l.Op}] = true
		m.emit(Item{Category: MissingAtBank, Local: l, Detail: "status inquiry failed: " + errText(err)})
	case !booked(res.Status):
		missing[orderOp{l.OrderID, l.Op}] = true
		m.emit(Item{Category: MissingAtBank, Local: l, Detail: "a status inquiry says " + string(res.Status)})
	default:
		b := &vpos.BankTransaction{OrderID: l.OrderID, TransactionID: res.TransactionID, Op: l.Op, Status: res.Status,
			Amount: res.Amount, Currency: res.Currency, Installments: res.Installments, AuthCode: res.AuthCode,
			RRN: res.RRN, MaskedPAN: res.MaskedPAN, BankCode: res.BankCode, Return: res.Return, Time: l.Time}
		if b.Amount == 0 {
			b.Amount = l.Amount
		}
		if b.Currency == "" {
			b.Currency = l.Currency
		}
		it := Item{Category: Matched, Key: KeyStatusQuery, Local: l, Bank: b, Detail: "not in the bank's report; a status inquiry found it"}
		switch {
		case b.Currency != l.Currency:
			it.Category, it.Detail = CurrencyMismatch, it.Detail+fmt.Sprintf(": bank %s, local %s", b.Currency, l.Currency)
		case b.Amount != l.Amount:
			it.Category, it.Detail = AmountMismatch, it.Detail+fmt.Sprintf(": bank %s, local %s", b.Amount.Decimal(b.Currency), l.Amount.Decimal(l.Currency))
		case classOf(b.Status) != classOf(l.Status):
			it.Category, it.Detail = StatusMismatch, it.Detail+fmt.Sprintf(": bank %s, local %s", b.Status, l.Status)
		}
		m.emit(it)
	}
}

func errText(err error) string {
	if err == nil {
		return "no answer"
	}
	return err.Error()
}

// finishReport sorts the items and the totals.
func (m *Matcher) finishReport() *Report {
	r := m.rep
	slices.SortStableFunc(m.items, compareItems)
	r.Items = m.items
	for _, t := range m.totals {
		r.Totals = append(r.Totals, *t)
	}
	slices.SortFunc(r.Totals, func(a, b Total) int {
		return cmp.Or(cmp.Compare(a.Category.rank(), b.Category.rank()), cmp.Compare(a.Currency, b.Currency))
	})
	return r
}

func compareItems(a, b Item) int {
	return cmp.Or(
		cmp.Compare(a.Category.rank(), b.Category.rank()),
		a.Time().Compare(b.Time()),
		cmp.Compare(a.OrderID(), b.OrderID()),
		cmp.Compare(a.Op(), b.Op()),
		cmp.Compare(localID(a), localID(b)),
		cmp.Compare(bankID(a), bankID(b)),
	)
}

func localID(it Item) string {
	if it.Local == nil {
		return ""
	}
	return it.Local.ID
}

func bankID(it Item) string {
	if it.Bank == nil {
		return ""
	}
	return it.Bank.TransactionID
}

// Reconcile matches local against bank: New, AddBank for each bank row,
// AddTransaction for each local record, Finish.
func Reconcile(ctx context.Context, local []*vpos.Transaction, bank []vpos.BankTransaction, o Options) (*Report, error) {
	m := New(o)
	for i := range bank {
		if err := m.AddBank(bank[i]); err != nil {
			return nil, err
		}
	}
	for _, t := range local {
		m.AddTransaction(t)
	}
	return m.Finish(ctx)
}

// LoadLocal streams the records of o.Company and o.POS created within the
// period widened by o.Tolerance from store to fn, a page at a time.
func LoadLocal(ctx context.Context, store vpos.Store, o Options, fn func(*vpos.Transaction) error) error {
	f := vpos.ListFilter{Company: o.Company, POS: o.POS, Limit: 1000}
	if !o.From.IsZero() {
		f.From = o.From.Add(-o.Tolerance)
	}
	if !o.To.IsZero() {
		f.To = o.To.Add(o.Tolerance)
	}
	for {
		recs, next, err := store.List(ctx, f)
		if err != nil {
			return fmt.Errorf("reconcile: list local transactions: %w", err)
		}
		for _, t := range recs {
			if err := fn(t); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		f.Cursor = next
	}
}
