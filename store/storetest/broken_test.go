package storetest

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
)

// The suite must be able to fail: each deliberately broken store below (a
// MemoryStore with one mistake SQL stores are prone to) runs through the
// subtest that must catch it, in a child process (a failing subtest cannot
// be observed from inside the same test binary), and the child must fail
// exactly there. TestMemoryStore is the control: the same subtests pass on
// the unbroken store.

type brokenCase struct {
	name    string
	subtest string // the subtest of Run that must fail
	wrap    func(m *vpos.MemoryStore) vpos.Store
}

var brokenCases = []brokenCase{
	{"CheckThenSetUpdate", "Race3DCompletion", func(m *vpos.MemoryStore) vpos.Store { return &checkThenSet{MemoryStore: m} }},
	{"NoUniqueKey", "AtMostOnce", func(m *vpos.MemoryStore) vpos.Store { return &noUniqueKey{MemoryStore: m} }},
	{"UTCDays", "ListIstanbulDay", func(m *vpos.MemoryStore) vpos.Store { return &utcDays{MemoryStore: m} }},
	{"OffsetCursor", "ListStableWhileWriting", func(m *vpos.MemoryStore) vpos.Store { return &offsetCursor{MemoryStore: m} }},
	{"DropsEvents", "Update", func(m *vpos.MemoryStore) vpos.Store { return &dropsEvents{MemoryStore: m} }},
	{"SharesRecords", "Copies", func(m *vpos.MemoryStore) vpos.Store { return &sharesRecords{MemoryStore: m} }},
	{"KeepsOldValues", "NoCardData", func(m *vpos.MemoryStore) vpos.Store { return &keepsOldValues{MemoryStore: m} }},
	{"AmountAsFloat", "RoundTrip", func(m *vpos.MemoryStore) vpos.Store { return &amountAsFloat{MemoryStore: m} }},
	{"IgnoresContext", "CanceledContext", func(m *vpos.MemoryStore) vpos.Store { return &ignoresContext{MemoryStore: m} }},
}

// checkThenSet compares the status and writes in two steps.
type checkThenSet struct{ *vpos.MemoryStore }

func (s *checkThenSet) Update(ctx context.Context, t *vpos.Transaction, expect vpos.TxStatus, evs ...vpos.Event) error {
	cur, err := s.MemoryStore.Get(ctx, t.ID)
	if err != nil {
		return err
	}
	if cur.Status != expect {
		return vpos.ErrStoreConflict
	}
	time.Sleep(2 * time.Millisecond)
	cur, err = s.MemoryStore.Get(ctx, t.ID)
	if err != nil {
		return err
	}
	return s.MemoryStore.Update(ctx, t, cur.Status, evs...)
}

// noUniqueKey stores a duplicate under a mangled key instead of refusing
// it, as a table without the unique constraint would keep both rows.
type noUniqueKey struct {
	*vpos.MemoryStore
	mu sync.Mutex
	n  int
}

func (s *noUniqueKey) Create(ctx context.Context, t *vpos.Transaction) error {
	err := s.MemoryStore.Create(ctx, t)
	if errors.Is(err, vpos.ErrStoreDuplicate) {
		s.mu.Lock()
		s.n++
		t.OrderID += "\x00" + strconv.Itoa(s.n)
		s.mu.Unlock()
		return s.MemoryStore.Create(ctx, t)
	}
	return err
}

// utcDays rounds date bounds to UTC days, as a store keeping dates as
// UTC date strings would.
type utcDays struct{ *vpos.MemoryStore }

func (s *utcDays) List(ctx context.Context, f vpos.ListFilter) ([]*vpos.Transaction, string, error) {
	day := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		y, m, d := t.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	f.From, f.To = day(f.From), day(f.To)
	return s.MemoryStore.List(ctx, f)
}

// offsetCursor pages with LIMIT/OFFSET.
type offsetCursor struct{ *vpos.MemoryStore }

func (s *offsetCursor) List(ctx context.Context, f vpos.ListFilter) ([]*vpos.Transaction, string, error) {
	off, _ := strconv.Atoi(f.Cursor)
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	f.Cursor, f.Limit = "", 1<<30
	all, _, err := s.MemoryStore.List(ctx, f)
	if err != nil || off >= len(all) {
		return nil, "", err
	}
	all = all[off:]
	if len(all) <= limit {
		return all, "", nil
	}
	return all[:limit], strconv.Itoa(off + limit), nil
}

// dropsEvents forgets Update's events.
type dropsEvents struct{ *vpos.MemoryStore }

func (s *dropsEvents) Update(ctx context.Context, t *vpos.Transaction, expect vpos.TxStatus, _ ...vpos.Event) error {
	return s.MemoryStore.Update(ctx, t, expect)
}

// sharesRecords hands out the same record to every Get.
type sharesRecords struct {
	*vpos.MemoryStore
	mu    sync.Mutex
	cache map[string]*vpos.Transaction
}

func (s *sharesRecords) Get(ctx context.Context, id string) (*vpos.Transaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.cache[id]; ok {
		return t, nil
	}
	t, err := s.MemoryStore.Get(ctx, id)
	if err == nil {
		if s.cache == nil {
			s.cache = map[string]*vpos.Transaction{}
		}
		s.cache[id] = t
	}
	return t, err
}

// keepsOldValues keeps a field's old value when the update leaves it
// empty, as an UPDATE with COALESCE(NULLIF(new, empty), old) would.
type keepsOldValues struct{ *vpos.MemoryStore }

func (s *keepsOldValues) Update(ctx context.Context, t *vpos.Transaction, expect vpos.TxStatus, evs ...vpos.Event) error {
	if cur, err := s.MemoryStore.Get(ctx, t.ID); err == nil {
		c := t.Clone()
		if c.MaskedPAN == "" {
			c.MaskedPAN = cur.MaskedPAN
		}
		if c.BankMessage == "" {
			c.BankMessage = cur.BankMessage
		}
		t = c
	}
	return s.MemoryStore.Update(ctx, t, expect, evs...)
}

// amountAsFloat keeps amounts in a float64 column.
type amountAsFloat struct{ *vpos.MemoryStore }

func (s *amountAsFloat) Create(ctx context.Context, t *vpos.Transaction) error {
	c := t.Clone()
	c.Amount = vpos.Amount(float64(t.Amount))
	err := s.MemoryStore.Create(ctx, c)
	t.ID, t.CreatedAt, t.UpdatedAt = c.ID, c.CreatedAt, c.UpdatedAt
	return err
}

// ignoresContext writes whatever the context says.
type ignoresContext struct{ *vpos.MemoryStore }

func (s *ignoresContext) Create(_ context.Context, t *vpos.Transaction) error {
	return s.MemoryStore.Create(context.Background(), t)
}

const brokenEnv = "VPOS_STORETEST_BROKEN"

func TestBrokenStoreChild(t *testing.T) {
	which := os.Getenv(brokenEnv)
	if which == "" {
		t.Skip("runs only as the child process of TestSuiteCatchesBrokenStores, which expects it to fail")
	}
	for _, bc := range brokenCases {
		if bc.name == which {
			Run(t, func(t *testing.T) vpos.Store { return bc.wrap(vpos.NewMemoryStore()) })
			return
		}
	}
	t.Fatalf("unknown broken store %q", which)
}

func TestSuiteCatchesBrokenStores(t *testing.T) {
	if os.Getenv(brokenEnv) != "" {
		t.Skip("this is the child process")
	}
	for _, bc := range brokenCases {
		t.Run(bc.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenStoreChild$/^"+bc.subtest+"$", "-test.v", "-test.count=1")
			cmd.Env = append(os.Environ(), brokenEnv+"="+bc.name)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed the broken store; subtest %s should have failed:\n%s", bc.subtest, out)
			}
			if !strings.Contains(string(out), "--- FAIL: TestBrokenStoreChild/"+bc.subtest) {
				t.Errorf("want subtest %s to fail; output:\n%s", bc.subtest, out)
			}
		})
	}
}
