package storetest

import (
	"context"
	"sync/atomic"

	"github.com/sanalpos/vpos"
)

// RoundRobin returns a Store that sends each call to the next of stores in
// turn. Given several stores opened on one database, it is several
// application servers sharing it, and Run checks that they keep the Store
// contract together (the at-most-once key and the compare-and-swap across
// servers):
//
//	storetest.Run(t, func(t *testing.T) vpos.Store {
//		a, b := open(t, dsn), open(t, dsn)
//		return storetest.RoundRobin(a, b)
//	})
func RoundRobin(stores ...vpos.Store) vpos.Store {
	if len(stores) == 0 {
		panic("storetest: RoundRobin of no stores")
	}
	return &roundRobin{stores: stores}
}

type roundRobin struct {
	stores []vpos.Store
	n      atomic.Uint64
}

func (r *roundRobin) next() vpos.Store { return r.stores[(r.n.Add(1)-1)%uint64(len(r.stores))] }

// Create implements vpos.Store on the next store.
func (r *roundRobin) Create(ctx context.Context, t *vpos.Transaction) error {
	return r.next().Create(ctx, t)
}

// Get implements vpos.Store on the next store.
func (r *roundRobin) Get(ctx context.Context, id string) (*vpos.Transaction, error) {
	return r.next().Get(ctx, id)
}

// Update implements vpos.Store on the next store.
func (r *roundRobin) Update(ctx context.Context, t *vpos.Transaction, expect vpos.TxStatus, events ...vpos.Event) error {
	return r.next().Update(ctx, t, expect, events...)
}

// AddEvent implements vpos.Store on the next store.
func (r *roundRobin) AddEvent(ctx context.Context, id string, ev vpos.Event) error {
	return r.next().AddEvent(ctx, id, ev)
}

// FindOrder implements vpos.Store on the next store.
func (r *roundRobin) FindOrder(ctx context.Context, company, pos, orderID string) ([]*vpos.Transaction, error) {
	return r.next().FindOrder(ctx, company, pos, orderID)
}

// FindBankID implements vpos.Store on the next store.
func (r *roundRobin) FindBankID(ctx context.Context, company, pos, bankTransactionID string) ([]*vpos.Transaction, error) {
	return r.next().FindBankID(ctx, company, pos, bankTransactionID)
}

// List implements vpos.Store on the next store.
func (r *roundRobin) List(ctx context.Context, f vpos.ListFilter) ([]*vpos.Transaction, string, error) {
	return r.next().List(ctx, f)
}
