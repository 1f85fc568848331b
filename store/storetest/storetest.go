package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// Run runs the conformance suite. newStore is called once per subtest and
// must return an empty store; it should register its own cleanup with
// t.Cleanup (closing the store, dropping a test database). Subtests run one
// after another.
func Run(t *testing.T, newStore func(t *testing.T) vpos.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s vpos.Store)
	}{
		{"CreateGet", testCreateGet},
		{"Copies", testCopies},
		{"Update", testUpdate},
		{"UpdateKeyIsImmutable", testUpdateKey},
		{"DuplicateKey", testDuplicateKey},
		{"NotFound", testNotFound},
		{"AddEvent", testAddEvent},
		{"FindOrder", testFindOrder},
		{"FindBankID", testFindBankID},
		{"ListFilters", testListFilters},
		{"ListIstanbulDay", testListIstanbulDay},
		{"ListPaging", testListPaging},
		{"ListStableWhileWriting", testListStable},
		{"ConcurrentWriters", testConcurrentWriters},
		{"AtMostOnce", testAtMostOnce},
		{"Race3DCompletion", testRace3D},
		{"ConcurrentAddEvent", testConcurrentAddEvent},
		{"RoundTrip", testRoundTrip},
		{"StatusTransitions", testStatusTransitions},
		{"NoCardData", testNoCardData},
		{"ClientLeavesNoCardData", testClientNoCardData},
		{"CanceledContext", testCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, newStore(t))
		})
	}
}

// base is the suite's reference time: whole microseconds, in Istanbul.
var base = time.Date(2024, 3, 14, 9, 30, 0, 123456000, vpos.Istanbul())

// at returns base plus d, rounded to the microsecond.
func at(d time.Duration) time.Time { return base.Add(d).Truncate(time.Microsecond) }

// sample returns a typical record of a sale that is about to be sent.
func sample(company, pos, orderID string) *vpos.Transaction {
	return &vpos.Transaction{
		Company: company, POS: pos, Bank: "nestpay", Op: vpos.OpSale, OrderID: orderID,
		Amount: 12550, Currency: vpos.TRY, Installments: 3, Status: vpos.StatusUnknown,
		MaskedPAN: "454671******7894", Source: vpos.SourceAPI,
		Events: []vpos.Event{{Time: at(0), Kind: vpos.EventAttempt, Status: vpos.StatusUnknown, Detail: "sale 125.50 TRY"}},
	}
}

func mustCreate(t *testing.T, s vpos.Store, tx *vpos.Transaction) *vpos.Transaction {
	t.Helper()
	if err := s.Create(t.Context(), tx); err != nil {
		t.Fatalf("Create(%s/%s/%s %s %d): %v", tx.Company, tx.POS, tx.OrderID, tx.Op, tx.Seq, err)
	}
	return tx
}

func mustGet(t *testing.T, s vpos.Store, id string) *vpos.Transaction {
	t.Helper()
	got, err := s.Get(t.Context(), id)
	if err != nil {
		t.Fatalf("Get(%q): %v", id, err)
	}
	return got
}

// listAll pages through f (Limit kept) and returns every record.
func listAll(t *testing.T, s vpos.Store, f vpos.ListFilter) []*vpos.Transaction {
	t.Helper()
	var all []*vpos.Transaction
	for pages := 0; ; pages++ {
		if pages > 10000 {
			t.Fatalf("List(%+v): more than 10000 pages; the cursor does not advance", f)
		}
		page, next, err := s.List(t.Context(), f)
		if err != nil {
			t.Fatalf("List(%+v): %v", f, err)
		}
		limit := f.Limit
		if limit <= 0 {
			limit = 100
		}
		if len(page) > limit {
			t.Fatalf("List(%+v): got %d records, want at most %d", f, len(page), limit)
		}
		all = append(all, page...)
		if next == "" {
			return all
		}
		if len(page) == 0 {
			t.Fatalf("List(%+v): empty page with a cursor %q", f, next)
		}
		f.Cursor = next
	}
}

func ids(ts []*vpos.Transaction) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

// newestFirst returns the records sorted newest first (CreatedAt; the suite
// gives distinct times wherever it checks the exact order).
func newestFirst(ts []*vpos.Transaction) []*vpos.Transaction {
	out := slices.Clone(ts)
	slices.SortStableFunc(out, func(a, b *vpos.Transaction) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out
}

func normTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.Round(0).UTC()
}

func norm(tx *vpos.Transaction) vpos.Transaction {
	c := *tx
	c.CreatedAt, c.UpdatedAt = normTime(c.CreatedAt), normTime(c.UpdatedAt)
	c.Events = nil
	for _, e := range tx.Events {
		e.Time = normTime(e.Time)
		c.Events = append(c.Events, e)
	}
	return c
}

// diff describes how got differs from want ("" when equal): times compare
// with Equal, nil and empty Events are the same.
func diff(got, want *vpos.Transaction) string {
	if got == nil || want == nil {
		if got == want {
			return ""
		}
		return fmt.Sprintf("got %v, want %v", got, want)
	}
	g, w := norm(got), norm(want)
	if reflect.DeepEqual(g, w) {
		return ""
	}
	var b strings.Builder
	gv, wv := reflect.ValueOf(g), reflect.ValueOf(w)
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			fmt.Fprintf(&b, "\n\t%s: got %+v, want %+v", gv.Type().Field(i).Name, gv.Field(i).Interface(), wv.Field(i).Interface())
		}
	}
	return b.String()
}

// checkStamp checks that a store-set time lies between before and after
// (with slack for a database server's clock and microsecond rounding).
func checkStamp(t *testing.T, name string, got, before, after time.Time) {
	t.Helper()
	const slack = 5 * time.Second
	if got.IsZero() || got.Before(before.Add(-slack)) || got.After(after.Add(slack)) {
		t.Errorf("%s: got %v, want a time between %v and %v", name, got, before, after)
	}
}

func testCreateGet(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	before := time.Now()
	tx := sample("ACME", "main", "SIP-1")
	want := tx.Clone()
	if err := s.Create(ctx, tx); err != nil {
		t.Fatalf("Create: %v", err)
	}
	after := time.Now()
	if tx.ID == "" {
		t.Fatal("Create left ID empty")
	}
	checkStamp(t, "CreatedAt", tx.CreatedAt, before, after)
	checkStamp(t, "UpdatedAt", tx.UpdatedAt, before, after)
	want.ID, want.CreatedAt, want.UpdatedAt = tx.ID, tx.CreatedAt, tx.UpdatedAt
	if d := diff(mustGet(t, s, tx.ID), want); d != "" {
		t.Errorf("Get after Create:%s", d)
	}
	if d := diff(tx, want); d != "" {
		t.Errorf("Create changed more than ID, CreatedAt and UpdatedAt of its argument:%s", d)
	}

	// A second record gets another id; a non-zero CreatedAt is kept.
	back := sample("ACME", "main", "SIP-2")
	back.CreatedAt = at(-24 * time.Hour)
	before = time.Now()
	mustCreate(t, s, back)
	after = time.Now()
	if back.ID == "" || back.ID == tx.ID {
		t.Errorf("second record's id: got %q, want a new one (first %q)", back.ID, tx.ID)
	}
	got := mustGet(t, s, back.ID)
	if !got.CreatedAt.Equal(at(-24*time.Hour)) || !back.CreatedAt.Equal(at(-24*time.Hour)) {
		t.Errorf("CreatedAt given by the caller: got %v (stored), %v (argument), want %v", got.CreatedAt, back.CreatedAt, at(-24*time.Hour))
	}
	checkStamp(t, "UpdatedAt of a back-dated record", got.UpdatedAt, before, after)

	// A record with no events has none.
	bare := sample("ACME", "main", "SIP-3")
	bare.Events = nil
	mustCreate(t, s, bare)
	if got := mustGet(t, s, bare.ID); len(got.Events) != 0 {
		t.Errorf("events of a record created without any: got %+v, want none", got.Events)
	}
}

func testCopies(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	tx := mustCreate(t, s, sample("ACME", "main", "SIP-1"))
	stored := tx.Clone()

	// Changing the argument after Create does not change the store.
	tx.Status, tx.AuthCode = vpos.StatusApproved, "999999"
	tx.Events[0].Detail = "changed by the caller"
	tx.Events = append(tx.Events, vpos.Event{Kind: vpos.EventNote, Detail: "appended by the caller"})
	if d := diff(mustGet(t, s, stored.ID), stored); d != "" {
		t.Errorf("the caller's record changed after Create changed the store:%s", d)
	}

	// Changing a returned record does not change the store.
	got := mustGet(t, s, stored.ID)
	got.Status, got.BankMessage = vpos.StatusError, "changed"
	got.Events[0].Detail = "changed"
	recs, err := s.FindOrder(ctx, "ACME", "main", "SIP-1")
	if err != nil || len(recs) != 1 {
		t.Fatalf("FindOrder: got %d records, %v; want 1", len(recs), err)
	}
	recs[0].Events[0].Detail, recs[0].Amount = "changed", 1
	page, _, err := s.List(ctx, vpos.ListFilter{})
	if err != nil || len(page) != 1 {
		t.Fatalf("List: got %d records, %v; want 1", len(page), err)
	}
	page[0].Events[0].Detail, page[0].Company = "changed", "changed"
	if d := diff(mustGet(t, s, stored.ID), stored); d != "" {
		t.Errorf("changing records returned by Get, FindOrder or List changed the store:%s", d)
	}

	// Changing Update's arguments afterwards does not change the store.
	upd := stored.Clone()
	upd.Status, upd.AuthCode = vpos.StatusApproved, "123456"
	evs := []vpos.Event{{Time: at(time.Second), Kind: vpos.EventResult, Status: vpos.StatusApproved, Return: returncodes.Approved, BankCode: "00", Detail: "onaylandı"}}
	if err := s.Update(ctx, upd, vpos.StatusUnknown, evs...); err != nil {
		t.Fatalf("Update: %v", err)
	}
	want := stored.Clone()
	want.Status, want.AuthCode, want.UpdatedAt = vpos.StatusApproved, "123456", upd.UpdatedAt
	want.Events = append(want.Events, evs[0])
	evs[0].Detail, upd.AuthCode = "changed", "000000"
	if len(upd.Events) > 0 {
		upd.Events[0].Detail = "changed"
	}
	if d := diff(mustGet(t, s, stored.ID), want); d != "" {
		t.Errorf("changing Update's arguments afterwards changed the store:%s", d)
	}
}

func testUpdate(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	tx := sample("ACME", "main", "SIP-3D")
	tx.Status, tx.Source, tx.ThreeDModel = vpos.StatusPending3D, vpos.Source3D, threed.Model3D
	mustCreate(t, s, tx)
	created := tx.CreatedAt

	// pending3d -> unknown: one event appended; CreatedAt kept even when the
	// caller sends another one.
	claim := tx.Clone()
	claim.Status, claim.MDStatus = vpos.StatusUnknown, "1"
	claim.CreatedAt = created.Add(-time.Hour)
	claim.Events = nil // ignored: Update appends its events argument
	ev1 := vpos.Event{Time: at(time.Minute), Kind: vpos.EventCallback, Status: vpos.StatusUnknown, Detail: "mdStatus 1"}
	before := time.Now()
	if err := s.Update(ctx, claim, vpos.StatusPending3D, ev1); err != nil {
		t.Fatalf("Update pending3d -> unknown: %v", err)
	}
	after := time.Now()
	checkStamp(t, "UpdatedAt after Update", claim.UpdatedAt, before, after)
	if claim.UpdatedAt.Before(tx.UpdatedAt) {
		t.Errorf("UpdatedAt after Update: got %v, before Update %v", claim.UpdatedAt, tx.UpdatedAt)
	}
	want := tx.Clone()
	want.Status, want.MDStatus, want.UpdatedAt = vpos.StatusUnknown, "1", claim.UpdatedAt
	want.Events = append(want.Events, ev1)
	got := mustGet(t, s, tx.ID)
	if d := diff(got, want); d != "" {
		t.Errorf("after Update pending3d -> unknown:%s", d)
	}

	// unknown -> approved: every field but the key and CreatedAt replaced,
	// two events appended in order.
	final := got.Clone()
	final.Bank, final.BankTransactionID, final.AuthCode, final.RRN = "garanti", "26074ABCD00001", "031425", "614000000013"
	final.Amount, final.Currency, final.Installments, final.RefundedAmount = 99999, vpos.EUR, 6, 1000
	final.Status, final.Return, final.BankCode, final.BankMessage = vpos.StatusApproved, returncodes.Approved, "00", "Onaylandı"
	final.MaskedPAN, final.Source, final.ThreeDModel, final.MDStatus = "540061******4581", vpos.SourceManual, threed.Model3DPay, "4"
	ev2 := vpos.Event{Time: at(2 * time.Minute), Kind: vpos.EventResult, Status: vpos.StatusApproved, Return: returncodes.Approved, BankCode: "00"}
	ev3 := vpos.Event{Time: at(3 * time.Minute), Kind: vpos.EventNote, Status: vpos.StatusApproved, Detail: "kontrol edildi"}
	prev := final.UpdatedAt
	if err := s.Update(ctx, final, vpos.StatusUnknown, ev2, ev3); err != nil {
		t.Fatalf("Update unknown -> approved: %v", err)
	}
	if final.UpdatedAt.Before(prev) {
		t.Errorf("UpdatedAt went backwards: got %v, was %v", final.UpdatedAt, prev)
	}
	want = final.Clone()
	want.CreatedAt = created
	want.Events = append(append([]vpos.Event(nil), got.Events...), ev2, ev3)
	got = mustGet(t, s, tx.ID)
	if d := diff(got, want); d != "" {
		t.Errorf("after Update unknown -> approved:%s", d)
	}

	// An update without events keeps the history.
	noEv := got.Clone()
	noEv.RefundedAmount = 2000
	if err := s.Update(ctx, noEv, vpos.StatusApproved); err != nil {
		t.Fatalf("Update without events: %v", err)
	}
	want = got.Clone()
	want.RefundedAmount, want.UpdatedAt = 2000, noEv.UpdatedAt
	got = mustGet(t, s, tx.ID)
	if d := diff(got, want); d != "" {
		t.Errorf("after Update without events:%s", d)
	}

	// A wrong expectation fails and changes nothing.
	for _, expect := range []vpos.TxStatus{vpos.StatusPending3D, vpos.StatusUnknown, vpos.StatusDeclined, ""} {
		wrong := got.Clone()
		wrong.Status, wrong.AuthCode = vpos.StatusVoided, "000000"
		err := s.Update(ctx, wrong, expect, vpos.Event{Kind: vpos.EventChange, Detail: "must not be stored"})
		if !errors.Is(err, vpos.ErrStoreConflict) {
			t.Errorf("Update expecting %q of an approved record: got %v, want ErrStoreConflict", expect, err)
		}
	}
	if d := diff(mustGet(t, s, tx.ID), got); d != "" {
		t.Errorf("failed Updates changed the record:%s", d)
	}

	// An unknown id.
	ghost := got.Clone()
	ghost.ID = "no-such-id"
	if err := s.Update(ctx, ghost, vpos.StatusApproved); !errors.Is(err, vpos.ErrStoreNotFound) {
		t.Errorf("Update of an unknown id: got %v, want ErrStoreNotFound", err)
	}
}

func testUpdateKey(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	tx := mustCreate(t, s, sample("ACME", "main", "SIP-1"))
	tests := []struct {
		name   string
		change func(*vpos.Transaction)
	}{
		{"company", func(x *vpos.Transaction) { x.Company = "Beta" }},
		{"pos", func(x *vpos.Transaction) { x.POS = "other" }},
		{"order id", func(x *vpos.Transaction) { x.OrderID = "SIP-2" }},
		{"op", func(x *vpos.Transaction) { x.Op = vpos.OpPreAuth }},
		{"seq", func(x *vpos.Transaction) { x.Seq = 1 }},
	}
	for _, tt := range tests {
		c := tx.Clone()
		tt.change(c)
		c.Status = vpos.StatusApproved
		if err := s.Update(ctx, c, vpos.StatusUnknown); err == nil {
			t.Errorf("Update changing the %s: got nil error, want an error", tt.name)
		}
	}
	if d := diff(mustGet(t, s, tx.ID), tx); d != "" {
		t.Errorf("refused key changes changed the record:%s", d)
	}
}

func testDuplicateKey(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	first := mustCreate(t, s, sample("ACME", "main", "SIP-1"))
	tests := []struct {
		name    string
		change  func(*vpos.Transaction)
		wantDup bool
	}{
		{"same key", nil, true},
		{"same key, other fields", func(x *vpos.Transaction) {
			x.Amount, x.Status, x.Bank, x.Source, x.CreatedAt = 1, vpos.StatusDeclined, "garanti", vpos.SourceMOTO, at(time.Hour)
		}, true},
		{"other op", func(x *vpos.Transaction) { x.Op = vpos.OpVoid }, false},
		{"refund 1", func(x *vpos.Transaction) { x.Op, x.Seq = vpos.OpRefund, 1 }, false},
		{"refund 2", func(x *vpos.Transaction) { x.Op, x.Seq = vpos.OpRefund, 2 }, false},
		{"refund 1 again", func(x *vpos.Transaction) { x.Op, x.Seq = vpos.OpRefund, 1 }, true},
		{"other order", func(x *vpos.Transaction) { x.OrderID = "SIP-2" }, false},
		{"order id in lower case", func(x *vpos.Transaction) { x.OrderID = "sip-1" }, false},
		{"order id with a trailing space", func(x *vpos.Transaction) { x.OrderID = "SIP-1 " }, false},
		{"other pos", func(x *vpos.Transaction) { x.POS = "yedek" }, false},
		{"other company", func(x *vpos.Transaction) { x.Company = "Beta" }, false},
		{"other company, same again", func(x *vpos.Transaction) { x.Company = "Beta" }, true},
	}
	created := 1
	for _, tt := range tests {
		tx := sample("ACME", "main", "SIP-1")
		if tt.change != nil {
			tt.change(tx)
		}
		err := s.Create(ctx, tx)
		switch {
		case tt.wantDup && !errors.Is(err, vpos.ErrStoreDuplicate):
			t.Errorf("%s: Create got %v, want ErrStoreDuplicate", tt.name, err)
		case !tt.wantDup && err != nil:
			t.Errorf("%s: Create got %v, want nil", tt.name, err)
		case !tt.wantDup:
			created++
		}
	}
	all := listAll(t, s, vpos.ListFilter{})
	if len(all) != created {
		t.Errorf("records after the duplicates: got %d, want %d (a refused Create must write nothing)", len(all), created)
	}
	if d := diff(mustGet(t, s, first.ID), first); d != "" {
		t.Errorf("refused duplicates changed the first record:%s", d)
	}
}

func testNotFound(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	tx := mustCreate(t, s, sample("ACME", "main", "SIP-1"))
	for _, id := range []string{"", "no-such-id", tx.ID + "0", strings.ToUpper(tx.ID) + "X", "1", "' OR ''='"} {
		if _, err := s.Get(ctx, id); !errors.Is(err, vpos.ErrStoreNotFound) {
			t.Errorf("Get(%q): got %v, want ErrStoreNotFound", id, err)
		}
		if err := s.AddEvent(ctx, id, vpos.Event{Kind: vpos.EventNote}); !errors.Is(err, vpos.ErrStoreNotFound) {
			t.Errorf("AddEvent(%q): got %v, want ErrStoreNotFound", id, err)
		}
	}
	if d := diff(mustGet(t, s, tx.ID), tx); d != "" {
		t.Errorf("record changed:%s", d)
	}
}

func testAddEvent(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	tx := mustCreate(t, s, sample("ACME", "main", "SIP-1"))
	evs := []vpos.Event{
		{Time: at(time.Minute), Kind: vpos.EventInquiry, Status: vpos.StatusUnknown, Return: returncodes.TimeoutUnknown, Detail: "status inquiry failed: timeout"},
		{Time: at(2 * time.Minute), Kind: vpos.EventInquiry, Status: vpos.StatusUnknown, Return: returncodes.NotFound, BankCode: "99", Detail: "status inquiry: bank does not know the order"},
		{Kind: vpos.EventNote, Detail: "operatör notu: müşteri aradı"},
	}
	want := tx.Clone()
	for _, ev := range evs {
		if err := s.AddEvent(ctx, tx.ID, ev); err != nil {
			t.Fatalf("AddEvent: %v", err)
		}
		want.Events = append(want.Events, ev)
	}
	// AddEvent changes nothing but the history (not even UpdatedAt).
	if d := diff(mustGet(t, s, tx.ID), want); d != "" {
		t.Errorf("after AddEvent:%s", d)
	}
}

func testFindOrder(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	var want []*vpos.Transaction
	for _, op := range []struct {
		op  vpos.Op
		seq int
	}{{vpos.OpSale, 0}, {vpos.OpRefund, 1}, {vpos.OpRefund, 2}, {vpos.OpVoid, 0}} {
		tx := sample("ACME", "main", "SIP-7")
		tx.Op, tx.Seq = op.op, op.seq
		want = append(want, mustCreate(t, s, tx))
		// Other POS, other company, other order: not part of the order.
		for _, o := range [][3]string{{"ACME", "yedek", "SIP-7"}, {"Beta", "main", "SIP-7"}, {"ACME", "main", "SIP-70"}} {
			other := sample(o[0], o[1], o[2])
			other.Op, other.Seq = op.op, op.seq
			mustCreate(t, s, other)
		}
	}
	got, err := s.FindOrder(ctx, "ACME", "main", "SIP-7")
	if err != nil {
		t.Fatalf("FindOrder: %v", err)
	}
	if !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("FindOrder: got %v, want %v (oldest first)", ids(got), ids(want))
	}
	for i := range got {
		if d := diff(got[i], want[i]); d != "" {
			t.Errorf("FindOrder record %d:%s", i, d)
		}
	}
	for _, q := range [][3]string{{"ACME", "main", "SIP-8"}, {"ACME", "main", "sip-7"}, {"acme", "main", "SIP-7"}, {"ACME", "", "SIP-7"}, {"", "", ""}} {
		got, err := s.FindOrder(ctx, q[0], q[1], q[2])
		if err != nil || len(got) != 0 {
			t.Errorf("FindOrder(%q, %q, %q): got %d records, %v; want none", q[0], q[1], q[2], len(got), err)
		}
	}
}

func testFindBankID(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	mk := func(company, pos, order string, op vpos.Op, bankID string, d time.Duration) *vpos.Transaction {
		tx := sample(company, pos, order)
		tx.Op, tx.BankTransactionID, tx.CreatedAt = op, bankID, at(d)
		return mustCreate(t, s, tx)
	}
	// Created newest first, so that insertion order differs from age.
	void := mk("ACME", "main", "SIP-1", vpos.OpVoid, "26074ABCD00001", 2*time.Hour)
	sale := mk("ACME", "main", "SIP-1", vpos.OpSale, "26074ABCD00001", time.Hour)
	two := mk("ACME", "main", "SIP-2", vpos.OpSale, "26074ABCD00002", 0)
	mk("ACME", "yedek", "SIP-1", vpos.OpSale, "26074ABCD00001", 0)
	mk("Beta", "main", "SIP-1", vpos.OpSale, "26074ABCD00001", 0)
	mk("ACME", "main", "SIP-3", vpos.OpSale, "", 0)
	later := mk("ACME", "main", "SIP-4", vpos.OpSale, "", 3*time.Hour)
	upd := later.Clone()
	upd.Status, upd.BankTransactionID = vpos.StatusApproved, "26074ABCD00009"
	if err := s.Update(ctx, upd, vpos.StatusUnknown); err != nil {
		t.Fatalf("Update: %v", err)
	}
	tests := []struct {
		company, pos, bankID string
		want                 []string
	}{
		{"ACME", "main", "26074ABCD00001", []string{sale.ID, void.ID}},
		{"ACME", "main", "26074ABCD00002", []string{two.ID}},
		{"ACME", "main", "26074ABCD00009", []string{later.ID}},
		{"ACME", "main", "26074abcd00001", nil},
		{"ACME", "main", "", nil},
		{"ACME", "main", "nope", nil},
		{"ACME", "", "26074ABCD00001", nil},
	}
	for _, tt := range tests {
		got := mustFindBank(t, s, tt.company, tt.pos, tt.bankID)
		if !slices.Equal(ids(got), tt.want) {
			t.Errorf("FindBankID(%q, %q, %q): got %v, want %v (oldest first)", tt.company, tt.pos, tt.bankID, ids(got), tt.want)
		}
	}
	got := mustFindBank(t, s, "ACME", "main", "26074ABCD00009")
	if len(got) == 1 {
		if d := diff(got[0], mustGet(t, s, later.ID)); d != "" {
			t.Errorf("FindBankID record differs from Get:%s", d)
		}
	}
}

func mustFindBank(t *testing.T, s vpos.Store, company, pos, bankID string) []*vpos.Transaction {
	t.Helper()
	got, err := s.FindBankID(t.Context(), company, pos, bankID)
	if err != nil {
		t.Fatalf("FindBankID(%q, %q, %q): %v", company, pos, bankID, err)
	}
	return got
}

var (
	allStatuses = []vpos.TxStatus{vpos.StatusPending3D, vpos.StatusApproved, vpos.StatusDeclined, vpos.StatusError,
		vpos.StatusUnknown, vpos.StatusVoided, vpos.StatusRefunded, vpos.StatusPartiallyRefunded}
	allSources    = []vpos.Source{vpos.SourceAPI, vpos.Source3D, vpos.SourceMOTO, vpos.SourceReconcile, vpos.SourceManual}
	allEventKinds = []vpos.EventKind{vpos.EventAttempt, vpos.EventResult, vpos.EventCallback, vpos.EventReplay,
		vpos.EventInquiry, vpos.EventChange, vpos.EventNote}
)

// fixture creates 96 records over two companies, three POS, two banks, five
// operations, every status and source, at distinct times 17 minutes apart
// (27 hours in all) inserted in shuffled order.
func fixture(t *testing.T, s vpos.Store) []*vpos.Transaction {
	t.Helper()
	companies := []string{"ACME", "Beta Gıda"}
	poses := []string{"isbank", "garanti", "akbank"}
	banks := []string{"nestpay", "garanti"}
	ops := []vpos.Op{vpos.OpSale, vpos.OpPreAuth, vpos.OpRefund, vpos.OpVoid, vpos.OpCapture}
	var all []*vpos.Transaction
	for i := range 96 {
		tx := &vpos.Transaction{
			Company: companies[i%2], POS: poses[i%3], Bank: banks[(i/3)%2], Op: ops[i%5],
			OrderID: fmt.Sprintf("S-%03d", i/4), Amount: vpos.Amount(100 * (i + 1)), Currency: vpos.TRY,
			Status: allStatuses[i%8], Source: allSources[i%5], BankTransactionID: fmt.Sprintf("B%04d", i),
			CreatedAt: at(time.Duration(i*37%96) * 17 * time.Minute),
			Events:    []vpos.Event{{Time: at(time.Duration(i) * time.Second), Kind: vpos.EventAttempt, Status: allStatuses[i%8]}},
		}
		if tx.Op == vpos.OpRefund {
			tx.Seq = 1
		}
		all = append(all, mustCreate(t, s, tx))
	}
	return all
}

func testListFilters(t *testing.T, s vpos.Store) {
	all := fixture(t, s)
	tests := []struct {
		name string
		f    vpos.ListFilter
	}{
		{"everything", vpos.ListFilter{}},
		{"company", vpos.ListFilter{Company: "ACME"}},
		{"company with Turkish letters", vpos.ListFilter{Company: "Beta Gıda"}},
		{"company in other case", vpos.ListFilter{Company: "acme"}},
		{"unknown company", vpos.ListFilter{Company: "Nobody"}},
		{"pos", vpos.ListFilter{POS: "garanti"}},
		{"bank", vpos.ListFilter{Bank: "garanti"}},
		{"company and pos", vpos.ListFilter{Company: "ACME", POS: "akbank"}},
		{"order", vpos.ListFilter{OrderID: "S-005"}},
		{"order prefix is not a match", vpos.ListFilter{OrderID: "S-00"}},
		{"op", vpos.ListFilter{Op: vpos.OpRefund}},
		{"one status", vpos.ListFilter{Status: []vpos.TxStatus{vpos.StatusApproved}}},
		{"status set", vpos.ListFilter{Status: []vpos.TxStatus{vpos.StatusUnknown, vpos.StatusPending3D}}},
		{"every status", vpos.ListFilter{Status: allStatuses}},
		{"status nobody has", vpos.ListFilter{Status: []vpos.TxStatus{"no_such_status"}}},
		{"source", vpos.ListFilter{Source: vpos.Source3D}},
		{"from", vpos.ListFilter{From: at(10 * time.Hour)}},
		{"to", vpos.ListFilter{To: at(5 * time.Hour)}},
		{"from and to", vpos.ListFilter{From: at(3 * time.Hour), To: at(9 * time.Hour)}},
		{"from on a record's time", vpos.ListFilter{From: at(17 * time.Minute * 10), To: at(17 * time.Minute * 20)}},
		{"empty range", vpos.ListFilter{From: at(5 * time.Hour), To: at(5 * time.Hour)}},
		{"all filters", vpos.ListFilter{Company: "ACME", POS: "isbank", Bank: "nestpay", Op: vpos.OpSale,
			Status: []vpos.TxStatus{vpos.StatusPending3D, vpos.StatusError}, Source: vpos.SourceAPI, From: at(0), To: at(30 * time.Hour)}},
		{"company, status and range", vpos.ListFilter{Company: "Beta Gıda", Status: []vpos.TxStatus{vpos.StatusApproved, vpos.StatusDeclined, vpos.StatusVoided},
			From: at(2 * time.Hour), To: at(20 * time.Hour)}},
	}
	for _, tt := range tests {
		var want []*vpos.Transaction
		for _, tx := range all {
			if tt.f.Matches(tx) {
				want = append(want, tx)
			}
		}
		want = newestFirst(want)
		for _, limit := range []int{0, 5} {
			f := tt.f
			f.Limit = limit
			got := listAll(t, s, f)
			if !slices.Equal(ids(got), ids(want)) {
				t.Errorf("%s (limit %d): got %d records %v, want %d %v", tt.name, limit, len(got), ids(got), len(want), ids(want))
				continue
			}
			for i := range got {
				if d := diff(got[i], want[i]); d != "" {
					t.Errorf("%s: record %s:%s", tt.name, got[i].ID, d)
					break
				}
			}
		}
	}
}

func testListIstanbulDay(t *testing.T, s vpos.Store) {
	utc := func(day, h, m, sec, usec int) time.Time {
		return time.Date(2026, 3, day, h, m, sec, usec*1000, time.UTC)
	}
	west := time.FixedZone("UTC-5", -5*60*60)
	recs := []struct {
		name string
		at   time.Time
	}{
		{"previous day's last microsecond", utc(14, 20, 59, 59, 999999)},
		{"Istanbul midnight, UTC day before", utc(14, 21, 0, 0, 0).In(vpos.Istanbul())},
		{"Istanbul 01:30, UTC day before", utc(14, 22, 30, 0, 0).In(west)},
		{"UTC midnight", utc(15, 0, 0, 0, 0)},
		{"noon", utc(15, 9, 0, 0, 0).In(vpos.Istanbul())},
		{"last microsecond", utc(15, 20, 59, 59, 999999)},
		{"next Istanbul midnight", utc(15, 21, 0, 0, 0)},
		{"same UTC day, next Istanbul day", utc(15, 23, 0, 0, 0)},
	}
	byID := map[string]string{}
	var all []*vpos.Transaction
	for i, r := range recs {
		tx := sample("ACME", "main", fmt.Sprintf("SIP-%d", i))
		tx.CreatedAt = r.at
		mustCreate(t, s, tx)
		byID[tx.ID] = r.name
		all = append(all, tx)
	}
	from, to := vpos.IstanbulDay(utc(15, 12, 0, 0, 0))
	tests := []struct {
		name string
		f    vpos.ListFilter
		want []string
	}{
		{"Istanbul day", vpos.ListFilter{From: from, To: to},
			[]string{"last microsecond", "noon", "UTC midnight", "Istanbul 01:30, UTC day before", "Istanbul midnight, UTC day before"}},
		{"Istanbul day, bounds in UTC", vpos.ListFilter{From: from.UTC(), To: to.UTC()},
			[]string{"last microsecond", "noon", "UTC midnight", "Istanbul 01:30, UTC day before", "Istanbul midnight, UTC day before"}},
		{"from Istanbul midnight", vpos.ListFilter{From: from},
			[]string{"same UTC day, next Istanbul day", "next Istanbul midnight", "last microsecond", "noon", "UTC midnight",
				"Istanbul 01:30, UTC day before", "Istanbul midnight, UTC day before"}},
		{"to Istanbul midnight", vpos.ListFilter{To: from}, []string{"previous day's last microsecond"}},
		{"UTC day", vpos.ListFilter{From: utc(15, 0, 0, 0, 0), To: utc(16, 0, 0, 0, 0)},
			[]string{"same UTC day, next Istanbul day", "next Istanbul midnight", "last microsecond", "noon", "UTC midnight"}},
	}
	for _, tt := range tests {
		for _, limit := range []int{0, 2} {
			f := tt.f
			f.Limit = limit
			var got []string
			for _, tx := range listAll(t, s, f) {
				got = append(got, byID[tx.ID])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s (limit %d): got %q, want %q", tt.name, limit, got, tt.want)
			}
		}
		// The oracle agrees (the suite's own check of its expectations).
		var oracle []string
		for _, tx := range newestFirst(all) {
			if tt.f.Matches(tx) {
				oracle = append(oracle, byID[tx.ID])
			}
		}
		if !slices.Equal(oracle, tt.want) {
			t.Errorf("%s: ListFilter.Matches selects %q, the suite expects %q", tt.name, oracle, tt.want)
		}
	}
}

func testListPaging(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	// 180 records on POS main, 20 on twenty, at distinct times.
	for i := range 200 {
		tx := sample("ACME", "main", fmt.Sprintf("P-%03d", i))
		tx.CreatedAt = at(time.Duration(i) * time.Minute)
		if i%10 == 0 {
			tx.POS = "twenty"
		}
		mustCreate(t, s, tx)
	}
	for i := range 30 {
		tx := sample("ACME", "tie", fmt.Sprintf("T-%03d", i))
		tx.CreatedAt = at(time.Hour)
		mustCreate(t, s, tx)
	}

	// Default page size.
	page, next, err := s.List(ctx, vpos.ListFilter{POS: "main"})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if len(page) != 100 || next == "" {
		t.Errorf("List with Limit 0 over 180 records: got %d records and cursor %q, want 100 and a cursor", len(page), next)
	}
	for i := 1; i < len(page); i++ {
		if !page[i].CreatedAt.Before(page[i-1].CreatedAt) {
			t.Errorf("not newest first: record %d at %v after record %d at %v", i, page[i].CreatedAt, i-1, page[i-1].CreatedAt)
			break
		}
	}
	if rest := listAll(t, s, vpos.ListFilter{POS: "main", Cursor: next}); len(rest) != 80 {
		t.Errorf("second default page: got %d records, want 80", len(rest))
	}

	tests := []struct {
		name      string
		f         vpos.ListFilter
		wantPages []int
	}{
		{"exact fit", vpos.ListFilter{POS: "twenty", Limit: 10}, []int{10, 10}},
		{"one page", vpos.ListFilter{POS: "twenty", Limit: 25}, []int{20}},
		{"one per page", vpos.ListFilter{POS: "twenty", Limit: 1}, slices.Repeat([]int{1}, 20)},
		{"uneven", vpos.ListFilter{POS: "twenty", Limit: 7}, []int{7, 7, 6}},
		{"equal times", vpos.ListFilter{POS: "tie", Limit: 7}, []int{7, 7, 7, 7, 2}},
		{"nothing", vpos.ListFilter{POS: "none", Limit: 7}, []int{0}},
	}
	for _, tt := range tests {
		f := tt.f
		var sizes []int
		seen := map[string]bool{}
		var last *vpos.Transaction
		for len(sizes) <= 100 {
			page, next, err := s.List(ctx, f)
			if err != nil {
				t.Fatalf("%s: List: %v", tt.name, err)
			}
			sizes = append(sizes, len(page))
			for _, tx := range page {
				if seen[tx.ID] {
					t.Errorf("%s: record %s listed twice", tt.name, tx.ID)
				}
				seen[tx.ID] = true
				if last != nil && tx.CreatedAt.After(last.CreatedAt) {
					t.Errorf("%s: not newest first across pages", tt.name)
				}
				last = tx
			}
			if next == "" {
				break
			}
			f.Cursor = next
		}
		if !slices.Equal(sizes, tt.wantPages) {
			t.Errorf("%s: got pages of %v, want %v", tt.name, sizes, tt.wantPages)
		}
	}

	for _, c := range []string{"garbage", "%%%", strings.Repeat("9", 40)} {
		if _, _, err := s.List(ctx, vpos.ListFilter{Cursor: c}); err == nil {
			t.Errorf("List with cursor %q: got nil error, want an error", c)
		}
	}
}

func testListStable(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	var orig []*vpos.Transaction
	for i := range 50 {
		tx := sample("ACME", "main", fmt.Sprintf("S-%03d", i))
		tx.CreatedAt = at(time.Duration(i) * time.Minute)
		orig = append(orig, mustCreate(t, s, tx))
	}
	f := vpos.ListFilter{Company: "ACME", Limit: 7}
	var got []*vpos.Transaction
	seen := map[string]bool{}
	n := 0
	for pages := 0; pages < 100; pages++ {
		page, next, err := s.List(ctx, f)
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		got = append(got, page...)
		for _, tx := range page {
			seen[tx.ID] = true
		}
		if next == "" {
			break
		}
		f.Cursor = next
		// Between pages: newer records arrive, and a record not listed yet
		// changes state.
		for range 3 {
			n++
			mustCreate(t, s, sample("ACME", "main", fmt.Sprintf("N-%03d", n)))
		}
		for _, tx := range orig {
			if !seen[tx.ID] {
				c := mustGet(t, s, tx.ID)
				old := c.Status
				c.Status = vpos.StatusApproved
				if old == vpos.StatusApproved {
					c.Status = vpos.StatusDeclined
				}
				if err := s.Update(ctx, c, old, vpos.Event{Kind: vpos.EventResult, Status: c.Status}); err != nil {
					t.Fatalf("Update: %v", err)
				}
				break
			}
		}
	}
	if want := ids(newestFirst(orig)); !slices.Equal(ids(got), want) {
		t.Errorf("pages while writing: got %v, want %v (each original record once, newest first)", ids(got), want)
	}
}

// run starts n goroutines released at once and waits for them.
func run(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			fn(i)
		})
	}
	close(start)
	wg.Wait()
}

func testConcurrentWriters(t *testing.T, s vpos.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	const writers, each = 10, 20
	var readerErr error
	var readers sync.WaitGroup
	var mu sync.Mutex
	for range 3 {
		readers.Go(func() {
			for ctx.Err() == nil {
				if _, _, err := s.List(ctx, vpos.ListFilter{Company: "ACME", Limit: 20}); err != nil && ctx.Err() == nil {
					mu.Lock()
					readerErr = err
					mu.Unlock()
					return
				}
			}
		})
	}
	errs := make([]error, writers)
	run(writers, func(w int) {
		for i := range each {
			tx := sample("ACME", fmt.Sprintf("pos-%d", w%3), fmt.Sprintf("W-%02d-%03d", w, i))
			tx.Events = append(tx.Events, vpos.Event{Kind: vpos.EventNote, Detail: fmt.Sprintf("writer %d", w)})
			if err := s.Create(t.Context(), tx); err != nil {
				errs[w] = err
				return
			}
		}
	})
	cancel()
	readers.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent Create: %v", err)
	}
	if readerErr != nil {
		t.Errorf("List while writing: %v", readerErr)
	}
	all := listAll(t, s, vpos.ListFilter{Company: "ACME", Limit: 50})
	if len(all) != writers*each {
		t.Errorf("records after concurrent writes: got %d, want %d", len(all), writers*each)
	}
	distinct := map[string]bool{}
	for _, tx := range all {
		distinct[tx.ID] = true
		if len(tx.Events) != 2 {
			t.Errorf("record %s: got %d events, want 2", tx.OrderID, len(tx.Events))
		}
	}
	if len(distinct) != writers*each {
		t.Errorf("distinct ids: got %d, want %d", len(distinct), writers*each)
	}
}

func testAtMostOnce(t *testing.T, s vpos.Store) {
	const n = 20
	errs := make([]error, n)
	run(n, func(i int) {
		tx := sample("ACME", "main", "SIP-ONCE")
		tx.Amount = vpos.Amount(1000 + i)
		errs[i] = s.Create(t.Context(), tx)
	})
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("goroutines %d and %d both created the same key", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, vpos.ErrStoreDuplicate):
			t.Errorf("goroutine %d: got %v, want nil or ErrStoreDuplicate", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no goroutine created the record")
	}
	recs, err := s.FindOrder(t.Context(), "ACME", "main", "SIP-ONCE")
	if err != nil || len(recs) != 1 {
		t.Fatalf("FindOrder: got %d records, %v; want 1", len(recs), err)
	}
	if got, want := recs[0].Amount, vpos.Amount(1000+winner); got != want {
		t.Errorf("stored amount: got %d, want %d (the winner's)", got, want)
	}
}

func testRace3D(t *testing.T, s vpos.Store) {
	tx := sample("ACME", "main", "SIP-3D")
	tx.Status, tx.Source, tx.ThreeDModel = vpos.StatusPending3D, vpos.Source3D, threed.Model3D
	mustCreate(t, s, tx)
	wantEvents := slices.Clone(tx.Events)
	// The Client's two steps: claim the callback (pending3d -> unknown),
	// then store the bank's answer (unknown -> approved); both raced.
	for _, step := range []struct{ from, to vpos.TxStatus }{
		{vpos.StatusPending3D, vpos.StatusUnknown},
		{vpos.StatusUnknown, vpos.StatusApproved},
	} {
		const n = 20
		errs := make([]error, n)
		run(n, func(i int) {
			c := tx.Clone()
			c.Status, c.AuthCode = step.to, fmt.Sprintf("%06d", i)
			errs[i] = s.Update(t.Context(), c, step.from,
				vpos.Event{Time: at(time.Duration(i) * time.Second), Kind: vpos.EventCallback, Status: step.to, Detail: fmt.Sprintf("delivery %d", i)})
		})
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Errorf("%s -> %s: goroutines %d and %d both won", step.from, step.to, winner, i)
			case err == nil:
				winner = i
			case !errors.Is(err, vpos.ErrStoreConflict):
				t.Errorf("%s -> %s: goroutine %d: got %v, want nil or ErrStoreConflict", step.from, step.to, i, err)
			}
		}
		if winner < 0 {
			t.Fatalf("%s -> %s: no goroutine won", step.from, step.to)
		}
		wantEvents = append(wantEvents, vpos.Event{Time: at(time.Duration(winner) * time.Second), Kind: vpos.EventCallback, Status: step.to, Detail: fmt.Sprintf("delivery %d", winner)})
		got := mustGet(t, s, tx.ID)
		want := tx.Clone()
		want.Status, want.AuthCode, want.UpdatedAt, want.Events = step.to, fmt.Sprintf("%06d", winner), got.UpdatedAt, wantEvents
		if d := diff(got, want); d != "" {
			t.Errorf("%s -> %s: record after the race (winner %d):%s", step.from, step.to, winner, d)
		}
		tx = got
	}
}

func testConcurrentAddEvent(t *testing.T, s vpos.Store) {
	tx := mustCreate(t, s, sample("ACME", "main", "SIP-1"))
	const n, each = 10, 10
	errs := make([]error, n)
	run(n, func(g int) {
		for i := range each {
			if err := s.AddEvent(t.Context(), tx.ID, vpos.Event{Kind: vpos.EventNote, Detail: fmt.Sprintf("%d/%d", g, i)}); err != nil {
				errs[g] = err
				return
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent AddEvent: %v", err)
	}
	got := mustGet(t, s, tx.ID)
	if len(got.Events) != 1+n*each {
		t.Fatalf("events: got %d, want %d", len(got.Events), 1+n*each)
	}
	next := make([]int, n)
	for _, ev := range got.Events[1:] {
		var g, i int
		if _, err := fmt.Sscanf(ev.Detail, "%d/%d", &g, &i); err != nil || g < 0 || g >= n {
			t.Fatalf("unexpected event %q", ev.Detail)
		}
		if i != next[g] {
			t.Errorf("goroutine %d: got its event %d after %d, want them in call order", g, i, next[g]-1)
		}
		next[g] = i + 1
	}
	if got.Status != tx.Status || !got.UpdatedAt.Equal(tx.UpdatedAt) {
		t.Errorf("AddEvent changed the record: status %s, UpdatedAt %v", got.Status, got.UpdatedAt)
	}
}

func testRoundTrip(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	full := func(order string) *vpos.Transaction {
		return &vpos.Transaction{
			Company: "ACME", POS: "main", Bank: "nestpay", Op: vpos.OpSale, OrderID: order,
			BankTransactionID: "26074ABCD00001", AuthCode: "031425", RRN: "614000000013",
			Amount: 12550, Currency: vpos.TRY, Installments: 3, RefundedAmount: 50,
			Status: vpos.StatusApproved, Return: returncodes.Approved, BankCode: "00", BankMessage: "Approved",
			MaskedPAN: "454671******7894", Source: vpos.Source3D, ThreeDModel: threed.Model3DPay, MDStatus: "1",
		}
	}
	var events []vpos.Event
	for i, k := range allEventKinds {
		events = append(events, vpos.Event{Time: at(time.Duration(i) * time.Millisecond), Kind: k, Status: allStatuses[i%len(allStatuses)],
			Return: returncodes.InsufficientFunds, BankCode: "51", Detail: "olay " + string(k)})
	}
	tests := []struct {
		name   string
		change func(*vpos.Transaction)
	}{
		{"every field", func(x *vpos.Transaction) { x.Events = events }},
		{"largest amounts", func(x *vpos.Transaction) {
			x.Amount, x.RefundedAmount, x.Installments, x.Seq = math.MaxInt64, math.MaxInt64, math.MaxInt32, math.MaxInt32
		}},
		{"smallest amounts", func(x *vpos.Transaction) {
			x.Amount, x.RefundedAmount, x.Installments, x.Seq = math.MinInt64, math.MinInt64, math.MinInt32, math.MinInt32
		}},
		{"zero values", func(x *vpos.Transaction) {
			*x = vpos.Transaction{OrderID: x.OrderID, Events: []vpos.Event{{}}}
		}},
		{"Turkish text", func(x *vpos.Transaction) {
			x.Company, x.POS, x.Bank = "Çağ Işık Gıda Sanayi ve Ticaret A.Ş.", "İş Bankası — Ödeme", "Türkiye İş Bankası"
			x.OrderID = "SİP-ğüşöçİı-1"
			x.BankMessage = "İşlem onaylanmadı: kartınızın bakiyesi yetersiz. ı İ ğ Ğ ü Ü ş Ş ö Ö ç Ç â î û"
			x.Events = []vpos.Event{{Time: at(0), Kind: vpos.EventResult, Status: vpos.StatusDeclined, Detail: "Yetersiz bakiye — lütfen başka kart deneyin"}}
		}},
		{"quotes, wildcards and SQL", func(x *vpos.Transaction) {
			x.OrderID = `O'1"; DROP TABLE transactions;--`
			x.BankMessage = `100% _of_ \ 'quoted' "double" [x] * ? $1 :name @p`
			x.Events = []vpos.Event{{Detail: `'); DELETE FROM transaction_events; --`}}
		}},
		{"long text and emoji", func(x *vpos.Transaction) {
			x.BankMessage = strings.Repeat("ş", 10000) + " 😀\t\n\r"
			x.Events = []vpos.Event{{Detail: strings.Repeat("Ğ", 5000)}}
		}},
		{"times in other zones", func(x *vpos.Transaction) {
			x.CreatedAt = time.Date(2031, 12, 31, 23, 59, 59, 999999000, time.FixedZone("UTC+14", 14*60*60))
			x.Events = []vpos.Event{
				{Time: time.Date(1999, 1, 1, 0, 0, 0, 1000, time.FixedZone("UTC-12", -12*60*60))},
				{Time: time.Time{}, Kind: vpos.EventNote},
				{Time: time.Date(2200, 6, 1, 12, 0, 0, 0, time.UTC)},
				{Time: time.Unix(0, 0)},
			}
		}},
		{"many events", func(x *vpos.Transaction) {
			x.Events = nil
			for i := range 120 {
				x.Events = append(x.Events, vpos.Event{Time: at(time.Duration(i) * time.Microsecond), Kind: vpos.EventInquiry, Detail: fmt.Sprint(i)})
			}
		}},
	}
	for i, st := range allStatuses {
		tests = append(tests, struct {
			name   string
			change func(*vpos.Transaction)
		}{"status " + string(st), func(x *vpos.Transaction) { x.Status = st; x.Source = allSources[i%len(allSources)] }})
	}
	for i, tt := range tests {
		tx := full(fmt.Sprintf("RT-%02d", i))
		tt.change(tx)
		if err := s.Create(ctx, tx); err != nil {
			t.Errorf("%s: Create: %v", tt.name, err)
			continue
		}
		if d := diff(mustGet(t, s, tx.ID), tx); d != "" {
			t.Errorf("%s: Get:%s", tt.name, d)
		}
		recs, err := s.FindOrder(ctx, tx.Company, tx.POS, tx.OrderID)
		if err != nil || len(recs) != 1 {
			t.Errorf("%s: FindOrder: got %d records, %v; want 1", tt.name, len(recs), err)
		} else if d := diff(recs[0], tx); d != "" {
			t.Errorf("%s: FindOrder:%s", tt.name, d)
		}
		page, _, err := s.List(ctx, vpos.ListFilter{Company: tx.Company, POS: tx.POS, OrderID: tx.OrderID, Op: tx.Op, Status: []vpos.TxStatus{tx.Status}, Source: tx.Source})
		if err != nil || len(page) != 1 {
			t.Errorf("%s: List by every field: got %d records, %v; want 1", tt.name, len(page), err)
		} else if d := diff(page[0], tx); d != "" {
			t.Errorf("%s: List:%s", tt.name, d)
		}
		if tx.BankTransactionID != "" {
			recs, err := s.FindBankID(ctx, tx.Company, tx.POS, tx.BankTransactionID)
			if err != nil || !slices.ContainsFunc(recs, func(r *vpos.Transaction) bool { return r.ID == tx.ID }) {
				t.Errorf("%s: FindBankID: got %d records, %v; want one of them %s", tt.name, len(recs), err, tx.ID)
			}
		}
		// The same values through Update.
		upd := full(tx.OrderID)
		tt.change(upd)
		upd.ID = tx.ID
		upd.Company, upd.POS, upd.OrderID, upd.Op, upd.Seq = tx.Company, tx.POS, tx.OrderID, tx.Op, tx.Seq
		upd.Events = nil
		if err := s.Update(ctx, upd, tx.Status, events...); err != nil {
			t.Errorf("%s: Update: %v", tt.name, err)
			continue
		}
		want := upd.Clone()
		want.CreatedAt = tx.CreatedAt
		want.Events = append(slices.Clone(tx.Events), events...)
		if d := diff(mustGet(t, s, tx.ID), want); d != "" {
			t.Errorf("%s: Get after Update:%s", tt.name, d)
		}
	}
}

func testStatusTransitions(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	tx := mustCreate(t, s, sample("ACME", "main", "SIP-1"))
	cur := tx.Status
	for i := range 2 * len(allStatuses) {
		next := allStatuses[i%len(allStatuses)]
		c := tx.Clone()
		c.Status = next
		if err := s.Update(ctx, c, cur, vpos.Event{Kind: vpos.EventChange, Status: next}); err != nil {
			t.Fatalf("Update %s -> %s: %v", cur, next, err)
		}
		if got := mustGet(t, s, tx.ID).Status; got != next {
			t.Fatalf("status after Update %s -> %s: got %s", cur, next, got)
		}
		page, _, err := s.List(ctx, vpos.ListFilter{Status: []vpos.TxStatus{next}})
		if err != nil || len(page) != 1 {
			t.Errorf("List by status %s: got %d records, %v; want 1", next, len(page), err)
		}
		cur = next
	}
	if got := len(mustGet(t, s, tx.ID).Events); got != 1+2*len(allStatuses) {
		t.Errorf("events after %d transitions: got %d, want %d", 2*len(allStatuses), got, 1+2*len(allStatuses))
	}
}

func testCanceled(t *testing.T, s vpos.Store) {
	tx := mustCreate(t, s, sample("ACME", "main", "SIP-1"))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	upd := tx.Clone()
	upd.Status = vpos.StatusApproved
	tests := []struct {
		name string
		call func() error
	}{
		{"Create", func() error { return s.Create(ctx, sample("ACME", "main", "SIP-2")) }},
		{"Get", func() error { _, err := s.Get(ctx, tx.ID); return err }},
		{"Update", func() error { return s.Update(ctx, upd, vpos.StatusUnknown, vpos.Event{Kind: vpos.EventNote}) }},
		{"AddEvent", func() error { return s.AddEvent(ctx, tx.ID, vpos.Event{Kind: vpos.EventNote}) }},
		{"FindOrder", func() error { _, err := s.FindOrder(ctx, "ACME", "main", "SIP-1"); return err }},
		{"FindBankID", func() error { _, err := s.FindBankID(ctx, "ACME", "main", "X"); return err }},
		{"List", func() error { _, _, err := s.List(ctx, vpos.ListFilter{}); return err }},
	}
	for _, tt := range tests {
		if err := tt.call(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a canceled context: got %v, want context.Canceled", tt.name, err)
		}
	}
	if d := diff(mustGet(t, s, tx.ID), tx); d != "" {
		t.Errorf("calls with a canceled context changed the record:%s", d)
	}
	if recs, err := s.FindOrder(t.Context(), "ACME", "main", "SIP-2"); err != nil || len(recs) != 0 {
		t.Errorf("Create with a canceled context: FindOrder got %d records, %v; want none", len(recs), err)
	}
}
