package vpos

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestMemoryStore(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore()
	base := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for i := range 25 {
		tx := &Transaction{Company: "ACME", POS: "isbank", Bank: "nestpay", Op: OpSale, OrderID: fmt.Sprintf("O%02d", i),
			Amount: Amount(100 * i), Currency: TRY, Status: StatusApproved, Source: SourceAPI, CreatedAt: base.Add(time.Duration(i) * time.Minute)}
		if i%5 == 0 {
			tx.Status, tx.Company = StatusDeclined, "Beta"
		}
		if err := s.Create(ctx, tx); err != nil || tx.ID == "" {
			t.Fatalf("Create: %v (id %q)", err, tx.ID)
		}
	}
	dup := &Transaction{Company: "ACME", POS: "isbank", Op: OpSale, OrderID: "O01"}
	if err := s.Create(ctx, dup); !errors.Is(err, ErrStoreDuplicate) {
		t.Fatalf("duplicate Create = %v, want ErrStoreDuplicate", err)
	}
	// Same order, other op or refund sequence: allowed.
	for _, tx := range []*Transaction{
		{Company: "ACME", POS: "isbank", Op: OpVoid, OrderID: "O01"},
		{Company: "ACME", POS: "isbank", Op: OpRefund, Seq: 1, OrderID: "O01"},
		{Company: "ACME", POS: "isbank", Op: OpRefund, Seq: 2, OrderID: "O01"},
	} {
		if err := s.Create(ctx, tx); err != nil {
			t.Fatalf("Create(%s %d): %v", tx.Op, tx.Seq, err)
		}
	}
	recs, err := s.FindOrder(ctx, "ACME", "isbank", "O01")
	if err != nil || len(recs) != 4 {
		t.Fatalf("FindOrder = %d records, %v; want 4", len(recs), err)
	}
	// Compare-and-swap.
	r := recs[0]
	r.Status = StatusVoided
	if err := s.Update(ctx, r, StatusPending3D); !errors.Is(err, ErrStoreConflict) {
		t.Fatalf("Update with a wrong expectation = %v, want ErrStoreConflict", err)
	}
	if err := s.Update(ctx, r, StatusApproved, Event{Kind: EventChange, Status: StatusVoided}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	got, _ := s.Get(ctx, r.ID)
	if got.Status != StatusVoided || len(got.Events) != 1 {
		t.Errorf("after Update: status %s, %d events", got.Status, len(got.Events))
	}
	// Records are copies.
	got.Status = StatusError
	if again, _ := s.Get(ctx, r.ID); again.Status != StatusVoided {
		t.Errorf("mutating a returned record changed the store")
	}
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, ErrStoreNotFound) {
		t.Errorf("Get(unknown) = %v", err)
	}
	// Filters and pagination.
	f := ListFilter{Company: "ACME", Op: OpSale, Status: []TxStatus{StatusApproved, StatusVoided}, Limit: 7}
	var all []*Transaction
	for {
		page, next, err := s.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if len(all) != 20 {
		t.Fatalf("listed %d, want 20", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].CreatedAt.After(all[i-1].CreatedAt) {
			t.Errorf("list not newest first at %d", i)
		}
	}
	window, _, _ := s.List(ctx, ListFilter{From: base.Add(10 * time.Minute), To: base.Add(15 * time.Minute)})
	if len(window) != 5 {
		t.Errorf("date window listed %d, want 5", len(window))
	}
}

func TestMemoryStoreConcurrentCAS(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore()
	tx := &Transaction{Company: "A", POS: "P", Op: OpSale, OrderID: "X", Status: StatusPending3D}
	if err := s.Create(ctx, tx); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := tx.Clone()
			c.Status = StatusApproved
			if err := s.Update(ctx, c, StatusPending3D); err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("pending3d -> approved succeeded %d times, want 1", wins)
	}
}

func TestNewIDHoldsNoLongDigitRun(t *testing.T) {
	prev := ""
	for range 2000 {
		id := NewID()
		run := 0
		for i := 0; i < len(id); i++ {
			if id[i] >= '0' && id[i] <= '9' {
				run++
				if run >= 10 {
					t.Fatalf("id %q holds a run of %d digits", id, run)
				}
			} else {
				run = 0
			}
		}
		if len(id) != 21 || id[:9] < prev[:min(9, len(prev))] {
			t.Fatalf("id %q: want 21 characters, time-ordered after %q", id, prev)
		}
		prev = id
	}
}
