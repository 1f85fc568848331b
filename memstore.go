package vpos

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MemoryStore is the in-memory Store, the Client's default. It keeps
// everything in the process and loses it on exit: use store/sqlite or
// store/postgres for records that must survive.
type MemoryStore struct {
	mu     sync.RWMutex
	now    func() time.Time
	byID   map[string]*Transaction
	byKey  map[string]string
	orders map[string][]string
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{
		now:    time.Now,
		byID:   map[string]*Transaction{},
		byKey:  map[string]string{},
		orders: map[string][]string{},
	}
}

var _ Store = (*MemoryStore)(nil)

func txKey(t *Transaction) string {
	return strings.Join([]string{t.Company, t.POS, t.OrderID, string(t.Op), strconv.Itoa(t.Seq)}, "\x00")
}

func orderKey(company, pos, orderID string) string {
	return company + "\x00" + pos + "\x00" + orderID
}

// NewID returns a new random, roughly time-ordered record id; stores may use
// it for Transaction.ID. It is the time in milliseconds in base 36 (9
// characters) followed by 12 random lower-case letters, so an id never
// holds a long run of digits that a card-number scanner could mistake for
// a PAN.
func NewID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = 'a' + b[i]%26
	}
	ms := strconv.FormatInt(time.Now().UnixMilli(), 36)
	return strings.Repeat("0", max(0, 9-len(ms))) + ms + string(b[:])
}

// Create implements Store.
func (s *MemoryStore) Create(ctx context.Context, t *Transaction) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := txKey(t)
	if _, ok := s.byKey[k]; ok {
		return ErrStoreDuplicate
	}
	if _, ok := s.byID[t.ID]; ok && t.ID != "" {
		return ErrStoreDuplicate
	}
	now := s.now()
	if t.ID == "" {
		t.ID = NewID()
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = now
	}
	t.UpdatedAt = now
	c := t.Clone()
	s.byID[c.ID] = c
	s.byKey[k] = c.ID
	ok := orderKey(c.Company, c.POS, c.OrderID)
	s.orders[ok] = append(s.orders[ok], c.ID)
	return nil
}

// Get implements Store.
func (s *MemoryStore) Get(ctx context.Context, id string) (*Transaction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.byID[id]
	if !ok {
		return nil, ErrStoreNotFound
	}
	return t.Clone(), nil
}

// Update implements Store.
func (s *MemoryStore) Update(ctx context.Context, t *Transaction, expect TxStatus, events ...Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.byID[t.ID]
	if !ok {
		return ErrStoreNotFound
	}
	if cur.Status != expect {
		return ErrStoreConflict
	}
	if txKey(cur) != txKey(t) {
		return fmt.Errorf("vpos: store: update may not change the record's key")
	}
	c := t.Clone()
	c.CreatedAt = cur.CreatedAt
	c.UpdatedAt = s.now()
	c.Events = append(append([]Event(nil), cur.Events...), events...)
	s.byID[c.ID] = c
	t.UpdatedAt = c.UpdatedAt
	t.Events = append([]Event(nil), c.Events...)
	return nil
}

// AddEvent implements Store.
func (s *MemoryStore) AddEvent(ctx context.Context, id string, ev Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.byID[id]
	if !ok {
		return ErrStoreNotFound
	}
	cur.Events = append(cur.Events, ev)
	return nil
}

// FindOrder implements Store.
func (s *MemoryStore) FindOrder(ctx context.Context, company, pos, orderID string) ([]*Transaction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*Transaction
	for _, id := range s.orders[orderKey(company, pos, orderID)] {
		out = append(out, s.byID[id].Clone())
	}
	sortOldestFirst(out)
	return out, nil
}

// FindBankID implements Store.
func (s *MemoryStore) FindBankID(ctx context.Context, company, pos, bankID string) ([]*Transaction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*Transaction
	for _, t := range s.byID {
		if bankID != "" && t.BankTransactionID == bankID && t.Company == company && t.POS == pos {
			out = append(out, t.Clone())
		}
	}
	sortOldestFirst(out)
	return out, nil
}

func sortOldestFirst(ts []*Transaction) {
	slices.SortFunc(ts, func(a, b *Transaction) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// Matches reports whether t passes the filter (ignoring Limit and Cursor).
// Store implementations may use it to check their own queries.
func (f *ListFilter) Matches(t *Transaction) bool {
	switch {
	case f.Company != "" && t.Company != f.Company,
		f.POS != "" && t.POS != f.POS,
		f.Bank != "" && t.Bank != f.Bank,
		f.OrderID != "" && t.OrderID != f.OrderID,
		f.Op != "" && t.Op != f.Op,
		f.Source != "" && t.Source != f.Source,
		!f.From.IsZero() && t.CreatedAt.Before(f.From),
		!f.To.IsZero() && !t.CreatedAt.Before(f.To):
		return false
	}
	return len(f.Status) == 0 || slices.Contains(f.Status, t.Status)
}

// List implements Store. The cursor is the position after the last record
// returned, so pages stay stable while new records arrive.
func (s *MemoryStore) List(ctx context.Context, f ListFilter) ([]*Transaction, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	var after *cursor
	if f.Cursor != "" {
		c, err := parseCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		after = &c
	}
	s.mu.RLock()
	var all []*Transaction
	for _, t := range s.byID {
		if f.Matches(t) {
			all = append(all, t)
		}
	}
	s.mu.RUnlock()
	sortOldestFirst(all)
	slices.Reverse(all)
	var out []*Transaction
	for _, t := range all {
		if after != nil && !after.before(t) {
			continue
		}
		if len(out) == limit {
			last := out[len(out)-1]
			return out, cursor{last.CreatedAt.UnixNano(), last.ID}.String(), nil
		}
		out = append(out, t.Clone())
	}
	return out, "", nil
}

// cursor is a keyset position in newest-first order.
type cursor struct {
	nanos int64
	id    string
}

func (c cursor) String() string { return strconv.FormatInt(c.nanos, 10) + "." + c.id }

// before reports whether t comes after the cursor in newest-first order.
func (c cursor) before(t *Transaction) bool {
	n := t.CreatedAt.UnixNano()
	return n < c.nanos || (n == c.nanos && t.ID < c.id)
}

func parseCursor(s string) (cursor, error) {
	n, id, ok := strings.Cut(s, ".")
	nanos, err := strconv.ParseInt(n, 10, 64)
	if !ok || err != nil {
		return cursor{}, fmt.Errorf("vpos: store: malformed cursor %q", s)
	}
	return cursor{nanos, id}, nil
}
